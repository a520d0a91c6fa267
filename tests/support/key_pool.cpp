#include "key_pool.hpp"

#include <cmath>
#include <complex>
#include <string>

namespace hog::test {

std::vector<hog::core::Value> colliding_keys() {
  using hog::core::Value;
  std::vector<Value> keys = {Value(0),
                             Value(0.0),
                             Value(-0.0),
                             Value(false),
                             Value(std::complex<double>(0, 0)),
                             Value(1),
                             Value(1.0),
                             Value(true),
                             Value("a"),
                             Value("b"),
                             Value::bytes("a"),
                             Value::tuple({1, "a"}),
                             Value::tuple({1.0, "a"}),
                             Value::frozenset({1, 2}),
                             Value::list({}),
                             Value::tuple({Value::list({})}),
                             Value::dict({}),
                             Value(std::nan(""))};  // never equal to itself: never collapses
  for (int i = 2; i < 16; ++i) keys.emplace_back("k" + std::to_string(i));
  return keys;
}

}  // namespace hog::test
