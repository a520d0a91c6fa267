// Resolving proxy references from their store files (see hog/runner/proxy_files.hpp).
#include "hog/runner/proxy_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "hog/core/pickle.hpp"

namespace hog::runner {

core::Value resolve_proxy(const core::ProxyRef& ref) {
  core::check_proxy_key(ref.key);
  const std::filesystem::path path = std::filesystem::path(ref.store_dir) / ref.key;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("proxy store file " + path.string() + " cannot be read");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  in.close();
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  return core::pickle::decode(bytes.view());
}

core::Value resolve_top_level_proxy(const core::Value& value) {
  const auto ref = core::read_proxy_ref(value);
  return ref ? resolve_proxy(*ref) : value;
}

}  // namespace hog::runner
