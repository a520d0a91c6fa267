// The file-backed proxy store (see hog/sim/proxy_store.hpp).
#include "hog/sim/proxy_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>

namespace hog::sim {
namespace {

std::string random_key() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device device;
  std::string key;
  for (int i = 0; i < 8; ++i) {
    std::uint32_t word = device();
    for (int j = 0; j < 4; ++j, word >>= 8) {
      key += kHex[(word >> 4) & 0xf];
      key += kHex[word & 0xf];
    }
  }
  return key;
}

void write_new_file(const std::filesystem::path& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create proxy store file " + path.string());
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) {
      ::close(fd);
      throw std::runtime_error("cannot write proxy store file " + path.string());
    }
    written += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) throw std::runtime_error("cannot write proxy store file " + path.string());
}

}  // namespace

ProxyStore::~ProxyStore() {
  if (directory_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

core::ProxyRef ProxyStore::put(std::string_view pickle_bytes) {
  std::lock_guard lock(mutex_);
  if (directory_.empty()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "hogsim-proxy-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot create the proxy store directory " + pattern);
    }
    directory_ = pattern;
  }
  core::ProxyRef ref{directory_.string(), random_key()};
  write_new_file(directory_ / ref.key, pickle_bytes);
  return ref;
}

std::filesystem::path ProxyStore::directory() const {
  std::lock_guard lock(mutex_);
  return directory_;
}

}  // namespace hog::sim
