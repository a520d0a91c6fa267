// Proxy references: how a payload points at an object kept in a file-backed proxy store instead of
// carrying it (what ProxyStore's FileConnector does for Groundhog's .local()).
//
// Contract:
// - A proxy reference is the reduced object `hogsim.proxy.resolve(store_dir, key)`: a global
//   called with two str arguments. Pickled, it is a few hundred bytes whatever the object's size.
// - The object itself lives in the file `<store_dir>/<key>` as the raw bytes of its pickle
//   (protocol 5, no envelope). Resolving reads the file, removes it (the reference is evicted on
//   first use) and unpickles the bytes; the Python runner does the same in its Unpickler's
//   find_class.
// - Keys are plain file names: non-empty, no '/', no NUL, not "." or "..". Anything else is a
//   ValueError, so a reference can never name a file outside its store.
// Pure: building and reading the reference does no I/O (the runner and sim do the file work).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "hog/core/value.hpp"

namespace hog::core {

inline constexpr std::string_view kProxyModule = "hogsim.proxy";
inline constexpr std::string_view kProxyFunction = "resolve";

struct ProxyRef {
  std::string store_dir;
  std::string key;
};

Value make_proxy_ref(const ProxyRef& ref);
// The reference `value` stands for, or nullopt when it is not a proxy reference. ValueError when
// it calls hogsim.proxy.resolve with anything but (str store_dir, valid str key).
std::optional<ProxyRef> read_proxy_ref(const Value& value);
// ValueError naming the key when it is not a plain file name.
void check_proxy_key(std::string_view key);

}  // namespace hog::core
