#include "hog/core/pickle_opcodes.hpp"

#include <array>

namespace hog::core::pickle {
namespace {

using A = ArgKind;

constexpr OpcodeInfo kOpcodes[] = {
    {Op::INT, "INT", A::DecimalNlShort, 0, "push an int (or bool, for 00/01) written in decimal"},
    {Op::BININT, "BININT", A::Int4, 1, "push a signed 4-byte int"},
    {Op::BININT1, "BININT1", A::Uint1, 1, "push an unsigned 1-byte int"},
    {Op::BININT2, "BININT2", A::Uint2, 1, "push an unsigned 2-byte int"},
    {Op::LONG, "LONG", A::DecimalNlLong, 0, "push an int written in decimal with an L suffix"},
    {Op::LONG1, "LONG1", A::Long1, 2, "push an int from up to 255 two's complement bytes"},
    {Op::LONG4, "LONG4", A::Long4, 2, "push an int from a 4-byte-counted two's complement string"},
    {Op::STRING, "STRING", A::StringNl, 0, "push a Python 2 str from a quoted literal"},
    {Op::BINSTRING, "BINSTRING", A::String4, 1, "push a Python 2 str, 4-byte signed length"},
    {Op::SHORT_BINSTRING, "SHORT_BINSTRING", A::String1, 1, "push a Python 2 str, 1-byte length"},
    {Op::BINBYTES, "BINBYTES", A::Bytes4, 3, "push bytes, 4-byte length"},
    {Op::SHORT_BINBYTES, "SHORT_BINBYTES", A::Bytes1, 3, "push bytes, 1-byte length"},
    {Op::BINBYTES8, "BINBYTES8", A::Bytes8, 4, "push bytes, 8-byte length"},
    {Op::BYTEARRAY8, "BYTEARRAY8", A::ByteArray8, 5, "push a bytearray, 8-byte length"},
    {Op::NEXT_BUFFER, "NEXT_BUFFER", A::None, 5, "push the next out-of-band buffer"},
    {Op::READONLY_BUFFER, "READONLY_BUFFER", A::None, 5, "make the buffer on top read-only"},
    {Op::NONE, "NONE", A::None, 0, "push None"},
    {Op::NEWTRUE, "NEWTRUE", A::None, 2, "push True"},
    {Op::NEWFALSE, "NEWFALSE", A::None, 2, "push False"},
    {Op::UNICODE, "UNICODE", A::UnicodeStringNl, 0, "push a str written with raw-unicode-escape"},
    {Op::SHORT_BINUNICODE, "SHORT_BINUNICODE", A::UnicodeString1, 4, "push a str, 1-byte length, UTF-8"},
    {Op::BINUNICODE, "BINUNICODE", A::UnicodeString4, 1, "push a str, 4-byte length, UTF-8"},
    {Op::BINUNICODE8, "BINUNICODE8", A::UnicodeString8, 4, "push a str, 8-byte length, UTF-8"},
    {Op::FLOAT, "FLOAT", A::FloatNl, 0, "push a float written as text"},
    {Op::BINFLOAT, "BINFLOAT", A::Float8, 1, "push a float from 8 big-endian bytes"},
    {Op::EMPTY_LIST, "EMPTY_LIST", A::None, 1, "push []"},
    {Op::APPEND, "APPEND", A::None, 0, "pop an item and append it to the list below"},
    {Op::APPENDS, "APPENDS", A::None, 1, "pop to the mark and extend the list below with the items"},
    {Op::LIST, "LIST", A::None, 0, "replace the items down to the mark with a list of them"},
    {Op::EMPTY_TUPLE, "EMPTY_TUPLE", A::None, 1, "push ()"},
    {Op::TUPLE, "TUPLE", A::None, 0, "replace the items down to the mark with a tuple of them"},
    {Op::TUPLE1, "TUPLE1", A::None, 2, "replace the top item with a 1-tuple"},
    {Op::TUPLE2, "TUPLE2", A::None, 2, "replace the top two items with a 2-tuple"},
    {Op::TUPLE3, "TUPLE3", A::None, 2, "replace the top three items with a 3-tuple"},
    {Op::EMPTY_DICT, "EMPTY_DICT", A::None, 1, "push {}"},
    {Op::DICT, "DICT", A::None, 0, "replace key/value pairs down to the mark with a dict"},
    {Op::SETITEM, "SETITEM", A::None, 0, "pop a key and value and set them in the dict below"},
    {Op::SETITEMS, "SETITEMS", A::None, 1, "pop key/value pairs to the mark into the dict below"},
    {Op::EMPTY_SET, "EMPTY_SET", A::None, 4, "push set()"},
    {Op::ADDITEMS, "ADDITEMS", A::None, 4, "pop items to the mark into the set below"},
    {Op::FROZENSET, "FROZENSET", A::None, 4, "replace the items down to the mark with a frozenset"},
    {Op::POP, "POP", A::None, 0, "discard the top item (or the top mark)"},
    {Op::DUP, "DUP", A::None, 0, "push the top item again"},
    {Op::MARK, "MARK", A::None, 0, "push a mark"},
    {Op::POP_MARK, "POP_MARK", A::None, 1, "discard the items down to and including the mark"},
    {Op::GET, "GET", A::DecimalNlShort, 0, "push the memo entry with a decimal index"},
    {Op::BINGET, "BINGET", A::Uint1, 1, "push the memo entry with a 1-byte index"},
    {Op::LONG_BINGET, "LONG_BINGET", A::Uint4, 1, "push the memo entry with a 4-byte index"},
    {Op::PUT, "PUT", A::DecimalNlShort, 0, "store the top item in the memo at a decimal index"},
    {Op::BINPUT, "BINPUT", A::Uint1, 1, "store the top item in the memo at a 1-byte index"},
    {Op::LONG_BINPUT, "LONG_BINPUT", A::Uint4, 1, "store the top item in the memo at a 4-byte index"},
    {Op::MEMOIZE, "MEMOIZE", A::None, 4, "store the top item at the next memo index"},
    {Op::EXT1, "EXT1", A::Uint1, 2, "push an object from the extension registry, 1-byte code"},
    {Op::EXT2, "EXT2", A::Uint2, 2, "push an object from the extension registry, 2-byte code"},
    {Op::EXT4, "EXT4", A::Int4, 2, "push an object from the extension registry, 4-byte code"},
    {Op::GLOBAL, "GLOBAL", A::StringNlNoEscapePair, 0, "push module.name, both written as text"},
    {Op::STACK_GLOBAL, "STACK_GLOBAL", A::None, 4, "replace module and name strs with module.name"},
    {Op::REDUCE, "REDUCE", A::None, 0, "replace a callable and an args tuple with callable(*args)"},
    {Op::BUILD, "BUILD", A::None, 0, "pop a state and apply it to the object below"},
    {Op::INST, "INST", A::StringNlNoEscapePair, 0, "replace the items down to the mark with module.name(*items)"},
    {Op::OBJ, "OBJ", A::None, 1, "replace a class and items down to the mark with cls(*items)"},
    {Op::NEWOBJ, "NEWOBJ", A::None, 2, "replace cls and args with cls.__new__(cls, *args)"},
    {Op::NEWOBJ_EX, "NEWOBJ_EX", A::None, 4, "replace cls, args and kwargs with cls.__new__(cls, *args, **kwargs)"},
    {Op::PROTO, "PROTO", A::Uint1, 2, "declare the protocol version"},
    {Op::STOP, "STOP", A::None, 0, "end of pickle: the top item is the result"},
    {Op::FRAME, "FRAME", A::Uint8, 4, "announce the length of the next frame"},
    {Op::PERSID, "PERSID", A::StringNlNoEscape, 0, "push the object with a persistent id written as text"},
    {Op::BINPERSID, "BINPERSID", A::None, 1, "replace a persistent id object with the object it names"},
};

constexpr auto kByByte = [] {
  std::array<const OpcodeInfo*, 256> by_byte{};
  for (const auto& info : kOpcodes) by_byte[static_cast<std::uint8_t>(info.op)] = &info;
  return by_byte;
}();

}  // namespace

std::span<const OpcodeInfo> opcode_table() { return kOpcodes; }

const OpcodeInfo* opcode_info(std::uint8_t byte) { return kByByte[byte]; }

}  // namespace hog::core::pickle
