// The NumPy forms of literal text: what repr() prints for NumPy values (hog/core/numpy.hpp),
// read back from the syntax tree.
//
//   numpy.frombuffer(BYTES, dtype=STR).reshape(SHAPE)                an ndarray (C order)
//   numpy.frombuffer(BYTES, dtype=STR).reshape(SHAPE, order='F')     Fortran order
//   numpy.frombuffer(BYTES, dtype=STR)                               one dimension
//   numpy.TYPE(VALUE)    a NumPy scalar: TYPE is bool_, int8 ... uint64, float16 ... complex128;
//                        VALUE a literal number (True/False for bool_), or a string holding one
//                        ('nan', '-inf', '(nan+1j)') for the values literals cannot spell
//   numpy.dtype(STR)     a dtype ('<f8', 'float64', ...)
// SHAPE is a tuple of non-negative ints, or one int. Arrays read this way are writable (as an array
// NumPy made itself; numpy.frombuffer's own result is read-only).
//
// Contract: read_numpy_call returns nullopt when the call's callee is not a dotted name starting
// with `numpy.`; otherwise the value built in `heap`, or ValueError saying what is wrong and on
// which line.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "literal_ast.hpp"
#include "value_internal.hpp"

namespace hog::core::detail {

struct LiteralContext {
  std::string_view text;
  const std::vector<AstNode>& nodes;
  Heap& heap;
  std::function<Slot(int)> convert;  // literal_eval of a sub-expression
};

std::optional<Slot> read_numpy_call(const LiteralContext& context, int call);

}  // namespace hog::core::detail
