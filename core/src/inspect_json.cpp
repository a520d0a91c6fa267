// The inspection report as JSON for CI (nlohmann_json); field names follow InspectReport. Text
// from the payload (global names, dict keys in labels) that is not UTF-8 is replaced, not thrown.
#include <nlohmann/json.hpp>

#include "hog/core/inspect.hpp"

namespace hog::core {
namespace {

using nlohmann::json;

json tree_json(const TypeNode& node) {
  json out = {{"label", node.label},
              {"type", node.type},
              {"size", node.size},
              {"length", node.length},
              {"reference", node.reference}};
  if (node.id != 0) out["id"] = node.id;
  json children = json::array();
  for (const TypeNode& child : node.children) children.push_back(tree_json(child));
  out["children"] = std::move(children);
  out["elided_children"] = node.elided_children;
  out["elided_size"] = node.elided_size;
  return out;
}

}  // namespace

std::string report_json(const InspectReport& report) {
  json out;
  out["envelope"] = envelope_name(report.envelope);
  out["size_bytes"] = report.size_bytes;
  out["size_mb"] = report.size_mb;
  out["limit_bytes"] = report.limit_bytes;
  out["limit_share"] = report.limit_share;
  out["pickle_bytes"] = report.pickle_bytes;
  out["protocol"] = report.protocol ? json(*report.protocol) : json(nullptr);
  out["highest_opcode_protocol"] = report.highest_opcode_protocol;
  out["frames"] = report.frames;
  json opcodes = json::object();
  for (const auto& [name, count] : report.opcodes) opcodes[name] = count;
  out["opcodes"] = std::move(opcodes);
  out["safe"] = report.safe;
  json globals = json::array();
  for (const GlobalUse& use : report.globals) {
    globals.push_back({{"module", use.module},
                       {"name", use.name},
                       {"written", use.written},
                       {"count", use.count},
                       {"first_offset", use.first_offset},
                       {"safe", use.safe},
                       {"reason", use.reason}});
  }
  out["globals"] = std::move(globals);
  json hazards = json::array();
  for (const Hazard& hazard : report.hazards) {
    hazards.push_back(
        {{"offset", hazard.offset}, {"opcode", hazard.opcode}, {"reason", hazard.reason}});
  }
  out["hazards"] = std::move(hazards);
  out["tree"] = report.tree ? tree_json(*report.tree) : json(nullptr);
  json findings = json::array();
  for (const Finding& finding : report.not_plain_python) {
    findings.push_back({{"path", finding.path}, {"message", finding.message}});
  }
  out["not_plain_python"] = std::move(findings);
  out["elided_findings"] = report.elided_findings;
  out["error"] = report.error ? json(*report.error) : json(nullptr);
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace hog::core
