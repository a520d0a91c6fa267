#include "local_sandbox.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace hog::sim::detail {

LocalSandbox::LocalSandbox() {
  std::string pattern = (std::filesystem::temp_directory_path() / "hogsim-local-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot create a sandbox directory from " + pattern);
  }
  path_ = pattern;
}

LocalSandbox::~LocalSandbox() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace hog::sim::detail
