// Internal to the disassembler: an opcode argument as pickletools.dis prints it.
//
// Contract: show_argument turns what the decoder's reader read (decoding::Argument) into
// pickletools' value and its repr(): ints for the integer kinds (True/False for INT's 01/00),
// str for the text kinds (escape-decoded and ASCII for STRING, GLOBAL's "module name" pair and
// PERSID; raw-unicode-escape for UNICODE; Latin-1 for the Python 2 counted strings; UTF-8 with
// surrogatepass for BINUNICODE*), bytes, bytearray(...) and floats. nullopt for opcodes without
// an argument. Conversion failures throw decoding::Failure or hog::core::Error (ValueError for an
// int over 4300 digits) with CPython's wording. Pure.
#pragma once

#include <optional>
#include <string>

#include "pickle_decode_reader.hpp"

namespace hog::core::pickle::dis {

struct ShownArgument {
  std::string repr;      // as pickletools prints it
  std::string memo_key;  // integer arguments in canonical decimal (False is 0): memo lookups
};

std::optional<ShownArgument> show_argument(const OpcodeInfo& info, const decoding::Argument& arg);

}  // namespace hog::core::pickle::dis
