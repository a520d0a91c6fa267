// Fuzz target: NumPy reconstruction — pickle::decode on arbitrary bytes (seeded with NumPy's own
// pickles at every protocol, in-band and out-of-band), then checks on every NDArray, NumpyScalar
// and NumpyDType anywhere in the value (inside containers and reduced objects):
// - views are consistent: an array's bytes().size() == size() * itemsize; a scalar holds itemsize
//   bytes in the machine's order and item() gives the Python type of its kind; a dtype's str()
//   parses back to itself;
// - ArrayView::as<T>() works exactly when T is the dtype's element type and the byte order is the
//   machine's (for bool, also every byte is 0 or 1), and then spans size() elements;
// - parse(repr(x)) == x with the same dtype and bytes, for arrays and dtypes always and for
//   scalars that are not NaN (NaN != NaN; a bool scalar keeps its value, not a byte other than 1);
// and, as fuzz_pickle_decode checks, decode → encode (input protocol and 5) → decode is the same
// graph (fuzz_round_trip.hpp). NEXT_BUFFER gets three out-of-band buffers (48, 16 and 8 bytes;
// the corpus's out-of-band NumPy pickles are made for these sizes).
#include <cmath>
#include <complex>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "fuzz_round_trip.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/numpy.hpp"

namespace {

namespace core = hog::core;
namespace numpy = hog::core::numpy;
using core::Kind;

std::string pattern(std::size_t size, int seed) {
  std::string out(size, '\0');
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<char>(seed + 7 * i);
  return out;
}

core::pickle::DecodeOptions decode_options() {
  core::pickle::DecodeOptions options;
  options.max_depth = hog::fuzz::kMaxDepth;
  options.buffers = {core::Value::bytes(pattern(48, 1)), core::Value::bytearray(pattern(16, 2)),
                     core::Value::bytes(pattern(8, 3))};
  return options;
}

template <class T>
void check_as(const numpy::ArrayView& view, const core::Value& array) {
  const numpy::DType dtype = view.dtype();
  bool matches = dtype.kind == numpy::detail::Element<T>::kind && dtype.itemsize == sizeof(T) &&
                 dtype.is_native();
  if constexpr (std::is_same_v<T, bool>) {
    // A bool view also needs every byte to be 0 or 1 (other bytes are not valid C++ bools).
    matches = matches &&
              view.bytes().find_first_not_of(std::string_view("\0\1", 2)) == std::string_view::npos;
  }
  const auto elements = hog::fuzz::attempt([&] { return view.template as<T>(); });
  if (matches != elements.has_value()) {
    hog::fuzz::fail(std::string("as<") + numpy::detail::Element<T>::name +
                        ">() works exactly when the dtype matches natively",
                    hog::fuzz::describe(array), elements ? "it works" : "it throws");
  }
  if (elements && elements->size() != view.size())
    hog::fuzz::fail("as<T>() spans size() elements", hog::fuzz::describe(array),
                    std::to_string(elements->size()) + " elements");
}

void check_array(const core::Value& array) {
  const numpy::ArrayView view = numpy::view(array);
  if (view.bytes().size() != view.size() * view.dtype().itemsize)
    hog::fuzz::fail("bytes().size() == size() * itemsize", hog::fuzz::describe(array),
                    std::to_string(view.bytes().size()) + " bytes");
  check_as<bool>(view, array);
  check_as<std::int8_t>(view, array);
  check_as<std::int16_t>(view, array);
  check_as<std::int32_t>(view, array);
  check_as<std::int64_t>(view, array);
  check_as<std::uint8_t>(view, array);
  check_as<std::uint16_t>(view, array);
  check_as<std::uint32_t>(view, array);
  check_as<std::uint64_t>(view, array);
  check_as<float>(view, array);
  check_as<double>(view, array);
  check_as<std::complex<float>>(view, array);
  check_as<std::complex<double>>(view, array);
}

// The scalar's Python value, checked against its kind; true when it is NaN (or has a NaN part).
bool check_scalar(const core::Value& scalar) {
  const numpy::ScalarView view = numpy::scalar_view(scalar);
  if (view.bytes.size() != view.dtype.itemsize || !view.dtype.is_native())
    hog::fuzz::fail("a scalar holds itemsize bytes in the machine's order",
                    hog::fuzz::describe(scalar), view.dtype.str());
  const core::Value item = view.item();
  const Kind expected = view.dtype.kind == 'b'   ? Kind::Bool
                        : view.dtype.kind == 'f' ? Kind::Float
                        : view.dtype.kind == 'c' ? Kind::Complex
                                                 : Kind::Int;
  if (item.kind() != expected)
    hog::fuzz::fail("item() has the Python type of the dtype's kind", hog::fuzz::describe(scalar),
                    hog::fuzz::describe(item));
  if (expected == Kind::Float) return std::isnan(item.as_float());
  if (expected == Kind::Complex)
    return std::isnan(item.as_complex().real()) || std::isnan(item.as_complex().imag());
  return false;
}

// The bytes parse(repr(x)) must keep. A bool scalar prints as True or False, so a byte other than
// 0 and 1 (which NumPy reads as True but never writes) reads back as 1: only its value is kept.
std::string_view raw_bytes(const core::Value& value) {
  if (value.kind() == Kind::NDArray) return numpy::view(value).bytes();
  if (value.kind() == Kind::NumpyScalar && numpy::dtype_of(value).kind != 'b')
    return numpy::scalar_view(value).bytes;
  return {};
}

void check_reparse(const core::Value& value) {
  core::ReprOptions repr_options;
  repr_options.max_output = hog::fuzz::kMaxReprBytes;
  const auto printed = hog::fuzz::attempt([&] { return core::repr(value, repr_options); });
  if (!printed) return;  // over the cap
  core::Value again;
  try {
    again = core::parse(*printed);
  } catch (const core::Error& error) {
    hog::fuzz::fail("parse(repr(x)) accepts", *printed, error.type_name() + ": " + error.what());
  }
  if (again.kind() != value.kind() || !(again == value) ||
      numpy::dtype_of(again) != numpy::dtype_of(value) || raw_bytes(again) != raw_bytes(value))
    hog::fuzz::fail("parse(repr(x)) is x (kind, dtype, bytes)", *printed,
                    hog::fuzz::describe(again));
}

void check_numpy(const core::Value& value) {
  bool nan = false;
  switch (value.kind()) {
    case Kind::NDArray:
      check_array(value);
      break;
    case Kind::NumpyScalar:
      nan = check_scalar(value);
      break;
    default: {
      const numpy::DType dtype = numpy::dtype_of(value);
      const auto parsed = hog::fuzz::attempt([&] { return numpy::DType::parse(dtype.str()); });
      if (!parsed || *parsed != dtype)
        hog::fuzz::fail("DType::parse(dtype.str()) is the dtype", dtype.str(),
                        parsed ? parsed->str() : "rejected");
    }
  }
  if (!nan) check_reparse(value);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = hog::fuzz::as_text(data, size);
  const core::pickle::DecodeOptions options = decode_options();
  const auto value = hog::fuzz::attempt([&] { return core::pickle::decode(bytes, options); });
  if (!value) return 0;
  hog::fuzz::for_each_value(*value, [](const core::Value& item) {
    const Kind kind = item.kind();
    if (kind == Kind::NDArray || kind == Kind::NumpyScalar || kind == Kind::NumpyDType)
      check_numpy(item);
  });
  hog::fuzz::check_round_trip(bytes, *value, options);
  return 0;
}
