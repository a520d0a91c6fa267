// repr(): CPython's output for the built-in types (expected strings are CPython 3.11's), the
// recursion markers, the documented forms of globals and reduced objects, and the round trip
// parse(repr(v)) over generated literal-safe values.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <complex>
#include <limits>
#include <string>

#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "support/value_gen.hpp"

using hog::core::parse;
using hog::core::repr;
using hog::core::Value;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

std::string crepr(double real, double imag) {
  return repr(Value(std::complex<double>(real, imag)));
}

// Complex numbers whose repr reads back to the same bits: the repr of the real part drops the
// sign of zero ("-0") and "-Xj" alone negates a zero real part too — Python's own limits.
bool complex_round_trips(std::complex<double> c) {
  const bool zero_real = c.real() == 0.0;
  if (zero_real && std::signbit(c.real())) return false;
  if (zero_real) return std::isnan(c.imag()) || !std::signbit(c.imag());
  return !(c.imag() == 0.0 && std::signbit(c.imag()));
}

bool literal_round_trips(const Value& v) {
  switch (v.kind()) {
    case hog::core::Kind::Complex:
      return complex_round_trips(v.as_complex());
    case hog::core::Kind::Dict:
      for (const auto& [key, value] : v.items()) {
        if (!literal_round_trips(key) || !literal_round_trips(value)) return false;
      }
      return true;
    case hog::core::Kind::List:
    case hog::core::Kind::Tuple:
    case hog::core::Kind::Set:
    case hog::core::Kind::FrozenSet:
      for (const auto& item : v.elements()) {
        if (!literal_round_trips(item)) return false;
      }
      return true;
    default:
      return true;
  }
}
}  // namespace

TEST(Repr, FloatsAsCPythonPrintsThem) {
  EXPECT_EQ(repr(Value(1e16)), "1e+16");
  EXPECT_EQ(repr(Value(1e15)), "1000000000000000.0");
  EXPECT_EQ(repr(Value(1e-5)), "1e-05");
  EXPECT_EQ(repr(Value(1e-4)), "0.0001");
  EXPECT_EQ(repr(Value(0.1)), "0.1");
  EXPECT_EQ(repr(Value(-0.0)), "-0.0");
  EXPECT_EQ(repr(Value(1.5e300)), "1.5e+300");
  EXPECT_EQ(repr(Value(5e-324)), "5e-324");
  EXPECT_EQ(repr(Value(123456789.123)), "123456789.123");
  EXPECT_EQ(repr(Value(kInf)), "inf");
  EXPECT_EQ(repr(Value(-kInf)), "-inf");
  EXPECT_EQ(repr(Value(kNan)), "nan");
  EXPECT_EQ(repr(Value(-kNan)), "nan");
}

TEST(Repr, ComplexAsCPythonPrintsIt) {
  EXPECT_EQ(crepr(1, 2), "(1+2j)");
  EXPECT_EQ(crepr(0, 2), "2j");
  EXPECT_EQ(crepr(-0.0, -0.0), "(-0-0j)");
  EXPECT_EQ(crepr(kNan, kInf), "(nan+infj)");
  EXPECT_EQ(crepr(0.0, -1.0), "-1j");
  EXPECT_EQ(crepr(-0.0, 1), "(-0+1j)");
  EXPECT_EQ(crepr(1e16, -1e-5), "(1e+16-1e-05j)");
  EXPECT_EQ(crepr(0, kNan), "nanj");
  EXPECT_EQ(crepr(1.5, 0), "(1.5+0j)");
}

TEST(Repr, StringsAndBytesQuoteAndEscapeAsCPython) {
  EXPECT_EQ(repr(Value("a'b")), "\"a'b\"");
  EXPECT_EQ(repr(Value("a\"b")), "'a\"b'");
  EXPECT_EQ(repr(Value("a'\"b")), "'a\\'\"b'");
  static const char kMixed[] =
      "\x00\x7f\xc2\x80\xc2\xa0\xc2\xad\xe2\x80\x8b\xe2\x80\xa8\xed\xa0\x80\xf0\x9f\x98\x80"
      "\xf3\xa0\x80\x81\t\n\r\\";
  EXPECT_EQ(
      repr(Value(std::string_view(kMixed, sizeof kMixed - 1))),
      "'\\x00\\x7f\\x80\\xa0\\xad\\u200b\\u2028\\ud800\xf0\x9f\x98\x80\\U000e0001\\t\\n\\r\\\\'");
  EXPECT_EQ(repr(Value("\xc3\xa9\xe2\x82\xac")), "'\xc3\xa9\xe2\x82\xac'");
  EXPECT_EQ(repr(Value::bytes("a'b")), "b\"a'b\"");
  EXPECT_EQ(repr(Value::bytes(std::string_view("\x00\x7f\x80\xff\"", 5))),
            "b'\\x00\\x7f\\x80\\xff\"'");
  EXPECT_EQ(repr(Value::bytearray("x'")), "bytearray(b\"x'\")");
  EXPECT_EQ(repr(Value::bytearray("")), "bytearray(b'')");
}

