// Errors raised by hog::mock, the fake Globus Compute endpoint.
//
// Contract: every error derives from hog::core::Error (type_name() is what the command line
// prints before the message). ExecutorError means the executor itself could not run a task — bash
// missing or not executable, a sandbox directory or stream file that cannot be created, written or
// read — as opposed to a task that ran and failed (that is a ShellResult with an exception_name).
// path() is the file or directory concerned; what() names what failed and that path.
#pragma once

#include <filesystem>
#include <string>
#include <utility>

#include "hog/core/errors.hpp"

namespace hog::mock {

class ExecutorError : public hog::core::Error {
 public:
  ExecutorError(const std::string& message, std::filesystem::path path)
      : hog::core::Error("ExecutorError", message), path_(std::move(path)) {}
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace hog::mock
