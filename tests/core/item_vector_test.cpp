// White-box: ItemVector (core/src/item_vector.hpp), the item storage of container nodes, behaves
// as std::vector under any sequence of the operations the codecs and the value API use, on both
// sides of the arena boundary (blocks past ItemVector::kArenaBytes come from operator new and
// mark the node needs_destructor). Run under AddressSanitizer, a block freed twice, leaked or
// read after it moved fails the suite.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <vector>

#include "hog/core/value.hpp"
#include "value_internal.hpp"

using hog::core::Value;
namespace detail = hog::core::detail;

namespace {

std::vector<std::int64_t> ints_of(const detail::SlotVector& items) {
  std::vector<std::int64_t> ints;
  for (const detail::Slot& item : items) ints.push_back(item.i);
  return ints;
}

std::vector<detail::Slot> slots_of(const std::vector<std::int64_t>& ints) {
  std::vector<detail::Slot> slots;
  for (const std::int64_t i : ints) slots.push_back(detail::int_slot(i));
  return slots;
}

// The items of a fresh empty list, in a heap of its own.
struct EmptyList {
  Value list = Value::list({});
  detail::SequenceNode& node() { return *static_cast<detail::SequenceNode*>(list.slot().node); }
};

constexpr std::size_t kSlotsInArena = detail::SlotVector::kArenaBytes / sizeof(detail::Slot);

}  // namespace

RC_GTEST_PROP(ItemVectorProperties, BehavesAsStdVector, ()) {
  EmptyList list;
  detail::SlotVector& items = list.node().items;
  std::vector<std::int64_t> model;
  const int steps = *rc::gen::inRange(1, 40);
  for (int step = 0; step < steps; ++step) {
    switch (*rc::gen::inRange(0, 7)) {
      case 0:
        items.push_back(detail::int_slot(step));
        model.push_back(step);
        break;
      case 1:  // an item of the vector itself, which a growth moves
        if (!model.empty()) {
          const auto at = *rc::gen::inRange<std::size_t>(0, model.size());
          items.emplace_back(items[at]);
          model.push_back(model[at]);
        }
        break;
      case 2: {
        const auto more = slots_of(*rc::gen::container<std::vector<std::int64_t>>(
            *rc::gen::inRange<std::size_t>(0, 2 * kSlotsInArena),
            rc::gen::arbitrary<std::int64_t>()));
        items.append(more.begin(), more.end());
        for (const detail::Slot& slot : more) model.push_back(slot.i);
        break;
      }
      case 3: {
        const auto ints = *rc::gen::container<std::vector<std::int64_t>>(
            *rc::gen::inRange<std::size_t>(0, 3 * kSlotsInArena / 2),
            rc::gen::arbitrary<std::int64_t>());
        const auto slots = slots_of(ints);
        items.assign(slots.begin(), slots.end());
        model = ints;
        break;
      }
      case 4: {
        const auto count = *rc::gen::inRange<std::size_t>(0, 2 * kSlotsInArena);
        items.assign(count, detail::int_slot(-7));
        model.assign(count, -7);
        break;
      }
      case 5: {
        const auto room = *rc::gen::inRange<std::size_t>(0, 2 * kSlotsInArena);
        items.reserve(room);
        RC_ASSERT(items.capacity() >= room);
        break;
      }
      default:
        items.clear();
        model.clear();
        break;
    }
    RC_ASSERT(items.size() == model.size());
    RC_ASSERT(items.empty() == model.empty());
    RC_ASSERT(items.capacity() >= items.size());
    RC_ASSERT(ints_of(items) == model);
    // A block from operator new is freed by the vector, so its node must be destroyed.
    if (items.capacity() > kSlotsInArena) RC_ASSERT(list.node().needs_destructor);
  }
}

TEST(ItemVector, GrowsByDoublingFromTheArenaThenOutsideIt) {
  EmptyList list;
  detail::SlotVector& items = list.node().items;
  std::vector<std::size_t> capacities;  // each one it takes
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(4 * kSlotsInArena); ++i) {
    items.push_back(detail::int_slot(i));
    if (capacities.empty() || capacities.back() != items.capacity()) {
      capacities.push_back(items.capacity());
    }
  }
  // kSlotsInArena (64) is the last block from the arena.
  EXPECT_EQ(capacities, (std::vector<std::size_t>{1, 2, 4, 8, 16, 32, 64, 128, 256}));
  EXPECT_TRUE(list.node().needs_destructor);
  EXPECT_EQ(items[4 * kSlotsInArena - 1].i, static_cast<std::int64_t>(4 * kSlotsInArena - 1));
}

TEST(ItemVector, StaysInTheArenaUpToItsBlockSize) {
  EmptyList list;
  detail::SlotVector& items = list.node().items;
  items.reserve(kSlotsInArena);
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(kSlotsInArena); ++i) {
    items.push_back(detail::int_slot(i));
  }
  EXPECT_EQ(items.capacity(), kSlotsInArena);
  EXPECT_FALSE(list.node().needs_destructor);
}
