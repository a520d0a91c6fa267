// NumPy values in C++: dtypes, construction errors, typed views, scalars, array_split, and the
// seed's examples (a 1000x1000 float64 array is over the 10 MB limit; ten chunks are not).
#include "hog/core/numpy.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <numeric>

#include "hog/core/envelope.hpp"
#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/pickle.hpp"

namespace {

using hog::core::Kind;
using hog::core::Value;
namespace np = hog::core::numpy;

std::string bytes_of(const std::vector<double>& values) {
  return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(double));
}

TEST(NumpyDType, ParsesNumpysSpellings) {
  EXPECT_EQ(np::DType::parse("<f8").str(), "<f8");
  EXPECT_EQ(np::DType::parse(">i2").str(), ">i2");
  EXPECT_EQ(np::DType::parse("float64").str(), "<f8");
  EXPECT_EQ(np::DType::parse("bool").str(), "|b1");
  EXPECT_EQ(np::DType::parse("u1").str(), "|u1");
  EXPECT_EQ(np::DType::parse("c16").name(), "complex128");
  EXPECT_EQ(np::DType::parse("<f2").scalar_type(), "numpy.float16");
  for (const char* bad : {"", "f3", "<O8", "|f8", "U5", "float128", "<i16", "f"}) {
    EXPECT_THROW(np::DType::parse(bad), hog::core::ValueError) << bad;
  }
}

TEST(NumpyArray, ChecksTheDataAgainstTheShape) {
  const np::DType f8 = np::DType::parse("<f8");
  EXPECT_THROW(np::array(f8, {2, 3}, std::string(40, '\0')), hog::core::ValueError);
  EXPECT_THROW(np::array(f8, {-1}, ""), hog::core::ValueError);
  EXPECT_THROW(np::array(f8, {1LL << 40, 1LL << 40}, ""), hog::core::ValueError);
  EXPECT_EQ(np::view(np::array(f8, {0, 1LL << 40}, "")).size(), 0u);
  // A count whose byte size would wrap around 2^64 to the data's size is refused.
  EXPECT_THROW(np::array(np::DType::parse("c16"), {1LL << 60}, ""), hog::core::ValueError);
  EXPECT_THROW(
      hog::core::parse("numpy.frombuffer(b'', dtype='c16').reshape((1152921504606846976,))"),
      hog::core::ValueError);
  EXPECT_THROW(np::array(np::DType{'f', 3, '<'}, {1}, "abc"), hog::core::ValueError);
}

TEST(NumpyArray, ViewsReadTheElementsWithoutCopying) {
  const Value a = np::array(np::DType::parse("<f8"), {2, 3}, bytes_of({0, 1, 2, 3, 4, 5}));
  const np::ArrayView view = np::view(a);
  EXPECT_EQ(view.size(), 6u);
  EXPECT_EQ(view.as<double>()[4], 4.0);
  EXPECT_EQ(static_cast<const void*>(view.as<double>().data()), view.bytes().data());
  EXPECT_THROW(view.as<float>(), hog::core::TypeError);
  EXPECT_THROW(view.as<std::int64_t>(), hog::core::TypeError);
  const Value big = np::array(np::DType::parse(">f8"), {1}, std::string(8, '\0'));
  EXPECT_THROW(np::view(big).as<double>(), hog::core::TypeError);
  EXPECT_THROW(np::view(Value(1.5)), hog::core::TypeError);
  const np::DType b1 = np::DType::parse("b1");
  EXPECT_EQ(np::view(np::array(b1, {2}, std::string("\1\0", 2))).as<bool>()[0], true);
  EXPECT_THROW(np::view(np::array(b1, {2}, std::string("\2\0", 2))).as<bool>(),
               hog::core::TypeError);
}

TEST(NumpyArray, OrderIsFortranOnlyWhenTheLayoutIsNotAlsoC) {
  const np::DType i1 = np::DType::parse("i1");
  EXPECT_EQ(np::view(np::array(i1, {2, 2}, "abcd", np::Order::F)).order(), np::Order::F);
  EXPECT_EQ(np::view(np::array(i1, {4}, "abcd", np::Order::F)).order(), np::Order::C);
  EXPECT_EQ(np::view(np::array(i1, {1, 4}, "abcd", np::Order::F)).order(), np::Order::C);
  EXPECT_EQ(np::view(np::array(i1, {0, 4}, "", np::Order::F)).order(), np::Order::C);
}

TEST(NumpyScalar, ComparesAndHashesAsThePythonNumber) {
  const Value half = np::scalar_of(0.5);
  EXPECT_EQ(half.kind(), Kind::NumpyScalar);
  EXPECT_EQ(half.type_name(), "numpy.float64");
  EXPECT_TRUE(half == Value(0.5));
  EXPECT_EQ(hog::core::python_hash(half), hog::core::python_hash(Value(0.5)));
  EXPECT_TRUE(np::scalar_of(std::int8_t{-3}) == Value(-3));
  EXPECT_TRUE(np::scalar_of(true) == Value(1));
  const Value dict = Value::dict({{np::scalar_of(1.0), "a"}, {Value(1), "b"}});
  EXPECT_EQ(dict.size(), 1u);
  EXPECT_EQ(dict[Value(1)].as_str(), "b");
  EXPECT_TRUE(np::scalar_view(np::scalar_of(std::uint64_t{18446744073709551615u})).item() ==
              Value(18446744073709551615ull));
}

