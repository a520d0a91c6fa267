// NumPy values against NumPy 1.24 itself (tests/oracle/numpy_oracle.py drives numpy):
// - pickles NumPy writes (arrays of every modelled dtype, byte order, rank, layout, read-only and
//   non-contiguous; scalars; dtypes; object and structured arrays) decode to the right NumPy value
//   and re-encode at their protocol byte for byte; so do NumPy 2's module paths and out-of-band
//   buffers;
// - arrays and scalars built in C++ encode to NumPy's own pickle of the same array (protocols 2-5);
// - repr() evaluates in Python to the same array or scalar, and parse() reads it back;
// - NumPy scalars hash as Python hashes them; float16 rounding matches NumPy.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "hog/core/literal.hpp"
#include "hog/core/numpy.hpp"
#include "hog/core/pickle.hpp"
#include "support/python_oracle.hpp"

namespace {

using hog::core::Kind;
using hog::core::Value;
namespace np = hog::core::numpy;
namespace pk = hog::core::pickle;
using hog::test::from_hex;
using hog::test::to_hex;

std::string oracle(const std::string& input) {
  std::ifstream file(HOG_ORACLE_SCRIPTS_DIR "/numpy_oracle.py");
  std::stringstream script;
  script << file.rdbuf();
  if (script.str().empty()) throw std::runtime_error("tests/oracle/numpy_oracle.py not found");
  return hog::test::run_python(script.str(), input);
}

std::vector<std::vector<std::string>> lines_of(const std::string& text) {
  std::vector<std::vector<std::string>> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::vector<std::string> fields;
    for (std::string word; words >> word;) fields.push_back(word);
    lines.push_back(fields);
  }
  return lines;
}

std::string hex_or_dash(std::string_view bytes) {
  return bytes.empty() ? "-" : to_hex(bytes);
}
std::string unhex(const std::string& text) {
  return text == "-" ? "" : from_hex(text);
}

std::string shape_text(std::span<const std::int64_t> shape) {
  if (shape.empty()) return "-";
  std::string text;
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? "," : "") + std::to_string(shape[i]);
  return text;
}

// Checks a decoded value against the EXPECTED fields the oracle wrote (see numpy_oracle.py).
void expect_value(const Value& value, const std::vector<std::string>& want, std::size_t at,
                  const std::string& context) {
  const std::string& tag = want[at];
  if (tag == "A") {
    ASSERT_EQ(value.kind(), Kind::NDArray) << context;
    const np::ArrayView view = np::view(value);
    EXPECT_EQ(view.dtype().str(), want[at + 1]) << context;
    EXPECT_EQ(shape_text(view.shape()), want[at + 2]) << context;
    EXPECT_EQ(view.order() == np::Order::F ? "F" : "C", want[at + 3]) << context;
    EXPECT_EQ(hex_or_dash(view.bytes()), want[at + 4]) << context;
  } else if (tag == "S") {
    ASSERT_EQ(value.kind(), Kind::NumpyScalar) << context;
    const np::ScalarView view = np::scalar_view(value);
    EXPECT_EQ(view.dtype.str(), want[at + 1]) << context;
    EXPECT_EQ(to_hex(view.bytes), want[at + 2]) << context;
  } else if (tag == "D") {
    ASSERT_EQ(value.kind(), Kind::NumpyDType) << context;
    EXPECT_EQ(np::dtype_of(value).str(), want[at + 1]) << context;
  } else if (tag == "L") {
    ASSERT_EQ(value.kind(), Kind::List) << context;
    EXPECT_EQ(std::to_string(value.size()), want[at + 1]) << context;
    for (const Value& item : value.elements()) {
      EXPECT_TRUE(item.kind() == Kind::NDArray || item.kind() == Kind::NumpyScalar) << context;
    }
  } else {
    ASSERT_EQ(tag, "R") << context;
    EXPECT_EQ(value.kind(), Kind::Reduced) << context;
  }
}

TEST(NumpyOracle, NumpyPicklesDecodeAndReencodeExactly) {
  const auto cases = lines_of(oracle("cases 20261125 1500\n"));
  ASSERT_EQ(cases.size(), 1500u);
  for (const auto& fields : cases) {
    const int protocol = std::stoi(fields[0]);
    const std::string pickle = from_hex(fields[1]);
    const std::string context = "protocol " + fields[0] + " expecting " + fields[2];
    const Value value = pk::decode(pickle);
    expect_value(value, fields, 2, context);
    EXPECT_EQ(to_hex(pk::encode(value, {.protocol = protocol})), fields[1]) << context;
  }
}

TEST(NumpyOracle, Numpy2ModulePathsDecodeAndReencodeExactly) {
  const auto cases = lines_of(oracle("numpy2 7 300\n"));
  ASSERT_EQ(cases.size(), 300u);
  for (const auto& fields : cases) {
    const Value value = pk::decode(from_hex(fields[1]));
    expect_value(value, fields, 2, "numpy 2 paths, expecting " + fields[2]);
    EXPECT_EQ(to_hex(pk::encode(value, {.protocol = std::stoi(fields[0])})), fields[1]);
  }
}

