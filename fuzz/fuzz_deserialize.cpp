// Fuzz target: the envelope's deserialize (lenient base64 + pickle after "__PICKLE__:", else
// JSON) on arbitrary text.
//
// Properties: whatever deserializes, serialize() (no size limit) writes a payload that
// deserializes to the same graph, and deserialize is deterministic (a second call on the same
// text gives the same graph).
#include "fuzz_support.hpp"
#include "hog/core/envelope.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace core = hog::core;
  const std::string_view text = hog::fuzz::as_text(data, size);
  const auto value = hog::fuzz::attempt([&] { return core::deserialize(text); });
  if (!value) return 0;
  const auto again = hog::fuzz::attempt([&] { return core::deserialize(text); });
  if (!again)
    hog::fuzz::fail("deserialize is deterministic", hog::fuzz::describe(*value), "rejected");
  hog::fuzz::check_same_graph("deserialize is deterministic", *value, *again);

  core::SerializeOptions options;
  options.limit_bytes = std::nullopt;
  const auto payload = hog::fuzz::attempt([&] { return core::serialize(*value, options); });
  if (!payload) return 0;
  const auto round = hog::fuzz::attempt([&] { return core::deserialize(*payload); });
  if (!round)
    hog::fuzz::fail("deserialize(serialize(v)) accepts", hog::fuzz::describe(*value), *payload);
  hog::fuzz::check_same_graph("deserialize(serialize(v)) is the same graph", *value, *round);
  return 0;
}
