// Properties of the value model over generated graphs.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "hog/core/value.hpp"
#include "support/value_gen.hpp"

using hog::core::Value;

RC_GTEST_PROP(ValueProperties, EqualHashablesHashEqual, ()) {
  const Value a = *hog::test::gen_hashable();
  const Value b = *hog::test::gen_hashable();
  if (a == b) RC_ASSERT(hog::core::python_hash(a) == hog::core::python_hash(b));
  RC_ASSERT(hog::core::python_hash(a) == hog::core::python_hash(a));
}

RC_GTEST_PROP(ValueProperties, NumbersCollapseAcrossKinds, (int n)) {
  const Value d = Value::dict({{n, 1}, {static_cast<double>(n), 2}, {std::complex<double>(n, 0), 3}});
  RC_ASSERT(d.size() == 1u);
  RC_ASSERT(d[n].as_int() == 3);
}

RC_GTEST_PROP(ValueProperties, GraphsWithCyclesAreTheirOwnShape, ()) {
  hog::test::ValueGenOptions options;
  options.cycles = true;
  options.globals = true;
  const Value v = *hog::test::gen_value(options);
  RC_ASSERT(hog::core::same_graph(v, v));
  const Value wrapped = Value::list({v});
  RC_ASSERT(wrapped[0].is(v));
}

#include "support/python_expr.hpp"
#include "support/python_oracle.hpp"

// The emitted program rebuilds the graph in CPython: checked through repr of a value with sharing.
TEST(PythonProgram, RebuildsSharingAndCycles) {
  Value shared = Value::tuple({1, Value("ab")});
  Value list = Value::list({shared, shared, Value::bytes("a"), 2.5, Value::set({1})});
  list.append(list);
  const std::string out = hog::test::run_python(hog::test::python_program(list) + R"(
print(repr(v))
print(v[0] is v[1], v[5] is v, v[0][1] == 'ab')
)");
  EXPECT_EQ(out, "[(1, 'ab'), (1, 'ab'), b'a', 2.5, {1}, [...]]\nTrue True True\n");
}
