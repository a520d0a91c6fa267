// The public base64 functions: pick the kernel for this CPU once (AVX2 when the CPU and OS support
// it, else portable), let tests and benchmarks override the choice, and hand each call to its
// driver with the chosen kernel. The choice is one atomic pointer; calls are otherwise stateless.
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

const detail::Kernel& kernel_of(Path path) {
  return path == Path::Avx2 ? *detail::avx2_kernel() : detail::portable_kernel();
}

// The kernel in use; null until the first call chooses one (constant-initialized, so a call from
// another file's static initializer finds it too).
constinit std::atomic<const detail::Kernel*> chosen_kernel{nullptr};

[[gnu::noinline]] const detail::Kernel& choose_kernel() {
  const detail::Kernel& best = kernel_of(is_available(Path::Avx2) ? Path::Avx2 : Path::Portable);
  const detail::Kernel* expected = nullptr;
  chosen_kernel.compare_exchange_strong(expected, &best, std::memory_order_relaxed);
  return *chosen_kernel.load(std::memory_order_relaxed);
}

}  // namespace

const detail::Kernel& detail::active_kernel() {
  if (const Kernel* kernel = chosen_kernel.load(std::memory_order_relaxed)) [[likely]] {
    return *kernel;
  }
  return choose_kernel();
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
  return &detail::active_kernel() == &detail::portable_kernel() ? Path::Portable : Path::Avx2;
}

Path force_path(Path path) {
  if (!is_available(path)) throw ValueError("base64: the AVX2 path is not available on this CPU");
  const Path previous = active_path();
  chosen_kernel.store(&kernel_of(path), std::memory_order_relaxed);
  return previous;
}

}  // namespace hog::core::base64
