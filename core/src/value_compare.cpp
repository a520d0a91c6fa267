// Python equality and hashing on values, dict/set key collapsing, and structural identity.
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include "hog/core/errors.hpp"
#include "numpy_internal.hpp"
#include "value_internal.hpp"

namespace hog::core {
namespace detail {
namespace {

constexpr std::uint64_t kModulus = (std::uint64_t{1} << 61) - 1;
constexpr int kModulusBits = 61;
constexpr int kMaxDepth = 5000;  // deeper comparisons or hashes raise RecursionError

std::int64_t finish_hash(std::int64_t h) { return h == -1 ? -2 : h; }

std::int64_t hash_int64(std::int64_t v) {
  const std::uint64_t magnitude = v < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  auto h = static_cast<std::int64_t>(magnitude % kModulus);
  return finish_hash(v < 0 ? -h : h);
}

// CPython's _Py_HashDouble, with NaN hashing to 0 (NaN never compares equal here).
std::int64_t hash_double(double v) {
  if (std::isnan(v)) return 0;
  if (std::isinf(v)) return v > 0 ? 314159 : -314159;
  int e = 0;
  double m = std::frexp(v, &e);
  int sign = 1;
  if (m < 0) {
    sign = -1;
    m = -m;
  }
  std::uint64_t x = 0;
  while (m != 0.0) {
    x = ((x << 28) & kModulus) | x >> (kModulusBits - 28);
    m *= 268435456.0;
    e -= 28;
    const auto y = static_cast<std::uint64_t>(m);
    m -= static_cast<double>(y);
    x += y;
    if (x >= kModulus) x -= kModulus;
  }
  e = e >= 0 ? e % kModulusBits : kModulusBits - 1 - ((-1 - e) % kModulusBits);
  x = ((x << e) & kModulus) | x >> (kModulusBits - e);
  return finish_hash(static_cast<std::int64_t>(x) * sign);
}

// Not CPython's str/bytes hash (that one is salted per process), but one with the same duty:
// equal data hash alike. Eight bytes at a time (the last word overlapping the one before, as the
// length is mixed in), then a final mix, so the low bits (which pick the index entry) depend on
// every byte. Whole-word loads only: a word assembled in memory from a short copy would stall.
std::int64_t hash_bytes(std::string_view data, std::uint64_t seed) {
  const char* bytes = data.data();
  const std::size_t size = data.size();
  std::uint64_t h = (seed + size) * 0x9E3779B97F4A7C15ull;
  const auto absorb = [&h](std::uint64_t word) {
    h = std::rotl((h ^ word) * 0xFF51AFD7ED558CCDull, 29);
  };
  if (size >= 8) {
    std::uint64_t word;
    for (std::size_t i = 0; i + 8 < size; i += 8) {
      std::memcpy(&word, bytes + i, 8);
      absorb(word);
    }
    std::memcpy(&word, bytes + size - 8, 8);
    absorb(word);
  } else if (size >= 4) {
    std::uint32_t first, last;
    std::memcpy(&first, bytes, 4);
    std::memcpy(&last, bytes + size - 4, 4);
    absorb(first | (std::uint64_t{last} << 32));
  } else if (size > 0) {
    const auto byte = [bytes](std::size_t i) {
      return std::uint64_t{static_cast<unsigned char>(bytes[i])};
    };
    absorb(byte(0) | byte(size / 2) << 8 | byte(size - 1) << 16);
  }
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return finish_hash(static_cast<std::int64_t>(h >> 1));
}

std::int64_t mix(std::int64_t acc, std::int64_t item) {
  auto x =
      static_cast<std::uint64_t>(acc) ^ (static_cast<std::uint64_t>(item) * 0x9E3779B97F4A7C15ull);
  x = std::rotl(x, 31) * 0xC2B2AE3D27D4EB4Full;
  return static_cast<std::int64_t>(x);
}

bool is_numeric(const Slot& s) {
  const Kind k = kind_of(s);
  return k == Kind::Bool || k == Kind::Int || k == Kind::Float || k == Kind::Complex;
}

// A real number in one of three exact forms, for cross-type numeric comparison.
struct Real {
  bool is_float;
  double f;
  const BigInt* big;  // when the int is a node
  std::int64_t small;
};

Real real_of(const Slot& s) {
  switch (s.rep) {
    case Slot::Rep::Bool: return {false, 0, nullptr, s.b ? 1 : 0};
    case Slot::Rep::SmallInt: return {false, 0, nullptr, s.i};
    case Slot::Rep::Float: return {true, s.f, nullptr, 0};
    default: return {false, 0, &static_cast<IntNode*>(s.node)->value, 0};
  }
}

bool real_equal(const Real& a, const Real& b) {
  if (a.is_float && b.is_float) return a.f == b.f;
  if (a.is_float || b.is_float) {
    const Real& fl = a.is_float ? a : b;
    const Real& in = a.is_float ? b : a;
    const auto as_int = BigInt::from_double(fl.f);
    if (!as_int) return false;
    return in.big ? *as_int == *in.big : *as_int == BigInt(in.small);
  }
  if (!a.big && !b.big) return a.small == b.small;
  if (a.big && b.big) return *a.big == *b.big;
  return false;  // a node int never fits in 64 bits; an inline one always does
}

bool numeric_equal(const Slot& a, const Slot& b) {
  const bool a_complex = kind_of(a) == Kind::Complex;
  const bool b_complex = kind_of(b) == Kind::Complex;
  if (a_complex || b_complex) {
    auto parts = [](const Slot& s, const Slot*) -> std::pair<Real, Real> {
      if (kind_of(s) == Kind::Complex) {
        const auto& c = static_cast<const ComplexNode&>(*s.node);
        return {Real{true, c.real, nullptr, 0}, Real{true, c.imag, nullptr, 0}};
      }
      return {real_of(s), Real{true, 0.0, nullptr, 0}};
    };
    const auto [ar, ai] = parts(a, nullptr);
    const auto [br, bi] = parts(b, nullptr);
    return real_equal(ar, br) && real_equal(ai, bi);
  }
  return real_equal(real_of(a), real_of(b));
}

bool equal_at(const Slot& a, const Slot& b, int depth);

bool set_equal(const SetNode& a, const SetNode& b, int depth) {
  if (a.items.size() != b.items.size()) return false;
  for (const auto& item : a.items) {
    if (set_find(b, item) < 0) return false;
  }
  (void)depth;
  return true;
}

// A NumPy scalar as the Python number it stands for (other slots unchanged).
Slot as_python_number(const Slot& s, NumberStorage& storage) {
  if (kind_of(s) != Kind::NumpyScalar) return s;
  const auto& scalar = static_cast<const NumpyScalarNode&>(*s.node);
  return scalar_number(dtype_of_node(scalar.dtype),
                       static_cast<const TextNode&>(*scalar.data.node).data.data(), storage);
}

bool arrays_equal(const NDArrayNode& a, const NDArrayNode& b) {
  return dtype_of_node(a.dtype) == dtype_of_node(b.dtype) && a.shape == b.shape &&
         a.order == b.order && array_bytes(a) == array_bytes(b);
}

bool equal_at(const Slot& a, const Slot& b, int depth) {
  if (depth > kMaxDepth) throw RecursionError("maximum recursion depth exceeded in comparison");
  if (a.rep == Slot::Rep::Node && b.rep == Slot::Rep::Node && a.node == b.node) {
    return true;  // identity implies equality, as in CPython's containers
  }
  if (kind_of(a) == Kind::NumpyScalar || kind_of(b) == Kind::NumpyScalar) {
    NumberStorage x, y;
    return equal_at(as_python_number(a, x), as_python_number(b, y), depth);
  }
  if (is_numeric(a) || is_numeric(b)) return is_numeric(a) && is_numeric(b) && numeric_equal(a, b);
  const Kind ka = kind_of(a), kb = kind_of(b);
  if (ka == Kind::None || kb == Kind::None) return ka == kb;
  switch (ka) {
    case Kind::Str:
      return kb == Kind::Str && static_cast<TextNode*>(a.node)->data == static_cast<TextNode*>(b.node)->data;
    case Kind::Bytes:
    case Kind::ByteArray: {
      if (kb != Kind::Bytes && kb != Kind::ByteArray) return false;
      auto data = [](const Slot& s) -> std::string_view {
        return kind_of(s) == Kind::Bytes ? static_cast<TextNode*>(s.node)->data
                                         : std::string_view(static_cast<ByteArrayNode*>(s.node)->data);
      };
      return data(a) == data(b);
    }
    case Kind::List:
    case Kind::Tuple: {
      if (kb != ka) return false;
      const auto& x = static_cast<SequenceNode*>(a.node)->items;
      const auto& y = static_cast<SequenceNode*>(b.node)->items;
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!equal_at(x[i], y[i], depth + 1)) return false;
      }
      return true;
    }
    case Kind::Dict: {
      if (kb != Kind::Dict) return false;
      const auto& x = *static_cast<DictNode*>(a.node);
      const auto& y = *static_cast<DictNode*>(b.node);
      if (x.items.size() != y.items.size()) return false;
      for (const auto& [key, value] : x.items) {
        const std::ptrdiff_t at = dict_find(y, key);
        if (at < 0 || !equal_at(value, y.items[static_cast<std::size_t>(at)].second, depth + 1)) return false;
      }
      return true;
    }
    case Kind::Set:
    case Kind::FrozenSet:
      if (kb != Kind::Set && kb != Kind::FrozenSet) return false;
      return set_equal(*static_cast<SetNode*>(a.node), *static_cast<SetNode*>(b.node), depth);
    case Kind::Global: {
      if (kb != Kind::Global) return false;
      const auto& x = *static_cast<GlobalNode*>(a.node);
      const auto& y = *static_cast<GlobalNode*>(b.node);
      return x.module == y.module && x.name == y.name;
    }
    case Kind::NDArray:
      return kb == Kind::NDArray &&
             arrays_equal(*static_cast<NDArrayNode*>(a.node), *static_cast<NDArrayNode*>(b.node));
    case Kind::NumpyDType:
      return kb == Kind::NumpyDType && dtype_of_node(a) == dtype_of_node(b);
    default:
      return false;  // reduced objects compare by identity, handled above
  }
}

std::int64_t hash_at(const Slot& s, int depth) {
  if (depth > kMaxDepth) throw RecursionError("maximum recursion depth exceeded while hashing");
  switch (s.rep) {
    case Slot::Rep::None: return 0x5ca1ab1e;
    case Slot::Rep::Bool: return s.b ? 1 : 0;
    case Slot::Rep::SmallInt: return hash_int64(s.i);
    case Slot::Rep::Float: return hash_double(s.f);
    case Slot::Rep::Node: break;
  }
  switch (s.node->kind) {
    case Kind::Int: return static_cast<IntNode*>(s.node)->value.python_hash();
    case Kind::Complex: {
      const auto& c = *static_cast<ComplexNode*>(s.node);
      const std::uint64_t h = static_cast<std::uint64_t>(hash_double(c.real)) +
                              1000003ull * static_cast<std::uint64_t>(hash_double(c.imag));
      return finish_hash(static_cast<std::int64_t>(h));
    }
    case Kind::Str: return hash_bytes(static_cast<TextNode*>(s.node)->data, 1);
    case Kind::Bytes: return hash_bytes(static_cast<TextNode*>(s.node)->data, 2);
    case Kind::Tuple: {
      std::int64_t h = 0x345678;
      for (const auto& item : static_cast<SequenceNode*>(s.node)->items) h = mix(h, hash_at(item, depth + 1));
      return finish_hash(h);
    }
    case Kind::FrozenSet: {
      std::uint64_t h = 0x1f2e3d4c;
      for (const auto& item : static_cast<SetNode*>(s.node)->items) {
        const auto x = static_cast<std::uint64_t>(hash_at(item, depth + 1));
        h += (x ^ (x << 16) ^ 89869747ull) * 3644798167ull;  // order-independent
      }
      return finish_hash(static_cast<std::int64_t>(h));
    }
    case Kind::Global: {
      const auto& g = *static_cast<GlobalNode*>(s.node);
      return mix(hash_bytes(g.module, 3), hash_bytes(g.name, 3));
    }
    case Kind::Reduced:
      return finish_hash(static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(s.node) >> 4));
    case Kind::NumpyScalar: {
      NumberStorage storage;
      return hash_at(as_python_number(s, storage), depth);
    }
    case Kind::NumpyDType:
      return hash_bytes(dtype_of_node(s).str(), 4);
    default:
      throw TypeError("unhashable type: '" + std::string(kind_name(s.node->kind)) + "'");
  }
}

}  // namespace

