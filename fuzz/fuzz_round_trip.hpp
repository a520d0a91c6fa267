// The pickle round-trip property shared by fuzz_pickle_decode and fuzz_numpy.
//
// Contract: check_round_trip(bytes, value, options) checks that `value` (decoded from `bytes`
// with `options`) re-encodes, at the input's protocol (from its PROTO opcode; 0 without one;
// skipped when the input may switch protocols midway) and at 5, to a pickle that decodes (with the
// same options) to the same graph (same_graph: kinds, float bits, order, sharing, cycles) with the
// same repr. Protocol 0 writes floats as text (FLOAT), which keeps neither a NaN's sign nor its
// payload, as in CPython: there the first round must keep the repr and the second round the whole
// graph. Below protocol 3 globals are written under their Python 2 names, and a few of those read
// back as another Python 3 name (_gdbm.x -> gdbm.x -> dbm.gnu.x, builtins.FileNotFoundError ->
// exceptions.OSError -> builtins.OSError), as in CPython: a value with such a global must only be
// stable from the second round. Below protocol 4 a nested global (a dotted name) is written as
// getattr() chains, which the decoder's copy budget charges once per level: a long dotted name can
// make our own output exceed the budget (a known limit, see fuzz/README.md); that refusal is
// allowed for such values. An encoder refusal (PicklingError, RecursionError) is allowed; a
// refusal to decode our own output fails the run (hog::fuzz::fail).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "hog/core/pickle.hpp"
#include "hog/core/pickle_compat.hpp"
#include "hog/core/pickle_opcodes.hpp"

namespace hog::fuzz {

// The protocol of the input's first PROTO (0 without one), or nullopt when the bytes may hold a
// second PROTO naming another protocol: the decoder reads model shapes (bytes via _codecs.encode,
// set(list), bytearray(...)) by the protocol in force, so a stream that switches protocols has no
// single protocol its value round-trips at. A conservative byte scan: it may skip a clean input.
inline std::optional<int> protocol_of(std::string_view data) {
  const auto proto = static_cast<char>(core::pickle::Op::PROTO);
  const auto version_at = [&](std::size_t i) -> std::optional<int> {
    if (i + 1 >= data.size() || data[i] != proto) return std::nullopt;
    const auto version = static_cast<std::uint8_t>(data[i + 1]);
    if (version > core::pickle::kHighestProtocol) return std::nullopt;
    return version;
  };
  const int first = version_at(0).value_or(0);
  for (std::size_t i = 1; i < data.size(); ++i) {
    const auto other = version_at(i);
    if (other && *other != first) return std::nullopt;
  }
  return first;
}

// Whether the value names a global that protocols 0-2 rename (to_python3(to_python2(g)) != g).
inline bool has_renamed_global(const core::Value& root) {
  bool renamed = false;
  for_each_value(root, [&](const core::Value& value) {
    if (renamed || value.kind() != core::Kind::Global) return;
    const auto [module, name] =
        core::pickle::to_python2(value.global_module(), value.global_name());
    const auto back = core::pickle::to_python3(module, name);
    renamed = back.first != value.global_module() || back.second != value.global_name();
  });
  return renamed;
}

// Whether the value names a global with a dotted (nested) name, written below protocol 4 as a
// getattr() chain.
inline bool has_nested_global(const core::Value& root) {
  bool nested = false;
  for_each_value(root, [&](const core::Value& value) {
    nested = nested || (value.kind() == core::Kind::Global &&
                        value.global_name().find('.') != std::string_view::npos);
  });
  return nested;
}

// decode(encode(value, protocol)); a refusal to decode it fails the run. nullopt when the encoder
// refuses the value.
inline std::optional<core::Value> round_trip(const core::Value& value, int protocol,
                                             const core::pickle::DecodeOptions& options) {
  const auto encoded = attempt([&] {
    core::pickle::EncodeOptions encode_options;
    encode_options.protocol = protocol;
    return core::pickle::encode(value, encode_options);
  });
  if (!encoded) return std::nullopt;
  try {
    return core::pickle::decode(*encoded, options);
  } catch (const core::Error& error) {
    const bool over_budget =
        std::string_view(error.what()).find("rebuilds more data from shared arguments") !=
        std::string_view::npos;
    if (over_budget && protocol < 4 && has_nested_global(value)) return std::nullopt;
    fail("decode(encode(v, protocol " + std::to_string(protocol) + ")) decodes", describe(value),
         error.type_name() + ": " + error.what());
  }
}

inline void check_round_trip_at(const core::Value& value, int protocol,
                                const core::pickle::DecodeOptions& options) {
  const std::string label = "decode(encode(v, protocol " + std::to_string(protocol) + "))";
  const auto again = round_trip(value, protocol, options);
  if (!again) return;
  const std::string before = describe(value);
  const std::string after = describe(*again);
  const bool renames = protocol < 3 && has_renamed_global(value);
  if (before != after && !renames) fail(label + " has the same repr", before, after);
  if (protocol > 0 && !renames) {
    check_same_graph(label + " is the same graph", value, *again);
    return;
  }
  const auto twice = round_trip(*again, protocol, options);
  if (!twice && !has_nested_global(*again)) fail(label + " encodes again", after, "refused");
  if (!twice) return;
  check_same_graph(label + " is stable after one round", *again, *twice);
}

inline void check_round_trip(std::string_view bytes, const core::Value& value,
                             const core::pickle::DecodeOptions& options) {
  const std::optional<int> protocol = protocol_of(bytes);
  if (protocol) check_round_trip_at(value, *protocol, options);
  if (protocol != core::pickle::kHighestProtocol)
    check_round_trip_at(value, core::pickle::kHighestProtocol, options);
}

}  // namespace hog::fuzz
