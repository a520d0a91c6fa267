// The builtins' arithmetic against CPython and NumPy: sum() and the list mean as Python computes
// them, and numpy.mean bit for bit (pairwise summation in 8192-element chunks), over generated
// inputs checked in one Python run per test.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <random>
#include <sstream>

#include "hog/core/envelope.hpp"
#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/numpy.hpp"
#include "ndarray_mean.hpp"
#include "python_sum.hpp"
#include "support/python_oracle.hpp"

namespace {

using hog::core::Value;
namespace numpy = hog::core::numpy;

std::string hex_of(double value) {
  std::ostringstream text;
  text << std::hex << std::bit_cast<std::uint64_t>(value);
  return text.str();
}

// One line per case: the bits of Python's answer as hex, or the exception "Type: message".
std::vector<std::string> python_answers(const std::string& expression, const Value& inputs) {
  const std::string code =
      "import base64, pickle, struct, sys, numpy\n"
      "inputs = pickle.loads(base64.b64decode(sys.stdin.read()[len('__PICKLE__:'):]))\n"
      "for values in inputs:\n"
      "    try:\n"
      "        r = " +
      expression +
      "\n"
      "        print(format(struct.unpack('<Q', struct.pack('<d', r))[0], 'x') if "
      "isinstance(r, float) else repr(r))\n"
      "    except Exception as e:\n"
      "        print(f'{type(e).__name__}: {e}')\n";
  std::istringstream lines(
      hog::test::run_python(code, hog::core::serialize(inputs, {.limit_bytes = std::nullopt})));
  std::vector<std::string> answers;
  for (std::string line; std::getline(lines, line);) answers.push_back(line);
  return answers;
}

template <class F>
std::string hog_answer(F compute) {
  try {
    return compute();
  } catch (const hog::core::Error& error) {
    return error.type_name() + ": " + error.what();
  }
}

Value random_array(std::mt19937_64& rng, std::size_t count, const char* dtype, numpy::Order order) {
  const numpy::DType type = numpy::DType::parse(dtype);
  std::string data(count * type.itemsize, '\0');
  std::uniform_real_distribution<double> real(-1e3, 1e3);
  std::uniform_int_distribution<int> exponent(-6, 6);
  for (std::size_t i = 0; i < count; ++i) {
    if (type.kind == 'f') {
      double value = real(rng) * std::pow(10.0, exponent(rng));
      std::uint64_t bits = std::bit_cast<std::uint64_t>(value);
      if (type.byteorder == '>') bits = __builtin_bswap64(bits);
      std::memcpy(&data[i * 8], &bits, 8);
    } else {
      for (std::size_t b = 0; b < type.itemsize; ++b)
        data[i * type.itemsize + b] = static_cast<char>(rng());
      if (type.kind == 'b') data[i] = static_cast<char>(rng() & 1);
    }
  }
  if (order == numpy::Order::F && count % 7 == 0) {
    return numpy::array(type, {7, static_cast<std::int64_t>(count / 7)}, data, order);
  }
  return numpy::array(type, {static_cast<std::int64_t>(count)}, data, order);
}

TEST(NdarrayMean, IsNumpyMeanBitForBit) {
  std::mt19937_64 rng(7);
  const std::vector<std::size_t> counts = {0,   1,    5,    7,    8,    9,     100,  128,
                                           129, 1000, 8191, 8192, 8193, 20000, 70007};
  const std::vector<const char*> dtypes = {"<f8", ">f8", "<i8", ">i4", "|u1", "<u8", "|b1", "<i2"};
  std::vector<Value> arrays;
  for (const std::size_t count : counts) {
    for (const char* dtype : dtypes) {
      arrays.push_back(
          random_array(rng, count, dtype, count % 2 ? numpy::Order::F : numpy::Order::C));
    }
  }
  const auto expected = python_answers("float(numpy.mean(values))", Value::list(arrays));
  ASSERT_EQ(expected.size(), arrays.size());
  for (std::size_t i = 0; i < arrays.size(); ++i) {
    const std::string got =
        hog_answer([&] { return hex_of(hog::runner::detail::ndarray_mean(arrays[i])); });
    EXPECT_EQ(got, expected[i]) << "array " << i << " dtype " << numpy::dtype_of(arrays[i]).str();
  }
}

TEST(NdarrayMean, RefusesDtypesNumpyAveragesInTheirOwnPrecision) {
  const Value array = numpy::array(numpy::DType::parse("<f4"), {1}, std::string(4, '\0'));
  EXPECT_THROW(hog::runner::detail::ndarray_mean(array), hog::core::TypeError);
}

TEST(PythonSum, SumAndMeanAreCPythons) {
  std::mt19937_64 rng(11);
  std::vector<Value> lists;
  for (int n = 0; n < 200; ++n) {
    std::vector<Value> items;
    const int length = static_cast<int>(rng() % 12);
    for (int i = 0; i < length; ++i) {
      switch (rng() % 5) {
        case 0:
          items.emplace_back(static_cast<long long>(rng() % 2000) - 1000);
          break;
        case 1:
          items.emplace_back(static_cast<long long>(rng() >> 12));
          break;
        case 2:
          items.emplace_back(std::bit_cast<double>(rng() >> 2) * ((rng() & 1) ? 1 : -1));
          break;
        case 3:
          items.emplace_back(static_cast<bool>(rng() & 1));
          break;
        default:
          items.emplace_back(static_cast<double>(rng() % 1000) / 8.0);
          break;
      }
    }
    lists.push_back(Value::list(items));
  }
  lists.push_back(hog::core::parse("[1, 'a']"));
  lists.push_back(hog::core::parse("[1.5, b'a']"));
  lists.push_back(hog::core::parse("(1, 2)"));
  lists.push_back(hog::core::parse("{1: 'x', 2.5: 'y'}"));
  const Value inputs = Value::list(lists);
  const auto sums = python_answers("sum(values)", inputs);
  const auto means = python_answers("sum(values) / len(values)", inputs);
  ASSERT_EQ(sums.size(), lists.size());
  ASSERT_EQ(means.size(), lists.size());
  for (std::size_t i = 0; i < lists.size(); ++i) {
    const std::string sum = hog_answer([&] {
      const Value total = hog::runner::detail::python_sum(lists[i]);
      return total.kind() == hog::core::Kind::Float ? hex_of(total.as_float())
                                                    : hog::core::repr(total);
    });
    EXPECT_EQ(sum, sums[i]) << hog::core::repr(lists[i]);
    const std::string mean =
        hog_answer([&] { return hex_of(hog::runner::detail::python_mean(lists[i])); });
    EXPECT_EQ(mean, means[i]) << hog::core::repr(lists[i]);
  }
}

TEST(PythonSum, NonIterablesAreTheTypeErrorPythonRaises) {
  try {
    hog::runner::detail::python_sum(Value(3));
    FAIL() << "sum(3) returned";
  } catch (const hog::core::TypeError& error) {
    EXPECT_STREQ(error.what(), "'int' object is not iterable");
  }
}

}  // namespace
