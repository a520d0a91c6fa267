// hog_peak_heap WORKLOAD: the peak heap growth while hogsim deserializes one workload's payload.
//
// Prints one JSON object: {"workload", "payload_bytes", "peak_heap_bytes"}. peak_heap_bytes is the
// high-water mark of live operator-new memory (by malloc_usable_size, so allocator rounding
// counts) above what was live just before deserialize(payload) began; the payload text itself is
// not counted, the decoded value (kept alive until the measurement ends) is. Run it once per
// workload, each in a fresh process (bench/compare.py does), so nothing earlier skews the mark.
// Every allocation in hog_core goes through operator new, which this program replaces.
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string_view>

#include "hog/core/envelope.hpp"
#include "workloads.hpp"

namespace {

std::atomic<std::size_t> live_bytes{0};
std::atomic<std::size_t> peak_bytes{0};

void* counted_alloc(std::size_t size, std::size_t alignment) {
  void* p = alignment <= alignof(std::max_align_t)
                ? std::malloc(size == 0 ? 1 : size)
                : std::aligned_alloc(alignment, (std::max<std::size_t>(size, 1) + alignment - 1) /
                                                    alignment * alignment);
  if (p == nullptr) throw std::bad_alloc();
  const std::size_t now = live_bytes += malloc_usable_size(p);
  std::size_t peak = peak_bytes.load();
  while (now > peak && !peak_bytes.compare_exchange_weak(peak, now)) {
  }
  return p;
}

void counted_free(void* p) noexcept {
  if (p == nullptr) return;
  live_bytes -= malloc_usable_size(p);
  std::free(p);
}

}  // namespace

void* operator new(std::size_t size) {
  return counted_alloc(size, 0);
}
void* operator new[](std::size_t size) {
  return counted_alloc(size, 0);
}
void* operator new(std::size_t size, std::align_val_t align) {
  return counted_alloc(size, static_cast<std::size_t>(align));
}
void* operator new[](std::size_t size, std::align_val_t align) {
  return counted_alloc(size, static_cast<std::size_t>(align));
}
void operator delete(void* p) noexcept {
  counted_free(p);
}
void operator delete[](void* p) noexcept {
  counted_free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  counted_free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  counted_free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  counted_free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  counted_free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  counted_free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  counted_free(p);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: hog_peak_heap WORKLOAD\n");
    return 2;
  }
  const std::string_view wanted = argv[1];
  const auto& all = hog::bench::workloads();
  const auto found =
      std::find_if(all.begin(), all.end(), [&](const auto& w) { return w.name == wanted; });
  if (found == all.end()) {
    std::fprintf(stderr, "hog_peak_heap: no workload named '%s'\n", argv[1]);
    return 2;
  }
  const std::string payload = hog::core::serialize(found->build(), {.limit_bytes = std::nullopt});
  const std::size_t baseline = live_bytes.load();
  peak_bytes = baseline;
  std::size_t peak = 0;
  {
    const hog::core::Value value = hog::core::deserialize(payload);
    peak = peak_bytes.load() - baseline;
  }
  std::printf("{\"workload\": \"%s\", \"payload_bytes\": %zu, \"peak_heap_bytes\": %zu}\n", argv[1],
              payload.size(), peak);
  return 0;
}
