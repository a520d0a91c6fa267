// Where values live: heaps made one value at a time sit next to each other (the nursery in
// core/src/heap_chunk.hpp), and their memory is freed correctly whichever thread made or drops
// them. Run under AddressSanitizer, a leak or double free here fails the suite.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "hog/core/value.hpp"
#include "value_internal.hpp"

using hog::core::Value;

namespace {

std::uintptr_t address_of(const Value& value) {
  return reinterpret_cast<std::uintptr_t>(value.slot().node);
}

std::vector<Value> make_strs(int count, const std::string& prefix) {
  std::vector<Value> values;
  values.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) values.emplace_back(prefix + std::to_string(i));
  return values;
}

TEST(HeapMemory, ValuesMadeOneByOneLieNextToEachOther) {
  const std::vector<Value> strs = make_strs(1000, "s");
  int adjacent = 0;
  for (std::size_t i = 1; i < strs.size(); ++i) {
    const std::uintptr_t step = address_of(strs[i]) - address_of(strs[i - 1]);
    if (address_of(strs[i]) > address_of(strs[i - 1]) && step <= 128) ++adjacent;
  }
  // Only a switch to a fresh slab (every couple of hundred values) may break the run.
  EXPECT_GE(adjacent, 950);
  const Value list = Value::list(strs);
  EXPECT_EQ(list[999].as_str(), "s999");
}

TEST(HeapMemory, LargeFirstNodesGetTheirOwnChunk) {
  const std::string big(10000, 'x');
  const Value a(big), b(big);
  EXPECT_EQ(a.as_str(), big);
  EXPECT_EQ(Value::list({a, b, Value("small")})[1].as_str(), big);
}

TEST(HeapMemory, ValuesOutliveTheThreadThatMadeThem) {
  std::vector<Value> made;
  std::thread worker([&] { made = make_strs(5000, "t"); });
  worker.join();
  const Value list = Value::list(made);
  made.clear();
  EXPECT_EQ(list[4999].as_str(), "t4999");
  EXPECT_EQ(list.size(), 5000u);
}

TEST(HeapMemory, ValuesMadeOnSomeThreadsDieOnOthers) {
  constexpr int kThreads = 4;
  std::vector<std::vector<Value>> made(kThreads);
  std::vector<std::thread> makers;
  for (int t = 0; t < kThreads; ++t) {
    makers.emplace_back([&made, t] { made[t] = make_strs(20000, std::to_string(t) + ":"); });
  }
  for (auto& thread : makers) thread.join();
  std::vector<std::thread> droppers;
  for (int t = 0; t < kThreads; ++t) {
    // Each thread drops another's values, half of them merged into one list first.
    droppers.emplace_back([&made, t] {
      std::vector<Value>& mine = made[(t + 1) % kThreads];
      const Value list = Value::list(std::vector<Value>(mine.begin(), mine.begin() + 10000));
      mine.clear();
      EXPECT_EQ(list.size(), 10000u);
    });
  }
  for (auto& thread : droppers) thread.join();
}

}  // namespace