bool slot_equal(const Slot& a, const Slot& b) { return equal_at(a, b, 0); }

bool is_shared_by_value(const Slot& slot) {
  return slot.rep == Slot::Rep::Node && !slot.node->own_object && is_shared_by_content(slot);
}

bool is_shared_by_content(const Slot& slot) {
  if (slot.rep != Slot::Rep::Node) return false;
  switch (slot.node->kind) {
    case Kind::Str:
    case Kind::Bytes:
      return is_shared_text_content(slot.node->kind, static_cast<TextNode*>(slot.node)->data);
    case Kind::Tuple: return static_cast<SequenceNode*>(slot.node)->items.empty();
    case Kind::Global: return true;
    case Kind::NumpyDType: return dtype_of_node(slot).is_native();  // NumPy's builtin singletons
    default: return false;
  }
}
std::int64_t slot_hash(const Slot& value) { return hash_at(value, 0); }

void KeyIndex::insert(std::int64_t hash, std::size_t position) {
  hashes_.push_back(hash);
  if (hashes_.size() * 3 >= table_.size() * 2) {
    grow(hashes_.size());
    return;
  }
  const std::size_t mask = table_.size() - 1;
  std::size_t i = static_cast<std::size_t>(hash) & mask;
  while (table_[i] != 0) i = (i + 1) & mask;
  table_[i] = static_cast<std::uint32_t>(position + 1);
}

