// File side of proxy references (hog/core/proxy_ref.hpp), shared by the C++ runner and the client.
//
// Contract:
// - resolve_proxy(ref) reads `<store_dir>/<key>`, removes the file (eviction on first use) and
//   unpickles its bytes. A missing or unreadable file is a std::runtime_error naming the path;
//   bad bytes raise the pickle decoder's errors.
// - resolve_top_level_proxy(value) is `value` itself unless it is a proxy reference.
#pragma once

#include "hog/core/proxy_ref.hpp"
#include "hog/core/value.hpp"

namespace hog::runner {

core::Value resolve_proxy(const core::ProxyRef& ref);
core::Value resolve_top_level_proxy(const core::Value& value);

}  // namespace hog::runner
