// The pickle opcode table (protocols 0-5), kept as data in the manner of CPython's pickletools:
// one row per opcode with its byte, name, argument kind and the protocol that introduced it.
// The decoder dispatches on it, the disassembler prints from it, and the fuzz dictionary and docs
// are generated from it, so there is exactly one list to maintain.
//
// Contract: a constant table; lookups are O(1) and thread-safe. `opcode_info(byte)` is null for a
// byte that is not an opcode.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace hog::core::pickle {

// How the bytes after an opcode encode its argument (pickletools' ArgumentDescriptor names).
enum class ArgKind : std::uint8_t {
  None,                  // no argument
  Uint1, Uint2, Uint4, Uint8, Int4,
  DecimalNlShort,        // decimal digits then '\n' (INT also accepts 00/01 for False/True)
  DecimalNlLong,         // decimal digits, optional 'L', then '\n'
  FloatNl,               // repr of a float then '\n'
  StringNl,              // Python 2 quoted string literal then '\n'
  StringNlNoEscape,      // text up to '\n'
  StringNlNoEscapePair,  // two newline-terminated texts (module, name)
  UnicodeStringNl,       // raw-unicode-escape text then '\n'
  Long1, Long4,          // length (1 or 4 bytes) then two's complement little-endian bytes
  String1, String4,      // length then bytes (Python 2 str)
  Bytes1, Bytes4, Bytes8,
  ByteArray8,
  UnicodeString1, UnicodeString4, UnicodeString8,  // length then UTF-8 (surrogatepass)
  Float8,                // big-endian IEEE 754 double
};

enum class Op : std::uint8_t {
  INT = 'I', BININT = 'J', BININT1 = 'K', BININT2 = 'M', LONG = 'L', LONG1 = 0x8a, LONG4 = 0x8b,
  STRING = 'S', BINSTRING = 'T', SHORT_BINSTRING = 'U',
  BINBYTES = 'B', SHORT_BINBYTES = 'C', BINBYTES8 = 0x8e, BYTEARRAY8 = 0x96,
  NEXT_BUFFER = 0x97, READONLY_BUFFER = 0x98,
  NONE = 'N', NEWTRUE = 0x88, NEWFALSE = 0x89,
  UNICODE = 'V', SHORT_BINUNICODE = 0x8c, BINUNICODE = 'X', BINUNICODE8 = 0x8d,
  FLOAT = 'F', BINFLOAT = 'G',
  EMPTY_LIST = ']', APPEND = 'a', APPENDS = 'e', LIST = 'l',
  EMPTY_TUPLE = ')', TUPLE = 't', TUPLE1 = 0x85, TUPLE2 = 0x86, TUPLE3 = 0x87,
  EMPTY_DICT = '}', DICT = 'd', SETITEM = 's', SETITEMS = 'u',
  EMPTY_SET = 0x8f, ADDITEMS = 0x90, FROZENSET = 0x91,
  POP = '0', DUP = '2', MARK = '(', POP_MARK = '1',
  GET = 'g', BINGET = 'h', LONG_BINGET = 'j', PUT = 'p', BINPUT = 'q', LONG_BINPUT = 'r',
  MEMOIZE = 0x94,
  EXT1 = 0x82, EXT2 = 0x83, EXT4 = 0x84,
  GLOBAL = 'c', STACK_GLOBAL = 0x93, REDUCE = 'R', BUILD = 'b', INST = 'i', OBJ = 'o',
  NEWOBJ = 0x81, NEWOBJ_EX = 0x92,
  PROTO = 0x80, STOP = '.', FRAME = 0x95,
  PERSID = 'P', BINPERSID = 'Q',
};

struct OpcodeInfo {
  Op op;
  std::string_view name;
  ArgKind arg;
  std::uint8_t protocol;  // first protocol that emits it
  std::string_view doc;   // one line: what it does to the stack
};

// Every opcode, in pickletools' order.
std::span<const OpcodeInfo> opcode_table();
// The row for `byte`, or nullptr when it is not an opcode.
const OpcodeInfo* opcode_info(std::uint8_t byte);

constexpr std::uint8_t kHighestProtocol = 5;

}  // namespace hog::core::pickle
