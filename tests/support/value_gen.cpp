#include "support/value_gen.hpp"

#include <cmath>
#include <limits>

#include "hog/core/utf8.hpp"

namespace hog::test {

using hog::core::BigInt;
using hog::core::Value;

rc::Gen<std::string> gen_utf8_text(bool surrogates) {
  return rc::gen::exec([surrogates] {
    const int length = *rc::gen::weightedOneOf<int>({{3, rc::gen::inRange(0, 2)}, {5, rc::gen::inRange(0, 12)},
                                                     {1, rc::gen::inRange(0, 300)}});
    std::string text;
    for (int i = 0; i < length; ++i) {
      const int bucket = *rc::gen::inRange(0, surrogates ? 6 : 5);
      char32_t cp;
      switch (bucket) {
        case 0: cp = static_cast<char32_t>(*rc::gen::inRange(0x20, 0x7f)); break;
        case 1: cp = static_cast<char32_t>(*rc::gen::elementOf(std::string("\\'\"\n\r\t\x7f{}\0", 11))); break;
        case 2: cp = static_cast<char32_t>(*rc::gen::inRange(0x80, 0x100)); break;
        case 3: cp = static_cast<char32_t>(*rc::gen::inRange(0x100, 0xd800)); break;
        case 4: cp = static_cast<char32_t>(*rc::gen::inRange(0x10000, 0x110000)); break;
        default: cp = static_cast<char32_t>(*rc::gen::inRange(0xd800, 0xe000)); break;
      }
      hog::core::append_utf8(text, cp);
    }
    return text;
  });
}

rc::Gen<BigInt> gen_bigint() {
  return rc::gen::exec([] {
    const int digits = *rc::gen::inRange(19, 80);
    std::string text = std::to_string(*rc::gen::inRange(1, 10));
    for (int i = 1; i < digits; ++i) text += static_cast<char>('0' + *rc::gen::inRange(0, 10));
    BigInt value = *BigInt::from_digits(text, 10);
    return *rc::gen::arbitrary<bool>() ? -value : value;
  });
}

namespace {

Value gen_int() {
  switch (*rc::gen::inRange(0, 5)) {
    case 0: return Value(*rc::gen::inRange<long long>(-300, 300));
    case 1: return Value(*rc::gen::arbitrary<int>());
    case 2: return Value(*rc::gen::arbitrary<long long>());
    case 3:
      return Value(*rc::gen::elementOf(std::vector<long long>{
          0, 255, 256, 65535, 65536, -1, -2147483648LL, 2147483647LL, 2147483648LL,
          std::numeric_limits<long long>::min(), std::numeric_limits<long long>::max()}));
    default: return Value(*gen_bigint());
  }
}

Value gen_float(const ValueGenOptions& options) {
  switch (*rc::gen::inRange(0, options.non_finite ? 4 : 3)) {
    case 0: return Value(static_cast<double>(*rc::gen::inRange(-1000, 1000)) / 8.0);
    case 1: {
      double d = std::bit_cast<double>(*rc::gen::arbitrary<std::uint64_t>());
      if (!std::isfinite(d)) d = 1.5e300;
      return Value(d);
    }
    case 2: return Value(*rc::gen::elementOf(std::vector<double>{0.0, -0.0, 1e16, 1e-5, 0.1, 5e-324, 1e22, 123456789.125}));
    default:
      return Value(*rc::gen::elementOf(std::vector<double>{
          std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
          std::numeric_limits<double>::quiet_NaN()}));
  }
}

Value gen_leaf(const ValueGenOptions& options, bool hashable) {
  const int choice = *rc::gen::inRange(0, 10);
  switch (choice) {
    case 0: return Value();
    case 1: return Value(*rc::gen::arbitrary<bool>());
    case 2: return gen_int();
    case 3: return gen_float(options);
    case 4: return Value(std::complex<double>(gen_float(options).as_float(), gen_float(options).as_float()));
    case 5:
    case 6: return Value(std::string_view(*gen_utf8_text(options.surrogates)));
    case 7: return Value::bytes(*rc::gen::container<std::string>(rc::gen::arbitrary<char>()));
    case 8:
      if (options.bytearrays && !hashable) return Value::bytearray(*rc::gen::container<std::string>(rc::gen::arbitrary<char>()));
      return Value::bytes(*rc::gen::elementOf(std::vector<std::string>{"", "a", "\xff"}));
    default:
      if (options.globals) {
        return Value::global(*rc::gen::elementOf(std::vector<std::string>{"builtins", "collections", "mymod.sub"}),
                             *rc::gen::elementOf(std::vector<std::string>{"Ellipsis", "OrderedDict", "Klass.Inner"}));
      }
      return Value(*rc::gen::elementOf(std::vector<std::string>{"", "a", "\xc3\xa9", "ab"}));
  }
}

Value gen_tree(const ValueGenOptions& options, int depth, bool hashable, std::vector<Value>& pool);

std::vector<Value> gen_items(const ValueGenOptions& options, int depth, bool hashable, std::vector<Value>& pool) {
  const int count = *rc::gen::weightedOneOf<int>({{4, rc::gen::inRange(0, 5)}, {1, rc::gen::inRange(0, 30)}});
  std::vector<Value> items;
  for (int i = 0; i < count; ++i) items.push_back(gen_tree(options, depth + 1, hashable, pool));
  return items;
}

Value gen_tree(const ValueGenOptions& options, int depth, bool hashable, std::vector<Value>& pool) {
  if (options.sharing && !hashable && !pool.empty() && *rc::gen::inRange(0, 8) == 0) {
    return *rc::gen::elementOf(pool);
  }
  Value result;
  const int choice = depth >= options.max_depth ? 0 : *rc::gen::inRange(0, 9);
  switch (choice) {
    case 1: result = hashable ? Value::tuple(gen_items(options, depth, true, pool)) : Value::list(gen_items(options, depth, false, pool)); break;
    case 2: result = Value::tuple(gen_items(options, depth, hashable, pool)); break;
    case 3:
      if (hashable) {
        result = options.sets ? Value::frozenset(gen_items(options, depth, true, pool)) : Value::tuple({});
      } else {
        std::vector<std::pair<Value, Value>> entries;
        const auto keys = gen_items(options, depth, true, pool);
        for (const auto& key : keys) entries.emplace_back(key, gen_tree(options, depth + 1, false, pool));
        result = Value::dict(entries);
      }
      break;
    case 4:
      if (options.sets) {
        const auto members = gen_items(options, depth, true, pool);
        result = hashable || *rc::gen::arbitrary<bool>() ? Value::frozenset(members) : Value::set(members);
      } else {
        result = gen_leaf(options, hashable);
      }
      break;
    case 5:
      if (options.globals && !hashable) {
        hog::core::Reduction reduction;
        reduction.callable = Value::global("mymod", "Thing");
        reduction.args = Value::tuple(gen_items(options, depth, false, pool));
        reduction.how = *rc::gen::elementOf(std::vector<hog::core::Construction>{
            hog::core::Construction::Reduce, hog::core::Construction::NewObj});
        if (*rc::gen::arbitrary<bool>()) reduction.state = gen_tree(options, depth + 1, false, pool);
        result = Value::reduced(reduction);
        break;
      }
      result = gen_leaf(options, hashable);
      break;
    default: result = gen_leaf(options, hashable);
  }
  if (options.sharing && result.slot().rep == hog::core::detail::Slot::Rep::Node) pool.push_back(result);
  return result;
}

}  // namespace

rc::Gen<Value> gen_value(ValueGenOptions options) {
  if (options.cycles) options.sharing = true;
  return rc::gen::exec([options] {
    std::vector<Value> pool;
    Value root = gen_tree(options, 0, false, pool);
    if (options.cycles) {
      // Close some loops: a list or dict gets a reference to an object that contains it.
      std::vector<Value> lists;
      for (const auto& v : pool) {
        if (v.kind() == hog::core::Kind::List || v.kind() == hog::core::Kind::Dict) lists.push_back(v);
      }
      if (root.kind() == hog::core::Kind::List || root.kind() == hog::core::Kind::Dict) lists.push_back(root);
      const int loops = lists.empty() ? 0 : *rc::gen::inRange(0, 3);
      for (int i = 0; i < loops; ++i) {
        Value container = *rc::gen::elementOf(lists);
        Value target = *rc::gen::arbitrary<bool>() ? root : *rc::gen::elementOf(lists);
        if (container.kind() == hog::core::Kind::List) container.append(target);
        else container.set_item(Value(static_cast<long long>(1000 + i)), target);
      }
    }
    return root;
  });
}

rc::Gen<Value> gen_hashable(ValueGenOptions options) {
  options.sharing = options.cycles = false;
  return rc::gen::exec([options] {
    std::vector<Value> pool;
    return gen_tree(options, 0, true, pool);
  });
}

}  // namespace hog::test
