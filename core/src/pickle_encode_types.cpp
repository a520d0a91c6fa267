// How each scalar, str, bytes payload, memo operation and global name is written at each protocol,
// following save_long, save_float, save_unicode, _save_bytes_data, memo_put/memo_get and
// save_global in CPython 3.11's Modules/_pickle.c (see pickle_encode_types.hpp).
#include "pickle_encode_types.hpp"

#include <charconv>
#include <cstring>
#include <limits>

#include "hog/core/errors.hpp"
#include "hog/core/pickle_compat.hpp"
#include "hog/core/utf8.hpp"
#include "repr_float.hpp"

namespace hog::core::pickle::detail {
namespace {

void put_le(char* out, std::uint64_t value, int count) {
  for (int i = 0; i < count; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xff);
}

void write_decimal_line(Writer& w, Op code, std::int64_t value) {
  char text[32];
  text[0] = static_cast<char>(code);
  char* end = std::to_chars(text + 1, text + sizeof text - 1, value).ptr;
  *end++ = '\n';
  w.write(text, static_cast<std::size_t>(end - text));
}

void write_index_op(Writer& w, int protocol, Op text_op, Op short_op, Op long_op,
                    std::uint32_t index) {
  if (protocol == 0) {
    write_decimal_line(w, text_op, index);
  } else if (index < 256) {
    w.op(short_op, static_cast<std::uint8_t>(index));
  } else {
    w.op_le(long_op, index, 4);
  }
}

// A length-prefixed payload: 1-byte length (when allowed), 4-byte, or 8-byte (when allowed).
struct SizedOps {
  Op op1, op4, op8;
  const char* what;
};
void write_sized(Writer& w, std::string_view data, const SizedOps& ops, bool short_ok,
                 bool long_ok) {
  char header[9];
  std::size_t header_size;
  const std::uint64_t size = data.size();
  if (size <= 0xff && short_ok) {
    header[0] = static_cast<char>(ops.op1);
    header[1] = static_cast<char>(size);
    header_size = 2;
  } else if (size <= 0xffffffffull) {
    header[0] = static_cast<char>(ops.op4);
    put_le(header + 1, size, 4);
    header_size = 5;
  } else if (long_ok) {
    header[0] = static_cast<char>(ops.op8);
    put_le(header + 1, size, 8);
    header_size = 9;
  } else {
    throw PicklingError("serializing " + std::string(ops.what) +
                        " larger than 4 GiB requires pickle protocol 4 or higher");
  }
  w.write_large(header, header_size, data);
}

// LONG1/LONG4 from the shortest two's complement bytes, little-endian.
void write_long_bytes(Writer& w, std::string_view bytes) {
  if (bytes.size() < 256) {
    w.op(Op::LONG1, static_cast<std::uint8_t>(bytes.size()));
  } else {
    char header[5] = {static_cast<char>(Op::LONG4)};
    put_le(header + 1, bytes.size(), 4);
    w.write(header, sizeof header);
  }
  w.write(bytes);
}

// pickle's raw-unicode-escape variant: code points below 256 as one byte, except backslash, NUL,
// CR, LF and 0x1a, which become \uXXXX like everything up to U+FFFF; the rest \UXXXXXXXX.
void write_raw_unicode_escape(Writer& w, std::string_view utf8) {
  static const char digits[] = "0123456789abcdef";
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const char32_t c = next_code_point(utf8, pos);
    if (c >= 0x10000) {
      char text[10] = {'\\', 'U'};
      for (int i = 0; i < 8; ++i) text[2 + i] = digits[(c >> (28 - 4 * i)) & 0xf];
      w.write(text, sizeof text);
    } else if (c >= 256 || c == '\\' || c == 0 || c == '\n' || c == '\r' || c == 0x1a) {
      char text[6] = {'\\', 'u'};
      for (int i = 0; i < 4; ++i) text[2 + i] = digits[(c >> (12 - 4 * i)) & 0xf];
      w.write(text, sizeof text);
    } else {
      const char byte = static_cast<char>(c);
      w.write(&byte, 1);
    }
  }
}

void check_name_encoding(std::string_view text, int protocol, const char* what) {
  bool ok = true;
  if (protocol == 3) {
    ok = !find_utf8_error(text, /*allow_surrogates=*/false).has_value();
  } else {
    for (unsigned char c : text) ok = ok && c < 0x80;
  }
  if (!ok) {
    throw PicklingError("can't pickle " + std::string(what) + " identifier '" + std::string(text) +
                        "' using pickle protocol " + std::to_string(protocol));
  }
}

}  // namespace

void write_indexed_memo_put(Writer& w, int protocol, std::uint32_t index) {
  write_index_op(w, protocol, Op::PUT, Op::BINPUT, Op::LONG_BINPUT, index);
}

