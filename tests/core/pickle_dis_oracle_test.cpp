// pickle::disassemble against CPython 3.11's pickletools.dis(p, annotate=0): thousands of pickles
// of generated values (C and pure-Python picklers, protocols 0-5), hand-picked objects that
// pickle through globals and reductions, and every truncation and many mutations of some of
// them. Where pickletools accepts, the listings are identical; where it raises, hog stops with an
// error and everything pickletools printed before raising is the start of hog's listing.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <sstream>

#include "hog/core/pickle_dis.hpp"
#include "pickle_dis_stack.hpp"
#include "support/python_expr.hpp"
#include "support/python_oracle.hpp"
#include "support/value_gen.hpp"

namespace {

namespace pk = hog::core::pickle;
using hog::test::from_hex;
using hog::test::to_hex;

// Prints "pickle_hex listing_hex verdict" per pickle; verdict is ok or "Type:message_hex".
const char* const kDisOracle = R"PY(
import io, pickle, pickletools, random, struct, sys, collections, datetime, decimal, fractions

def show(data):
    out = io.StringIO()
    try:
        pickletools.dis(data, out=out, annotate=0)
        verdict = 'ok'
    except Exception as e:
        verdict = type(e).__name__ + ':' + str(e).encode('utf-8', 'surrogatepass').hex()
    print(data.hex() or '-', out.getvalue().encode('utf-8', 'surrogatepass').hex() or '-', verdict)

def emit(obj, pure=False):
    for p in range(6):
        for dumps in ((pickle.dumps, pickle._dumps) if pure else (pickle.dumps,)):
            try:
                data = dumps(obj, p)
            except Exception:
                continue
            show(data)
)PY";

struct Listing {
  std::string pickle;
  std::string text;
  std::string verdict;
};

std::vector<Listing> run_oracle(const std::string& program) {
  std::istringstream lines(hog::test::run_python(std::string(kDisOracle) + program));
  std::vector<Listing> listings;
  std::string pickle, text, verdict;
  while (lines >> pickle >> text >> verdict) {
    listings.push_back(
        {pickle == "-" ? "" : from_hex(pickle), text == "-" ? "" : from_hex(text), verdict});
  }
  return listings;
}

// The checks pickletools.dis makes itself (not its argument readers'): hog words them the same.
bool is_machine_check(const std::string& message) {
  for (const char* start : {"no MARK exists", "memo key ", "stack is empty", "can't store",
                            "tries to pop", "stack not empty after STOP"}) {
    if (message.starts_with(start)) return true;
  }
  return false;
}

// Where pickletools accepted, identical text; where it raised, an error after the same lines.
std::size_t machine_checks = 0;

void check(const std::vector<Listing>& listings) {
  for (const Listing& expected : listings) {
    const pk::Disassembly ours = pk::disassemble(expected.pickle);
    ASSERT_FALSE(ours.truncated);
    if (expected.verdict == "ok") {
      EXPECT_FALSE(ours.error.has_value())
          << ours.error->message << " for pickle " << to_hex(expected.pickle);
      EXPECT_EQ(ours.text, expected.text) << "pickle " << to_hex(expected.pickle);
      continue;
    }
    ASSERT_TRUE(ours.error.has_value())
        << "pickletools raised " << expected.verdict << " for pickle " << to_hex(expected.pickle);
    const std::size_t last_line = ours.text.rfind('\n', ours.text.size() - 2);
    const std::string before_error =
        last_line == std::string::npos ? "" : ours.text.substr(0, last_line + 1);
    EXPECT_EQ(before_error, expected.text) << "pickle " << to_hex(expected.pickle);
    EXPECT_TRUE(ours.text.ends_with(ours.error->message + "\n"));
    const std::string message = from_hex(expected.verdict.substr(expected.verdict.find(':') + 1));
    if (expected.verdict.starts_with("ValueError:") && is_machine_check(message)) {
      EXPECT_EQ(ours.error->message, message) << "pickle " << to_hex(expected.pickle);
      ++machine_checks;
    }
  }
}

TEST(PickleDisOracle, GeneratedValuesAtEveryProtocol) {
  hog::test::ValueGenOptions options;
  options.sharing = true;
  options.cycles = true;
  options.max_depth = 4;
  const auto gen = hog::test::gen_value(options);
  constexpr int kValues = 500;
  std::string program;
  for (int i = 0; i < kValues; ++i) {
    const auto value = gen(rc::Random(static_cast<std::uint64_t>(i) * 104729 + 3), i % 50).value();
    program += "def case():\n";
    std::istringstream body(hog::test::python_program(value, "v"));
    for (std::string line; std::getline(body, line);) program += "    " + line + "\n";
    program +=
        "    return v\nemit(case(), pure=" + std::string(i % 5 == 0 ? "True" : "False") + ")\n";
  }
  const std::vector<Listing> listings = run_oracle(program);
  EXPECT_GE(listings.size(), static_cast<std::size_t>(kValues) * 6);
  check(listings);
}

