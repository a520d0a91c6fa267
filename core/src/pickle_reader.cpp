// Argument reading for the pickle decoder: one function per ArgKind family, bounds first.
#include <cstring>
#include <limits>
#include <string>

#include "pickle_decode_failure.hpp"
#include "pickle_decode_reader.hpp"

namespace hog::core::pickle::decoding {
namespace {

constexpr std::uint64_t kSsizeMax =
    static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

// CPython names the 8-byte-length opcodes after their family in its overflow message.
std::string size_family(std::string_view name) {
  if (name == "BINBYTES8") return "BINBYTES";
  if (name == "BINUNICODE8") return "BINUNICODE";
  return std::string(name);
}

std::string_view counted(Reader& reader, const OpcodeInfo& info, int width) {
  const std::uint64_t size = reader.unsigned_le(width);
  if (width == 8 && size > kSsizeMax) {
    fail_as("OverflowError", size_family(info.name) + " exceeds system's maximum size of " +
                                 std::to_string(kSsizeMax) + " bytes");
  }
  return reader.take(size);
}

// Lines whose opcodes need at least one character before the newline (CPython's bad_readline).
std::string_view nonempty_line(Reader& reader) {
  const std::string_view text = reader.line();
  if (text.empty()) Reader::truncated();
  return text;
}

}  // namespace

void Reader::truncated() {
  fail("pickle data was truncated");
}

std::string_view Reader::take(std::uint64_t count) {
  if (count > remaining()) truncated();
  const std::string_view result = data_.substr(pos_, static_cast<std::size_t>(count));
  pos_ += static_cast<std::size_t>(count);
  return result;
}

std::uint64_t Reader::unsigned_le(int width) {
  return load_le(take(static_cast<std::uint64_t>(width)).data(), width);
}

std::string_view Reader::line() {
  const std::size_t end = data_.find('\n', pos_);
  if (end == std::string_view::npos) truncated();
  const std::string_view result = data_.substr(pos_, end - pos_);
  pos_ = end + 1;
  return result;
}

Argument read_argument(Reader& reader, const OpcodeInfo& info) {
  Argument arg;
  switch (info.arg) {
    case ArgKind::None:
      break;
    case ArgKind::Uint1:
      arg.number = reader.unsigned_le(1);
      break;
    case ArgKind::Uint2:
      arg.number = reader.unsigned_le(2);
      break;
    case ArgKind::Uint4:
      arg.number = reader.unsigned_le(4);
      break;
    case ArgKind::Uint8:
      arg.number = reader.unsigned_le(8);
      break;
    case ArgKind::Int4:
      arg.integer = static_cast<std::int32_t>(static_cast<std::uint32_t>(reader.unsigned_le(4)));
      break;
    case ArgKind::DecimalNlShort:
    case ArgKind::DecimalNlLong:
    case ArgKind::FloatNl:
      arg.text = nonempty_line(reader);
      break;
    case ArgKind::StringNl:
    case ArgKind::StringNlNoEscape:
    case ArgKind::UnicodeStringNl:
      arg.text = reader.line();
      break;
    case ArgKind::StringNlNoEscapePair:
      arg.text = nonempty_line(reader);
      arg.second = nonempty_line(reader);
      break;
    case ArgKind::Long1:
      arg.text = reader.take(reader.unsigned_le(1));
      break;
    case ArgKind::Long4: {
      const auto size =
          static_cast<std::int32_t>(static_cast<std::uint32_t>(reader.unsigned_le(4)));
      if (size < 0) fail("LONG pickle has negative byte count");
      arg.text = reader.take(static_cast<std::uint64_t>(size));
      break;
    }
    case ArgKind::String1:
    case ArgKind::Bytes1:
    case ArgKind::UnicodeString1:
      arg.text = counted(reader, info, 1);
      break;
    case ArgKind::String4:
    case ArgKind::Bytes4:
    case ArgKind::UnicodeString4:
      arg.text = counted(reader, info, 4);
      break;
    case ArgKind::Bytes8:
    case ArgKind::ByteArray8:
    case ArgKind::UnicodeString8:
      arg.text = counted(reader, info, 8);
      break;
    case ArgKind::Float8:
      arg.real = load_be_double(reader.take(8).data());
      break;
  }
  return arg;
}

}  // namespace hog::core::pickle::decoding
