// The C++ example in README.md, compiled and checked, so the README cannot drift from the API.
#include <gtest/gtest.h>

#include "hog/core/envelope.hpp"
#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"

TEST(Readme, CppExampleWorksAsDocumented) {
  using hog::core::Value;

  Value call = hog::core::make_call_payload(Value::tuple({Value::list({1.5, 2.5}), "seed"}),
                                            Value::dict({{"z", 10}}));
  Value same = hog::core::parse("(([1.5, 2.5], 'seed'), {'z': 10})");
  EXPECT_EQ(call, same);

  std::string envelope = hog::core::serialize(call);
  EXPECT_TRUE(envelope.starts_with("__PICKLE__:gAWV"));
  Value back = hog::core::deserialize(envelope);
  auto [args, kwargs] = hog::core::split_call_payload(back);
  double first = args[0][0].as_float();
  EXPECT_EQ(first, 1.5);
  EXPECT_THROW(args[1].as_float(), hog::core::TypeError);
  std::string text = hog::core::repr(back);
  EXPECT_EQ(text, "(([1.5, 2.5], 'seed'), {'z': 10})");

  auto result = hog::core::deserialize_stdout("hello\n__GROUNDHOG_RESULT__\n" + envelope);
  EXPECT_EQ(result.user_output, std::optional<std::string>("hello"));
  EXPECT_EQ(result.value, call);
}
