// Where values live: heaps made one value at a time sit next to each other (the nursery in
// core/src/heap_chunk.hpp), emptied heaps are reused (SpareHeaps in core/src/heap.cpp), and their
// memory is freed correctly whichever thread made or drops them. Run under AddressSanitizer, a
// leak, double free or use of a recycled heap's old memory here fails the suite.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "hog/core/envelope.hpp"
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

// The call payload with `i` in it, and the check that a decoded one is intact.
Value numbered_call(int i) {
  return Value::tuple({Value::tuple({i, 2.0, "x" + std::to_string(i), Value::list({1, 2, i})}),
                       Value::dict({{"z", i}})});
}
void expect_numbered_call(const Value& call, int i) {
  EXPECT_EQ(call[0][0].as_int(), i);
  EXPECT_EQ(call[0][2].as_str(), "x" + std::to_string(i));
  EXPECT_EQ(call[0][3][2].as_int(), i);
  EXPECT_EQ(call[1]["z"].as_int(), i);
}

TEST(HeapMemory, RecycledHeapsHoldNewGraphsIntact) {
  // Every third result is kept while the others go back to the spare heaps and are reused, with
  // their kept first chunks; lists grown past their arena blocks are kept too.
  std::vector<Value> kept;
  for (int i = 0; i < 600; ++i) {
    Value call = hog::core::deserialize(hog::core::serialize(numbered_call(i)));
    expect_numbered_call(call, i);
    if (i % 3 == 0) {
      for (int j = 0; j < 100; ++j) call[0][3].append(j);
      kept.push_back(call);
    }
  }
  for (std::size_t k = 0; k < kept.size(); ++k) {
    expect_numbered_call(kept[k], static_cast<int>(3 * k));
    ASSERT_EQ(kept[k][0][3].size(), 103u);
    EXPECT_EQ(kept[k][0][3][102].as_int(), 99);
  }
}

TEST(HeapMemory, HeapsFreedOnAnotherThreadAreReusedThere) {
  std::vector<Value> made;
  std::thread maker([&] {
    for (int i = 0; i < 50; ++i)
      made.push_back(hog::core::deserialize(hog::core::serialize(numbered_call(i))));
  });
  maker.join();
  std::thread dropper([&] {
    made.resize(10);  // 40 heaps freed here: some become this thread's spares
    for (int i = 50; i < 100; ++i) {
      expect_numbered_call(hog::core::deserialize(hog::core::serialize(numbered_call(i))), i);
    }
  });
  dropper.join();
  for (int i = 0; i < 10; ++i) expect_numbered_call(made[static_cast<std::size_t>(i)], i);
}

TEST(HeapMemory, BytearraysDecodedInPlaceLiveAsLongAsTheirGraph) {
  // A bytearray that is most of its pickle is a view into the decoded pickle, which its heap
  // keeps: it stays valid after the payload text is gone, after its graph joins another and after
  // later decodes reuse heaps. Two halves: the first is a view, the second a copy.
  const std::string big(300000, 'b');
  const std::string half_a(150000, 'x'), half_b(150000, 'y');
  std::vector<Value> kept;
  for (int i = 0; i < 4; ++i) {
    Value back;
    {
      const std::string payload = hog::core::serialize(
          Value::list({Value::bytearray(big), Value::bytearray(std::to_string(i))}));
      back = hog::core::deserialize(payload);
    }
    kept.push_back(Value::list({back}));  // joins the list's heap
    const Value halves = hog::core::deserialize(
        hog::core::serialize(Value::tuple({Value::bytearray(half_a), Value::bytearray(half_b)})));
    EXPECT_EQ(halves[0].as_bytes(), half_a);
    EXPECT_EQ(halves[1].as_bytes(), half_b);
  }
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(kept[static_cast<std::size_t>(i)][0][0].as_bytes(), big);
    EXPECT_EQ(kept[static_cast<std::size_t>(i)][0][1].as_bytes(), std::to_string(i));
  }
}

}  // namespace
