// A file-backed proxy store, like ProxyStore's FileConnector as Groundhog's .local() uses it:
// objects too large to embed in a script are written once into a store directory and the payload
// carries a small reference (hog/core/proxy_ref.hpp) that a runner resolves and evicts.
//
// Contract:
// - The directory is created on the first put(), under the system temp dir, private to the
//   process (mode 0700), and removed with everything left in it when the store is destroyed (for
//   a Function's own store: when the last copy of the Function goes, at the latest when the
//   caller exits normally).
// - put() writes the bytes to a new file named by a random key and returns its reference; the
//   file is complete before put() returns. Thread-safe. Errors: std::runtime_error naming the
//   path when the directory or file cannot be written.
#pragma once

#include <filesystem>
#include <mutex>
#include <string_view>

#include "hog/core/proxy_ref.hpp"

namespace hog::sim {

class ProxyStore {
 public:
  ProxyStore() = default;
  ~ProxyStore();
  ProxyStore(const ProxyStore&) = delete;
  ProxyStore& operator=(const ProxyStore&) = delete;

  // Stores a pickle's bytes; the reference resolves to the object they encode.
  core::ProxyRef put(std::string_view pickle_bytes);
  // The directory, empty until the first put().
  std::filesystem::path directory() const;

 private:
  mutable std::mutex mutex_;
  std::filesystem::path directory_;
};

}  // namespace hog::sim
