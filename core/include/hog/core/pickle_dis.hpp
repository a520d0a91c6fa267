// The pickle disassembler: an opcode listing in the form of CPython's pickletools.dis, driven by
// the opcode table (pickle_opcodes.hpp) and the decoder's argument readers.
//
// Contract:
// - disassemble(bytes, options) lists the pickle up to its STOP opcode (trailing bytes are
//   ignored, as pickletools ignores them). For a pickle pickletools accepts, the text is exactly
//   what `pickletools.dis(p, annotate=0)` prints on CPython 3.11: one line per opcode with the
//   offset, the opcode byte, the name indented by MARK level, the argument as pickletools reprs it,
//   "(MARK at N)" / "(as N)" notes, then "highest protocol among opcodes = N".
// - Bad input: the listing stops at the first problem with a last line
//   "error at offset N (opcode NAME): MESSAGE", and the result's `error` says the same. The checks
//   are pickletools' (stack underflow, missing MARK, memo misuse, "stack not empty after STOP",
//   ...) with its messages, printed after the offending opcode's line as pickletools prints it.
//   Differences, on malformed input only: argument errors use the decoder's wording
//   ("pickle data was truncated" where pickletools says "not enough data in stream to read
//   uint4"); FLOAT and INT lines are read as the decoder reads them for FLOAT (no surrounding
//   whitespace) and as Python's int() for INT/LONG/GET/PUT; an unknown opcode byte is reported
//   as "opcode b'\xNN' unknown"; where pickletools itself would fail with an internal error (a
//   MARK removed by a non-MARK opcode, then a MARK-consuming opcode), hog reports
//   "no MARK exists on stack".
// - Bounded: output beyond options.max_output bytes is cut at a line boundary and a last line
//   "... output truncated at N bytes" is added (`truncated` is set). Time and memory are linear in
//   the input (MARK indentation is checked against the cap before it is written).
// Pure function, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hog::core::pickle {

struct DisOptions {
  std::size_t max_output = std::size_t{64} << 20;  // bytes of listing before it is cut
  std::size_t indent = 4;                          // blanks per MARK level (pickletools' default)
};

struct DisError {
  std::size_t offset = 0;
  std::string opcode;   // pickletools name, "" when the byte is not an opcode or input ended
  std::string message;  // e.g. "memo key 3 already defined", "ValueError: ..."
};

struct Disassembly {
  std::string text;  // the listing, every line ending in '\n'
  std::optional<DisError> error;
  bool truncated = false;
};

Disassembly disassemble(std::span<const std::byte> data, const DisOptions& options = {});
inline Disassembly disassemble(std::string_view data, const DisOptions& options = {}) {
  return disassemble(std::as_bytes(std::span<const char>(data.data(), data.size())), options);
}

}  // namespace hog::core::pickle
