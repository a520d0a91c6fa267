// Regression tests for what the fuzz targets found (fuzz/regressions/<target>/<name>): each test
// reads the checked-in reproducer and checks the property its target broke. Expected values are
// written by hand from CPython's behaviour.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/pickle.hpp"

namespace hog::core {
namespace {

std::string reproducer(const std::string& target, const std::string& name) {
  const std::string path = std::string(HOG_FUZZ_REGRESSIONS_DIR) + "/" + target + "/" + name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// "..." parses to Ellipsis, whose repr() is `Ellipsis` (as in CPython); parse must read that back.
TEST(FuzzRegression, LiteralEllipsisReprReparses) {
  const Value value = parse(reproducer("fuzz_literal_parse", "ellipsis-repr-reparses"));
  ASSERT_EQ(repr(value), "Ellipsis");
  const Value again = parse(repr(value));
  EXPECT_EQ(again.kind(), Kind::Global);
  EXPECT_EQ(again.global_module(), "builtins");
  EXPECT_EQ(again.global_name(), "Ellipsis");
  EXPECT_EQ(repr(parse("[Ellipsis, (Ellipsis,)]")), "[Ellipsis, (Ellipsis,)]");
}

// A GLOBAL whose name is ".construct": below protocol 4 the encoder split it at the dot and wrote
// an empty GLOBAL name, which no unpickler reads. CPython's pickler cannot write such a global
// (PicklingError); STACK_GLOBAL at protocol 4+ carries it as it is.
TEST(FuzzRegression, PickleGlobalWithEmptyNamePart) {
  const Value value = pickle::decode(reproducer("fuzz_pickle_decode", "global-empty-name-part"));
  const Value callable = value.as_reduction().callable;
  ASSERT_EQ(callable.global_name(), ".construct");
  for (int protocol = 0; protocol < 4; ++protocol) {
    pickle::EncodeOptions options;
    options.protocol = protocol;
    EXPECT_THROW(pickle::encode(value, options), PicklingError) << "protocol " << protocol;
    EXPECT_THROW(pickle::encode(Value::global("m", "a..b"), options), PicklingError);
    EXPECT_THROW(pickle::encode(Value::global("m\nx", "a"), options), PicklingError);
  }
  for (int protocol = 4; protocol <= 5; ++protocol) {
    pickle::EncodeOptions options;
    options.protocol = protocol;
    EXPECT_TRUE(same_graph(pickle::decode(pickle::encode(value, options)), value));
  }
}

}  // namespace
}  // namespace hog::core
