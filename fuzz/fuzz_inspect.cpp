// Fuzz target: payload inspection — core::inspect on the input as payload text and
// core::inspect_pickle on it as raw pickle bytes.
//
// Properties, for both reports:
// - inspect_pickle throws nothing (a problem is the report's `error`); inspect throws nothing but
//   a hog::core::Error (envelope errors; attempt() lets others escape to libFuzzer);
// - report_json parses with nlohmann_json, and its "safe" and "globals" agree with the report;
// - the verdict: a listed global is safe exactly when it is on the allow-list of inspect.hpp's
//   contract (kept here as a second copy, so a change to one list without the other is caught),
//   and the payload is safe exactly when every listed global is safe and there is no hazard; a
//   global the decoded value names (a Global value or a reduced object's callable) that is not on
//   the allow-list makes the payload unsafe, whatever the report lists;
// - whatever pickle::decode accepts, inspect reads to its end: a type tree and no error;
// - output stays bounded: format_report and report_json within kFixedOutput + kOutputPerByte per
//   input byte (the tree, findings and key labels are capped by InspectOptions).
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "hog/core/envelope.hpp"
#include "hog/core/inspect.hpp"
#include "hog/core/pickle.hpp"

namespace {

namespace core = hog::core;
using core::Kind;

constexpr std::size_t kFixedOutput = std::size_t{256} << 10;
constexpr std::size_t kOutputPerByte = 128;

// inspect.hpp's allow-list: (module, name), name "*" for a whole module.
constexpr std::pair<std::string_view, std::string_view> kAllowList[] = {
    {"builtins", "complex"},
    {"builtins", "set"},
    {"builtins", "frozenset"},
    {"builtins", "bytearray"},
    {"builtins", "bytes"},
    {"builtins", "slice"},
    {"builtins", "range"},
    {"builtins", "object"},
    {"builtins", "Ellipsis"},
    {"builtins", "NotImplemented"},
    {"copyreg", "_reconstructor"},
    {"_codecs", "encode"},
    {"collections", "OrderedDict"},
    {"datetime", "*"},
    {"decimal", "Decimal"},
    {"fractions", "Fraction"},
    {"uuid", "UUID"},
    {"uuid", "SafeUUID"},
    {"numpy.core.multiarray", "_reconstruct"},
    {"numpy.core.multiarray", "scalar"},
    {"numpy.core.numeric", "_frombuffer"},
    {"numpy._core.multiarray", "_reconstruct"},
    {"numpy._core.multiarray", "scalar"},
    {"numpy._core.numeric", "_frombuffer"},
    {"numpy", "dtype"},
    {"numpy", "ndarray"},
};

bool allowed(std::string_view module, std::string_view name) {
  for (const auto& [m, n] : kAllowList)
    if (m == module && (n == name || n == "*")) return true;
  return false;
}

std::string describe_report(const core::InspectReport& report) {
  std::string text = core::format_report(report);
  if (text.size() > hog::fuzz::kMaxReprBytes) text.resize(hog::fuzz::kMaxReprBytes);
  return text;
}

// The first global the value names that is not allow-listed ("module name"), or "".
std::string unlisted_global(const core::Value& root) {
  std::string found;
  hog::fuzz::for_each_value(root, [&](const core::Value& value) {
    if (found.empty() && value.kind() == Kind::Global &&
        !allowed(value.global_module(), value.global_name()))
      found = std::string(value.global_module()) + " " + std::string(value.global_name());
  });
  return found;
}

void check_report(const core::InspectReport& report, std::size_t input_size,
                  const std::optional<core::Value>& decoded) {
  const std::string text = core::format_report(report);
  const std::string json_text = core::report_json(report);
  const std::size_t bound = kFixedOutput + kOutputPerByte * input_size;
  if (text.size() > bound || json_text.size() > bound)
    hog::fuzz::fail("the report stays bounded",
                    std::to_string(input_size) + " input bytes, bound " + std::to_string(bound),
                    std::to_string(text.size()) + " text bytes, " +
                        std::to_string(json_text.size()) + " JSON bytes");

  nlohmann::json json;
  try {
    json = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception& error) {
    hog::fuzz::fail("report_json parses", json_text.substr(0, hog::fuzz::kMaxReprBytes),
                    error.what());
  }
  if (!json.is_object() || json.value("safe", !report.safe) != report.safe ||
      !json["globals"].is_array() || json["globals"].size() != report.globals.size())
    hog::fuzz::fail("report_json's safe and globals are the report's", describe_report(report),
                    json_text.substr(0, hog::fuzz::kMaxReprBytes));

  bool every_global_safe = true;
  for (const core::GlobalUse& use : report.globals) {
    if (use.safe != allowed(use.module, use.name))
      hog::fuzz::fail("a global is safe exactly when it is on the allow-list",
                      use.module + " " + use.name, use.safe ? "safe" : "unsafe: " + use.reason);
    every_global_safe = every_global_safe && use.safe;
  }
  if (report.safe != (every_global_safe && report.hazards.empty()))
    hog::fuzz::fail("safe exactly when every global is safe and there is no hazard",
                    describe_report(report), report.safe ? "safe" : "unsafe");

  if (!decoded) return;
  if (report.error || !report.tree)
    hog::fuzz::fail("inspect reads whatever pickle::decode accepts", describe_report(report),
                    report.error.value_or("no type tree"));
  const std::string named = unlisted_global(*decoded);
  if (!named.empty() && report.safe)
    hog::fuzz::fail("a value naming a global off the allow-list is unsafe", named,
                    describe_report(report));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = hog::fuzz::as_text(data, size);

  // As raw pickle bytes: a problem in the pickle is the report's `error`, not an exception.
  core::InspectReport raw;
  try {
    raw = core::inspect_pickle(std::as_bytes(std::span<const char>(bytes)));
  } catch (const core::Error& error) {
    hog::fuzz::fail("inspect_pickle reports problems instead of throwing",
                    error.type_name() + ": " + error.what(), "");
  }
  check_report(raw, size, hog::fuzz::attempt([&] { return core::pickle::decode(bytes); }));

  // As payload text: envelope errors (base64, JSON) are thrown as deserialize throws them.
  if (const auto report = hog::fuzz::attempt([&] { return core::inspect(bytes); }))
    check_report(*report, size, hog::fuzz::attempt([&] { return core::deserialize(bytes); }));
  return 0;
}
