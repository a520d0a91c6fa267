// The public base64 functions: pick the kernel for this CPU once (AVX2 when the CPU and OS support
// it, else portable), let tests and benchmarks override the choice, and hand each call to its
// driver with the chosen kernel. The choice is one atomic value; calls are otherwise stateless.
#include <atomic>

#include "base64_internal.hpp"
#include "hog/core/base64.hpp"
#include "hog/core/errors.hpp"

namespace hog::core::base64 {
namespace {

bool cpu_has_avx2() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();  // may run from static initializers, before libgcc's own
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

bool is_available(Path path) {
  switch (path) {
    case Path::Portable:
      return true;
    case Path::Avx2:
      return detail::avx2_kernel() != nullptr && cpu_has_avx2();
  }
  return false;
}

std::atomic<Path>& chosen_path() {
  static std::atomic<Path> path{is_available(Path::Avx2) ? Path::Avx2 : Path::Portable};
  return path;
}

}  // namespace

const detail::Kernel& detail::active_kernel() {
  return chosen_path().load(std::memory_order_relaxed) == Path::Avx2 ? *detail::avx2_kernel()
                                                                     : detail::portable_kernel();
}

std::string encode(std::string_view bytes) {
  return detail::encode_with(detail::active_kernel(), bytes, {});
}

std::string encode(std::string_view bytes, std::string_view prefix) {
  return detail::encode_with(detail::active_kernel(), bytes, prefix);
}

std::string decode_strict(std::string_view text) {
  return detail::decode_strict_with(detail::active_kernel(), text);
}

std::string decode_lenient(std::string_view text) {
  return detail::decode_lenient_with(detail::active_kernel(), text);
}

std::vector<Path> available_paths() {
  std::vector<Path> paths{Path::Portable};
  if (is_available(Path::Avx2)) paths.push_back(Path::Avx2);
  return paths;
}

Path active_path() {
  return chosen_path().load(std::memory_order_relaxed);
}

Path force_path(Path path) {
  if (!is_available(path)) throw ValueError("base64: the AVX2 path is not available on this CPU");
  return chosen_path().exchange(path, std::memory_order_relaxed);
}

}  // namespace hog::core::base64
