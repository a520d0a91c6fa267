// The AVX2 base64 kernel: 24 bytes -> 32 characters and back per 256-bit step, after the
// published SIMD method (Muła and Lemire): lookups on the characters' nibbles classify and
// translate them, multiply-adds pack 6-bit values, shuffles put bytes in place. Only the functions
// here are compiled for AVX2 (function attributes, no global -mavx2); base64_dispatch.cpp calls
// them only on CPUs that have it. Both directions finish what their steps leave a group at a time
// (encode_clean_groups, decode_clean_groups).
#include "base64_internal.hpp"

#if defined(__x86_64__) || defined(__i386__)

#include <immintrin.h>

#define HOG_AVX2 __attribute__((target("avx2")))

namespace hog::core::base64::detail {
namespace {

// Per 3-byte group (s0 s1 s2), the 32-bit word with bytes (s1 s0 s2 s1): each 16-bit half then
// holds two 6-bit values at known places.
HOG_AVX2 __m256i spread_groups(__m256i bytes) {
  const __m256i order = _mm256_setr_epi8(1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10,  //
                                         1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10);
  return _mm256_shuffle_epi8(bytes, order);
}

// Spread groups -> one 6-bit value per byte, in text order.
HOG_AVX2 __m256i split_sextets(__m256i words) {
  // First and third sextet: shifted down by an unsigned high multiply.
  const __m256i ac = _mm256_mulhi_epu16(_mm256_and_si256(words, _mm256_set1_epi32(0x0fc0fc00)),
                                        _mm256_set1_epi32(0x04000040));
  // Second and fourth: shifted up into the high byte of each half by a low multiply.
  const __m256i bd = _mm256_mullo_epi16(_mm256_and_si256(words, _mm256_set1_epi32(0x003f03f0)),
                                        _mm256_set1_epi32(0x01000010));
  return _mm256_or_si256(ac, bd);
}

// 6-bit values -> alphabet characters: add an offset chosen by the value's range.
HOG_AVX2 __m256i sextets_to_ascii(__m256i values) {
  // 0..25 -> 0, 26..51 -> 1, 52..61 -> 2..11, 62 -> 12, 63 -> 13.
  __m256i range = _mm256_subs_epu8(values, _mm256_set1_epi8(51));
  range = _mm256_sub_epi8(range, _mm256_cmpgt_epi8(values, _mm256_set1_epi8(25)));
  const __m256i offsets =
      _mm256_setr_epi8('A', 'a' - 26, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52,
                       '0' - 52, '0' - 52, '0' - 52, '0' - 52, '+' - 62, '/' - 63, 0, 0,  //
                       'A', 'a' - 26, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52,
                       '0' - 52, '0' - 52, '0' - 52, '0' - 52, '+' - 62, '/' - 63, 0, 0);
  return _mm256_add_epi8(values, _mm256_shuffle_epi8(offsets, range));
}

// The 24 bytes at `in` -> 32 characters at `out`, each lane taking 12 bytes from a 16-byte load:
// the high lane's from in[12, 28), or, for the `last` step, which reads nothing past the 24, from
// in[8, 24) shifted down by 4.
HOG_AVX2 void encode_step(const unsigned char* in, char* out, bool last) {
  const __m128i low = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
  const __m128i high =
      last ? _mm_srli_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(in + 8)), 4)
           : _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + 12));
  const __m256i bytes = _mm256_inserti128_si256(_mm256_castsi128_si256(low), high, 1);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out),
                      sextets_to_ascii(split_sextets(spread_groups(bytes))));
}

HOG_AVX2 std::size_t encode_avx2(const unsigned char* in, std::size_t n, char* out) {
  // Steps over whole 24 bytes (the last may not read past them when 28 are not there), then the
  // few groups left one at a time.
  std::size_t i = 0;
  for (; i + 24 <= n; i += 24) encode_step(in + i, out + i / 3 * 4, i + 28 > n);
  return i + encode_clean_groups(in + i, n - i, out + i / 3 * 4);
}

// Characters -> 6-bit values; false if any of the 32 is outside the alphabet.
HOG_AVX2 bool ascii_to_sextets(__m256i text, __m256i& values) {
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  const __m256i high = _mm256_and_si256(_mm256_srli_epi32(text, 4), nibble);
  const __m256i low = _mm256_and_si256(text, nibble);
  // A character is valid when no class bit is set in both its low- and high-nibble entries.
  // Classes by high nibble: 0x01 '+' '/' row, 0x02 digits, 0x04 rows 4 and 6 (valid from low 1),
  // 0x08 rows 5 and 7 (valid to low 10), 0x10 rows with no alphabet character.
  const __m256i invalid_for_low = _mm256_setr_epi8(0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
                                                   0x11, 0x11, 0x13, 0x1a, 0x1b, 0x1b, 0x1b,
                                                   0x1a,  //
                                                   0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
                                                   0x11, 0x11, 0x13, 0x1a, 0x1b, 0x1b, 0x1b, 0x1a);
  const __m256i class_of_high = _mm256_setr_epi8(0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08,
                                                 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10,
                                                 0x10,  //
                                                 0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08,
                                                 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10);
  const __m256i bad = _mm256_and_si256(_mm256_shuffle_epi8(invalid_for_low, low),
                                       _mm256_shuffle_epi8(class_of_high, high));
  if (!_mm256_testz_si256(bad, bad)) return false;
  // Offset by high nibble; '/' shares row 2 with '+' and takes slot 1 instead.
  const __m256i offsets = _mm256_setr_epi8(
      0, 63 - '/', 62 - '+', 52 - '0', -'A', -'A', 26 - 'a', 26 - 'a', 0, 0, 0, 0, 0, 0, 0, 0,  //
      0, 63 - '/', 62 - '+', 52 - '0', -'A', -'A', 26 - 'a', 26 - 'a', 0, 0, 0, 0, 0, 0, 0, 0);
  const __m256i slot = _mm256_add_epi8(high, _mm256_cmpeq_epi8(text, _mm256_set1_epi8('/')));
  values = _mm256_add_epi8(text, _mm256_shuffle_epi8(offsets, slot));
  return true;
}

// 32 values (8 groups of four) -> 24 bytes at out.
HOG_AVX2 void pack_sextets(__m256i values, unsigned char* out) {
  const __m256i pairs = _mm256_maddubs_epi16(values, _mm256_set1_epi32(0x01400140));
  const __m256i groups = _mm256_madd_epi16(pairs, _mm256_set1_epi32(0x00011000));
  const __m256i in_lane = _mm256_shuffle_epi8(
      groups, _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1,  //
                               2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1));
  const __m256i packed =
      _mm256_permutevar8x32_epi32(in_lane, _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm256_castsi256_si128(packed));
  _mm_storel_epi64(reinterpret_cast<__m128i*>(out + 16), _mm256_extracti128_si256(packed, 1));
}

HOG_AVX2 std::size_t decode_clean_avx2(const char* in, std::size_t n, unsigned char* out) {
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32, out += 24) {
    __m256i values;
    if (!ascii_to_sextets(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + i)), values))
      break;
    pack_sextets(values, out);
  }
  return i + decode_clean_groups(in + i, n - i, out);
}

constexpr Kernel kAvx2{encode_avx2, decode_clean_avx2};

}  // namespace

const Kernel* avx2_kernel() {
  return &kAvx2;
}

}  // namespace hog::core::base64::detail

#else

namespace hog::core::base64::detail {
const Kernel* avx2_kernel() {
  return nullptr;
}
}  // namespace hog::core::base64::detail

#endif
