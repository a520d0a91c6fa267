// The hogsim command's payload verbs, run as a user runs them, with CPython as the oracle.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support/python_oracle.hpp"
#include "support/subprocess.hpp"

namespace {

using hog::test::ProcessResult;
using hog::test::run_command;
using hog::test::run_python;

using hog::test::hogsim;

// What Groundhog would send for `literal` at `protocol`, computed by CPython.
std::string cpython_envelope(const std::string& literal, int protocol) {
  return run_python(
      "import ast, base64, pickle, sys\n"
      "obj = ast.literal_eval(sys.stdin.read())\n"
      "print('__PICKLE__:' + base64.b64encode(pickle.dumps(obj, protocol=" +
          std::to_string(protocol) + ")).decode())\n",
      literal);
}

const std::vector<std::string> kLiterals = {
    "((1, 2), {'z': 10})",
    "[1, 2.5, 'x', b'\\x00\\xff', None, True, (), {}, {1: [2, (3,)]}]",
    "{'nested': {'deeper': [[], [[]], 'caf\\u00e9', '\\U0001f600']}, 'big': "
    "123456789012345678901234567890}",
    "('same', 'same', '', '', 'a', 'a', -0.0, 1e308, 0.1, 3+4j)",
    "[-1, 255, 256, 65535, 65536, -2147483648, 2147483648, -9223372036854775809]",
};

TEST(PayloadCli, EncodeEqualsCPythonAtEveryProtocolTwoToFive) {
  for (const std::string& literal : kLiterals) {
    for (int protocol = 2; protocol <= 5; ++protocol) {
      const ProcessResult result =
          hogsim({"payload", "encode", "--protocol", std::to_string(protocol), literal});
      ASSERT_EQ(result.exit_code, 0) << result.err;
      EXPECT_EQ(result.out, cpython_envelope(literal, protocol))
          << literal << " at protocol " << protocol;
    }
  }
}

TEST(PayloadCli, EncodeReadsStandardInputForMissingOrDashArgument) {
  const std::string literal = "{'z': [1, 2, 3]}\n";
  const ProcessResult missing = hogsim({"payload", "encode"}, literal);
  const ProcessResult dash = hogsim({"payload", "encode", "-"}, literal);
  ASSERT_EQ(missing.exit_code, 0) << missing.err;
  EXPECT_EQ(missing.out, cpython_envelope(literal, 5));
  EXPECT_EQ(dash.out, missing.out);
}

TEST(PayloadCli, DecodePrintsPythonsRepr) {
  const std::string script =
      "import base64, pickle, sys\n"
      "x = [1, 'two', b'3', {4.0: (5j, None)}, frozenset(), bytearray(b'\\x00'), float('nan'), "
      "-0.0]\n"
      "x.append(x)\n"
      "for p in range(6):\n"
      "    print('__PICKLE__:' + base64.b64encode(pickle.dumps(x, protocol=p)).decode())\n"
      "print(repr(x))\n";
  const std::string out = run_python(script);
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < out.size();) {
    const std::size_t end = out.find('\n', start);
    lines.push_back(out.substr(start, end - start));
    start = end + 1;
  }
  ASSERT_EQ(lines.size(), 7u);
  for (int p = 0; p < 6; ++p) {
    const ProcessResult result = hogsim({"payload", "decode", lines[p]});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, lines[6] + "\n") << "protocol " << p;
  }
  const ProcessResult json = hogsim({"payload", "decode"}, "{\"a\": [1, 2.5e3, NaN, \"\\ud800\"]}");
  EXPECT_EQ(json.out, "{'a': [1, 2500.0, nan, '\\ud800']}\n");
}

TEST(PayloadCli, DecodeStdoutSplitsUserOutputFromTheResult) {
  const std::string payload = cpython_envelope("{'mean': 2.5}", 5);  // ends with a newline
  const ProcessResult result =
      hogsim({"payload", "decode", "--stdout"}, "step 1\nstep 2\n__GROUNDHOG_RESULT__\n" + payload);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "{'mean': 2.5}\n");
  EXPECT_EQ(result.err, "step 1\nstep 2\n");
}

