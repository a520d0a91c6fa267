// The pickle codec against CPython 3.11, end to end (decoder and encoder together):
//  (a) encode(parse(L), p) == pickle.dumps(ast.literal_eval(L), p) for literals L, p in 2..5;
//  (b) encode(decode(P), p) == P for pickles P that CPython writes at protocol p, p in 2..5;
//  protocols 0 and 1: CPython loads our output to the same object graph;
//  and, without CPython, decode(encode(v, p)) is v itself (sharing and cycles included) for p in
//  0..5.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "hog/core/literal.hpp"
#include "hog/core/pickle.hpp"
#include "support/python_expr.hpp"
#include "support/python_oracle.hpp"
#include "support/value_gen.hpp"

namespace {

using hog::core::Value;
namespace pickle = hog::core::pickle;
using hog::test::from_hex;
using hog::test::run_python;
using hog::test::to_hex;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

template <class T>
std::vector<T> sample(const rc::Gen<T>& gen, int count, int size) {
  std::vector<T> values;
  for (int i = 0; i < count; ++i)
    values.push_back(gen(rc::Random(0x5eed + i * 7919), size).value());
  return values;
}

// Literal texts: repr() of generated literal-safe trees, and hand-picked texts whose identity,
// spelling or numbers are tricky.
std::vector<std::string> literal_texts() {
  std::vector<std::string> texts = {
      "('a', 'a', 'ab', 'ab', '', '', b'', b'', b'x', b'x', b'xy', b'xy')",
      "['\\xe9', '\\xe9', '\\u0100', '\\u0100', 'é' 'é', u'x', r'\\n', b'\\x00' b'\\x01']",
      "(1e999, -1e999, -0.0, 0.1, 1_000_000, 0x_ff, 0o17, 0b1010, 5)",
      "{1: 'one', 1.0: 'float one', True: 'true', 0: 0, -0.0: 1, False: 2, 0j: 3}",
      "([1, 0], [[[]]], ((),), {'k': {'k': {'k': ()}}}, 3+4j, -5-0j, (1-2j), 2j)",
      "'" + std::string(70000, 'y') + "'",
  };
  std::string long_list = "[";  // batching: APPENDS in groups of 1000
  for (int i = 0; i < 2500; ++i) long_list += std::to_string(i * 37 - 1000) + ", ";
  texts.push_back(long_list + "]");
  const auto values =
      sample(hog::test::gen_value(
                 {.max_depth = 4, .sets = false, .bytearrays = false, .non_finite = false}),
             600, 60);
  for (const Value& value : values) texts.push_back(hog::core::repr(value));
  return texts;
}

TEST(PickleOracle, A_EncodeOfParsedLiteralEqualsDumpsOfLiteralEval) {
  const std::vector<std::string> texts = literal_texts();
  std::string input;
  for (const std::string& text : texts) input += to_hex(text) + "\n";
  const std::string out = run_python(
      "import ast, pickle, sys\n"
      "for line in sys.stdin:\n"
      "    text = bytes.fromhex(line.strip()).decode('utf-8', 'surrogatepass')\n"
      "    try:\n"
      "        obj = ast.literal_eval(text)\n"
      "    except Exception as error:\n"
      "        print('literal_eval rejects', ascii(text), error)\n"
      "        continue\n"
      "    print(' '.join(pickle.dumps(obj, protocol=p).hex() for p in (2, 3, 4, 5)))\n",
      input);
  const std::vector<std::string> lines = lines_of(out);
  ASSERT_EQ(lines.size(), texts.size());
  int failures = 0;
  for (std::size_t i = 0; i < texts.size() && failures < 5; ++i) {
    ASSERT_FALSE(lines[i].starts_with("literal_eval rejects")) << lines[i];
    std::istringstream expected(lines[i]);
    const Value value = hog::core::parse(texts[i]);
    for (int p = 2; p <= 5; ++p) {
      std::string hex;
      expected >> hex;
      const std::string ours = pickle::encode(value, {.protocol = p});
      if (ours != from_hex(hex)) {
        ADD_FAILURE() << "protocol " << p << " literal " << texts[i].substr(0, 300) << "\n cpython "
                      << hex.substr(0, 400) << "\n ours    " << to_hex(ours).substr(0, 400);
        ++failures;
      }
    }
  }
}

// CPython builds each generated graph (identity and cycles included), pickles it at every
// protocol; we decode and re-encode at the same protocol.
TEST(PickleOracle, B_EncodeOfDecodedCPythonPickleReproducesIt) {
  const auto values =
      sample(hog::test::gen_value({.max_depth = 4, .sharing = true, .cycles = true}), 800, 60);
  std::string script = "import pickle, struct, sys\nout = []\n";
  for (const Value& value : values) {
    script += hog::test::python_program(value, "v");
    script += "out.append(' '.join(pickle.dumps(v, protocol=p).hex() for p in range(6)))\n";
  }
  script +=
      "big = [list(range(2001)), {str(i): i for i in range(1001)}, set(range(1001)), "
      "frozenset(range(1001)),\n"
      "       'z' * 70000, b'z' * 70000, bytearray(b'q' * 70000), [b'a' * 70000] * 2, 10 ** 600]\n"
      "out.append(' '.join(pickle.dumps(big, protocol=p).hex() for p in range(6)))\n"
      "sys.stdout.write('\\n'.join(out) + '\\n')\n";
  const std::vector<std::string> lines = lines_of(run_python(script));
  ASSERT_EQ(lines.size(), values.size() + 1);
  int failures = 0;
  for (std::size_t i = 0; i < lines.size() && failures < 5; ++i) {
    std::istringstream pickles(lines[i]);
    for (int p = 0; p <= 5; ++p) {
      std::string hex;
      pickles >> hex;
      const std::string original = from_hex(hex);
      if (p < 2) continue;
      const Value decoded = pickle::decode(original);
      const std::string again = pickle::encode(decoded, {.protocol = p});
      if (again != original) {
        ADD_FAILURE() << "case " << i << " protocol " << p << "\n cpython " << hex.substr(0, 400)
                      << "\n ours    " << to_hex(again).substr(0, 400);
        ++failures;
      }
    }
  }
}

// Protocols 0 and 1 need not match CPython's bytes: CPython must load ours to the same graph,
// which we check by having CPython re-pickle both at protocol 4 and comparing.
TEST(PickleOracle, ProtocolsZeroAndOneLoadInCPythonToTheSameGraph) {
  const auto values =
      sample(hog::test::gen_value({.max_depth = 4, .sharing = true, .cycles = true}), 500, 60);
  std::string script = "import pickle, struct, sys\nout = []\n";
  for (const Value& value : values) {
    script += hog::test::python_program(value, "v");
    for (int p = 0; p <= 1; ++p) {
      script += "out.append(pickle.dumps(pickle.loads(bytes.fromhex('" +
                to_hex(pickle::encode(value, {.protocol = p})) +
                "')), protocol=4) == pickle.dumps(v, protocol=4))\n";
    }
  }
  script += "print(','.join(str(i) for i, ok in enumerate(out) if not ok))\n";
  EXPECT_EQ(run_python(script), "\n") << "case*2+protocol indexes that CPython loads differently";
}

RC_GTEST_PROP(PickleRoundTrip, DecodeInvertsEncodeAtEveryProtocol, ()) {
  const Value value = *hog::test::gen_value({.globals = true, .sharing = true, .cycles = true});
  const int protocol = *rc::gen::inRange(0, 6);
  const std::string data = pickle::encode(value, {.protocol = protocol});
  RC_ASSERT(hog::core::same_graph(pickle::decode(data), value));
}

}  // namespace
