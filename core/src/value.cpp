// Value handles: construction, typed reads, container operations.
#include "hog/core/value.hpp"

#include "hog/core/errors.hpp"
#include "hog/core/utf8.hpp"
#include "hog/core/numpy.hpp"
#include "value_internal.hpp"

namespace hog::core {

using detail::Heap;
using detail::Node;
using detail::Slot;

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::None: return "NoneType";
    case Kind::Bool: return "bool";
    case Kind::Int: return "int";
    case Kind::Float: return "float";
    case Kind::Complex: return "complex";
    case Kind::Str: return "str";
    case Kind::Bytes: return "bytes";
    case Kind::ByteArray: return "bytearray";
    case Kind::List: return "list";
    case Kind::Tuple: return "tuple";
    case Kind::Dict: return "dict";
    case Kind::Set: return "set";
    case Kind::FrozenSet: return "frozenset";
    case Kind::Global: return "global";
    case Kind::Reduced: return "object";
    case Kind::NDArray: return "numpy.ndarray";
    case Kind::NumpyScalar: return "numpy.generic";  // Value::type_name() names the scalar type
    case Kind::NumpyDType: return "numpy.dtype";
  }
  return "object";
}

namespace detail {

Slot make_int(Heap& heap, BigInt value) {
  if (value.fits_int64()) return int_slot(value.to_int64());
  return slot_of(heap.make<IntNode>(std::move(value)));
}

}  // namespace detail

namespace {

[[noreturn]] void wrong_kind(std::string_view expected, const Value& got) {
  throw TypeError("expected " + std::string(expected) + ", got " + std::string(got.type_name()));
}

template <class T>
T& node_as(const Slot& slot) {
  return static_cast<T&>(*slot.node);
}

// Joins the graph of `item` into the heap that holds `container`.
void adopt(Node& container, const Slot& item) {
  if (item.rep == Slot::Rep::Node) Heap::unite(container.home, item.node->home);
}

Value make_sequence(Kind kind, const Value* first, std::size_t count) {
  detail::SequenceNode* node = nullptr;
  Value result = detail::new_graph([&](Heap& heap) { return node = heap.make<detail::SequenceNode>(kind); });
  node->items.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    adopt(*node, first[i].slot());
    node->items.push_back(first[i].slot());
  }
  return result;
}

Value make_set(Kind kind, const Value* first, std::size_t count) {
  detail::SetNode* node = nullptr;
  Value result = detail::new_graph([&](Heap& heap) { return node = heap.make<detail::SetNode>(kind); });
  for (std::size_t i = 0; i < count; ++i) {
    detail::slot_hash(first[i].slot());  // unhashable members fail before the graphs are joined
    adopt(*node, first[i].slot());
    detail::set_add(*node, first[i].slot());
  }
  return result;
}

Value make_dict(const std::pair<Value, Value>* first, std::size_t count) {
  detail::DictNode* node = nullptr;
  Value result = detail::new_graph([&](Heap& heap) { return node = heap.make<detail::DictNode>(); });
  for (std::size_t i = 0; i < count; ++i) {
    detail::slot_hash(first[i].first.slot());
    adopt(*node, first[i].first.slot());
    adopt(*node, first[i].second.slot());
    detail::dict_set(*node, first[i].first.slot(), first[i].second.slot());
  }
  return result;
}

}  // namespace

// --- construction -------------------------------------------------------------------------------

Value::Value(bool value) noexcept { slot_ = detail::bool_slot(value); }
Value::Value(long long value) noexcept { slot_ = detail::int_slot(value); }
Value::Value(unsigned long long value) {
  if (value <= static_cast<unsigned long long>(INT64_MAX)) {
    slot_ = detail::int_slot(static_cast<std::int64_t>(value));
    return;
  }
  BigInt big = *BigInt::from_digits(std::to_string(value), 10);
  *this = Value(big);
}
Value::Value(double value) noexcept { slot_ = detail::float_slot(value); }
Value::Value(std::complex<double> value) {
  *this = detail::new_graph([&](Heap& heap) { return heap.make<detail::ComplexNode>(value.real(), value.imag()); });
}
Value::Value(const BigInt& value) {
  if (value.fits_int64()) {
    slot_ = detail::int_slot(value.to_int64());
    return;
  }
  *this = detail::new_graph([&](Heap& heap) { return heap.make<detail::IntNode>(value); });
}
Value::Value(std::string_view utf8) {
  if (auto error = find_utf8_error(utf8)) {
    throw ValueError("str from invalid UTF-8: " + error->reason + " at byte offset " +
                     std::to_string(error->offset));
  }
  *this = detail::new_graph([&](Heap& heap) { return heap.make_str(utf8); });
}

