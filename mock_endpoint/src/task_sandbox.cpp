#include "task_sandbox.hpp"

#include <fcntl.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <random>
#include <system_error>

#include "hog/mock/errors.hpp"

namespace hog::mock::detail {
namespace fs = std::filesystem;

std::string random_uuid4() {
  std::random_device device;
  std::array<std::uint8_t, 16> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 4) {
    std::uint32_t word = device();
    for (std::size_t k = 0; k < 4; ++k) bytes[i + k] = static_cast<std::uint8_t>(word >> (8 * k));
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += kHex[bytes[i] >> 4];
    text += kHex[bytes[i] & 0x0f];
  }
  return text;
}

namespace {

UniqueFd create_stream_file(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw ExecutorError(
        "cannot create task output file " + path.string() + ": " + std::strerror(errno), path);
  }
  return UniqueFd(fd);
}

}  // namespace

TaskSandbox make_task_sandbox(const fs::path& root) {
  std::error_code error;
  fs::path absolute_root = fs::absolute(root, error);
  if (!error) fs::create_directories(absolute_root, error);
  if (error) {
    throw ExecutorError("cannot create sandbox root " + root.string() + ": " + error.message(),
                        root);
  }
  TaskSandbox sandbox;
  sandbox.uuid = random_uuid4();
  sandbox.dir = absolute_root / sandbox.uuid;
  if (!fs::create_directory(sandbox.dir, error) || error) {
    std::string why = error ? error.message() : "it already exists";
    throw ExecutorError("cannot create task sandbox " + sandbox.dir.string() + ": " + why,
                        sandbox.dir);
  }
  sandbox.stdout_path = sandbox.dir / (sandbox.uuid + ".stdout");
  sandbox.stderr_path = sandbox.dir / (sandbox.uuid + ".stderr");
  sandbox.stdout_fd = create_stream_file(sandbox.stdout_path);
  sandbox.stderr_fd = create_stream_file(sandbox.stderr_path);
  return sandbox;
}

}  // namespace hog::mock::detail
