// hog_decode_files FILE...: decodes each file as raw pickle bytes with hog::core::pickle::decode
// (NEXT_BUFFER reads the three out-of-band buffers of decode_options() below) and prints one JSON
// object per line, in argument order:
//   {"file": PATH, "ok": true, "value": CANONICAL, "repr": REPR}
//   {"file": PATH, "ok": false, "error": TYPE_NAME, "message": WHAT}
// CANONICAL is the value as a JSON tree that fuzz/scripts/differential.py builds the same way
// from CPython's pickle.loads result, so the two can be compared without repr()'s set order:
//   ["None"] ["bool", b] ["int", HEX] ["float", BITS] ["complex", BITS, BITS] ["str", UTF8_HEX]
//   ["bytes", HEX] ["bytearray", HEX] ["list"|"tuple"|"set"|"frozenset", [ITEM...]]
//   ["dict", [[KEY, VALUE]...]] ["global", MODULE, NAME] ["cycle", LEVELS_UP]
//   ["reduced", REPR] ["truncated"]
//   ["ndarray", DTYPE, [DIM...], "C"|"F", DATA_HEX] ["numpy_scalar", DTYPE, DATA_HEX]
//   ["numpy_dtype", DTYPE]
// HEX is Python's format(n, 'x'); BITS the 16 hex digits of the IEEE 754 double; UTF8_HEX the
// 'surrogatepass' UTF-8 in hex; a container met again on its own path is a cycle; identity is
// not recorded. Trees are capped at kMaxNodes nodes (shared references expand) and then end in
// ["truncated"]. Arrays and scalars are in the machine's byte order, as NumPy's _reconstruct loads
// a non-native array (same values, native order) and as scalars always are: DTYPE is dtype.str
// with the machine's order ("<f8", "|b1"), DATA_HEX the elements' bytes in that order, in the
// array's storage order; a dtype value keeps its own order. An array that is C- and
// F-contiguous at once (empty, or at most one dimension longer than 1) is "C", as NumPy flags it.
// A file that cannot be read is an error line with "error": "OSError". Exit status 0 unless the
// arguments are missing.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/numpy.hpp"
#include "hog/core/pickle.hpp"

namespace {

using hog::core::Kind;
using hog::core::Value;
using nlohmann::json;

constexpr std::size_t kMaxNodes = 200000;

std::string hex(std::string_view bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    out += digits[static_cast<unsigned char>(c) >> 4];
    out += digits[static_cast<unsigned char>(c) & 15];
  }
  return out;
}

std::string bits(double value) {
  char out[17];
  std::snprintf(out, sizeof out, "%016llx",
                static_cast<unsigned long long>(std::bit_cast<std::uint64_t>(value)));
  return out;
}

class Canonical {
 public:
  json of(const Value& value) {
    if (++nodes_ > kMaxNodes) return json::array({"truncated"});
    switch (value.kind()) {
      case Kind::None:
        return json::array({"None"});
      case Kind::Bool:
        return json::array({"bool", value.as_bool()});
      case Kind::Int:
        return json::array({"int", value.as_bigint().to_string(16)});
      case Kind::Float:
        return json::array({"float", bits(value.as_float())});
      case Kind::Complex:
        return json::array(
            {"complex", bits(value.as_complex().real()), bits(value.as_complex().imag())});
      case Kind::Str:
        return json::array({"str", hex(value.as_str())});
      case Kind::Bytes:
        return json::array({"bytes", hex(value.as_bytes())});
      case Kind::ByteArray:
        return json::array({"bytearray", hex(value.as_bytes())});
      case Kind::Global:
        return json::array({"global", value.global_module(), value.global_name()});
      case Kind::Reduced:
        return json::array({"reduced", safe_repr(value)});
      case Kind::NDArray:
        return ndarray(value);
      case Kind::NumpyScalar: {
        const hog::core::numpy::ScalarView view = hog::core::numpy::scalar_view(value);
        return json::array({"numpy_scalar", native(view.dtype).str(), hex(view.bytes)});
      }
      case Kind::NumpyDType:
        return json::array({"numpy_dtype", hog::core::numpy::dtype_of(value).str()});
      default:
        return container(value);
    }
  }