Value Value::bytes(std::string_view data) {
  return detail::new_graph([&](Heap& heap) { return heap.make_bytes(data); });
}
Value Value::bytearray(std::string_view data) {
  return detail::new_graph([&](Heap& heap) { return heap.make_bytearray(data); });
}
Value Value::list(std::initializer_list<Value> items) { return make_sequence(Kind::List, items.begin(), items.size()); }
Value Value::list(const std::vector<Value>& items) { return make_sequence(Kind::List, items.data(), items.size()); }
Value Value::tuple(std::initializer_list<Value> items) { return make_sequence(Kind::Tuple, items.begin(), items.size()); }
Value Value::tuple(const std::vector<Value>& items) { return make_sequence(Kind::Tuple, items.data(), items.size()); }
Value Value::set(std::initializer_list<Value> items) { return make_set(Kind::Set, items.begin(), items.size()); }
Value Value::set(const std::vector<Value>& items) { return make_set(Kind::Set, items.data(), items.size()); }
Value Value::frozenset(std::initializer_list<Value> items) { return make_set(Kind::FrozenSet, items.begin(), items.size()); }
Value Value::frozenset(const std::vector<Value>& items) { return make_set(Kind::FrozenSet, items.data(), items.size()); }
Value Value::dict(std::initializer_list<std::pair<Value, Value>> items) { return make_dict(items.begin(), items.size()); }
Value Value::dict(const std::vector<std::pair<Value, Value>>& items) { return make_dict(items.data(), items.size()); }

Value Value::global(std::string_view module, std::string_view qualname) {
  return detail::new_graph([&](Heap& heap) {
    return heap.make<detail::GlobalNode>(std::string(module), std::string(qualname));
  });
}

Value Value::reduced(const Reduction& reduction) {
  detail::ReducedNode* node = nullptr;
  Value result = detail::new_graph([&](Heap& heap) { return node = heap.make<detail::ReducedNode>(); });
  auto take = [&](const Value& part) {
    adopt(*node, part.slot());
    return part.slot();
  };
  node->callable = take(reduction.callable);
  node->args = take(reduction.args);
  node->how = reduction.how;
  node->kwargs = take(reduction.kwargs);
  if (reduction.state) {
    node->has_state = true;
    node->state = take(*reduction.state);
  }
  for (const auto& item : reduction.list_items) node->list_items.push_back(take(item));
  for (const auto& [key, value] : reduction.dict_items) node->dict_items.emplace_back(take(key), take(value));
  return result;
}

// --- handle lifetime ----------------------------------------------------------------------------

// (The slot was mostly just written field by field: it is copied the same way, see store_item.)
Value Value::from_slot(const Slot& slot) noexcept {
  Value value;
  detail::store_item(value.slot_, slot);
  value.retain();
  return value;
}

void Value::retain() const noexcept {
  if (slot_.rep == Slot::Rep::Node) slot_.node->home->retain();
}
void Value::release_node() noexcept {
  slot_.node->home->release();
  slot_ = Slot{};
}

// Handles are copied field by field too: a handle is often copied or moved right after
// from_slot/adopt_slot wrote it (a decode's result on its way out), and a whole-slot load would
// wait for those two stores.
Value::Value(const Value& other) noexcept {
  detail::store_item(slot_, other.slot_);
  retain();
}
Value& Value::operator=(const Value& other) noexcept {
  if (this != &other) {
    other.retain();
    release();
    detail::store_item(slot_, other.slot_);
  }
  return *this;
}

// --- reads --------------------------------------------------------------------------------------