TEST(PayloadCli, ConvertMatchesCPythonLoadThenDump) {
  const std::string out = run_python(
      "import base64, pickle\n"
      "s = 'shared'\n"
      "t = (s, s, [s])\n"
      "x = {'t': t, 'u': t, 'big': 10**40, 'l': list(range(1500))}\n"
      "for p in (0, 2, 3, 4, 5):\n"
      "    data = pickle.dumps(x, protocol=p)\n"
      "    again = pickle.dumps(pickle.loads(data), protocol=5)\n"
      "    print('__PICKLE__:' + base64.b64encode(data).decode(), '__PICKLE__:' + "
      "base64.b64encode(again).decode())\n");
  std::size_t start = 0;
  int cases = 0;
  while (start < out.size()) {
    const std::size_t space = out.find(' ', start);
    const std::size_t end = out.find('\n', space);
    const std::string input = out.substr(start, space - start);
    const std::string expected = out.substr(space + 1, end - space - 1);
    const ProcessResult result = hogsim({"payload", "convert", "--no-limit"}, input);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, expected + "\n") << "case " << cases;
    start = end + 1;
    ++cases;
  }
  EXPECT_EQ(cases, 5);
}

TEST(PayloadCli, ConvertAtTheSameProtocolReproducesCPythonsPayload) {
  const std::string payload = cpython_envelope("[(1, 'a'), {'k': b'v'}, 'ab', 'ab']", 4);
  const ProcessResult result = hogsim({"payload", "convert", "--protocol", "4", payload});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, payload);
}

TEST(PayloadCli, SizeLimitFlags) {
  const std::string literal = "b'" + std::string(2000, 'x') + "'";
  const ProcessResult over = hogsim({"payload", "encode", "--limit-mb", "0.001", literal});
  EXPECT_EQ(over.exit_code, 3);
  EXPECT_TRUE(over.err.starts_with(
      "PayloadTooLargeError: Payload size (0.00 MB) exceeds Globus Compute's 0.001 MB limit."))
      << over.err;
  EXPECT_TRUE(over.out.empty());
  EXPECT_EQ(hogsim({"payload", "encode", "--no-limit", literal}).exit_code, 0);
  EXPECT_EQ(hogsim({"payload", "encode", "--limit-mb", "0.01", literal}).exit_code, 0);
  EXPECT_EQ(hogsim({"payload", "encode", "--no-limit", "--limit-mb", "1", literal}).exit_code, 2);
  for (const char* bad : {"nan", "inf", "-1", "ten"}) {
    const ProcessResult rejected = hogsim({"payload", "encode", "--limit-mb", bad, literal});
    EXPECT_EQ(rejected.exit_code, 2) << bad;
    EXPECT_NE(rejected.err.find("--limit-mb: must be a number of MB"), std::string::npos)
        << rejected.err;
  }
  EXPECT_EQ(hogsim({"payload", "encode", "--limit-mb", "1e300", literal}).exit_code, 0);
}

TEST(PayloadCli, ErrorsAreOneLineStartingWithTheTypeName) {
  struct Case {
    std::vector<std::string> args;
    std::string prefix;
  };
  const std::vector<Case> cases = {
      {{"payload", "encode", "[1, 2"}, "SyntaxError: "},
      {{"payload", "encode", "x + 1"}, "ValueError: "},
      {{"payload", "decode", "__PICKLE__:gASVAAAA"}, "UnpicklingError: "},
      {{"payload", "decode", "__PICKLE__:abc"}, "binascii.Error: "},
      {{"payload", "decode", "{bad json"}, "json.decoder.JSONDecodeError: "},
      {{"payload", "decode", "--stdout", "hi\n__GROUNDHOG_RESULT__\n__PICKLE__:gASV"},
       "DeserializationError: "},
      {{"payload", "encode", "--protocol", "5", "{[1]: 2}"}, "TypeError: "},
  };
  for (const Case& c : cases) {
    const ProcessResult result = hogsim(c.args);
    EXPECT_EQ(result.exit_code, 1) << c.args.back();
    EXPECT_TRUE(result.err.starts_with(c.prefix)) << c.args.back() << " -> " << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  }
}

TEST(PayloadCli, HelpDocumentsExitCodesAndBadUsageIsCodeTwo) {
  const ProcessResult help = hogsim({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Exit codes:"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("PayloadTooLargeError"), std::string::npos);
  EXPECT_EQ(hogsim({"payload", "encode", "--protocol", "9", "1"}).exit_code, 2);
  EXPECT_EQ(hogsim({"nonsense"}).exit_code, 2);
}

TEST(DemoCli, WalksThroughTheRoundtripAndTheLimit) {
  const ProcessResult demo = hogsim({"demo"});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  EXPECT_NE(demo.out.find("__PICKLE__:"), std::string::npos);
  EXPECT_NE(demo.out.find("equal to the original: yes"), std::string::npos) << demo.out;
  EXPECT_NE(demo.out.find("10485759 bytes (10.00 MB): accepted"), std::string::npos) << demo.out;
  EXPECT_NE(
      demo.out.find("10485763 bytes: PayloadTooLargeError: Payload size (10.00 MB) exceeds Globus "
                    "Compute's 10 MB limit."),
      std::string::npos)
      << demo.out;
}

}  // namespace
