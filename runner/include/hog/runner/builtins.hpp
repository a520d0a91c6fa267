// The functions every hog-runner binary offers, for tests, the demo and users' first steps. Each
// behaves like the Python function of the same name in examples/functions.py, so both runners give
// equal results and equal errors for the same call:
//   echo(value)            -> value
//   sum(values)            -> Python's sum(values) over bool/int/float items (ints must fit in 64
//                             bits: OverflowError otherwise, where Python would go on)
//   mean(values)           -> float: sum(values) / len(values) for a list or tuple, the float mean
//                             of an ndarray's elements (summed in storage order)
//   numpy_mean(array)      -> a numpy.float64 scalar: the mean of an ndarray (a non-plain result)
//   sleep(seconds)         -> None after sleeping
//   fail(message)          -> raises RuntimeError(message)
//   print_lines(n)         -> prints "line 0" .. "line n-1" on stdout, returns n
//   return_bytes(n)        -> n zero bytes (bytes(n))
// Wrong argument counts or types raise TypeError with Python's wording where it is simple.
#pragma once

#include "hog/runner/registry.hpp"

namespace hog::runner {

void add_builtins(Registry& registry);

}  // namespace hog::runner
