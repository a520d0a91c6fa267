// Fuzz target: pickle::disassemble on arbitrary bytes, with a small output cap and a large one.
//
// Properties:
// - nothing is thrown (a problem is the result's `error` and the listing's last line);
// - bounded: the text fits the cap, or is cut at a line boundary within it and ends in the one
//   "... output truncated" line (exactly when `truncated` is set);
// - well-formed: every line ends in '\n'; the opcode lines come first, each "%5d: CODE NAME..."
//   with strictly increasing offsets inside the input, the named opcode's byte at that offset,
//   the code printed as pickletools prints it and an indent that is a multiple of options.indent;
//   then "highest protocol among opcodes = N" (N the highest protocol of the listed opcodes) and
//   the last opcode STOP, or an "error at offset N (opcode NAME): MESSAGE" line that repeats the
//   result's error; nothing else;
// - the capped listing is the uncapped one cut at a line boundary;
// - whatever pickle::decode accepts lists without an error, except for pickletools' stricter
//   checks and readings that CPython's unpickler does not make (pickletools_only).
#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "hog/core/pickle.hpp"
#include "hog/core/pickle_dis.hpp"
#include "hog/core/pickle_opcodes.hpp"

namespace {

namespace pickle = hog::core::pickle;

constexpr std::size_t kSmallCap = 2048;
constexpr std::size_t kLargeCap = std::size_t{1} << 20;
constexpr std::size_t kIndent = 4;

// pickletools.dis errors for pickles CPython loads: it rejects them, the unpickler does not.
constexpr std::string_view kPickletoolsOnly[] = {
    "stack not empty after STOP",
    "memo key ",  // "memo key N already defined": PUT over a memo entry
};

// Whether pickletools rejects what CPython's unpickler (and so pickle::decode) accepts: one of the
// stricter checks above; a GLOBAL or INST line pickletools cannot read (it applies backslash
// escapes and then ASCII, "invalid \\x escape", "'ascii' codec can't decode"; the unpickler
// reads the line as UTF-8 as it is); an INT or LONG line that is a Python int literal in any base
// ("I0o7", "I0x10", "I1_0": the unpickler reads int(line, 0), pickletools int(line)); or a
// decimal line (INT, LONG, GET, PUT) with a NUL byte, which _pickle's C parser ends at the NUL
// ("I12\0x\n" is 12) while pickletools reads it with int().
bool pickletools_only(const pickle::DisError& error, std::string_view data) {
  for (const std::string_view prefix : kPickletoolsOnly)
    if (error.message.starts_with(prefix)) return true;
  if ((error.opcode == "GLOBAL" || error.opcode == "INST") &&
      (error.message.starts_with("ValueError: ") ||
       error.message.starts_with("UnicodeDecodeError: ")))
    return true;
  if (!error.message.starts_with("ValueError: invalid literal for int()")) return false;
  if (error.opcode == "INT" || error.opcode == "LONG") return true;
  const std::string_view line = data.substr(std::min(error.offset, data.size()));
  return line.substr(0, line.find('\n')).find('\0') != std::string_view::npos;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    if (end == std::string_view::npos) hog::fuzz::fail("every line ends in a newline", text, "");
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::string code_text(std::uint8_t code) {
  if (code >= 0x20 && code < 0x7f) return std::string(1, static_cast<char>(code));
  char text[8];
  std::snprintf(text, sizeof text, "\\x%02x", code);
  return text;
}

struct OpcodeLine {
  std::size_t offset = 0;
  const pickle::OpcodeInfo* info = nullptr;
};

// The opcode line's offset and opcode, or nullopt when `line` is not one.
std::optional<OpcodeLine> opcode_line(std::string_view line, std::string_view data) {
  const std::size_t colon = line.find(": ");
  if (colon == std::string_view::npos || colon < 5) return std::nullopt;
  const std::string_view number = line.substr(0, colon);
  const std::size_t digits = number.find_first_not_of(' ');
  if (digits == std::string_view::npos || (colon > 5 && digits != 0)) return std::nullopt;
  OpcodeLine result;
  for (const char c : number.substr(digits)) {
    if (c < '0' || c > '9' || result.offset > data.size()) return std::nullopt;
    result.offset = result.offset * 10 + static_cast<std::size_t>(c - '0');
  }
  if (result.offset >= data.size()) return std::nullopt;
  const auto byte = static_cast<std::uint8_t>(data[result.offset]);
  result.info = pickle::opcode_info(byte);
  if (result.info == nullptr) return std::nullopt;
  std::string code = code_text(byte);
  code.resize(std::max<std::size_t>(code.size(), 4), ' ');
  std::string_view rest = line.substr(colon + 2);
  if (rest.substr(0, code.size() + 1) != code + " ") return std::nullopt;
  rest.remove_prefix(code.size() + 1);
  const std::size_t indent = rest.find_first_not_of(' ');
  if (indent == std::string_view::npos || indent % kIndent != 0) return std::nullopt;
  rest.remove_prefix(indent);
  if (rest.substr(0, result.info->name.size()) != result.info->name) return std::nullopt;
  rest.remove_prefix(result.info->name.size());
  if (!rest.empty() && rest.front() != ' ') return std::nullopt;
  return result;
}

std::string error_line(const pickle::DisError& error) {
  return "error at offset " + std::to_string(error.offset) +
         (error.opcode.empty() ? "" : " (opcode " + error.opcode + ")") + ": " + error.message;
}

void check_listing(const pickle::Disassembly& dis, std::string_view data, std::size_t cap) {
  const std::string where = "cap " + std::to_string(cap);
  std::vector<std::string_view> lines = lines_of(dis.text);
  const std::string cut =
      "... output truncated: the listing exceeds " + std::to_string(cap) + " bytes";
  const bool ends_cut = !lines.empty() && lines.back() == cut;
  if (ends_cut != dis.truncated)
    hog::fuzz::fail("the truncation line is there exactly when `truncated` is set", where,
                    dis.truncated ? "truncated without the line" : "the line without truncated");
  if (dis.truncated) lines.pop_back();
  const std::size_t kept = dis.text.size() - (dis.truncated ? cut.size() + 1 : 0);
  if (kept > cap) hog::fuzz::fail("the listing fits its cap", where, std::to_string(kept));

  std::size_t i = 0;
  std::optional<std::size_t> last_offset;
  int highest = -1;
  const pickle::OpcodeInfo* last_op = nullptr;
  for (; i < lines.size(); ++i) {
    const auto op = opcode_line(lines[i], data);
    if (!op) break;
    if (last_offset && op->offset <= *last_offset)
      hog::fuzz::fail("opcode offsets increase", std::string(lines[i]), where);
    last_offset = op->offset;
    last_op = op->info;
    highest = std::max<int>(highest, op->info->protocol);
  }
  const std::string protocol_line = "highest protocol among opcodes = " + std::to_string(highest);
  if (i < lines.size() && lines[i] == protocol_line) {
    if (last_op == nullptr || last_op->op != pickle::Op::STOP)
      hog::fuzz::fail("the protocol line follows STOP", std::string(lines[i]), where);
    ++i;
  }
  if (i < lines.size() && dis.error && lines[i] == error_line(*dis.error)) {
    if (dis.error->offset > data.size())
      hog::fuzz::fail("the error offset is inside the input", std::string(lines[i]), where);
    ++i;
  }
  if (i != lines.size())
    hog::fuzz::fail("every line is an opcode line, then the protocol or error line",
                    std::string(lines[i]), where + "\n" + dis.text.substr(0, 4096));
  if (!dis.truncated) {
    const bool error_listed = dis.error && !lines.empty() && lines.back() == error_line(*dis.error);
    const bool protocol_listed = !lines.empty() && lines.back() == protocol_line;
    if (dis.error ? !error_listed : !protocol_listed)
      hog::fuzz::fail("a whole listing ends in its error or its protocol line", where,
                      dis.text.substr(0, 4096));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = hog::fuzz::as_text(data, size);
  pickle::DisOptions small;
  small.max_output = kSmallCap;
  small.indent = kIndent;
  pickle::DisOptions large = small;
  large.max_output = kLargeCap;
  const pickle::Disassembly capped = pickle::disassemble(bytes, small);
  const pickle::Disassembly whole = pickle::disassemble(bytes, large);
  check_listing(capped, bytes, kSmallCap);
  check_listing(whole, bytes, kLargeCap);

  const std::string_view kept =
      std::string_view(capped.text).substr(0, capped.text.rfind("... output truncated"));
  if (capped.truncated ? !std::string_view(whole.text).starts_with(kept)
                       : capped.text != whole.text)
    hog::fuzz::fail("the capped listing is the whole one cut at a line", capped.text,
                    whole.text.substr(0, kSmallCap * 2));

  if (whole.error && !pickletools_only(*whole.error, bytes) &&
      hog::fuzz::attempt([&] { return pickle::decode(bytes); }))
    hog::fuzz::fail("whatever pickle::decode accepts lists without an error",
                    error_line(*whole.error), whole.text.substr(0, 4096));
  return 0;
}
