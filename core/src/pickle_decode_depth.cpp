// The decoded graph's nesting bound (see pickle_decode_depth.hpp): an iterative depth-first
// search that computes, for every container, the longest path of containers below it.
#include "pickle_decode_depth.hpp"

#include <string>
#include <unordered_map>
#include <vector>

#include "hog/core/errors.hpp"

namespace hog::core::pickle::decoding {
namespace {

using detail::Node;
using detail::Slot;

bool is_container(const Node& node) {
  switch (node.kind) {
    case Kind::List:
    case Kind::Tuple:
    case Kind::Dict:
    case Kind::Set:
    case Kind::FrozenSet:
    case Kind::Reduced:
      return true;
    default:
      return false;
  }
}

// The i-th outgoing reference of a container, or nullptr past the last.
const Slot* child(const Node& node, std::size_t i) {
  switch (node.kind) {
    case Kind::List:
    case Kind::Tuple: {
      const auto& items = static_cast<const detail::SequenceNode&>(node).items;
      return i < items.size() ? &items[i] : nullptr;
    }
    case Kind::Set:
    case Kind::FrozenSet: {
      const auto& items = static_cast<const detail::SetNode&>(node).items;
      return i < items.size() ? &items[i] : nullptr;
    }
    case Kind::Dict: {
      const auto& items = static_cast<const detail::DictNode&>(node).items;
      if (i / 2 >= items.size()) return nullptr;
      return i % 2 == 0 ? &items[i / 2].first : &items[i / 2].second;
    }
    case Kind::Reduced: {
      const auto& r = static_cast<const detail::ReducedNode&>(node);
      if (i < 4) {
        const Slot* fixed[] = {&r.callable, &r.args, &r.kwargs, &r.state};
        return fixed[i];  // an unset state is None: harmless
      }
      i -= 4;
      if (i < r.list_items.size()) return &r.list_items[i];
      i -= r.list_items.size();
      if (i / 2 >= r.dict_items.size()) return nullptr;
      return i % 2 == 0 ? &r.dict_items[i / 2].first : &r.dict_items[i / 2].second;
    }
    default:
      return nullptr;
  }
}

constexpr std::size_t kOnPath = static_cast<std::size_t>(-1);

}  // namespace

void check_depth(const Slot& root, std::size_t max_depth) {
  if (root.rep != Slot::Rep::Node || !is_container(*root.node)) return;
  struct Frame {
    const Node* node;
    std::size_t next_child = 0;
    std::size_t below = 0;  // deepest finished child
  };
  std::unordered_map<const Node*, std::size_t> height;  // kOnPath while on the search path
  std::vector<Frame> path{{root.node}};
  height[root.node] = kOnPath;
  auto too_deep = [&]() {
    throw RecursionError("pickle nests containers more than " + std::to_string(max_depth) +
                         " deep (DecodeOptions::max_depth)");
  };
  if (max_depth == 0) too_deep();
  while (!path.empty()) {
    Frame& frame = path.back();
    const Slot* next = child(*frame.node, frame.next_child++);
    if (next == nullptr) {
      const std::size_t h = frame.below + 1;
      if (h > max_depth) too_deep();
      height[frame.node] = h;
      path.pop_back();
      if (!path.empty() && path.back().below < h) path.back().below = h;
      continue;
    }
    if (next->rep != Slot::Rep::Node || !is_container(*next->node)) continue;
    const auto [it, inserted] = height.try_emplace(next->node, kOnPath);
    if (!inserted) {
      if (it->second != kOnPath && frame.below < it->second) frame.below = it->second;
      continue;  // finished: its height counts; on the path: a cycle, not followed
    }
    if (path.size() + 1 > max_depth) too_deep();
    path.push_back(Frame{next->node});
  }
}

}  // namespace hog::core::pickle::decoding