TEST(NumpyOracle, OutOfBandBuffersDecodeWithoutCopies) {
  const auto cases = lines_of(oracle("oob 11 200\n"));
  ASSERT_EQ(cases.size(), 200u);
  for (const auto& fields : cases) {
    pk::DecodeOptions options;
    std::istringstream list(fields[1]);
    for (std::string buffer; std::getline(list, buffer, ',');) {
      if (buffer != "none") options.buffers.push_back(Value::bytes(unhex(buffer)));
    }
    const Value value = pk::decode(from_hex(fields[0]), options);
    expect_value(value, fields, 2, "out-of-band, expecting " + fields[2]);
    if (value.kind() == Kind::NDArray && !options.buffers.empty()) {
      // Zero-copy: the array reads the caller's buffer itself.
      EXPECT_EQ(np::view(value).bytes().data(), options.buffers[0].as_bytes().data());
    }
  }
}

TEST(NumpyOracle, ShapesWhoseByteSizeWrapsAroundStayReducedObjects) {
  // _frombuffer(b'', complex128, (2**60,), 'C'): 2**60 * 16 bytes is 0 modulo 2**64.
  const std::string pickle = from_hex(hog::test::run_python(
      "import io, pickle, numpy\n"
      "from numpy.core.numeric import _frombuffer\n"
      "class Huge: pass\n"
      "class P(pickle.Pickler):\n"
      "    def reducer_override(self, obj):\n"
      "        if isinstance(obj, Huge):\n"
      "            return (_frombuffer, (bytearray(), numpy.dtype('c16'), (2**60,), 'C'))\n"
      "        return NotImplemented\n"
      "f = io.BytesIO(); P(f, protocol=5).dump(Huge()); print(f.getvalue().hex(), end='')\n"));
  const Value value = pk::decode(pickle);
  EXPECT_EQ(value.kind(), Kind::Reduced);
  EXPECT_EQ(pk::encode(value), pickle);
}

// A random array or scalar spec, as the oracle's encode command reads it.
struct Spec {
  std::string kind, dtype, shape, order, data;
};

rc::Gen<Spec> gen_spec() {
  static const std::vector<std::string> codes = {"b1", "i1", "i2", "i4", "i8", "u1", "u2",
                                                 "u4", "u8", "f2", "f4", "f8", "c8", "c16"};
  return rc::gen::exec([] {
    Spec spec;
    const std::string code = *rc::gen::elementOf(codes);
    const bool one_byte = code.size() == 2 && code[1] == '1';
    spec.kind = *rc::gen::element<std::string>("A", "A", "A", "S");
    spec.dtype = (spec.kind == "S" || one_byte ? std::string("")
                                               : *rc::gen::element<std::string>("<", ">")) +
                 code;
    const np::DType dtype = np::DType::parse(spec.dtype);
    std::vector<std::int64_t> dims = *rc::gen::container<std::vector<std::int64_t>>(
        *rc::gen::inRange<std::size_t>(0, 4), rc::gen::inRange<std::int64_t>(0, 4));
    if (spec.kind == "S") dims.clear();
    spec.shape = shape_text(dims);
    spec.order = *rc::gen::element<std::string>("C", "F");
    const std::size_t count = spec.kind == "S" ? 1 : np::element_count(dims);
    std::string bytes =
        *rc::gen::container<std::string>(count * dtype.itemsize, rc::gen::arbitrary<char>());
    if (code == "b1") {
      for (char& c : bytes) c = static_cast<char>(c & 1);  // NumPy bools are 0 or 1
    }
    spec.data = bytes;
    return spec;
  });
}

Value build(const Spec& spec) {
  const np::DType dtype = np::DType::parse(spec.dtype);
  if (spec.kind == "S") return np::scalar(dtype, spec.data);
  std::vector<std::int64_t> dims;
  std::istringstream in(spec.shape == "-" ? "" : spec.shape);
  for (std::string dim; std::getline(in, dim, ',');) dims.push_back(std::stoll(dim));
  return np::array(dtype, dims, spec.data, spec.order == "F" ? np::Order::F : np::Order::C);
}

