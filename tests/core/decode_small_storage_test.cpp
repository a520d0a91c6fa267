// White-box: the small-size storage that lets a small pickle decode with few allocations behaves
// exactly as the plain containers it replaces, on both sides of each spill boundary:
// - detail::SmallStack (the codecs' stacks and dense memos) against std::vector;
// - decoding::DecodeMemo (first 16 dense entries inline) against std::map;
// - detail::KeyIndex up to kSmall items (not built: keys compared in order, none hashed) against
//   the same index built up front, for dicts and sets, across kSmall.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/value.hpp"
#include "pickle_decode_memo.hpp"
#include "small_stack.hpp"
#include "support/key_pool.hpp"
#include "value_internal.hpp"

using hog::core::Value;
namespace detail = hog::core::detail;
namespace decoding = hog::core::pickle::decoding;

namespace {

constexpr std::size_t kInline = 4;
using Stack = detail::SmallStack<std::int64_t, kInline>;

std::vector<std::int64_t> contents(const Stack& stack) {
  return {stack.begin(), stack.end()};
}

}  // namespace

TEST(SmallStack, SpillsOnlyPastItsInlineItems) {
  detail::SmallStack<detail::Slot, 32> stack;
  for (int i = 0; i < 32; ++i) stack.push(detail::int_slot(i));
  EXPECT_FALSE(stack.spilled());
  stack.push(detail::int_slot(32));
  ASSERT_TRUE(stack.spilled());
  ASSERT_EQ(stack.size(), 33u);
  for (std::size_t i = 0; i < stack.size(); ++i) EXPECT_EQ(stack[i].i, static_cast<int>(i));
}

TEST(SmallStack, PushOfItsOwnItemAcrossTheSpill) {
  Stack stack;
  for (std::int64_t i = 0; i < 4; ++i) stack.push(i + 10);
  stack.push(stack[0]);  // the inline storage is left behind while the item is copied
  EXPECT_EQ(contents(stack), (std::vector<std::int64_t>{10, 11, 12, 13, 10}));
}

RC_GTEST_PROP(SmallStack, BehavesAsAVector, ()) {
  const auto ops = *rc::gen::container<std::vector<std::pair<int, std::int64_t>>>(
      rc::gen::pair(rc::gen::inRange(0, 5), rc::gen::inRange<std::int64_t>(0, 12)));
  Stack stack;
  std::vector<std::int64_t> model;
  std::size_t most = 0;
  for (const auto& [op, n] : ops) {
    switch (op) {
      case 0:
      case 1:
        stack.push(n);
        model.push_back(n);
        break;
      case 2:
        if (!model.empty()) {
          RC_ASSERT(stack.back() == model.back());
          stack.pop();
          model.pop_back();
        }
        break;
      case 3:
        stack.truncate(static_cast<std::size_t>(n));
        if (static_cast<std::size_t>(n) < model.size()) model.resize(static_cast<std::size_t>(n));
        break;
      default:
        stack.grow_to(static_cast<std::size_t>(n), -n);
        if (static_cast<std::size_t>(n) > model.size())
          model.resize(static_cast<std::size_t>(n), -n);
        break;
    }
    most = std::max(most, model.size());
    RC_ASSERT(contents(stack) == model);
    RC_ASSERT(stack.spilled() == (most > kInline));
  }
}

RC_GTEST_PROP(DecodeMemo, BehavesAsAMap, ()) {
  // Dense indexes around the inline part and its growth, and a few far ones (sparse).
  const auto index_gen = rc::gen::oneOf(rc::gen::inRange<std::uint64_t>(0, 40),
                                        rc::gen::element<std::uint64_t>(100, 5000, 4294967295u));
  const auto ops = *rc::gen::container<std::vector<std::pair<bool, std::uint64_t>>>(
      rc::gen::pair(rc::gen::arbitrary<bool>(), index_gen));
  decoding::DecodeMemo memo;
  std::map<std::uint64_t, std::int64_t> model;
  std::int64_t next = 0;
  for (const auto& [is_put, index] : ops) {
    if (is_put) {
      memo.put(index, detail::int_slot(next));
      model[index] = next++;
    }
    const std::optional<detail::Slot> got = memo.get(index);
    const auto want = model.find(index);
    RC_ASSERT(got.has_value() == (want != model.end()));
    if (got) RC_ASSERT(got->i == want->second);
    RC_ASSERT(memo.size() == model.size());
  }
  // MEMOIZE's index is size() (an existing entry when a PUT took it: overwritten, as in CPython).
  for (int i = 0; i < 20; ++i) {
    model[model.size()] = next;
    memo.put(memo.size(), detail::int_slot(next++));
  }
  RC_ASSERT(memo.size() == model.size());
  for (const auto& [index, value] : model) RC_ASSERT(memo.get(index)->i == value);
}

