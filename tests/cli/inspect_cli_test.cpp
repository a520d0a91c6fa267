// `hogsim payload dis` and `hogsim payload inspect`, run as a user runs them: the listing equals
// pickletools.dis, the JSON report parses in Python, --strict turns an unsafe verdict into exit 5.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/python_oracle.hpp"
#include "support/subprocess.hpp"

namespace {

using hog::test::ProcessResult;
using hog::test::run_command;
using hog::test::run_python;

using hog::test::hogsim;

// An envelope and pickletools' listing of its pickle, from CPython.
struct Pickled {
  std::string envelope;
  std::string listing;
};

Pickled cpython_pickle(const std::string& expression, int protocol) {
  const std::string out = run_python(
      "import base64, io, pickle, pickletools, collections\n"
      "data = pickle.dumps(" +
      expression + ", protocol=" + std::to_string(protocol) +
      ")\n"
      "out = io.StringIO()\n"
      "pickletools.dis(data, out=out)\n"
      "print('__PICKLE__:' + base64.b64encode(data).decode())\n"
      "print(out.getvalue(), end='')\n");
  const std::size_t newline = out.find('\n');
  return {out.substr(0, newline), out.substr(newline + 1)};
}

const std::string kUnsafeEnvelope =
    "__PICKLE__:Y29zCnN5c3RlbQooUydlY2hvIG93bmVkJwp0Ui4=";  // os.system('echo owned')

TEST(InspectCli, DisPrintsWhatPickletoolsPrints) {
  for (int protocol : {0, 2, 5}) {
    const Pickled pickled = cpython_pickle(
        "[(1, 2.5), {'k': b'v', 'c': 1+2j}, collections.OrderedDict(a=[None, True])]", protocol);
    const ProcessResult result = hogsim({"payload", "dis", pickled.envelope});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, pickled.listing) << "protocol " << protocol;
  }
}

TEST(InspectCli, DisReadsStandardInputAndRawFiles) {
  const Pickled pickled = cpython_pickle("{'a': [1, 2, 3]}", 4);
  const ProcessResult from_stdin = hogsim({"payload", "dis"}, pickled.envelope + "\n");
  ASSERT_EQ(from_stdin.exit_code, 0) << from_stdin.err;
  EXPECT_EQ(from_stdin.out, pickled.listing);

  const auto path = std::filesystem::temp_directory_path() / "hogsim_inspect_cli_test.pickle";
  {
    std::ofstream file(path, std::ios::binary);
    file << hog::test::from_hex(run_python(
        "import pickle, sys\nsys.stdout.write(pickle.dumps({'a': [1, 2, 3]}, protocol=4).hex())"));
  }
  const ProcessResult raw = hogsim({"payload", "dis", "--raw", path.string()});
  std::filesystem::remove(path);
  ASSERT_EQ(raw.exit_code, 0) << raw.err;
  EXPECT_EQ(raw.out, pickled.listing);
}

TEST(InspectCli, DisStopsAtTheFirstErrorWithItsOffset) {
  // "(N." : MARK, NONE, STOP leaves the mark and None on the stack.
  const ProcessResult result = hogsim({"payload", "dis", "__PICKLE__:KE4u"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out,
            "    0: (    MARK\n"
            "    1: N        NONE\n"
            "    2: .        STOP\n"
            "highest protocol among opcodes = 0\n"
            "error at offset 2 (opcode STOP): stack not empty after STOP: [mark]\n");
  EXPECT_EQ(result.err,
            "UnpicklingError: stack not empty after STOP: [mark] at offset 2 (opcode STOP)\n");
}

TEST(InspectCli, InspectReportsAVerdict) {
  const Pickled pickled = cpython_pickle("((1, 2.0, 'x', [1, 2, 3]), {'z': 10})", 5);
  const ProcessResult safe = hogsim({"payload", "inspect", pickled.envelope});
  ASSERT_EQ(safe.exit_code, 0) << safe.err;
  EXPECT_NE(safe.out.find("envelope: pickle\n"), std::string::npos) << safe.out;
  EXPECT_NE(safe.out.find("protocol 5"), std::string::npos) << safe.out;
  EXPECT_NE(safe.out.find("verdict: safe"), std::string::npos) << safe.out;

  const ProcessResult unsafe = hogsim({"payload", "inspect", kUnsafeEnvelope});
  ASSERT_EQ(unsafe.exit_code, 0) << unsafe.err;
  EXPECT_NE(unsafe.out.find("verdict: UNSAFE"), std::string::npos) << unsafe.out;
  EXPECT_NE(unsafe.out.find("UNSAFE  os.system: runs a shell command"), std::string::npos)
      << unsafe.out;
}

TEST(InspectCli, StrictExitsFiveOnlyWhenUnsafe) {
  const Pickled pickled = cpython_pickle("[1, 2]", 5);
  EXPECT_EQ(hogsim({"payload", "inspect", "--strict", pickled.envelope}).exit_code, 0);
  EXPECT_EQ(hogsim({"payload", "inspect", "--strict", kUnsafeEnvelope}).exit_code, 5);
  EXPECT_EQ(hogsim({"payload", "inspect", "--strict", "--json"}, kUnsafeEnvelope).exit_code, 5);
  EXPECT_NE(hogsim({"--help"}).out.find("5  payload inspect --strict"), std::string::npos);
}

TEST(InspectCli, JsonReportParsesInPython) {
  const ProcessResult result = hogsim({"payload", "inspect", "--json", kUnsafeEnvelope});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string summary = run_python(
      "import json, sys\n"
      "r = json.load(sys.stdin)\n"
      "g = r['globals'][0]\n"
      "print(r['envelope'], r['safe'], g['module'] + '.' + g['name'], g['safe'], r['protocol'],"
      " r['size_bytes'], r['tree']['type'])\n",
      result.out);
  EXPECT_EQ(summary, "pickle False os.system False None " + std::to_string(kUnsafeEnvelope.size()) +
                         " os.system(...)\n");
}

TEST(InspectCli, InspectOfABrokenPickleExitsOneWithTheReport) {
  const ProcessResult result = hogsim({"payload", "inspect", "__PICKLE__:KA=="});  // "("
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("error: pickle exhausted before seeing STOP at offset 1"),
            std::string::npos)
      << result.out;
}

}  // namespace
