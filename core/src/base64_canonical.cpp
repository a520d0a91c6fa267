// Canonical base64 (exactly what base64.b64encode writes) decoded in one pass, without the lenient
// decoder's state machine: whole groups of alphabet characters, the last of which may end in "="
// or "==" after a character whose unused low bits are zero. Both decoders read such a text the
// same way, and it is ASCII.
#include "base64_internal.hpp"

namespace hog::core::base64::detail {

std::size_t decode_canonical_into(const Kernel& kernel, std::string_view text, char* out) {
  const std::size_t n = text.size();
  if (n % 4 != 0) return kNotCanonical;
  auto* o = reinterpret_cast<unsigned char*>(out);
  const std::size_t clean = kernel.decode_clean(text.data(), n, o);
  const std::size_t bytes = clean / 4 * 3;
  if (clean == n) return bytes;
  if (clean != n - 4) return kNotCanonical;
  // The last group: two or three data characters, then padding.
  const char* tail = text.data() + clean;
  const std::uint32_t a = kDecodeTable[static_cast<unsigned char>(tail[0])];
  const std::uint32_t b = kDecodeTable[static_cast<unsigned char>(tail[1])];
  if (((a | b) & 0x80) != 0 || tail[3] != '=') return kNotCanonical;
  o[bytes] = static_cast<unsigned char>(a << 2 | b >> 4);
  if (tail[2] == '=') return (b & 0x0f) == 0 ? bytes + 1 : kNotCanonical;
  const std::uint32_t c = kDecodeTable[static_cast<unsigned char>(tail[2])];
  if ((c & 0x80) != 0 || (c & 0x03) != 0) return kNotCanonical;
  o[bytes + 1] = static_cast<unsigned char>(b << 4 | c >> 2);
  return bytes + 2;
}

}  // namespace hog::core::base64::detail