TEST(Repr, ContainersAndIntLimit) {
  EXPECT_EQ(repr(Value::frozenset()), "frozenset()");
  EXPECT_EQ(repr(Value::set()), "set()");
  EXPECT_EQ(repr(Value::set({1, "a"})), "{1, 'a'}");
  EXPECT_EQ(repr(Value::frozenset({2, 1})), "frozenset({2, 1})");
  EXPECT_EQ(repr(Value::tuple({1})), "(1,)");
  EXPECT_EQ(repr(Value::tuple()), "()");
  EXPECT_EQ(repr(Value::list()), "[]");
  EXPECT_EQ(repr(Value::dict()), "{}");
  EXPECT_EQ(repr(Value::dict({{"k", Value::list({nullptr, true})}})), "{'k': [None, True]}");
  const Value big = parse("1" + std::string(4299, '0'));
  EXPECT_EQ(repr(big), "1" + std::string(4299, '0'));
  EXPECT_EQ(repr(parse("-1" + std::string(4299, '0'))), "-1" + std::string(4299, '0'));
  try {
    repr(parse("0x1" + std::string(3600, '0')));
    FAIL() << "no error";
  } catch (const hog::core::ValueError& e) {
    EXPECT_STREQ(e.what(),
                 "Exceeds the limit (4300 digits) for integer string conversion; use "
                 "sys.set_int_max_str_digits() to increase the limit");
  }
}

// Markers where CPython's Py_ReprEnter finds an object already being printed.
TEST(Repr, RecursionMarkers) {
  Value list = Value::list();
  list.append(list);
  EXPECT_EQ(repr(list), "[[...]]");
  Value dict = Value::dict();
  dict.set_item("a", dict);
  EXPECT_EQ(repr(dict), "{'a': {...}}");
  Value inner = Value::list();
  const Value tuple = Value::tuple({inner});
  inner.append(tuple);
  EXPECT_EQ(repr(tuple), "([(...)],)");
  const Value shared = Value::list({1});
  EXPECT_EQ(repr(Value::list({shared, shared})), "[[1], [1]]");  // sharing alone is no recursion
}

TEST(Repr, GlobalsAndReducedObjects) {
  EXPECT_EQ(repr(Value::global("collections", "OrderedDict")), "collections.OrderedDict");
  EXPECT_EQ(repr(parse("...")), "Ellipsis");
  hog::core::Reduction r;
  r.callable = Value::global("collections", "OrderedDict");
  r.args = Value::tuple({Value::list()});
  r.state = Value::dict({{"x", 1}});
  r.dict_items = {{"k", 2}};
  EXPECT_EQ(repr(Value::reduced(r)),
            "<reduce collections.OrderedDict([]) state={'x': 1} dict_items={'k': 2}>");
  r.how = hog::core::Construction::NewObjEx;
  r.kwargs = Value::dict({{"a", 1}});
  r.state.reset();
  r.dict_items.clear();
  r.list_items = {3, 4};
  EXPECT_EQ(repr(Value::reduced(r)),
            "<newobj collections.OrderedDict([], **{'a': 1}) items=[3, 4]>");
}

TEST(Repr, DeepNestingRaisesRecursionError) {
  Value v = Value::list();
  for (int i = 0; i < 200000; ++i) v = Value::list({v});
  EXPECT_THROW(repr(v), hog::core::RecursionError);
  hog::core::ReprOptions deep;
  deep.max_depth = 300000;
  EXPECT_EQ(repr(v, deep).size(), 2u * 200001u);  // no recursion, so no stack limit either
}

RC_GTEST_PROP(Repr, ParseOfReprIsTheSameGraph, ()) {
  hog::test::ValueGenOptions options;
  options.globals = false;
  const Value v = *hog::test::gen_value(options);
  RC_PRE(literal_round_trips(v));
  const std::string text = repr(v);
  RC_ASSERT(hog::core::same_graph(parse(text), v));
}

namespace {

// A few dozen lists that share their items print 2^40 characters: the output limit stops that
// with a ValueError instead of filling memory.
TEST(Repr, SharedReferencesCannotBlowUpTheOutput) {
  using hog::core::Value;
  Value doubled = Value::list();
  for (int i = 0; i < 40; ++i) doubled = Value::list({doubled, doubled});
  EXPECT_LT(hog::core::ReprOptions{}.max_output, std::size_t{1} << 31);
  EXPECT_THROW(hog::core::repr(doubled, {.max_output = 1 << 16}), hog::core::ValueError);
  Value small = Value::list();
  for (int i = 0; i < 4; ++i) small = Value::list({small, small});
  EXPECT_EQ(hog::core::repr(small, {.max_output = 1 << 16}).size(),
            92u);  // len(repr(x)) in CPython
}

}  // namespace
