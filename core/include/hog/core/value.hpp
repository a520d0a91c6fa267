// Value: the Python object model every payload decodes into and encodes from.
//
// Contract:
// - A Value is a cheap handle (copy = one atomic increment) to a Python object: None, bool, int
//   (any size), float, complex, str, bytes, bytearray, list, tuple, dict, set, frozenset, a global
//   reference (`module.name`, e.g. a class or `builtins.Ellipsis`), or a reduced object (a callable
//   global applied to args, then state/list items/dict items — how pickle rebuilds everything
//   else), and NumPy's ndarrays, scalars and dtypes (hog/core/numpy.hpp). Nothing is ever imported
//   or run.
// - Identity is real: two handles to the same list are the same object (`a.is(b)`), containers can
//   hold themselves, and the pickle codec keeps that sharing. None, bool, int and float have no
//   identity (CPython's small-object caches make pickle treat them as values too).
// - Ownership: objects live in a shared arena ("heap"). Putting an object into a container joins
//   the two arenas, so a graph is freed — cycles included — when its last handle goes. Objects
//   removed from a container stay allocated until then.
// - str holds UTF-8 in which lone surrogates are encoded like any other code point (CPython's
//   'surrogatepass'), so every Python string is representable and round-trips byte for byte.
// - dict, set and frozenset keep insertion order and collapse keys that are equal in Python
//   (1, 1.0, True and 1+0j are one key; the first key object stays, the last value wins).
// - Threads: reading and copying handles of one graph from several threads is safe; mutating a
//   graph (or putting its objects into another) while another thread uses it is not.
// - Errors: typed accessors and container operations throw TypeError (wrong type, unhashable key),
//   IndexError, KeyError or ValueError with Python's wording.
#pragma once

#include <complex>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hog/core/bigint.hpp"

namespace hog::core {

enum class Kind : std::uint8_t {
  None, Bool, Int, Float, Complex, Str, Bytes, ByteArray,
  List, Tuple, Dict, Set, FrozenSet, Global, Reduced,
  NDArray, NumpyScalar, NumpyDType,  // see hog/core/numpy.hpp
};

// Python's name for the type of a value of this kind ("NoneType", "int", "dict", ...).
std::string_view kind_name(Kind kind);

namespace detail {
struct Node;
// The storage of one slot: an inline scalar or a pointer to an arena node. No ownership.
struct Slot {
  enum class Rep : std::uint8_t { None, Bool, SmallInt, Float, Node };
  Rep rep = Rep::None;
  union {
    bool b;
    std::int64_t i;
    double f;
    Node* node;
  };
  Slot() : i(0) {}
};
}  // namespace detail

// How a reduced object is created from its callable and arguments (pickle's REDUCE, NEWOBJ and
// NEWOBJ_EX; INST and OBJ from protocols 0-1 read as Reduce).
enum class Construction : std::uint8_t { Reduce, NewObj, NewObjEx };

struct Reduction;

class Value {
 public:
  Value() noexcept = default;  // None
  Value(std::nullptr_t) noexcept {}
  Value(bool value) noexcept;
  Value(int value) noexcept : Value(static_cast<long long>(value)) {}
  Value(long value) noexcept : Value(static_cast<long long>(value)) {}
  Value(long long value) noexcept;
  Value(unsigned value) noexcept : Value(static_cast<long long>(value)) {}
  Value(unsigned long value) : Value(static_cast<unsigned long long>(value)) {}
  Value(unsigned long long value);
  Value(double value) noexcept;
  Value(std::complex<double> value);
  Value(const BigInt& value);
  // str from UTF-8 text (surrogates allowed, as 'surrogatepass' writes them); ValueError otherwise.
  Value(const char* utf8) : Value(std::string_view(utf8)) {}
  Value(const std::string& utf8) : Value(std::string_view(utf8)) {}
  Value(std::string_view utf8);

  static Value bytes(std::string_view data);
  static Value bytearray(std::string_view data);
  static Value list(std::initializer_list<Value> items = {});
  static Value list(const std::vector<Value>& items);
  static Value tuple(std::initializer_list<Value> items = {});
  static Value tuple(const std::vector<Value>& items);
  static Value dict(std::initializer_list<std::pair<Value, Value>> items = {});
  static Value dict(const std::vector<std::pair<Value, Value>>& items);
  static Value set(std::initializer_list<Value> items = {});
  static Value set(const std::vector<Value>& items);
  static Value frozenset(std::initializer_list<Value> items = {});
  static Value frozenset(const std::vector<Value>& items);
  static Value global(std::string_view module, std::string_view qualname);
  static Value reduced(const Reduction& reduction);