void KeyIndex::reserve(std::size_t items) {
  if (!built()) return;
  if (hashes_.capacity() < items) hashes_.reserve(std::max(items, hashes_.capacity() * 2));
  if (items * 3 >= table_.size() * 2) grow(items);
}

// A table with room for `items` (at most two thirds full), refilled from hashes_.
void KeyIndex::grow(std::size_t items) {
  std::size_t capacity = table_.empty() ? 8 : table_.size() * 2;
  while (items * 3 >= capacity * 2) capacity *= 2;
  table_.assign(capacity, 0);
  const std::size_t mask = capacity - 1;
  for (std::size_t position = 0; position < hashes_.size(); ++position) {
    std::size_t i = static_cast<std::size_t>(hashes_[position]) & mask;
    while (table_[i] != 0) i = (i + 1) & mask;
    table_[i] = static_cast<std::uint32_t>(position + 1);
  }
}

namespace {

// Whether slot_hash(key) returns rather than throws (it throws for unhashable or too deep keys,
// which only containers and NumPy values can be).
bool hash_cannot_throw(const Slot& key) {
  if (key.rep != Slot::Rep::Node) return true;
  switch (key.node->kind) {
    case Kind::Int:
    case Kind::Complex:
    case Kind::Str:
    case Kind::Bytes:
    case Kind::Global:
    case Kind::Reduced:
      return true;
    default:
      return false;
  }
}

// Raises what slot_hash(key) raises for a key that cannot be one (TypeError when unhashable,
// RecursionError when too deep), without hashing keys that always can.
void check_hashable(const Slot& key) {
  if (!hash_cannot_throw(key)) static_cast<void>(slot_hash(key));
}

auto dict_keys(const DictNode& dict) {
  return [&dict](std::size_t i) -> const Slot& { return dict.items[i].first; };
}
auto set_members(const SetNode& set) {
  return [&set](std::size_t i) -> const Slot& { return set.items[i]; };
}

// dict_set in a dict whose index is built, with the key's hash.
bool dict_set_indexed(DictNode& dict, const Slot& key, std::int64_t hash, const Slot& value) {
  const std::ptrdiff_t at = dict.index.find_built(key, hash, dict_keys(dict));
  if (at >= 0) {
    dict.items[static_cast<std::size_t>(at)].second = value;
    return false;
  }
  dict.items.emplace_back(key, value);
  dict.index.insert(hash, dict.items.size() - 1);
  return true;
}

// dict_set in a dict whose index is not built, leaving it unbuilt: keys compared, none hashed.
inline bool set_without_index(DictNode& dict, const Slot& key, const Slot& value) {
  check_hashable(key);
  const std::ptrdiff_t at = KeyIndex::find_unbuilt(key, dict.items.size(), dict_keys(dict));
  if (at >= 0) {
    dict.items[static_cast<std::size_t>(at)].second = value;
    return false;
  }
  dict.items.emplace_back(key, value);
  return true;
}

// dict_set in a dict whose index is not built: the index is built when the dict grows past
// KeyIndex::kSmall items.
bool dict_set_unindexed(DictNode& dict, const Slot& key, const Slot& value) {
  if (!set_without_index(dict, key, value)) return false;
  if (dict.items.size() > KeyIndex::kSmall) {
    dict.index.build(dict.items.size(), dict.items.size(), dict_keys(dict));
  }
  return true;
}

}  // namespace

