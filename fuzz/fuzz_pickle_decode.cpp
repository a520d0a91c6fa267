// Fuzz target: pickle::decode on arbitrary bytes.
//
// Property (fuzz_round_trip.hpp): whatever decodes re-encodes, at the input's protocol and at 5,
// to a pickle that decodes to the same graph with the same repr (protocol 0: the repr, and the
// graph from the second round). NEXT_BUFFER gets two out-of-band buffers so that path is
// reachable.
// Differential (white-box): the small-pickle fast path (decoding::decode_small) gives up wherever
// the general Machine (which decode_handed_over runs alone) raises, and wherever it takes a pickle
// it makes the Machine's graph, with the same strs as objects of their own (equal re-encodings).
#include <cstring>
#include <memory>

#include "fuzz_round_trip.hpp"
#include "pickle_decode_handed_over.hpp"
#include "pickle_decode_small.hpp"

namespace {

namespace pickle = hog::core::pickle;

pickle::DecodeOptions decode_options() {
  pickle::DecodeOptions options;
  options.max_depth = hog::fuzz::kMaxDepth;
  options.buffers = {hog::core::Value::bytes("oob0"), hog::core::Value::bytearray("oob1")};
  return options;
}

void check_small_path(std::string_view bytes, const pickle::DecodeOptions& options) {
  const auto small = pickle::decoding::decode_small(
      std::as_bytes(std::span(bytes.data(), bytes.size())), options.max_depth);
  if (!small) return;
  const auto general = hog::fuzz::attempt([&] {
    auto block = std::make_unique<std::byte[]>(bytes.size() + 1);
    std::memcpy(block.get(), bytes.data(), bytes.size());
    return pickle::decoding::decode_handed_over(std::move(block), bytes.size(), options);
  });
  if (!general) hog::fuzz::fail("the Machine takes what decode_small takes", "taken", "rejected");
  hog::fuzz::check_same_graph("decode_small makes the Machine's graph", *small, *general);
  const std::string small_again = pickle::encode(*small);
  const std::string general_again = pickle::encode(*general);
  if (small_again != general_again) {
    hog::fuzz::fail("decode_small's graph re-encodes as the Machine's", small_again, general_again);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = hog::fuzz::as_text(data, size);
  const pickle::DecodeOptions options = decode_options();
  const auto value = hog::fuzz::attempt([&] { return pickle::decode(bytes, options); });
  if (value) hog::fuzz::check_round_trip(bytes, *value, options);
  check_small_path(bytes, options);
  return 0;
}
