// The oracle itself: the configured interpreter runs, is CPython 3.11 and imports numpy.
#include <gtest/gtest.h>

#include "support/python_oracle.hpp"

TEST(Oracle, InterpreterIsCPython311WithNumpy) {
  const std::string out = hog::test::run_python(
      "import sys, platform, numpy\n"
      "print(platform.python_implementation(), sys.version_info[:2] == (3, 11))\n");
  EXPECT_EQ(out, "CPython True\n");
}

TEST(Oracle, FailingScriptRaises) {
  EXPECT_THROW(hog::test::run_python("raise SystemExit(3)"), std::runtime_error);
}

TEST(Oracle, HexRoundTrip) {
  const std::string bytes("\x00\xff\x10 a", 5);
  EXPECT_EQ(hog::test::to_hex(bytes), "00ff102061");
  EXPECT_EQ(hog::test::from_hex("00ff102061"), bytes);
}

#include "hog/core/errors.hpp"

TEST(Errors, TypeNameIsThePythonName) {
  const hog::core::TypeError error("unhashable type: 'list'");
  EXPECT_EQ(error.type_name(), "TypeError");
  EXPECT_STREQ(error.what(), "unhashable type: 'list'");
}

TEST(Oracle, LargeScriptsAndInputsPassThrough) {
  std::string code = "import sys\ndata = sys.stdin.buffer.read()\n";
  for (int i = 0; i < 20000; ++i)
    code += "x" + std::to_string(i) + " = " + std::to_string(i) + "\n";
  code += "print(len(data), x19999)\n";
  EXPECT_EQ(hog::test::run_python(code, std::string(3 << 20, 'a')), "3145728 19999\n");
}

#include "hog/core/value.hpp"
#include "support/python_expr.hpp"

TEST(Oracle, PythonProgramMakesTuplesBeforeTheTuplesThatHoldThemThroughAList) {
  // t1 = (l,) and l = [t2] with t2 = (t1,): t1 is met first, t2 below it, yet t2 holds t1.
  using hog::core::Value;
  Value list = Value::list({});
  const Value t1 = Value::tuple({list});
  list.append(Value::tuple({t1}));
  const std::string program = hog::test::python_program(t1, "v") +
                              "print(v[0][0][0] is v, type(v[0][0]).__name__, len(v[0]))\n";
  EXPECT_EQ(hog::test::run_python(program), "True tuple 1\n");
}
