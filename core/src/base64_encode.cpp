// base64.b64encode: a kernel encodes the whole 3-byte groups, then the last one or two bytes get
// their characters and '=' padding here.
#include "base64_internal.hpp"
#include "short_copy.hpp"

namespace hog::core::base64::detail {

std::string encode_with(const Kernel& kernel, std::string_view bytes, std::string_view prefix) {
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::string out(prefix.size() + (n + 2) / 3 * 4, '=');
  // (The prefix is mostly the 11-character marker: no call to memcpy.)
  core::detail::copy_bytes(out.data(), prefix.data(), prefix.size());
  char* text = out.data() + prefix.size();
  const std::size_t done = kernel.encode(in, n, text);
  char* tail = text + done / 3 * 4;
  if (n - done == 1) {
    tail[0] = kAlphabet[in[done] >> 2];
    tail[1] = kAlphabet[(in[done] & 0x03) << 4];
  } else if (n - done == 2) {
    tail[0] = kAlphabet[in[done] >> 2];
    tail[1] = kAlphabet[(in[done] & 0x03) << 4 | in[done + 1] >> 4];
    tail[2] = kAlphabet[(in[done + 1] & 0x0f) << 2];
  }
  return out;
}

}  // namespace hog::core::base64::detail
