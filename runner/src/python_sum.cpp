// Python's sum() over model values (see python_sum.hpp).
#include "python_sum.hpp"

#include <string>
#include <vector>

#include "hog/core/errors.hpp"
#include "hog/core/numpy.hpp"
#include "hog/runner/registry.hpp"

namespace hog::runner::detail {
namespace {

std::vector<core::Value> iterate(const core::Value& values) {
  switch (values.kind()) {
    case core::Kind::List:
    case core::Kind::Tuple:
    case core::Kind::Set:
    case core::Kind::FrozenSet:
      return values.elements();
    case core::Kind::Dict: {
      std::vector<core::Value> keys;
      for (const auto& item : values.items()) keys.push_back(item.first);
      return keys;
    }
    default:
      throw core::TypeError("'" + std::string(values.type_name()) + "' object is not iterable");
  }
}

// A running total: an int until a float joins.
struct Total {
  bool is_float = false;
  std::int64_t i = 0;
  double f = 0.0;

  void add(const core::Value& item) {
    core::Value plain = item;
    if (item.kind() == core::Kind::NumpyScalar) plain = core::numpy::scalar_view(item).item();
    switch (plain.kind()) {
      case core::Kind::Bool:
      case core::Kind::Int:
        add_int(plain);
        return;
      case core::Kind::Float:
        if (!is_float) {
          f = static_cast<double>(i);
          is_float = true;
        }
        f += plain.as_float();
        return;
      default:
        throw core::TypeError("unsupported operand type(s) for +: '" +
                              std::string(is_float ? "float" : "int") + "' and '" +
                              std::string(item.type_name()) + "'");
    }
  }

  void add_int(const core::Value& item) {
    std::int64_t value = 0;
    if (item.kind() == core::Kind::Bool) {
      value = item.as_bool() ? 1 : 0;
    } else {
      const core::BigInt big = item.as_bigint();
      if (!big.fits_int64()) throw too_big();
      value = big.to_int64();
    }
    if (is_float) {
      f += static_cast<double>(value);
    } else if (__builtin_add_overflow(i, value, &i)) {
      throw too_big();
    }
  }

  static FunctionError too_big() {
    return FunctionError("OverflowError",
                         "the runner's sum() keeps ints in 64 bits and this total does not fit");
  }
};

Total total_of(const core::Value& values) {
  Total total;
  for (const core::Value& item : iterate(values)) total.add(item);
  return total;
}

}  // namespace

core::Value python_sum(const core::Value& values) {
  const Total total = total_of(values);
  return total.is_float ? core::Value(total.f) : core::Value(static_cast<long long>(total.i));
}

double python_mean(const core::Value& values) {
  const Total total = total_of(values);
  const std::size_t count = values.size();
  if (count == 0) throw FunctionError("ZeroDivisionError", "division by zero");
  if (total.is_float) return total.f / static_cast<double>(count);
  // Python's int / int is correctly rounded. Up to 2^53 both operands are exact doubles, so one
  // IEEE division is too; beyond, long double holds them exactly but the quotient is rounded twice
  // (it may differ from Python in the last bit).
  constexpr std::int64_t kExact = std::int64_t{1} << 53;
  if (total.i >= -kExact && total.i <= kExact && count <= static_cast<std::size_t>(kExact)) {
    return static_cast<double>(total.i) / static_cast<double>(count);
  }
  return static_cast<double>(static_cast<long double>(total.i) / static_cast<long double>(count));
}

}  // namespace hog::runner::detail