  Value(const Value& other) noexcept;
  // Moves and destruction are inline (a handle that holds no node has nothing to release); a
  // handle is copied field by field, as it is mostly written so just before.
  Value(Value&& other) noexcept { take(other); }
  Value& operator=(const Value& other) noexcept;
  Value& operator=(Value&& other) noexcept {
    if (this != &other) {
      release();
      take(other);
    }
    return *this;
  }
  ~Value() { release(); }

  Kind kind() const noexcept;
  // Python's name for the value's type: kind_name(), or the scalar type of a NumPy scalar.
  std::string_view type_name() const noexcept;
  bool is_none() const noexcept { return slot_.rep == detail::Slot::Rep::None; }

  // Typed reads. Each throws TypeError ("expected int, got str") on another kind.
  bool as_bool() const;
  std::int64_t as_int() const;  // ValueError when the int does not fit in 64 bits
  BigInt as_bigint() const;
  double as_float() const;
  std::complex<double> as_complex() const;
  std::string_view as_str() const;    // UTF-8 ('surrogatepass')
  std::string_view as_bytes() const;  // bytes or bytearray
  std::string_view global_module() const;
  std::string_view global_name() const;
  Reduction as_reduction() const;

  // len(): code points for str, bytes for bytes/bytearray, items for containers.
  std::size_t size() const;
  // list/tuple item (negative indexes count from the end, as in Python): IndexError when out of
  // range. On a dict, the item whose key equals the int.
  Value operator[](std::ptrdiff_t index) const;
  Value operator[](int index) const { return (*this)[static_cast<std::ptrdiff_t>(index)]; }
  // dict lookup: KeyError when missing.
  Value operator[](const Value& key) const;
  Value operator[](const char* key) const { return (*this)[Value(key)]; }
  std::optional<Value> get(const Value& key) const;
  bool contains(const Value& key) const;  // dict key, set/frozenset member
  std::vector<Value> elements() const;    // list, tuple, set, frozenset in order
  std::vector<std::pair<Value, Value>> items() const;  // dict in order

  void append(const Value& item);                       // list
  void set_item(const Value& key, const Value& value);  // dict; list with an int index
  void add(const Value& item);                          // set

  // Identity (Python's `is`): same object; for None/bool/int/float, equal values of one kind.
  bool is(const Value& other) const noexcept;

  // Python's `==`.
  friend bool operator==(const Value& a, const Value& b);

  // Internal: the codecs build and walk graphs through these.
  const detail::Slot& slot() const noexcept { return slot_; }
  static Value from_slot(const detail::Slot& slot) noexcept;
  // A handle that takes over one reference the slot's heap already counts (no increment).
  static Value adopt_slot(const detail::Slot& slot) noexcept {
    Value value;
    value.slot_.rep = slot.rep;
    value.slot_.i = slot.i;
    return value;
  }

 private:
  void retain() const noexcept;
  void release() noexcept {
    if (slot_.rep == detail::Slot::Rep::Node) release_node();
  }
  void release_node() noexcept;  // drops the reference to the node's heap; the slot becomes None
  // Takes over `other`'s slot, which becomes None.
  void take(Value& other) noexcept {
    slot_.rep = other.slot_.rep;
    slot_.i = other.slot_.i;
    other.slot_.rep = detail::Slot::Rep::None;
    other.slot_.i = 0;
  }
  detail::Slot slot_;
};

// What a reduced object is made of: `callable(*args)` (or `callable.__new__(callable, *args,
// **kwargs)` for NewObj/NewObjEx), then list items appended, dict items set, and state applied
// with __setstate__ (pickle's BUILD).
struct Reduction {
  Value callable;
  Value args = Value::tuple();
  Construction how = Construction::Reduce;
  Value kwargs;  // a dict for NewObjEx, else None
  std::optional<Value> state;
  std::vector<Value> list_items;
  std::vector<std::pair<Value, Value>> dict_items;
};

// Python's hash() for hashable values, consistent with `==` across bool/int/float/complex; the
// numeric hash is CPython's. TypeError "unhashable type: 'list'" otherwise.
std::int64_t python_hash(const Value& value);

// Structural identity, for round-trip checks: same kinds (bool is not int), same float bits, same
// order in every container, and the same sharing and cycles. Objects CPython shares by value (the
// empty and one-character Latin-1 str, the empty and one-byte bytes, the empty tuple, globals)
// compare by value.
bool same_graph(const Value& a, const Value& b);

}  // namespace hog::core
