// White-box: detail::dict_set_pairs (the decoder's DICT and SETITEMS, which hashes keys ahead and
// prefetches) behaves exactly as one detail::dict_set after another: the same items, the same key
// object kept for keys Python treats as one (1, 1.0, True), the same last value, and the same
// exception at the same pair (an unhashable key leaves the pairs before it inserted).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/value.hpp"
#include "support/key_pool.hpp"
#include "value_internal.hpp"

using hog::core::Value;
namespace detail = hog::core::detail;

namespace {

struct Outcome {
  std::vector<std::string> items;  // repr(key): repr(value), in dict order
  std::optional<std::string> error;
};

Outcome outcome_of(const Value& dict, std::optional<std::string> error) {
  Outcome outcome{{}, std::move(error)};
  for (const auto& [key, value] : dict.items()) {
    outcome.items.push_back(hog::core::repr(key) + ": " + hog::core::repr(value));
  }
  return outcome;
}

detail::DictNode& node_of(const Value& dict) {
  return *static_cast<detail::DictNode*>(dict.slot().node);
}

}  // namespace

RC_GTEST_PROP(DictSetPairs, MatchesOneDictSetAfterAnother, ()) {
  const std::vector<Value> pool = hog::test::colliding_keys();
  const auto picks =
      *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(0, pool.size()));
  // A dict that may already hold items, as for a later SETITEMS batch.
  const auto already = *rc::gen::inRange<std::size_t>(0, 4);

  std::vector<detail::Slot> pairs;
  std::vector<Value> values;  // keeps the values alive: the dicts hold bare slots
  for (std::size_t i = 0; i < picks.size(); ++i) {
    values.emplace_back(static_cast<long long>(i));
    pairs.push_back(pool[picks[i]].slot());
    pairs.push_back(values.back().slot());
  }

  const Value one_by_one = Value::dict({});
  const Value at_once = Value::dict({});
  for (std::size_t i = 0; i < already; ++i) {
    detail::dict_set(node_of(one_by_one), pool[i].slot(), Value(-1).slot());
    detail::dict_set(node_of(at_once), pool[i].slot(), Value(-1).slot());
  }

  std::optional<std::string> expected_error;
  try {
    for (std::size_t i = 0; i < picks.size(); ++i) {
      detail::dict_set(node_of(one_by_one), pairs[2 * i], pairs[2 * i + 1]);
    }
  } catch (const hog::core::TypeError& error) {
    expected_error = error.what();
  }
  std::optional<std::string> error;
  try {
    detail::dict_set_pairs(node_of(at_once), pairs.data(), picks.size());
  } catch (const hog::core::TypeError& e) {
    error = e.what();
  }

  const Outcome expected = outcome_of(one_by_one, expected_error);
  const Outcome actual = outcome_of(at_once, error);
  RC_ASSERT(actual.items == expected.items);
  RC_ASSERT(actual.error == expected.error);
}

TEST(DictSetPairs, UnhashableKeyAfterManyPairsLeavesThoseBeforeIt) {
  // More pairs than the look-ahead, and the unhashable key past it.
  std::vector<Value> keep;
  std::vector<detail::Slot> pairs;
  for (int i = 0; i < 20; ++i) {
    keep.emplace_back(i == 13 ? Value::list({}) : Value("k" + std::to_string(i)));
    keep.emplace_back(i);
    pairs.push_back(keep[keep.size() - 2].slot());
    pairs.push_back(keep.back().slot());
  }
  const Value dict = Value::dict({});
  try {
    detail::dict_set_pairs(node_of(dict), pairs.data(), 20);
    FAIL() << "an unhashable key was accepted";
  } catch (const hog::core::TypeError& error) {
    EXPECT_STREQ(error.what(), "unhashable type: 'list'");
  }
  ASSERT_EQ(dict.items().size(), 13u);
  EXPECT_EQ(dict.items()[12].first.as_str(), "k12");
}