TEST(NumpyValues, ArraysAreUnhashableAndCompareByContents) {
  const np::DType f8 = np::DType::parse("<f8");
  const Value a = np::array(f8, {2}, bytes_of({1, 2}));
  EXPECT_THROW(hog::core::python_hash(a), hog::core::TypeError);
  EXPECT_TRUE(a == np::array(f8, {2}, bytes_of({1, 2})));
  EXPECT_FALSE(a == np::array(f8, {2, 1}, bytes_of({1, 2})));
  EXPECT_TRUE(np::dtype(f8) == np::dtype(np::DType::parse("float64")));
}

TEST(NumpySeed, A1000By1000Float64ArrayIsOverTheLimitAndTenChunksAreNot) {
  std::vector<double> values(1000 * 1000);
  std::iota(values.begin(), values.end(), 0.0);
  const Value array = np::array(np::DType::parse("<f8"), {1000, 1000}, bytes_of(values));
  try {
    hog::core::serialize(array);
    FAIL() << "no PayloadTooLargeError";
  } catch (const hog::core::PayloadTooLargeError& error) {
    EXPECT_STREQ(error.what(), "Payload size (10.17 MB) exceeds Globus Compute's 10 MB limit.");
  }
  const std::vector<Value> chunks = np::array_split(array, 10);
  ASSERT_EQ(chunks.size(), 10u);
  for (const Value& chunk : chunks) {
    const std::string payload = hog::core::serialize(chunk);
    EXPECT_LT(payload.size(), 10u * 1024 * 1024);
    EXPECT_EQ(np::view(hog::core::deserialize(payload)).shape()[0], 100);
  }
  EXPECT_EQ(np::view(chunks[3]).as<double>()[0], 300000.0);
}

TEST(NumpySplit, UnevenSectionsAndFortranOrderFollowNumpy) {
  // numpy.array_split(numpy.arange(10), 3) -> sizes 4, 3, 3.
  std::vector<std::int64_t> ten(10);
  std::iota(ten.begin(), ten.end(), 0);
  const Value a = np::array(np::DType::parse("<i8"), {10},
                            std::string(reinterpret_cast<const char*>(ten.data()), 80));
  const auto parts = np::array_split(a, 3);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(np::view(parts[0]).size(), 4u);
  EXPECT_EQ(np::view(parts[2]).as<std::int64_t>()[0], 7);
  // [[0, 1, 2], [3, 4, 5]] in Fortran order is stored 0 3 1 4 2 5; split into rows.
  const Value f =
      np::array(np::DType::parse("i1"), {2, 3}, std::string("\0\3\1\4\2\5", 6), np::Order::F);
  const auto rows = np::array_split(f, 2);
  EXPECT_EQ(np::view(rows[1]).bytes(), std::string("\3\4\5", 3));
  EXPECT_THROW(np::array_split(f, 0), hog::core::ValueError);
  EXPECT_THROW(np::array_split(np::scalar_of(1.0), 2), hog::core::TypeError);
}

TEST(NumpyText, ReprAndParseUseTheDocumentedForms) {
  const Value a =
      np::array(np::DType::parse("<i2"), {2, 2}, std::string("\1\0\2\0\3\0\4\0", 8), np::Order::F);
  EXPECT_EQ(hog::core::repr(a),
            "numpy.frombuffer(b'\\x01\\x00\\x02\\x00\\x03\\x00\\x04\\x00', dtype='<i2')"
            ".reshape((2, 2), order='F')");
  EXPECT_TRUE(hog::core::parse(hog::core::repr(a)) == a);
  EXPECT_EQ(hog::core::repr(np::scalar_of(0.5)), "numpy.float64(0.5)");
  EXPECT_EQ(hog::core::repr(np::scalar_of(true)), "numpy.bool_(True)");
  EXPECT_EQ(hog::core::repr(np::dtype(np::DType::parse(">f4"))), "numpy.dtype('>f4')");
  EXPECT_THROW(hog::core::parse("numpy.array([1, 2])"), hog::core::ValueError);
  EXPECT_THROW(hog::core::parse("numpy.int8(200)"), hog::core::ValueError);
  EXPECT_THROW(hog::core::parse("numpy.float64('x')"), hog::core::ValueError);
  EXPECT_THROW(hog::core::parse("numpy.frombuffer(b'abc', dtype='<f8')"), hog::core::ValueError);
  EXPECT_THROW(hog::core::parse("numpy.frombuffer(b'ab', dtype='i1').reshape((3,))"),
               hog::core::ValueError);
}

}  // namespace