std::string_view Value::type_name() const noexcept {
  if (kind() == Kind::NumpyScalar) return numpy::dtype_of(*this).scalar_type();
  return kind_name(kind());
}

Kind Value::kind() const noexcept { return detail::kind_of(slot_); }

bool Value::as_bool() const {
  if (slot_.rep != Slot::Rep::Bool) wrong_kind("bool", *this);
  return slot_.b;
}

std::int64_t Value::as_int() const {
  if (slot_.rep == Slot::Rep::SmallInt) return slot_.i;
  if (kind() == Kind::Int) throw ValueError("int too large to convert to a 64-bit integer");
  wrong_kind("int", *this);
}

BigInt Value::as_bigint() const {
  if (slot_.rep == Slot::Rep::SmallInt) return BigInt(slot_.i);
  if (kind() == Kind::Int) return node_as<detail::IntNode>(slot_).value;
  wrong_kind("int", *this);
}

double Value::as_float() const {
  if (slot_.rep != Slot::Rep::Float) wrong_kind("float", *this);
  return slot_.f;
}

std::complex<double> Value::as_complex() const {
  if (kind() != Kind::Complex) wrong_kind("complex", *this);
  const auto& node = node_as<detail::ComplexNode>(slot_);
  return {node.real, node.imag};
}

std::string_view Value::as_str() const {
  if (kind() != Kind::Str) wrong_kind("str", *this);
  return node_as<detail::TextNode>(slot_).data;
}

std::string_view Value::as_bytes() const {
  if (kind() == Kind::Bytes) return node_as<detail::TextNode>(slot_).data;
  if (kind() == Kind::ByteArray) return node_as<detail::ByteArrayNode>(slot_).data;
  wrong_kind("bytes", *this);
}

std::string_view Value::global_module() const {
  if (kind() != Kind::Global) wrong_kind("global", *this);
  return node_as<detail::GlobalNode>(slot_).module;
}

std::string_view Value::global_name() const {
  if (kind() != Kind::Global) wrong_kind("global", *this);
  return node_as<detail::GlobalNode>(slot_).name;
}

Reduction Value::as_reduction() const {
  if (kind() != Kind::Reduced) wrong_kind("reduced object", *this);
  const auto& node = node_as<detail::ReducedNode>(slot_);
  Reduction reduction;
  reduction.callable = from_slot(node.callable);
  reduction.args = from_slot(node.args);
  reduction.how = node.how;
  reduction.kwargs = from_slot(node.kwargs);
  if (node.has_state) reduction.state = from_slot(node.state);
  for (const auto& item : node.list_items) reduction.list_items.push_back(from_slot(item));
  for (const auto& [key, value] : node.dict_items) reduction.dict_items.emplace_back(from_slot(key), from_slot(value));
  return reduction;
}

std::size_t Value::size() const {
  switch (kind()) {
    case Kind::Str: return utf8_code_points(as_str());
    case Kind::Bytes:
    case Kind::ByteArray: return as_bytes().size();
    case Kind::List:
    case Kind::Tuple: return node_as<detail::SequenceNode>(slot_).items.size();
    case Kind::Dict: return node_as<detail::DictNode>(slot_).items.size();
    case Kind::Set:
    case Kind::FrozenSet: return node_as<detail::SetNode>(slot_).items.size();
    default: throw TypeError("object of type '" + std::string(type_name()) + "' has no len()");
  }
}

Value Value::operator[](std::ptrdiff_t index) const {
  if (kind() == Kind::Dict) return (*this)[Value(static_cast<long long>(index))];
  if (kind() != Kind::List && kind() != Kind::Tuple) {
    throw TypeError("'" + std::string(type_name()) + "' object is not subscriptable by position");
  }
  const auto& items = node_as<detail::SequenceNode>(slot_).items;
  const auto size = static_cast<std::ptrdiff_t>(items.size());
  const std::ptrdiff_t at = index < 0 ? index + size : index;
  if (at < 0 || at >= size) throw IndexError(std::string(type_name()) + " index out of range");
  return from_slot(items[static_cast<std::size_t>(at)]);
}

