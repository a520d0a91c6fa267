// Opcode arguments as pickletools' readers return them, printed with repr(). The bytes were
// already read (and bounds-checked) by the decoder's reader; this only converts and prints.
#include "pickle_dis_args.hpp"

#include <string_view>

#include "hog/core/literal.hpp"
#include "hog/core/value.hpp"
#include "pickle_decode_text.hpp"

namespace hog::core::pickle::dis {
namespace {

ShownArgument integer(const BigInt& value) {
  std::string text = value.to_string(10);
  return {text, text};
}

ShownArgument shown_str(std::string_view utf8) {
  return {repr(Value(utf8)), ""};
}

// pickletools reads these lines with codecs.escape_decode(...).decode("ascii"), which is what
// the decoder does to a STRING line once its quotes are stripped.
std::string escape_decoded(std::string_view line) {
  return decoding::decode_string_opcode("'" + std::string(line) + "'");
}

std::string latin1_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

}  // namespace

std::optional<ShownArgument> show_argument(const OpcodeInfo& info, const decoding::Argument& arg) {
  switch (info.arg) {
    case ArgKind::None:
      return std::nullopt;
    case ArgKind::Uint1:
    case ArgKind::Uint2:
    case ArgKind::Uint4:
    case ArgKind::Uint8:
      return ShownArgument{std::to_string(arg.number), std::to_string(arg.number)};
    case ArgKind::Int4:
      return ShownArgument{std::to_string(arg.integer), std::to_string(arg.integer)};
    case ArgKind::DecimalNlShort:
      if (arg.text == "00") return ShownArgument{"False", "0"};
      if (arg.text == "01") return ShownArgument{"True", "1"};
      return integer(decoding::parse_python_int(arg.text, 10));
    case ArgKind::DecimalNlLong: {
      std::string_view digits = arg.text;
      if (digits.ends_with('L')) digits.remove_suffix(1);
      return integer(decoding::parse_python_int(digits, 10));
    }
    case ArgKind::FloatNl:
      return ShownArgument{repr(Value(decoding::parse_float_opcode(arg.text))), ""};
    case ArgKind::StringNl:
      return shown_str(decoding::decode_string_opcode(arg.text));
    case ArgKind::StringNlNoEscape:
      return shown_str(escape_decoded(arg.text));
    case ArgKind::StringNlNoEscapePair:
      return shown_str(escape_decoded(arg.text) + " " + escape_decoded(arg.second));
    case ArgKind::UnicodeStringNl:
      return shown_str(decoding::decode_raw_unicode_escape(arg.text));
    case ArgKind::Long1:
    case ArgKind::Long4:
      return ShownArgument{repr(Value(BigInt::from_twos_complement(arg.text))), ""};
    case ArgKind::String1:
    case ArgKind::String4:
      return shown_str(latin1_to_utf8(arg.text));
    case ArgKind::Bytes1:
    case ArgKind::Bytes4:
    case ArgKind::Bytes8:
      return ShownArgument{repr(Value::bytes(arg.text)), ""};
    case ArgKind::ByteArray8:
      return ShownArgument{repr(Value::bytearray(arg.text)), ""};
    case ArgKind::UnicodeString1:
    case ArgKind::UnicodeString4:
    case ArgKind::UnicodeString8:
      decoding::require_utf8(arg.text, true);
      return shown_str(arg.text);
    case ArgKind::Float8:
      return ShownArgument{repr(Value(arg.real)), ""};
  }
  return std::nullopt;
}

}  // namespace hog::core::pickle::dis
