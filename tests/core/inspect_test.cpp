// hog::core::inspect: the report against CPython (globals as the unpickler's find_class sees them,
// opcode histogram, frames and protocols from pickletools.genops) for data payloads, the verdict
// on hand-written hostile pickles, sizes and bounds of the type tree from the contract, and a
// shared-reference bomb that must be listed in linear time with bounded output.
#include "hog/core/inspect.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "hog/core/envelope.hpp"
#include "hog/core/errors.hpp"
#include "hog/core/pickle.hpp"
#include "hog/core/pickle_dis.hpp"
#include "support/python_oracle.hpp"

namespace {

using hog::core::InspectOptions;
using hog::core::InspectReport;
using hog::core::TypeNode;
using hog::core::Value;

InspectReport inspect_bytes(std::string_view pickle, const InspectOptions& options = {}) {
  return hog::core::inspect_pickle(std::as_bytes(std::span<const char>(pickle)), options);
}

// A string literal with its NUL bytes.
template <std::size_t N>
std::string bytes(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

const hog::core::GlobalUse* find_global(const InspectReport& report, std::string_view module,
                                        std::string_view name) {
  for (const auto& use : report.globals) {
    if (use.module == module && use.name == name) return &use;
  }
  return nullptr;
}

std::size_t count_nodes(const TypeNode& node) {
  std::size_t count = 1;
  for (const TypeNode& child : node.children) count += count_nodes(child);
  return count;
}

// Per pickle: envelope, then what CPython says about it — the globals find_class is asked for
// (Python 3 names), opcode counts, frame lengths, PROTO and the highest opcode protocol.
const char* const kDataPayloads = R"PY(
import base64, collections, datetime, decimal, fractions, io, pickle, pickletools, sys, uuid, _compat_pickle
import numpy

class Recorder(pickle._Unpickler):
    def find_class(self, module, name):
        if self.proto < 3:
            if (module, name) in _compat_pickle.NAME_MAPPING:
                module, name = _compat_pickle.NAME_MAPPING[(module, name)]
            elif module in _compat_pickle.IMPORT_MAPPING:
                module = _compat_pickle.IMPORT_MAPPING[module]
        self.seen.append(module + '.' + name)
        return super().find_class(module, name)

def report(data):
    r = Recorder(io.BytesIO(data)); r.seen = []; r.load()
    counts = collections.Counter(); frames = []; proto = -1; highest = -1
    for op, arg, pos in pickletools.genops(data):
        counts[op.name] += 1
        highest = max(highest, op.proto)
        if op.name == 'FRAME': frames.append(arg)
        if op.name == 'PROTO': proto = arg
    globals_ = ','.join(dict.fromkeys(r.seen)) or '-'
    print('__PICKLE__:' + base64.b64encode(data).decode(), globals_,
          ','.join('%s=%d' % kv for kv in sorted(counts.items())),
          ','.join(map(str, frames)) or '-', proto, highest)

values = [
    ((1, 2.0, 'x', [1, 2, 3]), {'z': 10}),
    {'a': [1 + 2j, {1, 2}, frozenset({3}), bytearray(b'ab'), b'\x00' * 300, None, True]},
    [datetime.datetime(2024, 5, 6, 7, 8, 9), datetime.date(2020, 1, 1), datetime.timedelta(3)],
    [decimal.Decimal('1.25'), fractions.Fraction(2, 3), uuid.UUID(int=12345)],
    collections.OrderedDict(a=[1], b=(2,)), [range(4), slice(1, 5, 2), Ellipsis],
    numpy.arange(6, dtype=numpy.float64).reshape(2, 3), [numpy.float64(0.5), numpy.int32(7)],
    ['x' * 100000, list(range(5000))],
]
for v in values:
    for p in range(6):
        report(pickle.dumps(v, protocol=p))
)PY";

TEST(Inspect, DataPayloadsAreSafeAndReportWhatCPythonSees) {
  std::istringstream lines(hog::test::run_python(kDataPayloads));
  std::string envelope, globals, counts, frames;
  int proto = 0, highest = 0;
  std::size_t checked = 0;
  while (lines >> envelope >> globals >> counts >> frames >> proto >> highest) {
    ++checked;
    const InspectReport report = hog::core::inspect(envelope);
    SCOPED_TRACE(envelope.substr(0, 200));
    EXPECT_FALSE(report.error.has_value()) << *report.error;
    EXPECT_TRUE(report.safe);
    EXPECT_EQ(report.envelope, hog::core::EnvelopeKind::Pickle);
    EXPECT_EQ(report.size_bytes, envelope.size());
    std::string ours_globals;
    for (const auto& use : report.globals) {
      EXPECT_TRUE(use.safe) << use.module << "." << use.name << ": " << use.reason;
      ours_globals += (ours_globals.empty() ? "" : ",") + use.module + "." + use.name;
    }
    EXPECT_EQ(ours_globals.empty() ? "-" : ours_globals, globals);
    std::map<std::string, std::size_t> sorted(report.opcodes.begin(), report.opcodes.end());
    std::string ours_counts;
    for (const auto& [name, count] : sorted) {
      ours_counts += (ours_counts.empty() ? "" : ",") + name + "=" + std::to_string(count);
    }
    EXPECT_EQ(ours_counts, counts);
    std::string ours_frames;
    for (const std::size_t frame : report.frames) {
      ours_frames += (ours_frames.empty() ? "" : ",") + std::to_string(frame);
    }
    EXPECT_EQ(ours_frames.empty() ? "-" : ours_frames, frames);
    EXPECT_EQ(report.protocol.value_or(-1), proto);
    EXPECT_EQ(report.highest_opcode_protocol, highest);
    ASSERT_TRUE(report.tree.has_value());
  }
  EXPECT_EQ(checked, 9u * 6u);
}

TEST(Inspect, SizesInMegabytesAndShareOfTheLimit) {
  const std::string envelope = hog::core::serialize(Value(std::string(3 << 20, 'x')));
  const InspectReport report = hog::core::inspect(envelope);
  EXPECT_EQ(report.size_bytes, envelope.size());
  EXPECT_DOUBLE_EQ(report.size_mb, static_cast<double>(envelope.size()) / (1 << 20));
  EXPECT_DOUBLE_EQ(report.limit_share, static_cast<double>(envelope.size()) / (10 << 20));
  // 4/3 of 3 MiB of base64 plus the pickle's few bytes: "4.00 MB", 40% of the limit.
  EXPECT_NE(hog::core::format_report(report).find("(4.00 MB, 40.0% of the 10 MB limit)"),
            std::string::npos);
}

TEST(Inspect, HostileGlobalsAreUnsafeWithTheirReason) {
  struct Case {
    std::string pickle, module, name, reason;
  };
  const std::vector<Case> cases = {
      {"cos\nsystem\n(S'echo owned'\ntR.", "os", "system", "runs a shell command"},
      {"cposix\nsystem\n(S'id'\ntR.", "posix", "system", "operating system calls (os on POSIX)"},
      {bytes("\x80\x02"
             "c__builtin__\neval\nX\x03\x00\x00\x00"
             "1+1"
             "\x85R."),
       "builtins", "eval", "runs Python code"},
      {"\x80\x04\x8c\x0asubprocess\x94\x8c\x05Popen\x94\x93\x94\x8c\x02id\x85R.", "subprocess",
       "Popen", "starts processes"},
      {bytes("\x80\x04\x8c\x08"
             "builtins\x8c\x0a__import__\x93X\x02\x00\x00\x00os\x85R."),
       "builtins", "__import__", "imports any module"},
      {"\x80\x04\x8c\x08"
       "builtins\x8c\x07getattr\x93.",
       "builtins", "getattr", "reaches any attribute, so any function"},
      {"cmymodule\nhelper\n)R.", "mymodule", "helper", "not on the allow-list"},
  };
  for (const Case& c : cases) {
    const InspectReport report = inspect_bytes(c.pickle);
    SCOPED_TRACE(c.module + "." + c.name);
    EXPECT_FALSE(report.safe);
    const auto* use = find_global(report, c.module, c.name);
    ASSERT_NE(use, nullptr);
    EXPECT_FALSE(use->safe);
    EXPECT_EQ(use->reason, c.reason);
    EXPECT_NE(hog::core::format_report(report).find("UNSAFE  " + c.module + "." + c.name),
              std::string::npos);
  }
}

TEST(Inspect, Python2NamesAreResolvedAsPython3ReadsThem) {
  const InspectReport report = inspect_bytes(
      "\x80\x02"
      "c__builtin__\nset\n]\x85R.");
  ASSERT_EQ(report.globals.size(), 1u);
  EXPECT_EQ(report.globals[0].module, "builtins");
  EXPECT_EQ(report.globals[0].written, "__builtin__ set");
  EXPECT_TRUE(report.safe);
}

TEST(Inspect, OpcodesThatReachUnnamedCodeAreHazards) {
  // STACK_GLOBAL on a computed operand, an extension code, a persistent id.
  for (const std::string& pickle : {bytes("\x80\x04\x8c\x02os\x8c\x01sK\x01\x93."),
                                    bytes("\x80\x02\x82\x01."), bytes("Pabc\n.")}) {
    const InspectReport report = inspect_bytes(pickle);
    EXPECT_FALSE(report.safe) << hog::test::to_hex(pickle);
    ASSERT_EQ(report.hazards.size(), 1u) << hog::test::to_hex(pickle);
  }
}

TEST(Inspect, GlobalsBeforeABadByteAreStillReported) {
  const InspectReport report = inspect_bytes("cos\nsystem\n(S'echo");
  EXPECT_FALSE(report.safe);
  ASSERT_NE(find_global(report, "os", "system"), nullptr);
  ASSERT_TRUE(report.error.has_value());
  EXPECT_NE(report.error->find("at offset 12 (opcode STRING)"), std::string::npos) << *report.error;
  EXPECT_FALSE(report.tree.has_value());
}

TEST(Inspect, TreeSizesAreContentBytesLargestFirst) {
  const Value value = Value::list({Value(std::string(1000, 's')), Value::bytes("0123456789"),
                                   Value::list({Value(1.5)}), Value(nullptr)});
  const InspectReport report = inspect_bytes(hog::core::pickle::encode(value));
  ASSERT_TRUE(report.tree.has_value());
  const TypeNode& root = *report.tree;
  EXPECT_EQ(root.type, "list");
  EXPECT_EQ(root.length, 4u);
  EXPECT_EQ(root.size, 1u + 1000u + 10u + (1u + 8u) + 1u);
  ASSERT_EQ(root.children.size(), 4u);
  EXPECT_EQ(root.children[0].label, "[0]");
  EXPECT_EQ(root.children[0].type, "str");
  EXPECT_EQ(root.children[1].label, "[1]");
  EXPECT_EQ(root.children[2].label, "[2]");
  EXPECT_EQ(root.children[2].size, 9u);
  EXPECT_EQ(root.children[3].type, "NoneType");
}

TEST(Inspect, TreeShowsTheLargestChildrenAndCountsTheRest) {
  std::vector<Value> items;
  for (int i = 0; i < 100; ++i) items.emplace_back(std::string(static_cast<std::size_t>(i), 'a'));
  const InspectReport report =
      inspect_bytes(hog::core::pickle::encode(Value::list(items)), {.tree_children = 3});
  const TypeNode& root = *report.tree;
  ASSERT_EQ(root.children.size(), 3u);
  EXPECT_EQ(root.children[0].label, "[99]");
  EXPECT_EQ(root.children[1].label, "[98]");
  EXPECT_EQ(root.children[2].label, "[97]");
  EXPECT_EQ(root.elided_children, 97u);
  EXPECT_EQ(root.elided_size, 96u * 97u / 2u);
}

TEST(Inspect, DictValuesAreLabelledByKeyAndSharedObjectsShownOnce) {
  const Value shared = Value::list({Value("payload")});
  const Value value = Value::dict({{Value("first"), shared}, {Value("second"), shared}});
  const InspectReport report = inspect_bytes(hog::core::pickle::encode(value));
  const TypeNode& root = *report.tree;
  ASSERT_EQ(root.children.size(), 2u);
  EXPECT_EQ(root.children[0].label, "['first']");
  EXPECT_FALSE(root.children[0].reference);
  EXPECT_EQ(root.children[0].id, 1u);
  EXPECT_EQ(root.children[1].label, "['second']");
  EXPECT_TRUE(root.children[1].reference);
  EXPECT_EQ(root.children[1].id, 1u);
  EXPECT_EQ(root.children[1].size, 0u);
  // dict 1 + keys 5 + 6 + the list once (1 + 7).
  EXPECT_EQ(root.size, 1u + 5u + 6u + 8u);
}

TEST(Inspect, ExponentialSharedReferencesAreListedOnceAndBounded) {
  // 200 levels of [a, a]: repr would print 2^200 leaves; the pickle is a few KB.
  Value value = Value::list();
  for (int i = 0; i < 200; ++i) value = Value::list({value, value});
  const std::string pickle = hog::core::pickle::encode(value, {.protocol = 4});
  ASSERT_LT(pickle.size(), 10000u);
  const InspectReport report = inspect_bytes(pickle, {.tree_depth = 1000, .tree_nodes = 500});
  ASSERT_TRUE(report.tree.has_value());
  EXPECT_TRUE(report.safe);
  EXPECT_LE(count_nodes(*report.tree), 500u);
  EXPECT_EQ(report.tree->size, 201u);  // 201 lists of one byte each, each counted once
  EXPECT_LT(hog::core::format_report(report).size(), 100000u);
  const auto listing = hog::core::pickle::disassemble(pickle);
  EXPECT_FALSE(listing.error.has_value());
  EXPECT_TRUE(listing.text.ends_with("highest protocol among opcodes = 4\n"));
}

TEST(Inspect, NumpyScalarsAreReportedWithTheirPath) {
  const std::string envelope = hog::test::run_python(
      "import base64, pickle, numpy\n"
      "v = {'result': [1, {'mean': numpy.float64(0.5), 'n': 3}], 'x': [numpy.int64(2)]}\n"
      "print('__PICKLE__:' + base64.b64encode(pickle.dumps(v, protocol=5)).decode(), end='')\n");
  const InspectReport report = hog::core::inspect(envelope);
  EXPECT_TRUE(report.safe);
  ASSERT_EQ(report.not_plain_python.size(), 2u);
  EXPECT_EQ(report.not_plain_python[0].path, "value['result'][1]['mean']");
  EXPECT_EQ(report.not_plain_python[1].path, "value['x'][0]");
  EXPECT_NE(report.not_plain_python[0].message.find("not a plain Python type"), std::string::npos);
}

TEST(Inspect, ZeroDimensionalArraysAreReportedAndArraysSizedByTheirData) {
  const std::string envelope = hog::test::run_python(
      "import base64, pickle, numpy\n"
      "v = [numpy.array(2.5), numpy.zeros((10, 10)), numpy.float32(1)]\n"
      "print('__PICKLE__:' + base64.b64encode(pickle.dumps(v, protocol=5)).decode(), end='')\n");
  const InspectReport report = hog::core::inspect(envelope);
  EXPECT_TRUE(report.safe);
  ASSERT_EQ(report.not_plain_python.size(), 2u);
  EXPECT_EQ(report.not_plain_python[0].path, "value[0]");
  EXPECT_NE(report.not_plain_python[0].message.find("0-d NumPy array"), std::string::npos);
  EXPECT_EQ(report.not_plain_python[1].path, "value[2]");
  EXPECT_NE(report.not_plain_python[1].message.find("numpy.float32"), std::string::npos);
  ASSERT_TRUE(report.tree.has_value());
  EXPECT_EQ(report.tree->size, 1u + 8u + 800u + 4u);
}

TEST(Inspect, JsonPayloadsAreSafeAndHaveATree) {
  const InspectReport report = hog::core::inspect(R"({"a": [1, 2.5, "xyz"]})");
  EXPECT_EQ(report.envelope, hog::core::EnvelopeKind::Json);
  EXPECT_TRUE(report.safe);
  ASSERT_TRUE(report.tree.has_value());
  EXPECT_EQ(report.tree->type, "dict");
  EXPECT_EQ(report.tree->size, 1u + 1u + (1u + 1u + 8u + 3u));
  EXPECT_THROW(hog::core::inspect("{not json"), hog::core::Error);
}

TEST(Inspect, JsonReportCarriesTheSameFields) {
  const InspectReport report = inspect_bytes("cos\nsystem\n(S'echo owned'\ntR.");
  const auto json = nlohmann::json::parse(hog::core::report_json(report));
  EXPECT_EQ(json["safe"], false);
  EXPECT_EQ(json["envelope"], "raw pickle");
  ASSERT_EQ(json["globals"].size(), 1u);
  EXPECT_EQ(json["globals"][0]["module"], "os");
  EXPECT_EQ(json["globals"][0]["reason"], "runs a shell command");
  EXPECT_EQ(json["opcodes"]["GLOBAL"], 1);
  EXPECT_EQ(json["tree"]["type"], "os.system(...)");
  EXPECT_TRUE(json["error"].is_null());
}

}  // namespace
