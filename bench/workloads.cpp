// The benchmark workloads (see workloads.hpp), built as C++ Value graphs.
#include "workloads.hpp"

#include <cstring>

#include "hog/core/numpy.hpp"

namespace hog::bench {

using hog::core::Value;

namespace {

Value ints500k() {
  std::vector<Value> items;
  items.reserve(500000);
  for (long long i = 0; i < 500000; ++i) items.emplace_back(i * 7919 % 1000003 - 500000);
  return Value::list(items);
}

Value strs200k() {
  std::vector<Value> items;
  items.reserve(200000);
  for (int i = 0; i < 200000; ++i) items.emplace_back("s" + std::to_string(i));
  return Value::list(items);
}

Value dict100k() {
  std::vector<std::pair<Value, Value>> items;
  items.reserve(100000);
  for (int i = 0; i < 100000; ++i) items.emplace_back("k" + std::to_string(i), i * 0.5);
  return Value::dict(items);
}

Value call() {
  return Value::tuple(
      {Value::tuple({1, 2.0, "x", Value::list({1, 2, 3})}), Value::dict({{"z", 10}})});
}

Value ndarray() {
  constexpr int kSide = 1000;
  std::vector<double> elements(kSide * kSide);
  for (std::size_t i = 0; i < elements.size(); ++i) elements[i] = static_cast<double>(i) / 7;
  std::string bytes(elements.size() * sizeof(double), '\0');
  std::memcpy(bytes.data(), elements.data(), bytes.size());
  return hog::core::numpy::array(hog::core::numpy::DType::parse("float64"), {kSide, kSide}, bytes);
}

}  // namespace

const std::vector<Workload>& workloads() {
  static const std::vector<Workload> all = {{"ints500k", ints500k},
                                            {"strs200k", strs200k},
                                            {"dict100k", dict100k},
                                            {"call", call},
                                            {"ndarray", ndarray}};
  return all;
}

}  // namespace hog::bench
