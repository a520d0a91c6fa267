// The inspection report for people: a few labelled lines, the globals with their verdicts, the
// opcode histogram and the type tree indented by level.
#include <cstdio>

#include "hog/core/inspect.hpp"

namespace hog::core {
namespace {

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

std::string plural(std::size_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

void tree_lines(const TypeNode& node, std::size_t depth, std::string& out) {
  out += std::string(2 + 2 * depth, ' ');
  if (!node.label.empty()) out += node.label + " ";
  if (node.reference) {
    out += "-> #" + std::to_string(node.id) + " (" + node.type + ", shown where first met)\n";
    return;
  }
  out += node.type;
  if (node.id != 0) out += " #" + std::to_string(node.id);
  if (node.length != 0) out += " len " + std::to_string(node.length);
  out += " size " + std::to_string(node.size) + "\n";
  for (const TypeNode& child : node.children) tree_lines(child, depth + 1, out);
  if (node.elided_children > 0) {
    out += std::string(4 + 2 * depth, ' ') + "... " + std::to_string(node.elided_children) +
           " more, size " + std::to_string(node.elided_size) + "\n";
  }
}

}  // namespace

std::string format_report(const InspectReport& report) {
  std::string out = "envelope: " + std::string(envelope_name(report.envelope)) + "\n";
  out += "size: " + plural(report.size_bytes, "byte") + " (" + format("%.2f", report.size_mb) +
         " MB, " + format("%.1f", report.limit_share * 100) + "% of the " +
         format("%g", static_cast<double>(report.limit_bytes) / (1024.0 * 1024.0)) + " MB limit)\n";
  if (report.envelope != EnvelopeKind::Json) {
    out += "pickle: " + plural(report.pickle_bytes, "byte") + ", protocol " +
           (report.protocol ? std::to_string(*report.protocol) : "none declared") +
           ", highest opcode protocol " + std::to_string(report.highest_opcode_protocol) + "\n";
    out += "frames: " + std::to_string(report.frames.size());
    for (std::size_t i = 0; i < report.frames.size(); ++i) {
      out += (i == 0 ? " (" : ", ") + std::to_string(report.frames[i]);
    }
    out += report.frames.empty() ? "\n" : " bytes)\n";
  }
  std::size_t unsafe = report.hazards.size();
  for (const GlobalUse& use : report.globals) unsafe += use.safe ? 0 : 1;
  out += "verdict: " +
         (report.safe ? std::string("safe (every global is on the allow-list of data-only globals)")
                      : "UNSAFE (" + plural(unsafe, "global or opcode") +
                            " can run code when Python unpickles this)") +
         "\n";
  if (!report.globals.empty()) out += "globals:\n";
  for (const GlobalUse& use : report.globals) {
    out += std::string(use.safe ? "  safe    " : "  UNSAFE  ") + use.module + "." + use.name +
           ": " + use.reason + " (" + plural(use.count, "reference") + ", first at offset " +
           std::to_string(use.first_offset) +
           (use.written.empty() ? "" : ", written as '" + use.written + "'") + ")\n";
  }
  if (!report.hazards.empty()) out += "hazards:\n";
  for (const Hazard& hazard : report.hazards) {
    out += "  UNSAFE  " + hazard.opcode + " at offset " + std::to_string(hazard.offset) + ": " +
           hazard.reason + "\n";
  }
  if (!report.opcodes.empty()) out += "opcodes:\n";
  for (const auto& [name, count] : report.opcodes) {
    out += "  " + name + std::string(name.size() < 18 ? 18 - name.size() : 1, ' ') +
           std::to_string(count) + "\n";
  }
  if (report.tree) {
    out += "type tree (size: content bytes, each object counted once where first met):\n";
    tree_lines(*report.tree, 0, out);
  }
  if (!report.not_plain_python.empty()) out += "not a plain Python type:\n";
  for (const Finding& finding : report.not_plain_python) {
    out += "  " + finding.path + ": " + finding.message + "\n";
  }
  if (report.elided_findings > 0) {
    out += "  ... " + std::to_string(report.elided_findings) + " more\n";
  }
  if (report.error) out += "error: " + *report.error + "\n";
  return out;
}

}  // namespace hog::core