namespace {

template <class Node>
Node& node_of(const Value& value) {
  return *static_cast<Node*>(value.slot().node);
}

// Builds the index of an empty container, so it is used from the first item on (as past kSmall).
void build_empty_index(detail::KeyIndex& index) {
  index.build(0, 4 * detail::KeyIndex::kSmall, [](std::size_t) -> const detail::Slot& {
    throw std::logic_error("an empty container has no keys");
  });
}

// repr of every item, in order, and the error the inserts stopped at.
std::string describe(const Value& container, const std::optional<std::string>& error) {
  std::string text = hog::core::repr(container);
  if (error) text += " / " + *error;
  return text;
}

}  // namespace

RC_GTEST_PROP(KeyIndex, SmallDictIndexBehavesAsTheTable, ()) {
  const std::vector<Value> pool = hog::test::colliding_keys();
  const auto picks =
      *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(0, pool.size()));
  const Value small = Value::dict({});
  const Value table = Value::dict({});
  build_empty_index(node_of<detail::DictNode>(table).index);
  std::vector<Value> values;
  std::optional<std::string> small_error;
  std::optional<std::string> table_error;
  for (std::size_t i = 0; i < picks.size(); ++i) {
    values.emplace_back(static_cast<long long>(i));
    const detail::Slot key = pool[picks[i]].slot();
    try {
      detail::dict_set(node_of<detail::DictNode>(small), key, values.back().slot());
    } catch (const hog::core::TypeError& error) {
      small_error = error.what();
    }
    try {
      detail::dict_set(node_of<detail::DictNode>(table), key, values.back().slot());
    } catch (const hog::core::TypeError& error) {
      table_error = error.what();
    }
  }
  RC_ASSERT(describe(small, small_error) == describe(table, table_error));
  for (const Value& key : pool) {
    std::optional<std::ptrdiff_t> in_small;
    std::optional<std::ptrdiff_t> in_table;
    try {
      in_small = detail::dict_find(node_of<detail::DictNode>(small), key.slot());
    } catch (const hog::core::TypeError&) {
    }
    try {
      in_table = detail::dict_find(node_of<detail::DictNode>(table), key.slot());
    } catch (const hog::core::TypeError&) {
    }
    RC_ASSERT(in_small == in_table);
  }
}

RC_GTEST_PROP(KeyIndex, SmallSetIndexBehavesAsTheTable, ()) {
  std::vector<Value> pool = hog::test::colliding_keys();
  std::erase_if(pool, [](const Value& key) {  // the unhashable ones
    try {
      detail::slot_hash(key.slot());
      return false;
    } catch (const hog::core::TypeError&) {
      return true;
    }
  });
  const auto picks =
      *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(0, pool.size()));
  const Value small = Value::set({});
  const Value table = Value::set({});
  build_empty_index(node_of<detail::SetNode>(table).index);
  for (const std::size_t pick : picks) {
    const bool added_small = detail::set_add(node_of<detail::SetNode>(small), pool[pick].slot());
    const bool added_table = detail::set_add(node_of<detail::SetNode>(table), pool[pick].slot());
    RC_ASSERT(added_small == added_table);
  }
  RC_ASSERT(hog::core::repr(small) == hog::core::repr(table));
  for (const Value& member : pool) {
    RC_ASSERT(detail::set_find(node_of<detail::SetNode>(small), member.slot()) ==
              detail::set_find(node_of<detail::SetNode>(table), member.slot()));
  }
}

TEST(KeyIndex, DictPastTheSmallSizeFindsEveryKey) {
  // Hand-written: 20 distinct str keys inserted one by one cross kSmall; each is found at its
  // insertion position, and an absent key is not found.
  const Value dict = Value::dict({});
  std::vector<Value> keys;
  for (int i = 0; i < 20; ++i) {
    keys.emplace_back("key" + std::to_string(i));
    ASSERT_TRUE(
        detail::dict_set(node_of<detail::DictNode>(dict), keys.back().slot(), Value(i).slot()));
    for (int j = 0; j <= i; ++j) {
      EXPECT_EQ(detail::dict_find(node_of<detail::DictNode>(dict), keys[j].slot()), j);
    }
    EXPECT_EQ(detail::dict_find(node_of<detail::DictNode>(dict), Value("absent").slot()), -1);
  }
}

TEST(KeyIndex, TooDeepKeyRaisesRecursionErrorBeforeAndAfterTheIndexIsBuilt) {
  // A small dict compares keys instead of hashing them, but a key too deep to hash is refused
  // all the same, as CPython refuses it (RecursionError while hashing).
  Value key = Value::tuple({});
  for (int i = 0; i < 6000; ++i) key = Value::tuple({key});
  for (const int items_before : {0, 1, static_cast<int>(detail::KeyIndex::kSmall) + 1}) {
    const Value dict = Value::dict({});
    for (int i = 0; i < items_before; ++i) {
      detail::dict_set(node_of<detail::DictNode>(dict), Value(i).slot(), Value(i).slot());
    }
    EXPECT_THROW(detail::dict_set(node_of<detail::DictNode>(dict), key.slot(), Value(0).slot()),
                 hog::core::RecursionError)
        << items_before << " items before";
    EXPECT_THROW(detail::dict_find(node_of<detail::DictNode>(dict), key.slot()),
                 hog::core::RecursionError)
        << items_before << " items before";
    EXPECT_EQ(dict.size(), static_cast<std::size_t>(items_before));
  }
}
