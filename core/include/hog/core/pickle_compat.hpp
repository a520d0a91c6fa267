// Python 2 <-> 3 global names, as pickle renames them below protocol 3 (fix_imports=True).
//
// Contract: pure lookups over constant tables generated from CPython 3.11's _compat_pickle
// (scripts/gen/pickle_compat_names.py). to_python3 is what the unpickler applies to GLOBAL/INST
// names in a stream whose protocol is < 3; to_python2 is what the pickler applies when it writes
// protocol < 3. A name with no entry comes back unchanged. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace hog::core::pickle {

using QualifiedName = std::pair<std::string, std::string>;  // (module, name)

QualifiedName to_python3(std::string_view module, std::string_view name);
QualifiedName to_python2(std::string_view module, std::string_view name);

}  // namespace hog::core::pickle