  // repr() capped at 1 MiB; its errors (ints over 4300 digits, the cap) become the text.
  static std::string safe_repr(const Value& value) {
    hog::core::ReprOptions options;
    options.max_output = std::size_t{1} << 20;
    try {
      return hog::core::repr(value, options);
    } catch (const hog::core::Error& error) {
      return "<repr: " + error.type_name() + ": " + error.what() + ">";
    }
  }

 private:
  static hog::core::numpy::DType native(hog::core::numpy::DType dtype) {
    if (dtype.byteorder != '|') dtype.byteorder = hog::core::numpy::DType::native_order();
    return dtype;
  }

  // The array in the machine's byte order: each element's bytes reversed when it is not (a
  // complex's two parts each reversed).
  static json ndarray(const Value& value) {
    const hog::core::numpy::ArrayView view = hog::core::numpy::view(value);
    const hog::core::numpy::DType dtype = view.dtype();
    std::string data(view.bytes());
    if (!dtype.is_native()) {
      const std::size_t part = dtype.kind == 'c' ? dtype.itemsize / 2u : dtype.itemsize;
      for (std::size_t at = 0; at + part <= data.size(); at += part)
        std::reverse(data.begin() + static_cast<std::ptrdiff_t>(at),
                     data.begin() + static_cast<std::ptrdiff_t>(at + part));
    }
    json shape = json::array();
    for (const std::int64_t dim : view.shape()) shape.push_back(dim);
    const auto long_dims = std::count_if(view.shape().begin(), view.shape().end(),
                                         [](std::int64_t dim) { return dim > 1; });
    const bool fortran =
        view.order() == hog::core::numpy::Order::F && view.size() > 0 && long_dims > 1;
    return json::array(
        {"ndarray", native(dtype).str(), std::move(shape), fortran ? "F" : "C", hex(data)});
  }

  json container(const Value& value) {
    for (std::size_t up = 1; up <= path_.size(); ++up)
      if (path_[path_.size() - up].is(value)) return json::array({"cycle", up});
    path_.push_back(value);
    json items = json::array();
    if (value.kind() == Kind::Dict) {
      for (const auto& [key, item] : value.items())
        items.push_back(json::array({of(key), of(item)}));
    } else {
      for (const Value& item : value.elements()) items.push_back(of(item));
    }
    path_.pop_back();
    return json::array({std::string(value.type_name()), std::move(items)});
  }

  std::vector<Value> path_;
  std::size_t nodes_ = 0;
};

// Out-of-band buffers for NEXT_BUFFER, the ones fuzz_numpy supplies and differential.py gives
// CPython: 48 bytes, a 16-byte bytearray and 8 bytes; byte i of buffer k is (k + 1 + 7i) mod 256.
hog::core::pickle::DecodeOptions decode_options() {
  const auto pattern = [](std::size_t size, int seed) {
    std::string out(size, '\0');
    for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<char>(seed + 7 * i);
    return out;
  };
  hog::core::pickle::DecodeOptions options;
  options.buffers = {Value::bytes(pattern(48, 1)), Value::bytearray(pattern(16, 2)),
                     Value::bytes(pattern(8, 3))};
  return options;
}

json decode_file(const std::string& path) {
  json line = {{"file", path}, {"ok", false}};
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    line["error"] = "OSError";
    line["message"] = "cannot read " + path;
    return line;
  }
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    const Value value = hog::core::pickle::decode(data, decode_options());
    line["value"] = Canonical().of(value);
    line["repr"] = Canonical::safe_repr(value);
    line["ok"] = true;
  } catch (const hog::core::Error& error) {
    line["error"] = error.type_name();
    line["message"] = error.what();
  }
  return line;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: hog_decode_files FILE...\n");
    return 2;
  }
  for (int i = 1; i < argc; ++i) {
    // Messages may quote input bytes that are not UTF-8: replace them rather than throw.
    const std::string out =
        decode_file(argv[i]).dump(-1, ' ', false, json::error_handler_t::replace);
    std::printf("%s\n", out.c_str());
  }
  return 0;
}