std::ptrdiff_t dict_find(const DictNode& dict, const Slot& key) {
  if (dict.index.built()) return dict.index.find_built(key, slot_hash(key), dict_keys(dict));
  check_hashable(key);
  return KeyIndex::find_unbuilt(key, dict.items.size(), dict_keys(dict));
}

std::ptrdiff_t set_find(const SetNode& set, const Slot& member) {
  if (set.index.built()) return set.index.find_built(member, slot_hash(member), set_members(set));
  check_hashable(member);
  return KeyIndex::find_unbuilt(member, set.items.size(), set_members(set));
}

bool dict_set(DictNode& dict, const Slot& key, const Slot& value) {
  if (dict.index.built()) return dict_set_indexed(dict, key, slot_hash(key), value);
  return dict_set_unindexed(dict, key, value);
}

void dict_set_pairs(DictNode& dict, const Slot* pairs, std::size_t count) {
  const std::size_t needed = dict.items.size() + count;
  if (dict.items.capacity() < needed) {
    dict.items.reserve(std::max(needed, dict.items.capacity() * 2));
  }
  if (!dict.index.built()) {
    if (needed <= KeyIndex::kSmall) {  // no index to build: the pairs one after another
      for (const Slot* pair = pairs; pair < pairs + 2 * count; pair += 2) {
        set_without_index(dict, pair[0], pair[1]);
      }
      return;
    }
    dict.index.build(dict.items.size(), needed, dict_keys(dict));
  } else {
    dict.index.reserve(needed);
  }
  // Keys whose hash cannot throw are hashed kAhead pairs early and their entry prefetched, so
  // the cache misses of several lookups overlap; the others are hashed in turn, as dict_set does.
  constexpr std::size_t kAhead = 8;
  std::array<std::int64_t, kAhead> early_hash{};
  std::array<bool, kAhead> hashed_early{};
  const auto look_ahead = [&](std::size_t pair) {
    const Slot& key = pairs[2 * pair];
    hashed_early[pair % kAhead] = hash_cannot_throw(key);
    if (!hashed_early[pair % kAhead]) return;
    early_hash[pair % kAhead] = slot_hash(key);
    dict.index.prefetch(early_hash[pair % kAhead]);
  };
  for (std::size_t pair = 0; pair < std::min(kAhead, count); ++pair) look_ahead(pair);
  for (std::size_t pair = 0; pair < count; ++pair) {
    const Slot& key = pairs[2 * pair];
    const std::int64_t hash =
        hashed_early[pair % kAhead] ? early_hash[pair % kAhead] : slot_hash(key);
    if (pair + kAhead < count) look_ahead(pair + kAhead);
    dict_set_indexed(dict, key, hash, pairs[2 * pair + 1]);
  }
}

