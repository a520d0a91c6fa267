// Internal to the disassembler and payload inspection: what each opcode takes from and leaves on
// the pickle machine's stack, as pickletools describes it (stack_before / stack_after), as data.
//
// Contract: stack_effect(op) is a constant row. `before` and `after` are strings of StackType
// codes, bottom of the stack first; a Mark in `before` is followed by a StackSlice (everything
// above the mark). stack_type_name gives pickletools' names ("int_or_bool", "mark", ...), which
// its error messages print. Thread-safe.
#pragma once

#include <string_view>

#include "hog/core/pickle_opcodes.hpp"

namespace hog::core::pickle::dis {

// One letter per pickletools StackObject.
enum class StackType : char {
  Any = 'a',
  Mark = 'm',
  StackSlice = 's',
  Int = 'i',
  IntOrBool = 'I',
  Bool = 'b',
  Float = 'f',
  BytesOrStr = 'S',
  Bytes = 'y',
  ByteArray = 'Y',
  Buffer = 'B',
  None = 'N',
  Str = 'u',
  List = 'l',
  Tuple = 't',
  Dict = 'd',
  Set = 'e',
  FrozenSet = 'F',
};

struct StackEffect {
  std::string_view before;  // StackType letters
  std::string_view after;
};

const StackEffect& stack_effect(Op op);
std::string_view stack_type_name(StackType type);

}  // namespace hog::core::pickle::dis
