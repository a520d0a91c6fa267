// Recognizing NumPy's pickles in the decoder (see pickle_decode_numpy.hpp).
#include "pickle_decode_numpy.hpp"

#include "hog/core/errors.hpp"
#include "numpy_internal.hpp"

namespace hog::core::pickle::decoding {
namespace {

using detail::ArrayForm;
using detail::DTypeNode;
using detail::NDArrayNode;
using detail::NumpyFlavor;
using detail::Slot;

const detail::SlotVector* tuple_items(const Slot& slot) {
  if (detail::kind_of(slot) != Kind::Tuple) return nullptr;
  return &static_cast<const detail::SequenceNode&>(*slot.node).items;
}

std::optional<std::string_view> str_of(const Slot& slot) {
  if (detail::kind_of(slot) != Kind::Str) return std::nullopt;
  return static_cast<const detail::TextNode&>(*slot.node).data;
}

bool is_int(const Slot& slot, std::int64_t value) {
  return slot.rep == Slot::Rep::SmallInt && slot.i == value;
}

// The flavor whose `module` (multiarray or numeric) this is, or nullopt.
std::optional<NumpyFlavor> flavor_of(std::string_view module,
                                     std::string_view (*module_of)(NumpyFlavor)) {
  for (NumpyFlavor flavor : {NumpyFlavor::V1, NumpyFlavor::V2}) {
    if (module == module_of(flavor)) return flavor;
  }
  return std::nullopt;
}

// A shape: a tuple of non-negative ints whose element count fits.
std::optional<std::vector<std::int64_t>> shape_of(const Slot& slot) {
  const detail::SlotVector* items = tuple_items(slot);
  if (items == nullptr) return std::nullopt;
  std::vector<std::int64_t> shape;
  for (const Slot& item : *items) {
    if (item.rep != Slot::Rep::SmallInt || item.i < 0) return std::nullopt;
    shape.push_back(item.i);
  }
  try {
    numpy::element_count(shape);
  } catch (const ValueError&) {
    return std::nullopt;
  }
  return shape;
}

const numpy::DType* dtype_at(const Slot& slot) {
  if (detail::kind_of(slot) != Kind::NumpyDType) return nullptr;
  return &detail::dtype_of_node(slot);
}

// The bytes of a bytes or bytearray node, when it holds exactly `count` elements of `dtype`.
bool holds_elements(const Slot& data, const numpy::DType& dtype,
                    const std::vector<std::int64_t>& shape) {
  std::string_view bytes;
  if (detail::kind_of(data) == Kind::Bytes) {
    bytes = static_cast<const detail::TextNode&>(*data.node).data;
  } else if (detail::kind_of(data) == Kind::ByteArray) {
    bytes = static_cast<const detail::ByteArrayNode&>(*data.node).data;
  } else {
    return false;
  }
  return numpy::element_count(shape) * dtype.itemsize == bytes.size();
}

template <class T>
T* reduced_node(detail::Heap& heap, const Slot& callable, const Slot& args) {
  auto* node = heap.make<T>();
  node->callable = callable;
  node->args = args;
  return node;
}

}  // namespace

std::optional<Slot> numpy_from_reduce(detail::Heap& heap, const Slot& callable, const Slot& args) {
  const detail::SlotVector* items = tuple_items(args);
  if (items == nullptr || detail::kind_of(callable) != Kind::Global) return std::nullopt;
  const auto& global = static_cast<const detail::GlobalNode&>(*callable.node);
  if (global.module.rfind("numpy", 0) != 0) return std::nullopt;
  const detail::SlotVector& a = *items;

  if (global.module == "numpy" && global.name == "dtype") {
    if (a.size() != 3 || a[1].rep != Slot::Rep::Bool || a[1].b || a[2].rep != Slot::Rep::Bool ||
        !a[2].b) {
      return std::nullopt;
    }
    const auto code = str_of(a[0]);
    const auto dtype = code ? detail::dtype_from_pickle_text(*code) : std::nullopt;
    if (!dtype) return std::nullopt;
    auto* node = reduced_node<DTypeNode>(heap, callable, args);
    node->dtype = *dtype;
    return detail::slot_of(node);
  }
  if (const auto flavor = flavor_of(global.module, detail::numpy_multiarray)) {
    if (global.name == "_reconstruct") {
      const detail::SlotVector* zero = a.size() == 3 ? tuple_items(a[1]) : nullptr;
      const bool is_ndarray =
          a.size() == 3 && detail::kind_of(a[0]) == Kind::Global &&
          static_cast<const detail::GlobalNode&>(*a[0].node).module == "numpy" &&
          static_cast<const detail::GlobalNode&>(*a[0].node).name == "ndarray";
      if (!is_ndarray || zero == nullptr || zero->size() != 1 || !is_int((*zero)[0], 0) ||
          detail::kind_of(a[2]) != Kind::Bytes ||
          static_cast<const detail::TextNode&>(*a[2].node).data != "b") {
        return std::nullopt;
      }
      auto* node = reduced_node<NDArrayNode>(heap, callable, args);
      node->flavor = *flavor;
      node->form = ArrayForm::Reconstruct;
      return detail::slot_of(node);
    }
    if (global.name == "scalar") {
      const numpy::DType* dtype = a.size() == 2 ? dtype_at(a[0]) : nullptr;
      if (dtype == nullptr || !dtype->is_native() || detail::kind_of(a[1]) != Kind::Bytes ||
          static_cast<const detail::TextNode&>(*a[1].node).data.size() != dtype->itemsize) {
        return std::nullopt;
      }
      auto* node = heap.make<detail::NumpyScalarNode>();
      node->dtype = a[0];
      node->data = a[1];
      node->flavor = *flavor;
      return detail::slot_of(node);
    }
    return std::nullopt;
  }
  if (const auto flavor = flavor_of(global.module, detail::numpy_numeric)) {
    if (global.name != "_frombuffer" || a.size() != 4) return std::nullopt;
    const numpy::DType* dtype = dtype_at(a[1]);
    const auto shape = shape_of(a[2]);
    const auto order = str_of(a[3]);
    if (dtype == nullptr || !shape || !order || (*order != "C" && *order != "F") ||
        !holds_elements(a[0], *dtype, *shape)) {
      return std::nullopt;
    }
    auto* node = heap.make<NDArrayNode>();
    node->kind = Kind::NDArray;
    node->dtype = a[1];
    node->shape = *shape;
    // As NumPy flags it: an array that is C- and F-contiguous at once (empty, or at most one
    // dimension longer than 1) is C, whatever order the pickle names.
    node->order =
        detail::layout_order(node->shape, *order == "F" ? numpy::Order::F : numpy::Order::C);
    node->data = a[0];
    node->flavor = *flavor;
    node->form = ArrayForm::FromBuffer;
    return detail::slot_of(node);
  }
  return std::nullopt;
}

bool numpy_build(detail::ReducedNode& target, const Slot& state) {
  if (target.has_state || !target.list_items.empty() || !target.dict_items.empty()) return false;
  const detail::SlotVector* s = tuple_items(state);
  if (s == nullptr) return false;
  if (auto* dtype = dynamic_cast<DTypeNode*>(&target)) {
    if (s->size() != 8 || !is_int((*s)[0], 3)) return false;
    const auto order = str_of((*s)[1]);
    const bool one_byte = dtype->dtype.itemsize == 1;
    if (!order || order->size() != 1 ||
        (one_byte ? *order != "|" : *order != "<" && *order != ">")) {
      return false;
    }
    for (int i = 2; i < 5; ++i) {
      if ((*s)[i].rep != Slot::Rep::None) return false;
    }
    if (!is_int((*s)[5], -1) || !is_int((*s)[6], -1) || !is_int((*s)[7], 0)) return false;
    dtype->dtype.byteorder = (*order)[0];
    dtype->kind = Kind::NumpyDType;
    return true;
  }
  if (auto* array = dynamic_cast<NDArrayNode*>(&target)) {
    if (s->size() != 5 || !is_int((*s)[0], 1) || (*s)[3].rep != Slot::Rep::Bool) return false;
    const auto shape = shape_of((*s)[1]);
    const numpy::DType* dtype = dtype_at((*s)[2]);
    if (!shape || dtype == nullptr || detail::kind_of((*s)[4]) != Kind::Bytes ||
        !holds_elements((*s)[4], *dtype, *shape)) {
      return false;
    }
    array->dtype = (*s)[2];
    array->shape = *shape;
    array->order =
        detail::layout_order(array->shape, (*s)[3].b ? numpy::Order::F : numpy::Order::C);
    array->data = (*s)[4];
    array->kind = Kind::NDArray;
    return true;
  }
  return false;
}

}  // namespace hog::core::pickle::decoding
