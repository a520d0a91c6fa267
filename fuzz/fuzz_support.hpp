// Shared helpers for the libFuzzer targets (fuzz_<surface>.cpp).
//
// Contract: a target calls its surface through `attempt`, which turns a thrown hog::core::Error
// into "rejected" (std::nullopt); any other exception escapes to libFuzzer, which reports it as a
// crash. A broken property calls `fail`, which prints what was compared and aborts, so libFuzzer
// saves the input as a reproducer. The limits here keep the work per input small and bounded.
// `for_each_value` visits every value reachable from a root once (by identity), inside containers
// and reduced objects, up to kMaxVisited values.
// Single-threaded use only (libFuzzer runs one input at a time per process).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/value.hpp"

namespace hog::fuzz {

// Per-input bounds: shallow nesting and short printed forms keep each run fast.
inline constexpr std::size_t kMaxDepth = 64;
inline constexpr std::size_t kMaxReprBytes = std::size_t{1} << 16;
// Values a walk visits per input: a small pickle can reference one object many times.
inline constexpr std::size_t kMaxVisited = 4096;

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// f() when it returns; nullopt when it throws a hog::core::Error (a rejection, not a finding).
template <typename F>
auto attempt(F&& f) -> std::optional<decltype(f())> {
  try {
    return f();
  } catch (const core::Error&) {
    return std::nullopt;
  }
}

// repr() capped for printing diagnostics; never throws.
inline std::string describe(const core::Value& value) {
  core::ReprOptions options;
  options.max_output = kMaxReprBytes;
  try {
    return core::repr(value, options);
  } catch (const core::Error& error) {
    return "<repr failed: " + error.type_name() + ": " + error.what() + ">";
  }
}

[[noreturn]] inline void fail(std::string_view property, std::string_view first,
                              std::string_view second) {
  std::fprintf(stderr, "PROPERTY FAILED: %.*s\n  first:  %.*s\n  second: %.*s\n",
               static_cast<int>(property.size()), property.data(), static_cast<int>(first.size()),
               first.data(), static_cast<int>(second.size()), second.data());
  std::abort();
}

inline void check_same_graph(std::string_view property, const core::Value& a,
                             const core::Value& b) {
  if (!core::same_graph(a, b)) fail(property, describe(a), describe(b));
}

// Calls visit(v) on `root` and every value reachable from it (container items, dict keys and
// values, a reduced object's callable, args, kwargs, state and items), each object once; an
// explicit work list, so deep graphs do not recurse.
template <typename Visit>
void for_each_value(const core::Value& root, Visit&& visit) {
  std::unordered_set<const void*> seen;
  std::vector<core::Value> work{root};
  std::size_t visited = 0;
  while (!work.empty() && visited < kMaxVisited) {
    const core::Value value = std::move(work.back());
    work.pop_back();
    const core::detail::Slot& slot = value.slot();
    if (slot.rep == core::detail::Slot::Rep::Node && !seen.insert(slot.node).second) continue;
    ++visited;
    visit(value);
    switch (value.kind()) {
      case core::Kind::List:
      case core::Kind::Tuple:
      case core::Kind::Set:
      case core::Kind::FrozenSet:
        for (const core::Value& item : value.elements()) work.push_back(item);
        break;
      case core::Kind::Dict:
        for (const auto& [key, item] : value.items()) {
          work.push_back(key);
          work.push_back(item);
        }
        break;
      case core::Kind::Reduced: {
        const core::Reduction r = value.as_reduction();
        work.insert(work.end(), {r.callable, r.args, r.kwargs});
        if (r.state) work.push_back(*r.state);
        work.insert(work.end(), r.list_items.begin(), r.list_items.end());
        for (const auto& [key, item] : r.dict_items) {
          work.push_back(key);
          work.push_back(item);
        }
        break;
      }
      default:
        break;
    }
  }
}

}  // namespace hog::fuzz
