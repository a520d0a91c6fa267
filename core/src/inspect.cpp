// Payload inspection, the driver: envelope and sizes, then the opcode pass, then (when the pickle
// decodes) the type tree. See inspect.hpp for the contract.
#include "hog/core/inspect.hpp"

#include "hog/core/base64.hpp"
#include "hog/core/envelope.hpp"
#include "hog/core/errors.hpp"
#include "hog/core/json.hpp"
#include "hog/core/pickle.hpp"
#include "inspect_internal.hpp"

namespace hog::core {
namespace {

InspectReport sized(EnvelopeKind kind, std::size_t bytes, const InspectOptions& options) {
  InspectReport report;
  report.envelope = kind;
  report.size_bytes = bytes;
  report.size_mb = static_cast<double>(bytes) / (1024.0 * 1024.0);
  report.limit_bytes = options.limit_bytes;
  report.limit_share = options.limit_bytes == 0
                           ? 0.0
                           : static_cast<double>(bytes) / static_cast<double>(options.limit_bytes);
  return report;
}

void read_pickle(std::span<const std::byte> data, const InspectOptions& options,
                 InspectReport& report) {
  report.pickle_bytes = data.size();
  inspection::scan_opcodes(data, report);
  if (report.error) return;
  try {
    inspection::describe_value(pickle::decode(data), options, report);
  } catch (const Error& error) {
    report.error = error.type_name() + ": " + error.what();
  }
}

}  // namespace

std::string_view envelope_name(EnvelopeKind kind) {
  switch (kind) {
    case EnvelopeKind::Pickle:
      return "pickle";
    case EnvelopeKind::Json:
      return "json";
    case EnvelopeKind::RawPickle:
      return "raw pickle";
  }
  return "pickle";
}

InspectReport inspect(std::string_view payload, const InspectOptions& options) {
  if (!payload.starts_with(kPickleMarker)) {
    InspectReport report = sized(EnvelopeKind::Json, payload.size(), options);
    inspection::describe_value(parse_json(payload), options, report);
    return report;
  }
  InspectReport report = sized(EnvelopeKind::Pickle, payload.size(), options);
  // deserialize() checks the same: b64decode refuses a str with non-ASCII characters.
  const std::string_view text = payload.substr(kPickleMarker.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) >= 0x80) {
      throw ValueError(
          "string argument should contain only ASCII characters (non-ASCII byte at offset " +
          std::to_string(kPickleMarker.size() + i) + ")");
    }
  }
  const std::string bytes = base64::decode_lenient(text);
  read_pickle(std::as_bytes(std::span<const char>(bytes.data(), bytes.size())), options, report);
  return report;
}

InspectReport inspect_pickle(std::span<const std::byte> data, const InspectOptions& options) {
  InspectReport report = sized(EnvelopeKind::RawPickle, data.size(), options);
  read_pickle(data, options, report);
  return report;
}

}  // namespace hog::core
