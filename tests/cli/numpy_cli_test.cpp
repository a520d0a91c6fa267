// NumPy payloads through the hogsim command, with NumPy as the oracle: the seed's 1000x1000
// float64 array is over the limit (10.17 MB), `payload split` chunks it as numpy.array_split does
// into payloads NumPy would write itself, and NumPy values encode and decode as text.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "support/python_oracle.hpp"
#include "support/subprocess.hpp"

namespace {

using hog::test::run_python;

using hog::test::hogsim;

const char* kSeedArray =
    "import base64, pickle, numpy\n"
    "a = numpy.arange(1000 * 1000, dtype=numpy.float64).reshape(1000, 1000)\n"
    "def envelope(x): return '__PICKLE__:' + base64.b64encode(pickle.dumps(x, 5)).decode()\n";

TEST(NumpyCli, TheSeedArrayIsOverTheLimitAndSplitsIntoPayloadsNumpyWouldWrite) {
  const std::string whole = run_python(std::string(kSeedArray) + "print(envelope(a), end='')\n");
  const auto converted = hogsim({"payload", "convert", "-"}, whole);
  EXPECT_EQ(converted.exit_code, 3);
  EXPECT_EQ(converted.err,
            "PayloadTooLargeError: Payload size (10.17 MB) exceeds Globus Compute's 10 MB "
            "limit.\n");

  const auto split = hogsim({"payload", "split", "--chunks", "10", "-"}, whole);
  ASSERT_EQ(split.exit_code, 0) << split.err;
  const std::string expected = run_python(
      std::string(kSeedArray) + "for chunk in numpy.array_split(a, 10): print(envelope(chunk))\n");
  EXPECT_TRUE(split.out == expected);
  std::istringstream lines(split.out);
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count) EXPECT_LT(line.size(), 10u << 20);
  EXPECT_EQ(count, 10);
}

TEST(NumpyCli, SplitRefusesBadChunkCountsAndNonArrays) {
  for (const char* chunks : {"0", "100001", "-3", "x"}) {
    const auto result = hogsim({"payload", "split", "--chunks", chunks, "__PICKLE__:gAVLAS4="});
    EXPECT_EQ(result.exit_code, 2) << chunks;
    EXPECT_NE(result.err.find("--chunks"), std::string::npos) << result.err;
  }
  const auto not_array = hogsim({"payload", "split", "__PICKLE__:gAVLAS4="});
  EXPECT_EQ(not_array.exit_code, 1);
  EXPECT_EQ(not_array.err, "TypeError: expected numpy.ndarray, got int\n");
}

TEST(NumpyCli, NumpyValuesEncodeAndDecodeAsText) {
  const std::string envelope = run_python(
      "import base64, pickle, numpy\n"
      "v = [numpy.float64(0.5), numpy.arange(6, dtype='>i4').reshape(2, 3).T, numpy.dtype('u2')]\n"
      "print('__PICKLE__:' + base64.b64encode(pickle.dumps(v, 5)).decode(), end='')\n");
  const auto decoded = hogsim({"payload", "decode", envelope});
  ASSERT_EQ(decoded.exit_code, 0) << decoded.err;
  EXPECT_EQ(decoded.out,
            "[numpy.float64(0.5), numpy.frombuffer(b'\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01"
            "\\x00\\x00\\x00\\x02\\x00\\x00\\x00\\x03\\x00\\x00\\x00\\x04\\x00\\x00\\x00\\x05', "
            "dtype='>i4').reshape((3, 2), order='F'), numpy.dtype('<u2')]\n");
  // The text evaluates, with numpy, to the same values; encoding it again gives NumPy's payload.
  const auto encoded = hogsim({"payload", "encode", decoded.out});
  ASSERT_EQ(encoded.exit_code, 0) << encoded.err;
  const std::string same = run_python(
      "import base64, pickle, numpy, sys\n"
      "a, b = sys.stdin.read().split()\n"
      "x = pickle.loads(base64.b64decode(a[11:]))\n"
      "y = pickle.loads(base64.b64decode(b[11:]))\n"
      "print(x[0] == y[0] and type(x[0]) is type(y[0]) and (x[1] == y[1]).all() and\n"
      "      x[1].dtype == y[1].dtype and x[2] == y[2])\n",
      envelope + " " + encoded.out);
  EXPECT_EQ(same, "True\n");
}

}  // namespace