std::optional<Value> Value::get(const Value& key) const {
  if (kind() != Kind::Dict) wrong_kind("dict", *this);
  const auto& dict = node_as<detail::DictNode>(slot_);
  const std::ptrdiff_t at = detail::dict_find(dict, key.slot());
  if (at < 0) return std::nullopt;
  return from_slot(dict.items[static_cast<std::size_t>(at)].second);
}

Value Value::operator[](const Value& key) const {
  if (auto found = get(key)) return *found;
  throw KeyError("key not found in dict (key of type " + std::string(key.type_name()) + ")");
}

bool Value::contains(const Value& key) const {
  if (kind() == Kind::Dict) return detail::dict_find(node_as<detail::DictNode>(slot_), key.slot()) >= 0;
  if (kind() == Kind::Set || kind() == Kind::FrozenSet) {
    return detail::set_find(node_as<detail::SetNode>(slot_), key.slot()) >= 0;
  }
  wrong_kind("dict, set or frozenset", *this);
}

std::vector<Value> Value::elements() const {
  const detail::SlotVector* items = nullptr;
  if (kind() == Kind::List || kind() == Kind::Tuple) items = &node_as<detail::SequenceNode>(slot_).items;
  else if (kind() == Kind::Set || kind() == Kind::FrozenSet) items = &node_as<detail::SetNode>(slot_).items;
  else wrong_kind("list, tuple, set or frozenset", *this);
  std::vector<Value> result;
  result.reserve(items->size());
  for (const auto& item : *items) result.push_back(from_slot(item));
  return result;
}

std::vector<std::pair<Value, Value>> Value::items() const {
  if (kind() != Kind::Dict) wrong_kind("dict", *this);
  std::vector<std::pair<Value, Value>> result;
  for (const auto& [key, value] : node_as<detail::DictNode>(slot_).items) {
    result.emplace_back(from_slot(key), from_slot(value));
  }
  return result;
}

// --- mutation -----------------------------------------------------------------------------------

void Value::append(const Value& item) {
  if (kind() != Kind::List) wrong_kind("list", *this);
  auto& list = node_as<detail::SequenceNode>(slot_);
  adopt(list, item.slot());
  list.items.push_back(item.slot());
}

void Value::set_item(const Value& key, const Value& value) {
  if (kind() == Kind::List) {
    auto& list = node_as<detail::SequenceNode>(slot_);
    const auto size = static_cast<std::ptrdiff_t>(list.items.size());
    const std::int64_t index = key.as_int();
    const std::ptrdiff_t at = index < 0 ? index + size : index;
    if (at < 0 || at >= size) throw IndexError("list assignment index out of range");
    adopt(list, value.slot());
    list.items[static_cast<std::size_t>(at)] = value.slot();
    return;
  }
  if (kind() != Kind::Dict) wrong_kind("dict", *this);
  auto& dict = node_as<detail::DictNode>(slot_);
  detail::slot_hash(key.slot());  // unhashable keys fail before the graphs are joined
  adopt(dict, key.slot());
  adopt(dict, value.slot());
  detail::dict_set(dict, key.slot(), value.slot());
}

void Value::add(const Value& item) {
  if (kind() != Kind::Set) wrong_kind("set", *this);
  auto& set = node_as<detail::SetNode>(slot_);
  detail::slot_hash(item.slot());
  adopt(set, item.slot());
  detail::set_add(set, item.slot());
}

bool Value::is(const Value& other) const noexcept {
  if (slot_.rep != other.slot_.rep) return false;
  switch (slot_.rep) {
    case Slot::Rep::None: return true;
    case Slot::Rep::Bool: return slot_.b == other.slot_.b;
    case Slot::Rep::SmallInt: return slot_.i == other.slot_.i;
    case Slot::Rep::Float: return std::bit_cast<std::uint64_t>(slot_.f) == std::bit_cast<std::uint64_t>(other.slot_.f);
    case Slot::Rep::Node: return slot_.node == other.slot_.node;
  }
  return false;
}

bool operator==(const Value& a, const Value& b) { return detail::slot_equal(a.slot(), b.slot()); }

std::int64_t python_hash(const Value& value) { return detail::slot_hash(value.slot()); }

}  // namespace hog::core
