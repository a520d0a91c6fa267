// numpy.mean for bool/int/uint/float64 arrays (see ndarray_mean.hpp).
#include "ndarray_mean.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "hog/core/errors.hpp"
#include "hog/core/numpy.hpp"

namespace hog::runner::detail {
namespace {

constexpr std::size_t kBufferSize = 8192;    // NPY_BUFSIZE
constexpr std::size_t kPairwiseBlock = 128;  // PW_BLOCKSIZE

// NumPy's pairwise_sum for doubles.
double pairwise_sum(const double* a, std::size_t n) {
  if (n < 8) {
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) sum += a[i];
    return sum;
  }
  if (n <= kPairwiseBlock) {
    std::array<double, 8> r{};
    for (std::size_t j = 0; j < 8; ++j) r[j] = a[j];
    std::size_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (std::size_t j = 0; j < 8; ++j) r[j] += a[i + j];
    }
    double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) sum += a[i];
    return sum;
  }
  std::size_t half = n / 2;
  half -= half % 8;
  return pairwise_sum(a, half) + pairwise_sum(a + half, n - half);
}

// One element, converted to double. `bytes` is itemsize bytes in the dtype's byte order.
double element(const core::numpy::DType& dtype, const char* bytes) {
  unsigned char raw[8];
  std::memcpy(raw, bytes, dtype.itemsize);
  if (!dtype.is_native()) {
    for (std::size_t i = 0; i < dtype.itemsize / 2u; ++i)
      std::swap(raw[i], raw[dtype.itemsize - 1 - i]);
  }
  std::uint64_t bits = 0;
  std::memcpy(&bits, raw, dtype.itemsize);  // little-endian machine: low bytes first
  switch (dtype.kind) {
    case 'b':
      return raw[0] != 0 ? 1.0 : 0.0;
    case 'u':
      return static_cast<double>(bits);
    case 'i': {
      const unsigned shift = 64 - 8 * dtype.itemsize;
      return static_cast<double>(static_cast<std::int64_t>(bits << shift) >> shift);
    }
    default: {  // 'f', itemsize 8
      double value;
      std::memcpy(&value, raw, sizeof value);
      return value;
    }
  }
}

}  // namespace

double ndarray_mean(const core::Value& array) {
  static_assert(std::endian::native == std::endian::little, "element() assumes little-endian");
  const core::numpy::ArrayView view = core::numpy::view(array);
  const core::numpy::DType dtype = view.dtype();
  const bool supported = dtype.kind == 'b' || dtype.kind == 'i' || dtype.kind == 'u' ||
                         (dtype.kind == 'f' && dtype.itemsize == 8);
  if (!supported) {
    throw core::TypeError("the runner's mean() reads bool, int, uint and float64 arrays, not " +
                          std::string(dtype.name()));
  }
  const std::size_t count = view.size();
  const char* data = view.bytes().data();
  std::array<double, kBufferSize> chunk;
  double total = 0.0;
  for (std::size_t start = 0; start < count; start += kBufferSize) {
    const std::size_t n = std::min(kBufferSize, count - start);
    for (std::size_t i = 0; i < n; ++i)
      chunk[i] = element(dtype, data + (start + i) * dtype.itemsize);
    total += pairwise_sum(chunk.data(), n);
  }
  // NumPy divides the sum by the count: 0.0 / 0 is nan (with a RuntimeWarning) for an empty array.
  return total / static_cast<double>(count);
}

}  // namespace hog::runner::detail
