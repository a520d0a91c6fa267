// REDUCE results read as what they stand for: the exact shapes CPython 3.11's pickler writes for
// complex, set, frozenset, bytearray and bytes, for a nested class below protocol 4, and for NEWOBJ
// below protocol 2 (see pickle_decode_reduce.hpp for the list).
#include <string>

#include "hog/core/utf8.hpp"
#include "pickle_decode_reduce.hpp"

namespace hog::core::pickle::decoding {
namespace {

using detail::Slot;

bool is_global(const Slot& slot, std::string_view module, std::string_view name) {
  if (detail::kind_of(slot) != Kind::Global) return false;
  const auto& global = static_cast<const detail::GlobalNode&>(*slot.node);
  return global.module == module && global.name == name;
}

const detail::SlotVector* tuple_items(const Slot& slot) {
  if (detail::kind_of(slot) != Kind::Tuple) return nullptr;
  return &static_cast<const detail::SequenceNode&>(*slot.node).items;
}

std::string_view text_of(const Slot& slot) {
  return static_cast<const detail::TextNode&>(*slot.node).data;
}

// The Latin-1 bytes of a str whose code points are all below 256; nullopt otherwise.
std::optional<std::string> latin1(std::string_view utf8) {
  std::string out;
  for (std::size_t pos = 0; pos < utf8.size();) {
    const char32_t code = next_code_point(utf8, pos);
    if (code > 0xFF) return std::nullopt;
    out += static_cast<char>(code);
  }
  return out;
}

}  // namespace

std::optional<Slot> model_from_reduce(detail::Heap& heap, const Slot& callable, const Slot& args,
                                      int protocol) {
  const detail::SlotVector* items = tuple_items(args);
  if (items == nullptr || detail::kind_of(callable) != Kind::Global) return std::nullopt;
  const std::size_t n = items->size();
  auto kind_at = [&](std::size_t i) { return detail::kind_of((*items)[i]); };

  if (is_global(callable, "builtins", "getattr") && n == 2 && kind_at(0) == Kind::Global &&
      kind_at(1) == Kind::Str) {
    const auto& outer = static_cast<const detail::GlobalNode&>(*(*items)[0].node);
    return detail::slot_of(heap.make<detail::GlobalNode>(
        outer.module, outer.name + "." + std::string(text_of((*items)[1]))));
  }
  if (is_global(callable, "copyreg", "__newobj__") && n >= 1 && kind_at(0) == Kind::Global) {
    auto* args_tuple = heap.make<detail::SequenceNode>(Kind::Tuple);
    args_tuple->items.assign(items->begin() + 1, items->end());
    auto* reduced = heap.make<detail::ReducedNode>();
    reduced->callable = (*items)[0];
    reduced->args = detail::slot_of(args_tuple);
    reduced->how = Construction::NewObj;
    return detail::slot_of(reduced);
  }
  if (is_global(callable, "copyreg", "__newobj_ex__") && n == 3 && kind_at(0) == Kind::Global &&
      kind_at(1) == Kind::Tuple && kind_at(2) == Kind::Dict) {
    auto* reduced = heap.make<detail::ReducedNode>();
    reduced->callable = (*items)[0];
    reduced->args = (*items)[1];
    reduced->how = Construction::NewObjEx;
    reduced->kwargs = (*items)[2];
    return detail::slot_of(reduced);
  }
  if (is_global(callable, "builtins", "complex") && n == 2 && kind_at(0) == Kind::Float &&
      kind_at(1) == Kind::Float) {
    return detail::slot_of(heap.make<detail::ComplexNode>((*items)[0].f, (*items)[1].f));
  }
  const bool is_set = is_global(callable, "builtins", "set");
  if ((is_set || is_global(callable, "builtins", "frozenset")) && protocol < 4 && n == 1 &&
      kind_at(0) == Kind::List) {
    auto* set = heap.make<detail::SetNode>(is_set ? Kind::Set : Kind::FrozenSet);
    for (const Slot& member : static_cast<const detail::SequenceNode&>(*(*items)[0].node).items) {
      detail::set_add(*set, member);
    }
    return detail::slot_of(set);
  }
  if (is_global(callable, "builtins", "bytearray") && protocol < 5) {
    if (n == 0) return detail::slot_of(heap.make_bytearray({}));
    if (n == 1 && kind_at(0) == Kind::Bytes) {
      return detail::slot_of(heap.make_bytearray(text_of((*items)[0])));
    }
    return std::nullopt;
  }
  if (protocol >= 3) return std::nullopt;
  if (is_global(callable, "builtins", "bytes") && n == 0)
    return detail::slot_of(heap.make_bytes({}));
  if (is_global(callable, "_codecs", "encode") && n == 2 && kind_at(0) == Kind::Str &&
      kind_at(1) == Kind::Str && text_of((*items)[1]) == "latin1") {
    if (auto data = latin1(text_of((*items)[0]))) return detail::slot_of(heap.make_bytes(*data));
  }
  return std::nullopt;
}

}  // namespace hog::core::pickle::decoding