TEST(NumpyOracle, ValuesBuiltInCppEncodeAsNumpyPicklesThem) {
  const auto specs =
      rc::gen::container<std::vector<Spec>>(400, gen_spec())(rc::Random(20261125), 30).value();
  std::string input = "encode\n";
  std::vector<std::string> ours;
  for (const Spec& spec : specs) {
    const int protocol = 2 + static_cast<int>(ours.size() % 4);
    input += std::to_string(protocol) + " " + spec.kind + " " + spec.dtype + " " + spec.shape +
             " " + spec.order + " " + hex_or_dash(spec.data) + "\n";
    ours.push_back(to_hex(pk::encode(build(spec), {.protocol = protocol})));
  }
  const auto theirs = lines_of(oracle(input));
  ASSERT_EQ(theirs.size(), ours.size());
  for (std::size_t i = 0; i < ours.size(); ++i) {
    EXPECT_EQ(ours[i], theirs[i][0]) << specs[i].kind << " " << specs[i].dtype << " shape "
                                     << specs[i].shape << " " << specs[i].order;
  }
}

// A NumPy scalar holding a NaN (not equal to itself).
bool is_nan_scalar(const Value& value) {
  if (value.kind() != Kind::NumpyScalar) return false;
  const Value item = np::scalar_view(value).item();
  if (item.kind() == Kind::Float) return std::isnan(item.as_float());
  return item.kind() == Kind::Complex &&
         (std::isnan(item.as_complex().real()) || std::isnan(item.as_complex().imag()));
}

RC_GTEST_PROP(Numpy, DecodeOfEncodeIsTheSameValueAtEveryProtocol, ()) {
  const Value value = build(*gen_spec());
  for (int protocol = 0; protocol <= 5; ++protocol) {
    RC_ASSERT(hog::core::same_graph(pk::decode(pk::encode(value, {.protocol = protocol})), value));
  }
}

TEST(NumpyOracle, ReprEvaluatesToTheSameValueAndParsesBack) {
  const auto cases = lines_of(oracle("cases 99 600\n"));
  std::string input = "check\n";
  std::size_t checked = 0;
  for (const auto& fields : cases) {
    const Value value = pk::decode(from_hex(fields[1]));
    if (value.kind() != Kind::NDArray && value.kind() != Kind::NumpyScalar &&
        value.kind() != Kind::NumpyDType) {
      continue;
    }
    const std::string text = hog::core::repr(value);
    input += fields[1] + " " + to_hex(text) + "\n";
    ++checked;
    const Value again = hog::core::parse(text);
    if (!is_nan_scalar(value)) {
      EXPECT_TRUE(again == value) << text;
    }
    EXPECT_EQ(hog::core::repr(again), text);
  }
  ASSERT_GT(checked, 400u);
  std::istringstream results(oracle(input));
  for (std::string line; std::getline(results, line);) EXPECT_EQ(line, "ok");
}

TEST(NumpyOracle, ScalarsHashAsPythonHashesThem) {
  const auto cases = lines_of(oracle("cases 5 800\n"));
  std::string input = "hash\n";
  std::vector<std::int64_t> ours;
  for (const auto& fields : cases) {
    if (fields[2] != "S") continue;
    const Value value = pk::decode(from_hex(fields[1]));
    if (is_nan_scalar(value)) continue;  // Python hashes a NaN by its identity
    input += fields[1] + "\n";
    ours.push_back(hog::core::python_hash(value));
  }
  const auto theirs = lines_of(oracle(input));
  ASSERT_EQ(theirs.size(), ours.size());
  ASSERT_GT(ours.size(), 100u);
  for (std::size_t i = 0; i < ours.size(); ++i) EXPECT_EQ(std::to_string(ours[i]), theirs[i][0]);
}

TEST(NumpyOracle, Float16RoundsAsNumpyDoes) {
  std::vector<double> values = {0.0,     -0.0,    1.0,     65504.0, 65519.99, 65520.0,
                                1e-8,    2.98e-8, 5.96e-8, 6.1e-5,  6.104e-5, 0.1,
                                1.0 / 3, -2.5e-6, 1e300,   -1e300,  NAN,      INFINITY};
  std::mt19937_64 random(42);
  for (int i = 0; i < 2000; ++i) {
    const std::uint64_t bits = random();
    double value;
    std::memcpy(&value, &bits, sizeof value);
    // Literal text cannot carry a NaN's payload: random NaNs are left out.
    if (std::isnan(value)) continue;
    values.push_back(std::ldexp(std::fmod(value, 2.0), static_cast<int>(random() % 60) - 30));
  }
  std::string input = "half\n";
  std::vector<std::string> ours;
  for (const double value : values) {
    input += to_hex(std::string(reinterpret_cast<const char*>(&value), sizeof value)) + "\n";
    char text[64];
    std::snprintf(text, sizeof text, "%.17e", value);
    const std::string literal = std::isfinite(value) ? text : "'" + std::string(text) + "'";
    ours.push_back(
        to_hex(np::scalar_view(hog::core::parse("numpy.float16(" + literal + ")")).bytes));
  }
  const auto theirs = lines_of(oracle(input));
  ASSERT_EQ(theirs.size(), ours.size());
  for (std::size_t i = 0; i < ours.size(); ++i) EXPECT_EQ(ours[i], theirs[i][0]) << values[i];
}

}  // namespace
