// The stack effects of every opcode, transcribed from pickletools' stack_before/stack_after
// (letters as in pickle_dis_stack.hpp).
#include "pickle_dis_stack.hpp"

#include <array>

namespace hog::core::pickle::dis {
namespace {

struct Row {
  Op op;
  StackEffect effect;
};

constexpr Row kEffects[] = {
    {Op::INT, {"", "I"}},
    {Op::BININT, {"", "i"}},
    {Op::BININT1, {"", "i"}},
    {Op::BININT2, {"", "i"}},
    {Op::LONG, {"", "i"}},
    {Op::LONG1, {"", "i"}},
    {Op::LONG4, {"", "i"}},
    {Op::STRING, {"", "S"}},
    {Op::BINSTRING, {"", "S"}},
    {Op::SHORT_BINSTRING, {"", "S"}},
    {Op::BINBYTES, {"", "y"}},
    {Op::SHORT_BINBYTES, {"", "y"}},
    {Op::BINBYTES8, {"", "y"}},
    {Op::BYTEARRAY8, {"", "Y"}},
    {Op::NEXT_BUFFER, {"", "B"}},
    {Op::READONLY_BUFFER, {"B", "B"}},
    {Op::NONE, {"", "N"}},
    {Op::NEWTRUE, {"", "b"}},
    {Op::NEWFALSE, {"", "b"}},
    {Op::UNICODE, {"", "u"}},
    {Op::SHORT_BINUNICODE, {"", "u"}},
    {Op::BINUNICODE, {"", "u"}},
    {Op::BINUNICODE8, {"", "u"}},
    {Op::FLOAT, {"", "f"}},
    {Op::BINFLOAT, {"", "f"}},
    {Op::EMPTY_LIST, {"", "l"}},
    {Op::APPEND, {"la", "l"}},
    {Op::APPENDS, {"lms", "l"}},
    {Op::LIST, {"ms", "l"}},
    {Op::EMPTY_TUPLE, {"", "t"}},
    {Op::TUPLE, {"ms", "t"}},
    {Op::TUPLE1, {"a", "t"}},
    {Op::TUPLE2, {"aa", "t"}},
    {Op::TUPLE3, {"aaa", "t"}},
    {Op::EMPTY_DICT, {"", "d"}},
    {Op::DICT, {"ms", "d"}},
    {Op::SETITEM, {"daa", "d"}},
    {Op::SETITEMS, {"dms", "d"}},
    {Op::EMPTY_SET, {"", "e"}},
    {Op::ADDITEMS, {"ems", "e"}},
    {Op::FROZENSET, {"ms", "F"}},
    {Op::POP, {"a", ""}},
    {Op::DUP, {"a", "aa"}},
    {Op::MARK, {"", "m"}},
    {Op::POP_MARK, {"ms", ""}},
    {Op::GET, {"", "a"}},
    {Op::BINGET, {"", "a"}},
    {Op::LONG_BINGET, {"", "a"}},
    {Op::PUT, {"", ""}},
    {Op::BINPUT, {"", ""}},
    {Op::LONG_BINPUT, {"", ""}},
    {Op::MEMOIZE, {"a", "a"}},
    {Op::EXT1, {"", "a"}},
    {Op::EXT2, {"", "a"}},
    {Op::EXT4, {"", "a"}},
    {Op::GLOBAL, {"", "a"}},
    {Op::STACK_GLOBAL, {"uu", "a"}},
    {Op::REDUCE, {"aa", "a"}},
    {Op::BUILD, {"aa", "a"}},
    {Op::INST, {"ms", "a"}},
    {Op::OBJ, {"mas", "a"}},
    {Op::NEWOBJ, {"aa", "a"}},
    {Op::NEWOBJ_EX, {"aaa", "a"}},
    {Op::PROTO, {"", ""}},
    {Op::STOP, {"a", ""}},
    {Op::FRAME, {"", ""}},
    {Op::PERSID, {"", "a"}},
    {Op::BINPERSID, {"a", "a"}},
};

constexpr auto kByByte = [] {
  std::array<StackEffect, 256> by_byte{};
  for (const auto& row : kEffects) by_byte[static_cast<std::uint8_t>(row.op)] = row.effect;
  return by_byte;
}();

}  // namespace

const StackEffect& stack_effect(Op op) {
  return kByByte[static_cast<std::uint8_t>(op)];
}

std::string_view stack_type_name(StackType type) {
  switch (type) {
    case StackType::Any:
      return "any";
    case StackType::Mark:
      return "mark";
    case StackType::StackSlice:
      return "stackslice";
    case StackType::Int:
      return "int";
    case StackType::IntOrBool:
      return "int_or_bool";
    case StackType::Bool:
      return "bool";
    case StackType::Float:
      return "float";
    case StackType::BytesOrStr:
      return "bytes_or_str";
    case StackType::Bytes:
      return "bytes";
    case StackType::ByteArray:
      return "bytearray";
    case StackType::Buffer:
      return "buffer";
    case StackType::None:
      return "None";
    case StackType::Str:
      return "str";
    case StackType::List:
      return "list";
    case StackType::Tuple:
      return "tuple";
    case StackType::Dict:
      return "dict";
    case StackType::Set:
      return "set";
    case StackType::FrozenSet:
      return "frozenset";
  }
  return "any";
}

}  // namespace hog::core::pickle::dis
