// The benchmark workloads, defined once for C++ and mirrored exactly in bench/compare.py so that
// hogsim and CPython work on the same objects. Each builds a fresh Value graph.
#pragma once

#include <string>
#include <vector>

#include "hog/core/value.hpp"

namespace hog::bench {

struct Workload {
  std::string name;
  hog::core::Value (*build)();
};

// ints500k: [i * 7919 % 1000003 - 500000 for i in range(500000)]
// strs200k: [f"s{i}" for i in range(200000)]
// dict100k: {f"k{i}": i * 0.5 for i in range(100000)}
// call:     ((1, 2.0, 'x', [1, 2, 3]), {'z': 10})
// ndarray:  (numpy.arange(1_000_000, dtype=numpy.float64) / 7).reshape(1000, 1000): 8 MB of
//           float64, a payload of about 10.17 MB (past the 10 MiB limit, so serialized with none)
const std::vector<Workload>& workloads();

}  // namespace hog::bench
