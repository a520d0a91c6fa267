// Fuzz target: pickle::decode on arbitrary bytes.
//
// Property (fuzz_round_trip.hpp): whatever decodes re-encodes, at the input's protocol and at 5,
// to a pickle that decodes to the same graph with the same repr (protocol 0: the repr, and the
// graph from the second round). NEXT_BUFFER gets two out-of-band buffers so that path is
// reachable.
#include "fuzz_round_trip.hpp"

namespace {

namespace pickle = hog::core::pickle;

pickle::DecodeOptions decode_options() {
  pickle::DecodeOptions options;
  options.max_depth = hog::fuzz::kMaxDepth;
  options.buffers = {hog::core::Value::bytes("oob0"), hog::core::Value::bytearray("oob1")};
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = hog::fuzz::as_text(data, size);
  const pickle::DecodeOptions options = decode_options();
  const auto value = hog::fuzz::attempt([&] { return pickle::decode(bytes, options); });
  if (value) hog::fuzz::check_round_trip(bytes, *value, options);
  return 0;
}
