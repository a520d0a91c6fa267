// Shared helpers for the libFuzzer targets (fuzz_<surface>.cpp).
//
// Contract: a target calls its surface through `attempt`, which turns a thrown hog::core::Error
// into "rejected" (std::nullopt); any other exception escapes to libFuzzer, which reports it as a
// crash. A broken property calls `fail`, which prints what was compared and aborts, so libFuzzer
// saves the input as a reproducer. The limits here keep the work per input small and bounded.
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

#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/value.hpp"

namespace hog::fuzz {

// Per-input bounds: shallow nesting and short printed forms keep each run fast.
inline constexpr std::size_t kMaxDepth = 64;
inline constexpr std::size_t kMaxReprBytes = std::size_t{1} << 16;

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

}  // namespace hog::fuzz
