// Per-type opcode choices of the pickle encoder: how CPython 3.11's C pickler writes each scalar,
// str, bytes payload, memo operation and global name at a given protocol. No walking, no memo
// decisions: the caller (pickle_encode.cpp) decides what to write and when; these decide how.
//
// Errors: PicklingError for names a protocol cannot carry (non-ASCII GLOBAL names below protocol
// 3), ValueError for ints too long for decimal text (CPython's 4300-digit limit, protocols 0-1).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "hog/core/bigint.hpp"
#include "pickle_encode_writer.hpp"

namespace hog::core::pickle::detail {

// PUT / BINPUT / LONG_BINPUT below protocol 4, MEMOIZE from 4 on (inline: nearly every object
// that is not a scalar is followed by one).
void write_indexed_memo_put(Writer& w, int protocol, std::uint32_t index);
inline void write_memo_put(Writer& w, int protocol, std::uint32_t index) {
  if (protocol >= 4) {
    w.op(Op::MEMOIZE);
  } else {
    write_indexed_memo_put(w, protocol, index);
  }
}
void write_memo_get(Writer& w, int protocol, std::uint32_t index);

void write_bool(Writer& w, int protocol, bool value);
void write_int(Writer& w, int protocol, std::int64_t value);
// One BININT1/BININT2/BININT opcode for a value in int32 range, stored at `out` (room for 5 bytes);
// returns the end. The choice of opcode is write_int's at protocol 1+.
inline char* put_binint(char* out, std::int64_t value) {
  const auto bits = static_cast<std::uint32_t>(value);
  if (value >= 0 && value <= 0xff) {
    out[0] = static_cast<char>(Op::BININT1);
    out[1] = static_cast<char>(bits);
    return out + 2;
  }
  if (value >= 0 && value <= 0xffff) {
    out[0] = static_cast<char>(Op::BININT2);
    out[1] = static_cast<char>(bits);
    out[2] = static_cast<char>(bits >> 8);
    return out + 3;
  }
  out[0] = static_cast<char>(Op::BININT);
  out[1] = static_cast<char>(bits);
  out[2] = static_cast<char>(bits >> 8);
  out[3] = static_cast<char>(bits >> 16);
  out[4] = static_cast<char>(bits >> 24);
  return out + 5;
}

// write_int with the common cases inline: protocol 1+ and a value that fits BININT1/2/BININT.
inline void write_small_int(Writer& w, int protocol, std::int64_t value) {
  if (protocol >= 1 && value >= 0 && value <= 0xff) {
    w.op(Op::BININT1, static_cast<std::uint8_t>(value));
  } else if (protocol >= 1 && value >= 0 && value <= 0xffff) {
    w.op_le(Op::BININT2, static_cast<std::uint32_t>(value), 2);
  } else if (protocol >= 1 && value >= INT32_MIN && value <= INT32_MAX) {
    w.op_le(Op::BININT, static_cast<std::uint32_t>(value), 4);
  } else {
    write_int(w, protocol, value);
  }
}
void write_bigint(Writer& w, int protocol, const BigInt& value);
// FLOAT (repr text) at protocol 0, BINFLOAT (8 bytes big-endian) above.
void write_float_text(Writer& w, double value);
inline void write_float(Writer& w, int protocol, double value) {
  if (protocol == 0) {
    write_float_text(w, value);
    return;
  }
  std::uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  w.op_be64(Op::BINFLOAT, bits);
}

// A str from UTF-8 (surrogatepass): UNICODE at protocol 0, BINUNICODE / SHORT_BINUNICODE /
// BINUNICODE8 above. No memo operation. Short strs at protocol 4+ take the inline path.
void write_any_str(Writer& w, int protocol, std::string_view utf8);
inline void write_str(Writer& w, int protocol, std::string_view utf8) {
  if (protocol >= 4 && utf8.size() <= 0xff) {
    w.op(Op::SHORT_BINUNICODE, static_cast<std::uint8_t>(utf8.size()));
    w.write(utf8);
  } else {
    write_any_str(w, protocol, utf8);
  }
}
// bytes at protocol 3+: SHORT_BINBYTES / BINBYTES / BINBYTES8. No memo operation.
void write_bytes(Writer& w, int protocol, std::string_view data);
// bytearray at protocol 5: BYTEARRAY8. No memo operation.
void write_bytearray8(Writer& w, std::string_view data);

// GLOBAL "module\nname\n" below protocol 4, with the Python 2 renames below protocol 3.
void write_global_line(Writer& w, int protocol, std::string_view module, std::string_view name);

// The str a bytes object decodes to as Latin-1, in UTF-8.
std::string latin1_to_utf8(std::string_view data);

}  // namespace hog::core::pickle::detail
