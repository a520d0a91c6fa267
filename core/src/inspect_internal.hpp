// Internal to payload inspection: the parts of the report, each computed in one linear pass.
//
// Contract: scan_opcodes walks the opcode stream (without building values) and fills protocol,
// frames, the opcode histogram, globals with their verdicts, hazards, `safe`, and `error` when the
// stream cannot be read to STOP. describe_value fills the type tree and the findings from a decoded
// value. not_plain_python is the lint hook: the finding message for one object, or nullopt.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "hog/core/inspect.hpp"
#include "value_internal.hpp"

namespace hog::core::inspection {

void scan_opcodes(std::span<const std::byte> data, InspectReport& report);
void describe_value(const Value& value, const InspectOptions& options, InspectReport& report);
std::optional<std::string> not_plain_python(const detail::Slot& slot);

}  // namespace hog::core::inspection
