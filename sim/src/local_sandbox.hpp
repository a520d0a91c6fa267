// The sandbox root of one .local() call: a fresh private temp directory, removed with the task's
// files when the call returns (Globus Compute keeps sandboxes; a local call leaves nothing behind).
#pragma once

#include <filesystem>

namespace hog::sim::detail {

class LocalSandbox {
 public:
  LocalSandbox();
  ~LocalSandbox();
  LocalSandbox(const LocalSandbox&) = delete;
  LocalSandbox& operator=(const LocalSandbox&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace hog::sim::detail
