// Fuzz target: pickle::decode on arbitrary bytes.
//
// Properties: whatever decodes re-encodes, at the input's protocol (from its PROTO opcode; 0
// without one; skipped when the input may switch protocols midway) and at 5, to a pickle that
// decodes to the same graph (same_graph: kinds, float bits, order, sharing, cycles) with the same
// repr. Protocol 0 writes floats as text (FLOAT), which keeps neither a NaN's sign nor its payload,
// as in CPython: there the first round must keep the repr and the second round the whole graph. An
// encoder refusal (PicklingError, RecursionError) is allowed; a refusal to decode our own output is
// a finding. NEXT_BUFFER gets two out-of-band buffers so that path is reachable.
#include <optional>
#include <string>

#include "fuzz_support.hpp"
#include "hog/core/pickle.hpp"
#include "hog/core/pickle_opcodes.hpp"

namespace {

namespace pickle = hog::core::pickle;

pickle::DecodeOptions decode_options() {
  pickle::DecodeOptions options;
  options.max_depth = hog::fuzz::kMaxDepth;
  options.buffers = {hog::core::Value::bytes("oob0"), hog::core::Value::bytearray("oob1")};
  return options;
}

// The protocol of the input's first PROTO (0 without one), or nullopt when the bytes may hold a
// second PROTO naming another protocol: the decoder reads model shapes (bytes via _codecs.encode,
// set(list), bytearray(...)) by the protocol in force, so a stream that switches protocols has no
// single protocol its value round-trips at. A conservative byte scan: it may skip a clean input.
std::optional<int> protocol_of(std::string_view data) {
  const auto proto = static_cast<char>(pickle::Op::PROTO);
  const auto version_at = [&](std::size_t i) -> std::optional<int> {
    if (i + 1 >= data.size() || data[i] != proto) return std::nullopt;
    const auto version = static_cast<std::uint8_t>(data[i + 1]);
    if (version > pickle::kHighestProtocol) return std::nullopt;
    return version;
  };
  const int first = version_at(0).value_or(0);
  for (std::size_t i = 1; i < data.size(); ++i) {
    const auto other = version_at(i);
    if (other && *other != first) return std::nullopt;
  }
  return first;
}

// decode(encode(value, protocol)); a refusal to decode it fails the run. nullopt when the encoder
// refuses the value.
std::optional<hog::core::Value> round_trip(const hog::core::Value& value, int protocol) {
  const auto encoded = hog::fuzz::attempt([&] {
    pickle::EncodeOptions options;
    options.protocol = protocol;
    return pickle::encode(value, options);
  });
  if (!encoded) return std::nullopt;
  try {
    return pickle::decode(*encoded, decode_options());
  } catch (const hog::core::Error& error) {
    hog::fuzz::fail("decode(encode(v, protocol " + std::to_string(protocol) + ")) decodes",
                    hog::fuzz::describe(value), error.type_name() + ": " + error.what());
  }
}

void check_round_trip(const hog::core::Value& value, int protocol) {
  const std::string label = "decode(encode(v, protocol " + std::to_string(protocol) + "))";
  const auto again = round_trip(value, protocol);
  if (!again) return;
  const std::string before = hog::fuzz::describe(value);
  const std::string after = hog::fuzz::describe(*again);
  if (before != after) hog::fuzz::fail(label + " has the same repr", before, after);
  if (protocol > 0) {
    hog::fuzz::check_same_graph(label + " is the same graph", value, *again);
    return;
  }
  const auto twice = round_trip(*again, protocol);
  if (!twice) hog::fuzz::fail(label + " encodes again", after, "PicklingError");
  hog::fuzz::check_same_graph(label + " is stable after one round", *again, *twice);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = hog::fuzz::as_text(data, size);
  const auto value = hog::fuzz::attempt([&] { return pickle::decode(bytes, decode_options()); });
  if (!value) return 0;
  const std::optional<int> protocol = protocol_of(bytes);
  if (protocol) check_round_trip(*value, *protocol);
  if (protocol != pickle::kHighestProtocol) check_round_trip(*value, pickle::kHighestProtocol);
  return 0;
}