TEST(PickleDisOracle, ObjectsPickledThroughGlobalsAndReductions) {
  const std::vector<Listing> listings = run_oracle(R"PY(
class Plain: pass
class Outer:
    class Inner: pass
p = Plain(); p.x = [1, 2]; p.me = p
l = []; l.append((l, l))
objects = [
    1 + 2j, {1, 2}, frozenset({'a'}), bytearray(b'\x00\xff'), b'', b'\x80' * 300, 'x' * 300,
    2 ** 70, -2 ** 70, 2 ** 1000, True, False, None, 0.1, -0.0, float('inf'), float('nan'), 1e300,
    'caf\xe9', '\u20ac\U0001F600\ud800', 'quote\'s "both"\\ \n\r\t\x00', "it's",
    p, Outer.Inner, Outer.Inner(), collections.OrderedDict(a=1), collections.defaultdict(list),
    datetime.datetime(2024, 1, 2, 3, 4, 5), decimal.Decimal('1.5'), fractions.Fraction(1, 3),
    range(5), slice(1, 2), len, Ellipsis, l, [p, p, (p,)], {i: str(i) for i in range(1200)},
    list(range(2000)), [[[[[[[]]]]]]],
]
for obj in objects:
    emit(obj, pure=True)
show(pickle.dumps(bytearray(b'abc'), 5)[:-1] + b'.')
show(pickle.dumps(pickle.PickleBuffer(b'xyz'), 5, buffer_callback=lambda b: False))
)PY");
  EXPECT_GT(listings.size(), 400u);
  check(listings);
}

TEST(PickleDisOracle, HandWrittenStreamsWithMarksMemoAndErrors) {
  const std::vector<Listing> listings = run_oracle(R"PY(
streams = [
    b'(l.', b'(t0.', b'(N0.', b'((t(tl.', b'N.', b'NN.', b'.', b'', b'(', b'0.', b'l.',
    b'Np0\np0\n.', b'N\x94\x94.', b'\x94.', b'(\x94.', b'g0\n.', b'h\x05.', b'Nq\x01h\x01h\x01t.',
    b'I00\n.', b'I01\n.', b'I12\n.', b'I-3\n.', b'L12L\n.', b'L-5\n.', b'F1.5\n.', b'F-0.0\n.',
    b'S\'abc\'\n.', b'S"a\\x41\\n"\n.', b'Vcaf\\u00e9\n.', b'cbuiltins\nset\n.', b'cos\nsystem\n.',
    b'\x80\x02N.', b'\x80\x05\x95\x03\x00\x00\x00\x00\x00\x00\x00N.', b'\xff.', b'J\x01\x02.',
    b'(I1\nI2\ntp0\n0g0\n.', b'](a.', b'](N(e.', b'}(NNu.', b'\x8f(N\x90.', b'(\x91.',
    b'K\x01K\x02\x86.', b'K\x01\x86.', b'(K\x01\x86.', b'Pabc\n.', b'NQ.', b'\x82\x01.',
    b'X\x02\x00\x00\x00\xc3\xa9.', b'X\x01\x00\x00\x00\xff.', b'\x8a\x02\xff\x7f.', b'\x8a\x00.',
    b'U\x03\xe9ab.', b'T\x02\x00\x00\x00ab.', b'C\x02ab.', b'B\x01\x00\x00\x00\x00.',
    b'\x96\x01\x00\x00\x00\x00\x00\x00\x00a.', b'G?\xf0\x00\x00\x00\x00\x00\x00.',
    b'\x97\x98.', b'N2.', b'N1.', b'(N1.', b'Np1\nh\x01.', b'NNs.', b'(Ns.',
]
for s in streams:
    show(s)
)PY");
  EXPECT_EQ(listings.size(), 64u);
  machine_checks = 0;
  check(listings);
  EXPECT_GE(machine_checks, 15u);
}

TEST(PickleDisOracle, EveryTruncationAndRandomMutations) {
  const std::vector<Listing> listings = run_oracle(R"PY(
rng = random.Random(77)
l = [1, 'two', b'3', (4.0, None), {'k': [True]}, {5}, 1 + 1j]
l.append(l)
for proto in range(6):
    data = pickle.dumps(l, proto)
    for end in range(len(data)):
        show(data[:end])
    for _ in range(150):
        m = bytearray(data)
        at = rng.randrange(len(m))
        m[at] = rng.choice(b'(.012IJKLNPQSUVXabcdeghijlopqrstu})]\x80\x85\x86\x87\x88\x8a\x8c\x8f\x90\x91\x93\x94\x95')
        show(bytes(m))
)PY");
  EXPECT_GT(listings.size(), 1000u);
  check(listings);
}

TEST(PickleDisOracle, StackEffectsMatchPickletools) {
  std::string ours;
  for (const auto& info : pk::opcode_table()) {
    const auto& effect = pk::dis::stack_effect(info.op);
    ours += std::string(info.name);
    for (const std::string_view side : {effect.before, effect.after}) {
      ours += " [";
      for (std::size_t i = 0; i < side.size(); ++i) {
        ours += (i ? ", " : "") +
                std::string(pk::dis::stack_type_name(static_cast<pk::dis::StackType>(side[i])));
      }
      ours += "]";
    }
    ours += "\n";
  }
  EXPECT_EQ(ours, hog::test::run_python(
                      "import pickletools\n"
                      "for o in pickletools.opcodes:\n"
                      "    print(o.name, '[' + ', '.join(s.name for s in o.stack_before) + ']',"
                      " '[' + ', '.join(s.name for s in o.stack_after) + ']')\n"));
}

TEST(PickleDis, OutputIsCappedAtALineBoundaryAndSaysSo) {
  // 20000 MARKs then a STOP: pickletools would print 20000 lines indented up to 80000 blanks.
  const std::string marks(20000, '(');
  const pk::Disassembly listing = pk::disassemble(marks + ".", {.max_output = 1 << 20});
  EXPECT_TRUE(listing.truncated);
  EXPECT_FALSE(listing.error.has_value());
  EXPECT_LE(listing.text.size(), (1u << 20) + 100);
  EXPECT_TRUE(listing.text.ends_with("... output truncated: the listing exceeds 1048576 bytes\n"));
  EXPECT_EQ(listing.text.find("    0: (    MARK\n    1: (        MARK\n"), 0u);
}

}  // namespace
