// The opcode table against CPython's pickletools: same opcodes, bytes, protocols, argument kinds.
#include <gtest/gtest.h>

#include <sstream>

#include "hog/core/pickle_opcodes.hpp"
#include "support/python_oracle.hpp"

namespace pk = hog::core::pickle;

namespace {
std::string arg_name(pk::ArgKind kind) {
  switch (kind) {
    case pk::ArgKind::None: return "None";
    case pk::ArgKind::Uint1: return "uint1";
    case pk::ArgKind::Uint2: return "uint2";
    case pk::ArgKind::Uint4: return "uint4";
    case pk::ArgKind::Uint8: return "uint8";
    case pk::ArgKind::Int4: return "int4";
    case pk::ArgKind::DecimalNlShort: return "decimalnl_short";
    case pk::ArgKind::DecimalNlLong: return "decimalnl_long";
    case pk::ArgKind::FloatNl: return "floatnl";
    case pk::ArgKind::StringNl: return "stringnl";
    case pk::ArgKind::StringNlNoEscape: return "stringnl_noescape";
    case pk::ArgKind::StringNlNoEscapePair: return "stringnl_noescape_pair";
    case pk::ArgKind::UnicodeStringNl: return "unicodestringnl";
    case pk::ArgKind::Long1: return "long1";
    case pk::ArgKind::Long4: return "long4";
    case pk::ArgKind::String1: return "string1";
    case pk::ArgKind::String4: return "string4";
    case pk::ArgKind::Bytes1: return "bytes1";
    case pk::ArgKind::Bytes4: return "bytes4";
    case pk::ArgKind::Bytes8: return "bytes8";
    case pk::ArgKind::ByteArray8: return "bytearray8";
    case pk::ArgKind::UnicodeString1: return "unicodestring1";
    case pk::ArgKind::UnicodeString4: return "unicodestring4";
    case pk::ArgKind::UnicodeString8: return "unicodestring8";
    case pk::ArgKind::Float8: return "float8";
  }
  return "?";
}
}  // namespace

TEST(PickleOpcodes, TableMatchesPickletools) {
  std::ostringstream ours;
  for (const auto& info : pk::opcode_table()) {
    ours << info.name << ' ' << static_cast<int>(info.op) << ' ' << arg_name(info.arg) << ' '
         << static_cast<int>(info.protocol) << '\n';
  }
  const std::string theirs = hog::test::run_python(R"(
import pickletools
for op in pickletools.opcodes:
    print(op.name, ord(op.code), op.arg.name if op.arg else None, op.proto)
)");
  EXPECT_EQ(ours.str(), theirs);
}

TEST(PickleOpcodes, LookupByByte) {
  ASSERT_NE(pk::opcode_info('('), nullptr);
  EXPECT_EQ(pk::opcode_info('(')->name, "MARK");
  EXPECT_EQ(pk::opcode_info(0x95)->name, "FRAME");
  EXPECT_EQ(pk::opcode_info(0xff), nullptr);
  EXPECT_EQ(pk::opcode_info(0), nullptr);
}
