// White-box: decode_canonical_into (core/src/base64_canonical.cpp), deserialize's one-pass
// decoder for small payloads, on every kernel this CPU runs. It must decode whatever the encoder
// writes, and on any other text either give exactly the bytes both public decoders give or
// decline: it declines exactly where decode_strict (canonical text only) raises.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "base64_internal.hpp"
#include "hog/core/base64.hpp"
#include "hog/core/errors.hpp"

namespace b64 = hog::core::base64;
namespace detail = hog::core::base64::detail;

namespace {

std::vector<const detail::Kernel*> kernels() {
  std::vector<const detail::Kernel*> all;
  for (const b64::Path path : b64::available_paths()) {
    all.push_back(path == b64::Path::Avx2 ? detail::avx2_kernel() : &detail::portable_kernel());
  }
  return all;
}

// The decoded bytes, or nullopt where decode_canonical_into declines.
std::optional<std::string> canonical(const detail::Kernel& kernel, const std::string& text) {
  std::string out(detail::decoded_room(text.size()), '\0');
  const std::size_t size = detail::decode_canonical_into(kernel, text, out.data());
  if (size == detail::kNotCanonical) return std::nullopt;
  out.resize(size);
  return out;
}

const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

rc::Gen<std::string> gen_bytes() {
  return rc::gen::mapcat(
      rc::gen::weightedOneOf<std::size_t>(
          {{3, rc::gen::inRange<std::size_t>(0, 64)}, {1, rc::gen::inRange<std::size_t>(0, 700)}}),
      [](std::size_t size) {
        return rc::gen::container<std::string>(size, rc::gen::arbitrary<char>());
      });
}

// Encoded bytes with a few characters replaced, inserted or cut off: '=' in every place, junk
// and non-ASCII bytes, alphabet characters after padding and before it.
rc::Gen<std::string> gen_near_canonical() {
  return rc::gen::exec([] {
    std::string text = b64::encode(*gen_bytes());
    const std::string odd = std::string("A/+=\n \x80\xc3\xff", 9);
    const int edits = *rc::gen::inRange(0, 3);
    for (int k = 0; k < edits; ++k) {
      const std::size_t at = *rc::gen::inRange<std::size_t>(0, text.size() + 1);
      const char c = *rc::gen::elementOf(odd);
      switch (*rc::gen::inRange(0, 4)) {
        case 0:
          if (at < text.size()) text[at] = c;
          break;
        case 1:  // an alphabet character in the last group (unused bits before the padding)
          if (text.size() >= 4) {
            text[text.size() - *rc::gen::inRange<std::size_t>(1, 5)] =
                *rc::gen::elementOf(kAlphabet);
          }
          break;
        case 2:
          text.insert(at, 1, c);
          break;
        default:
          text.resize(at);
          break;
      }
    }
    return text;
  });
}

}  // namespace

RC_GTEST_PROP(Base64Canonical, DecodesWhatTheEncoderWrites, ()) {
  const std::string bytes = *gen_bytes();
  const std::string text = b64::encode(bytes);
  for (const detail::Kernel* kernel : kernels()) RC_ASSERT(canonical(*kernel, text) == bytes);
}

RC_GTEST_PROP(Base64Canonical, AgreesWithBothDecodersAndDeclinesWhereStrictRaises, ()) {
  const std::string text = *gen_near_canonical();
  std::optional<std::string> strict;
  try {
    strict = b64::decode_strict(text);
  } catch (const hog::core::Base64Error&) {
  }
  for (const detail::Kernel* kernel : kernels()) {
    const std::optional<std::string> decoded = canonical(*kernel, text);
    RC_ASSERT(decoded == strict);
    if (decoded) RC_ASSERT(b64::decode_lenient(text) == *decoded);
  }
}

TEST(Base64Canonical, PaddedLastGroupsAndTheirNearMisses) {
  for (const detail::Kernel* kernel : kernels()) {
    EXPECT_EQ(canonical(*kernel, ""), "");
    EXPECT_EQ(canonical(*kernel, "QUJD"), "ABC");
    EXPECT_EQ(canonical(*kernel, "QUJDRA=="), "ABCD");
    EXPECT_EQ(canonical(*kernel, "QUJDREU="), "ABCDE");
    // Unused bits set before the padding: CPython reads "QR==" as "A", decode_strict rejects it.
    for (const char* text : {"QUJ", "QUJDR===", "QUJD=A==", "QUJDRA=A",
                             "QQ==QQ==", "QU\xc3=", "QUJD\n", "Q\xc3==", "QR==", "QUJDREV="}) {
      EXPECT_EQ(canonical(*kernel, text), std::nullopt) << text;
    }
  }
}