void write_memo_get(Writer& w, int protocol, std::uint32_t index) {
  write_index_op(w, protocol, Op::GET, Op::BINGET, Op::LONG_BINGET, index);
}

void write_bool(Writer& w, int protocol, bool value) {
  if (protocol >= 2) {
    w.op(value ? Op::NEWTRUE : Op::NEWFALSE);
  } else {
    w.write(value ? std::string_view("I01\n") : std::string_view("I00\n"));
  }
}

void write_int(Writer& w, int protocol, std::int64_t value) {
  if (value >= std::numeric_limits<std::int32_t>::min() &&
      value <= std::numeric_limits<std::int32_t>::max()) {
    if (protocol == 0) {
      write_decimal_line(w, Op::INT, value);
    } else if (value >= 0 && value <= 0xff) {
      w.op(Op::BININT1, static_cast<std::uint8_t>(value));
    } else if (value >= 0 && value <= 0xffff) {
      w.op_le(Op::BININT2, static_cast<std::uint32_t>(value), 2);
    } else {
      w.op_le(Op::BININT, static_cast<std::uint32_t>(value), 4);
    }
    return;
  }
  if (protocol < 2) {
    write_bigint(w, protocol, BigInt(value));
    return;
  }
  // Shortest two's complement: drop high bytes that only repeat the sign.
  char bytes[8];
  put_le(bytes, static_cast<std::uint64_t>(value), 8);
  int size = 8;
  const char sign = value < 0 ? '\xff' : '\x00';
  while (size > 1 && bytes[size - 1] == sign && ((bytes[size - 2] & 0x80) != 0) == (value < 0))
    --size;
  write_long_bytes(w, std::string_view(bytes, static_cast<std::size_t>(size)));
}

void write_bigint(Writer& w, int protocol, const BigInt& value) {
  if (value.fits_int64() &&
      (protocol >= 2 || (value.to_int64() >= std::numeric_limits<std::int32_t>::min() &&
                         value.to_int64() <= std::numeric_limits<std::int32_t>::max()))) {
    write_int(w, protocol, value.to_int64());
    return;
  }
  if (protocol >= 2) {
    write_long_bytes(w, value.to_twos_complement());
    return;
  }
  // CPython writes repr(int) here, which refuses more than 4300 digits (sys.int_info).
  constexpr std::size_t kMaxDigits = 4300;
  std::string text = value.bit_length() > 14300 ? std::string() : value.to_string(10);
  const std::size_t digits = text.size() - (value.is_negative() ? 1 : 0);
  if (text.empty() || digits > kMaxDigits) {
    throw ValueError(
        "Exceeds the limit (4300 digits) for integer string conversion; use "
        "sys.set_int_max_str_digits() to increase the limit");
  }
  w.op(Op::LONG);
  w.write(text);
  w.write("L\n", 2);
}

void write_float_text(Writer& w, double value) {
  w.op(Op::FLOAT);
  w.write(core::detail::format_float_repr(value, true, false));
  w.newline();
}

void write_any_str(Writer& w, int protocol, std::string_view utf8) {
  if (protocol == 0) {
    w.op(Op::UNICODE);
    write_raw_unicode_escape(w, utf8);
    w.newline();
    return;
  }
  write_sized(w, utf8, SizedOps{Op::SHORT_BINUNICODE, Op::BINUNICODE, Op::BINUNICODE8, "a string"},
              protocol >= 4, protocol >= 4);
}

void write_bytes(Writer& w, int protocol, std::string_view data) {
  write_sized(w, data, SizedOps{Op::SHORT_BINBYTES, Op::BINBYTES, Op::BINBYTES8, "a bytes object"},
              true, protocol >= 4);
}

void write_bytearray8(Writer& w, std::string_view data) {
  char header[9] = {static_cast<char>(Op::BYTEARRAY8)};
  put_le(header + 1, data.size(), 8);
  w.write_large(header, sizeof header, data);
}

void write_global_line(Writer& w, int protocol, std::string_view module, std::string_view name) {
  QualifiedName names{std::string(module), std::string(name)};
  if (protocol < 3) names = to_python2(module, name);
  check_name_encoding(names.first, protocol, "module");
  check_name_encoding(names.second, protocol, "global");
  w.op(Op::GLOBAL);
  w.write(names.first);
  w.newline();
  w.write(names.second);
  w.newline();
}

std::string latin1_to_utf8(std::string_view data) {
  std::string out;
  out.reserve(data.size() * 2);
  for (unsigned char c : data) append_utf8(out, c);
  return out;
}

}  // namespace hog::core::pickle::detail
