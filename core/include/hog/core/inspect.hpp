// Payload inspection: what is inside a Groundhog payload, how big each part is, and whether
// unpickling it in Python could run code.
//
// Contract:
// - inspect(payload) reads an envelope as deserialize() does ("__PICKLE__:" + base64 -> pickle,
//   anything else JSON); inspect_pickle(bytes) reads raw pickle bytes. Envelope errors (base64,
//   JSON) are thrown as deserialize() throws them. A pickle that cannot be read to its end is not
//   thrown: the report keeps what was found up to the problem and `error` says what and where.
// - The report: envelope kind; size in bytes, in MB (bytes / 2^20, printed with two decimals as
//   PayloadTooLargeError prints it) and as a share of the size limit; the declared protocol
//   (PROTO) and the highest protocol among the opcodes; FRAME sizes; an opcode histogram (table
//   order); every global the pickle names (GLOBAL, INST, STACK_GLOBAL with constant operands;
//   names as Python 3 resolves them below protocol 3) with a safety verdict; hazards that are not
//   named globals (EXT1/2/4, PERSID/BINPERSID, a STACK_GLOBAL whose operands are not constants);
//   a type tree; and "not a plain Python type" findings.
// - Safety verdict: a global is safe only when it is on the allow-list of data-only globals
//   (core/src/inspect_allowlist.cpp, as data): builtins complex, set, frozenset, bytearray, bytes,
//   slice, range, object, Ellipsis, NotImplemented; copyreg._reconstructor (its class and base
//   arguments are globals of the same pickle, so they must be allow-listed too); _codecs.encode;
//   collections.OrderedDict; datetime.*; decimal.Decimal; fractions.Fraction; uuid.UUID and
//   uuid.SafeUUID; NumPy reconstruction — numpy.core.multiarray._reconstruct,
//   numpy.core.multiarray.scalar, numpy.core.numeric._frombuffer, numpy.dtype, numpy.ndarray and
//   the numpy._core.* equivalents. Everything else is unsafe: "not on the allow-list", or a
//   specific reason for known code-running names (os.system, builtins.eval/exec/getattr/
//   __import__, subprocess.*, posix.*, nt.*, ...). Nothing can run code without naming a global
//   or using a hazard opcode, so the payload is `safe` exactly when every global is allow-listed
//   and there is no hazard. JSON payloads are always safe.
// - Type tree: each object appears once, where a depth-first walk first meets it; later
//   references show as references to it (so a small pickle whose shared references would print
//   exponentially is listed in linear time). `size` is the object's content in bytes (str/bytes
//   lengths, 8 per float, 16 per complex, the two's complement length of ints, 1 per None/bool,
//   module + name lengths of globals, an ndarray's data bytes, a NumPy scalar's itemsize, plus 1
//   per container) summed over the objects it owns.
//   Each node shows its options.tree_children largest children, down to options.tree_depth
//   levels and options.tree_nodes nodes in all; what is left out is counted in `elided_*`.
// - Linear time and memory in the input; output bounded by the options. Pure, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hog::core {

struct InspectOptions {
  std::size_t limit_bytes = 10 * 1024 * 1024;  // the share of this limit is reported
  std::size_t tree_children = 5;               // largest children shown per node
  std::size_t tree_depth = 4;                  // levels shown below the root
  std::size_t tree_nodes = 200;                // nodes shown in all
  std::size_t max_findings = 100;              // "not a plain Python type" findings kept
  std::string root_name = "value";             // first step of finding paths
};

enum class EnvelopeKind { Pickle, Json, RawPickle };
std::string_view envelope_name(EnvelopeKind kind);  // "pickle", "json", "raw pickle"

struct GlobalUse {
  std::string module, name;  // as Python 3 resolves it
  std::string written;       // "module name" as the pickle writes it, when that differs
  std::size_t count = 0;     // references in the opcode stream
  std::size_t first_offset = 0;
  bool safe = false;
  std::string reason;  // what the global is (safe) or why it can run code (unsafe)
};

struct Hazard {
  std::size_t offset = 0;
  std::string opcode;
  std::string reason;
};

struct TypeNode {
  std::string label;  // the step from the parent: "[0]", "['mean']", "state", ...; "" at the root
  std::string type;   // "list", "dict", "str", "global os.system", "numpy.dtype(...)", ...
  std::size_t size = 0;            // content bytes owned (see the contract above)
  std::size_t length = 0;          // len() of str/bytes/containers, else 0
  std::size_t id = 0;              // nonzero for objects referenced more than once: "#id"
  bool reference = false;          // a later reference to object #id, listed where first met
  std::vector<TypeNode> children;  // largest first
  std::size_t elided_children = 0;
  std::size_t elided_size = 0;
};

// The hook for the "return plain Python types" lint: values a user probably meant as a plain
// float/int/str (NumPy scalars, 0-d arrays), with the path inside the value.
struct Finding {
  std::string path;  // e.g. value[0][2]['mean']
  std::string message;
};

struct InspectReport {
  EnvelopeKind envelope = EnvelopeKind::Pickle;
  std::size_t size_bytes = 0;  // of the payload as given (envelope text or raw bytes)
  double size_mb = 0;          // size_bytes / 2^20
  double limit_share = 0;      // size_bytes / limit_bytes
  std::size_t limit_bytes = 0;
  std::size_t pickle_bytes = 0;
  std::optional<int> protocol;  // PROTO's argument
  int highest_opcode_protocol = -1;
  std::vector<std::size_t> frames;                           // FRAME lengths, in order
  std::vector<std::pair<std::string, std::size_t>> opcodes;  // name, count; table order
  std::vector<GlobalUse> globals;                            // first-seen order
  std::vector<Hazard> hazards;
  bool safe = true;
  std::optional<TypeNode> tree;  // absent when the pickle could not be decoded
  std::vector<Finding> not_plain_python;
  std::size_t elided_findings = 0;
  std::optional<std::string> error;  // why the pickle could not be read (with offset)
};

InspectReport inspect(std::string_view payload, const InspectOptions& options = {});
InspectReport inspect_pickle(std::span<const std::byte> data, const InspectOptions& options = {});

// The report for people (several lines, each ending in '\n').
std::string format_report(const InspectReport& report);
// The same report as one JSON document (for CI): fields named as in InspectReport.
std::string report_json(const InspectReport& report);

}  // namespace hog::core
