// How often the envelope codecs call operator new for a small call payload — the cost that
// dominates a call's round trip once the bytes themselves take nanoseconds. This executable
// replaces the global allocation functions with ones that count the calls made by the current
// thread while a Counting scope is open (its own binary, so no other test runs under them).
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "hog/core/envelope.hpp"
#include "hog/core/value.hpp"

namespace {

thread_local bool counting = false;
thread_local std::size_t allocations = 0;
thread_local std::size_t allocated_bytes = 0;

void* allocate(std::size_t size) {
  if (counting) {
    ++allocations;
    allocated_bytes += size;
  }
  void* memory = std::malloc(size == 0 ? 1 : size);
  if (memory == nullptr) throw std::bad_alloc();
  return memory;
}
void* allocate_aligned(std::size_t size, std::align_val_t align) {
  if (counting) {
    ++allocations;
    allocated_bytes += size;
  }
  const auto alignment = static_cast<std::size_t>(align);
  void* memory = std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment);
  if (memory == nullptr) throw std::bad_alloc();
  return memory;
}

// Counts the allocations of this thread from construction to count().
class Counting {
 public:
  Counting() {
    allocations = 0;
    allocated_bytes = 0;
    counting = true;
  }
  ~Counting() { counting = false; }
  std::size_t count() const { return allocations; }
  std::size_t bytes() const { return allocated_bytes; }
};

}  // namespace

void* operator new(std::size_t size) {
  return allocate(size);
}
void* operator new[](std::size_t size) {
  return allocate(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate(size);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
void* operator new(std::size_t size, std::align_val_t align) {
  return allocate_aligned(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align) {
  return allocate_aligned(size, align);
}
void operator delete(void* memory) noexcept {
  std::free(memory);
}
void operator delete[](void* memory) noexcept {
  std::free(memory);
}
void operator delete(void* memory, std::size_t) noexcept {
  std::free(memory);
}
void operator delete[](void* memory, std::size_t) noexcept {
  std::free(memory);
}
void operator delete(void* memory, const std::nothrow_t&) noexcept {
  std::free(memory);
}
void operator delete[](void* memory, const std::nothrow_t&) noexcept {
  std::free(memory);
}
void operator delete(void* memory, std::align_val_t) noexcept {
  std::free(memory);
}
void operator delete[](void* memory, std::align_val_t) noexcept {
  std::free(memory);
}
void operator delete(void* memory, std::size_t, std::align_val_t) noexcept {
  std::free(memory);
}
void operator delete[](void* memory, std::size_t, std::align_val_t) noexcept {
  std::free(memory);
}

namespace {

using hog::core::Value;

// The seed's small call: ((1, 2.0, 'x', [1, 2, 3]), {'z': 10}).
Value call_payload() {
  return Value::tuple(
      {Value::tuple({1, 2.0, "x", Value::list({1, 2, 3})}), Value::dict({{"z", 10}})});
}

TEST(Allocations, CountingSeesAnAllocation) {
  Counting counter;
  auto* number = new long(7);
  const std::size_t seen = counter.count();
  delete number;
  EXPECT_EQ(seen, 1u);
}

TEST(Allocations, SerializingACallAllocatesOnlyThePayload) {
  const Value call = call_payload();
  for (int i = 0; i < 3; ++i) {
    Counting counter;
    const std::string payload = hog::core::serialize(call);
    EXPECT_EQ(counter.count(), 1u) << "call " << i;
  }
}

TEST(Allocations, DeserializingCallsAllocatesNothingOnceTheThreadHasDecodedOne) {
  const std::string payload = hog::core::serialize(call_payload());
  { const Value warm_up = hog::core::deserialize(payload); }
  Counting counter;
  for (int i = 0; i < 100; ++i) {
    const Value back = hog::core::deserialize(payload);
    ASSERT_EQ(back[0][3][2].as_int(), 3);
  }
  EXPECT_EQ(counter.count(), 0u);
}

TEST(Allocations, KeptResultsCostTheirHeapsAndNothingPerContainer) {
  // A result kept alive keeps its heap, so the next decode needs a new one: the heap, its node
  // and chunk lists and its arena chunk (4 allocations), and nothing for the tuples, list, dict
  // and strs inside, whose items live in the arena.
  const std::string payload = hog::core::serialize(call_payload());
  std::vector<Value> kept;
  kept.reserve(10);
  Counting counter;
  for (int i = 0; i < 10; ++i) kept.push_back(hog::core::deserialize(payload));
  EXPECT_LE(counter.count(), 4u * 10u);
}

TEST(Allocations, ABigBytearrayIsDecodedInPlaceNotCopied) {
  // NumPy's protocol 5 arrays carry their data as one BYTEARRAY8: deserialize keeps the decoded
  // pickle under it instead of copying it, so it allocates the pickle's size once, not twice.
  const std::string data(4 << 20, 'd');
  const std::string payload = hog::core::serialize(
      Value::tuple({Value::bytearray(data), Value::bytearray(std::string(100, 's'))}),
      {.limit_bytes = std::nullopt});
  Counting counter;
  const Value back = hog::core::deserialize(payload);
  const std::size_t bytes = counter.bytes();
  EXPECT_LT(bytes, data.size() + data.size() / 8);
  EXPECT_EQ(back[0].as_bytes(), data);
  EXPECT_EQ(back[1].as_bytes(), std::string(100, 's'));
}

}  // namespace
