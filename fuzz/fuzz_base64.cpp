// Fuzz target: base64 decode_strict and decode_lenient on arbitrary text.
//
// Properties: every implementation path (portable, AVX2 when the CPU has it) gives the same
// result for both decoders; where the strict decoder accepts, the lenient one accepts with the
// same bytes and encode() gives back the text; whatever the lenient decoder outputs, encode()
// turns into text the strict decoder reads back to the same bytes. White-box: on every path,
// deserialize's canonical decoder (decode_canonical_into) takes exactly the texts the strict
// decoder accepts, with the same bytes.
#include <optional>
#include <string>
#include <vector>

#include "base64_internal.hpp"
#include "fuzz_support.hpp"
#include "hog/core/base64.hpp"

namespace {

using hog::core::base64::Path;

struct Results {
  std::optional<std::string> strict;
  std::optional<std::string> lenient;
  std::optional<std::string> canonical;
};

std::optional<std::string> decode_canonical(std::string_view text) {
  namespace detail = hog::core::base64::detail;
  std::string out(detail::decoded_room(text.size()), '\0');
  const std::size_t size = detail::decode_canonical_into(detail::active_kernel(), text, out.data());
  if (size == detail::kNotCanonical) return std::nullopt;
  out.resize(size);
  return out;
}

Results decode_all(std::string_view text) {
  namespace b64 = hog::core::base64;
  return {hog::fuzz::attempt([&] { return b64::decode_strict(text); }),
          hog::fuzz::attempt([&] { return b64::decode_lenient(text); }), decode_canonical(text)};
}

std::string show(const std::optional<std::string>& result) {
  return result ? "accepted, " + std::to_string(result->size()) + " bytes" : "rejected";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace b64 = hog::core::base64;
  using hog::fuzz::fail;
  const std::string_view text = hog::fuzz::as_text(data, size);

  const std::vector<Path> paths = b64::available_paths();
  const Path chosen = b64::active_path();
  std::vector<Results> per_path;
  for (const Path path : paths) {
    b64::force_path(path);
    per_path.push_back(decode_all(text));
  }
  b64::force_path(chosen);
  for (std::size_t i = 1; i < per_path.size(); ++i) {
    if (per_path[i].strict != per_path[0].strict)
      fail("strict decoders of two paths agree", show(per_path[0].strict),
           show(per_path[i].strict));
    if (per_path[i].lenient != per_path[0].lenient)
      fail("lenient decoders of two paths agree", show(per_path[0].lenient),
           show(per_path[i].lenient));
  }

  for (const Results& results : per_path) {
    if (results.canonical != results.strict)
      fail("the canonical decoder takes what strict accepts", show(results.strict),
           show(results.canonical));
  }
  const Results& results = per_path.front();
  if (results.strict) {
    if (results.lenient != results.strict)
      fail("lenient agrees where strict accepts", show(results.strict), show(results.lenient));
    if (b64::encode(*results.strict) != text)
      fail("strict accepts only canonical text", text, b64::encode(*results.strict));
  }
  if (results.lenient) {
    const std::string canonical = b64::encode(*results.lenient);
    const auto again = hog::fuzz::attempt([&] { return b64::decode_strict(canonical); });
    if (again != results.lenient)
      fail("strict reads encode(lenient output)", canonical, show(again));
  }
  return 0;
}
