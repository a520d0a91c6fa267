// The per-task sandbox: a fresh directory <root>/<uuid>/ holding the task's stdout and stderr
// files (<uuid>.stdout, <uuid>.stderr), opened for appending and reading. The directory and files
// are left in place for the caller; the descriptors close with the TaskSandbox.
//
// make_task_sandbox throws ExecutorError naming the directory or file it could not create.
#pragma once

#include <filesystem>
#include <string>

#include "unique_fd.hpp"

namespace hog::mock::detail {

// A random (version 4) UUID as 36 lowercase characters, 8-4-4-4-12.
std::string random_uuid4();

struct TaskSandbox {
  std::string uuid;
  std::filesystem::path dir;  // absolute
  std::filesystem::path stdout_path;
  std::filesystem::path stderr_path;
  UniqueFd stdout_fd;
  UniqueFd stderr_fd;
};

TaskSandbox make_task_sandbox(const std::filesystem::path& root);

}  // namespace hog::mock::detail