bool set_add(SetNode& set, const Slot& member) {
  if (set.index.built()) {
    const std::int64_t hash = slot_hash(member);
    if (set.index.find_built(member, hash, set_members(set)) >= 0) return false;
    set.items.push_back(member);
    set.index.insert(hash, set.items.size() - 1);
    return true;
  }
  check_hashable(member);
  if (KeyIndex::find_unbuilt(member, set.items.size(), set_members(set)) >= 0) return false;
  set.items.push_back(member);
  if (set.items.size() > KeyIndex::kSmall) {
    set.index.build(set.items.size(), set.items.size(), set_members(set));
  }
  return true;
}

}  // namespace detail

// Structural identity: walks both graphs side by side with an explicit work list (no recursion),
// keeping a one-to-one map between their nodes so sharing and cycles must match too.
bool same_graph(const Value& a, const Value& b) {
  using detail::Slot;
  std::unordered_map<const detail::Node*, const detail::Node*> forward, backward;
  std::vector<std::pair<Slot, Slot>> work{{a.slot(), b.slot()}};
  auto push_all = [&](const detail::SlotVector& x, const detail::SlotVector& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) work.emplace_back(x[i], y[i]);
    return true;
  };
  while (!work.empty()) {
    const auto [x, y] = work.back();
    work.pop_back();
    if (x.rep != y.rep) return false;
    switch (x.rep) {
      case Slot::Rep::None: continue;
      case Slot::Rep::Bool:
        if (x.b != y.b) return false;
        continue;
      case Slot::Rep::SmallInt:
        if (x.i != y.i) return false;
        continue;
      case Slot::Rep::Float:
        if (std::bit_cast<std::uint64_t>(x.f) != std::bit_cast<std::uint64_t>(y.f)) return false;
        continue;
      case Slot::Rep::Node: break;
    }
    if (x.node->kind == Kind::Int || y.node->kind == Kind::Int) {  // ints have no identity, at any size
      if (x.node->kind != y.node->kind || !detail::slot_equal(x, y)) return false;
      continue;
    }
    // A shared object matches an equal one on the other side even when that one is its own object
    // (own_object is an encoding hint: which pickle wrote it anew); two own objects keep identity.
    if (detail::is_shared_by_value(x) || detail::is_shared_by_value(y)) {
      if (!detail::is_shared_by_content(x) || !detail::is_shared_by_content(y) || !detail::slot_equal(x, y) ||
          x.node->kind != y.node->kind) {
        return false;
      }
      continue;
    }
    const auto seen = forward.find(x.node);
    if (seen != forward.end()) {
      if (seen->second != y.node) return false;
      continue;
    }
    if (backward.count(y.node) || x.node->kind != y.node->kind) return false;
    forward.emplace(x.node, y.node);
    backward.emplace(y.node, x.node);
    using namespace detail;
    switch (x.node->kind) {
      case Kind::Int:
        if (static_cast<IntNode*>(x.node)->value != static_cast<IntNode*>(y.node)->value) return false;
        break;
      case Kind::Complex: {
        const auto& p = *static_cast<ComplexNode*>(x.node);
        const auto& q = *static_cast<ComplexNode*>(y.node);
        if (std::bit_cast<std::uint64_t>(p.real) != std::bit_cast<std::uint64_t>(q.real) ||
            std::bit_cast<std::uint64_t>(p.imag) != std::bit_cast<std::uint64_t>(q.imag)) {
          return false;
        }
        break;
      }
      case Kind::Str:
      case Kind::Bytes:
        if (static_cast<TextNode*>(x.node)->data != static_cast<TextNode*>(y.node)->data) return false;
        break;
      case Kind::ByteArray:
        if (static_cast<ByteArrayNode*>(x.node)->data != static_cast<ByteArrayNode*>(y.node)->data) return false;
        break;
      case Kind::List:
      case Kind::Tuple:
        if (!push_all(static_cast<SequenceNode*>(x.node)->items, static_cast<SequenceNode*>(y.node)->items)) {
          return false;
        }
        break;
      case Kind::Set:
      case Kind::FrozenSet:
        if (!push_all(static_cast<SetNode*>(x.node)->items, static_cast<SetNode*>(y.node)->items)) return false;
        break;
      case Kind::Dict: {
        const auto& p = static_cast<DictNode*>(x.node)->items;
        const auto& q = static_cast<DictNode*>(y.node)->items;
        if (p.size() != q.size()) return false;
        for (std::size_t i = 0; i < p.size(); ++i) {
          work.emplace_back(p[i].first, q[i].first);
          work.emplace_back(p[i].second, q[i].second);
        }
        break;
      }
      case Kind::Global: {
        const auto& p = *static_cast<GlobalNode*>(x.node);
        const auto& q = *static_cast<GlobalNode*>(y.node);
        if (p.module != q.module || p.name != q.name) return false;
        break;
      }
      case Kind::Reduced: {
        const auto& p = *static_cast<ReducedNode*>(x.node);
        const auto& q = *static_cast<ReducedNode*>(y.node);
        if (p.how != q.how || p.has_state != q.has_state || p.dict_items.size() != q.dict_items.size()) return false;
        work.emplace_back(p.callable, q.callable);
        work.emplace_back(p.args, q.args);
        work.emplace_back(p.kwargs, q.kwargs);
        if (p.has_state) work.emplace_back(p.state, q.state);
        if (!push_all(p.list_items, q.list_items)) return false;
        for (std::size_t i = 0; i < p.dict_items.size(); ++i) {
          work.emplace_back(p.dict_items[i].first, q.dict_items[i].first);
          work.emplace_back(p.dict_items[i].second, q.dict_items[i].second);
        }
        break;
      }
      case Kind::NDArray: {
        const auto& p = *static_cast<NDArrayNode*>(x.node);
        const auto& q = *static_cast<NDArrayNode*>(y.node);
        // The pickle form and the writability are encoding choices, not part of the value.
        if (!arrays_equal(p, q) || p.flavor != q.flavor) return false;
        break;
      }
      case Kind::NumpyScalar: {
        const auto& p = *static_cast<NumpyScalarNode*>(x.node);
        const auto& q = *static_cast<NumpyScalarNode*>(y.node);
        if (dtype_of_node(p.dtype) != dtype_of_node(q.dtype) || p.flavor != q.flavor ||
            static_cast<TextNode*>(p.data.node)->data != static_cast<TextNode*>(q.data.node)->data) {
          return false;
        }
        break;
      }
      case Kind::NumpyDType:
        if (dtype_of_node(x) != dtype_of_node(y)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

}  // namespace hog::core
