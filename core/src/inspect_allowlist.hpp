// Internal to payload inspection: the safety verdict for one global (see inspect.hpp).
//
// Contract: classify_global(module, name) looks the name up in the known-dangerous list first
// (a specific reason), then in the allow-list of data-only globals (what it is); any other name
// is unsafe with the reason "not on the allow-list". Both lists are constant data in
// inspect_allowlist.cpp, where an entry's name "*" covers the whole module. Thread-safe.
#pragma once

#include <string_view>

namespace hog::core::inspection {

struct GlobalVerdict {
  bool safe;
  std::string_view reason;
};

GlobalVerdict classify_global(std::string_view module, std::string_view name);

}  // namespace hog::core::inspection
