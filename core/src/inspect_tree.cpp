// The type tree of payload inspection: one depth-first walk over the decoded graph that gives
// every object to the place it is first met (later meetings become references), sums the
// content sizes bottom-up, then keeps the largest children per node within the display bounds.
// Labels and finding paths are made only for what is shown, so the walk stays linear.
#include <algorithm>
#include <numeric>
#include <unordered_map>
#include <vector>

#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "inspect_internal.hpp"
#include "numpy_internal.hpp"

namespace hog::core::inspection {
namespace {

using detail::Node;
using detail::Slot;

enum class Step : std::uint8_t {
  Root,
  Index,
  Member,
  DictValue,
  Hidden,
  Args,
  Kwargs,
  State,
  Item
};

constexpr std::uint32_t kNone = UINT32_MAX;

struct TreeNode {
  std::uint32_t parent = kNone;
  Step step = Step::Root;
  std::uint32_t index = 0;
  Slot slot;
  Slot key;                      // the dict key of a DictValue step
  std::uint32_t target = kNone;  // for a reference: the node that owns the object
  std::size_t size = 0;
  std::uint32_t refs = 0;  // later references to the object this node owns
  std::uint32_t id = 0;
  std::vector<std::uint32_t> children;
};

struct Edge {
  std::uint32_t parent;
  Step step;
  std::uint32_t index;
  Slot slot;
  Slot key;
};

std::size_t own_size(const Slot& slot) {
  switch (slot.rep) {
    case Slot::Rep::None:
    case Slot::Rep::Bool:
      return 1;
    case Slot::Rep::SmallInt:
      return std::max<std::size_t>(1, (BigInt(slot.i).bit_length() + 8) / 8);
    case Slot::Rep::Float:
      return 8;
    case Slot::Rep::Node:
      break;
  }
  const Node& node = *slot.node;
  switch (node.kind) {
    case Kind::Int:
      return (static_cast<const detail::IntNode&>(node).value.bit_length() + 8) / 8;
    case Kind::Complex:
      return 16;
    case Kind::Str:
    case Kind::Bytes:
      return static_cast<const detail::TextNode&>(node).data.size();
    case Kind::ByteArray:
      return static_cast<const detail::ByteArrayNode&>(node).data.size();
    case Kind::Global: {
      const auto& global = static_cast<const detail::GlobalNode&>(node);
      return global.module.size() + global.name.size();
    }
    case Kind::NDArray:
      return std::max<std::size_t>(
          1, detail::array_bytes(static_cast<const detail::NDArrayNode&>(node)).size());
    case Kind::NumpyScalar:
      return detail::dtype_of_node(static_cast<const detail::NumpyScalarNode&>(node).dtype)
          .itemsize;
    default:
      return 1;
  }
}

std::string global_name(const Slot& slot) {
  const auto& global = static_cast<const detail::GlobalNode&>(*slot.node);
  return global.module + "." + global.name;
}

std::string type_of(const Slot& slot) {
  const Kind kind = detail::kind_of(slot);
  if (kind == Kind::Global) return "global " + global_name(slot);
  if (kind == Kind::NumpyScalar) {
    const auto& scalar = static_cast<const detail::NumpyScalarNode&>(*slot.node);
    return std::string(detail::dtype_of_node(scalar.dtype).scalar_type());
  }
  if (kind == Kind::NDArray) {
    const auto& array = static_cast<const detail::NDArrayNode&>(*slot.node);
    std::string shape;
    for (const std::int64_t dim : array.shape)
      shape += (shape.empty() ? "" : ", ") + std::to_string(dim);
    if (array.shape.size() == 1) shape += ",";
    return "numpy.ndarray " + detail::dtype_of_node(array.dtype).str() + " (" + shape + ")";
  }
  if (kind != Kind::Reduced) return std::string(kind_name(kind));
  const auto& reduced = static_cast<const detail::ReducedNode&>(*slot.node);
  if (detail::kind_of(reduced.callable) != Kind::Global) return "reduced object";
  return global_name(reduced.callable) + "(...)";
}

std::size_t length_of(const Slot& slot) {
  switch (detail::kind_of(slot)) {
    case Kind::Str:
    case Kind::Bytes:
    case Kind::ByteArray:
    case Kind::List:
    case Kind::Tuple:
    case Kind::Dict:
    case Kind::Set:
    case Kind::FrozenSet:
      return Value::from_slot(slot).size();
    default:
      return 0;
  }
}

// A short repr of a dict key for labels: at most 40 characters.
std::string short_repr(const Slot& key) {
  constexpr std::size_t kMax = 40;
  try {
    std::string text = repr(Value::from_slot(key), {.max_depth = 20, .max_output = 4 * kMax});
    if (text.size() > kMax) text = text.substr(0, kMax - 3) + "...";
    return text;
  } catch (const Error&) {
    return "<" + std::string(kind_name(detail::kind_of(key))) + ">";
  }
}

class TreeBuilder {
 public:
  TreeBuilder(const InspectOptions& options, InspectReport& report)
      : options_(options), report_(report) {}

  void run(const Value& root) {
    walk(root.slot());
    for (std::size_t i = nodes_.size(); i-- > 1;) nodes_[nodes_[i].parent].size += nodes_[i].size;
    std::uint32_t next_id = 1;
    for (TreeNode& node : nodes_) {
      if (node.refs > 0) node.id = next_id++;
    }
    budget_ = options_.tree_nodes;
    report_.tree = show(0, 0);
    for (const std::uint32_t at : findings_) {
      report_.not_plain_python.push_back({path_of(at), *not_plain_python(nodes_[at].slot)});
    }
  }

 private:
  void walk(const Slot& root) {
    std::vector<Edge> pending{{kNone, Step::Root, 0, root, {}}};
    std::unordered_map<const Node*, std::uint32_t> owner;
    while (!pending.empty()) {
      const Edge edge = pending.back();
      pending.pop_back();
      const auto at = static_cast<std::uint32_t>(nodes_.size());
      TreeNode& node = nodes_.emplace_back();
      node.parent = edge.parent;
      node.step = edge.step;
      node.index = edge.index;
      node.slot = edge.slot;
      node.key = edge.key;
      if (edge.parent != kNone) nodes_[edge.parent].children.push_back(at);
      if (edge.slot.rep == Slot::Rep::Node) {
        const auto [it, fresh] = owner.try_emplace(edge.slot.node, at);
        if (!fresh) {
          node.target = it->second;
          ++nodes_[it->second].refs;
          continue;
        }
      }
      node.size = own_size(edge.slot);
      if (not_plain_python(edge.slot)) {
        if (findings_.size() < options_.max_findings) {
          findings_.push_back(at);
        } else {
          ++report_.elided_findings;
        }
      }
      const std::size_t first = pending.size();
      push_children(at, edge.slot, pending);
      std::reverse(pending.begin() + static_cast<std::ptrdiff_t>(first), pending.end());
    }
  }

  static void push_children(std::uint32_t at, const Slot& slot, std::vector<Edge>& out) {
    auto items = [&](const detail::SlotVector& slots, Step step) {
      for (std::size_t i = 0; i < slots.size(); ++i)
        out.push_back({at, step, static_cast<std::uint32_t>(i), slots[i], {}});
    };
    auto pairs = [&](const detail::PairVector& kv) {
      for (std::size_t i = 0; i < kv.size(); ++i) {
        out.push_back({at, Step::Hidden, static_cast<std::uint32_t>(i), kv[i].first, {}});
        out.push_back(
            {at, Step::DictValue, static_cast<std::uint32_t>(i), kv[i].second, kv[i].first});
      }
    };
    switch (detail::kind_of(slot)) {
      case Kind::List:
      case Kind::Tuple:
        items(static_cast<const detail::SequenceNode&>(*slot.node).items, Step::Index);
        return;
      case Kind::Set:
      case Kind::FrozenSet:
        items(static_cast<const detail::SetNode&>(*slot.node).items, Step::Member);
        return;
      case Kind::Dict:
        pairs(static_cast<const detail::DictNode&>(*slot.node).items);
        return;
      case Kind::Reduced: {
        const auto& r = static_cast<const detail::ReducedNode&>(*slot.node);
        out.push_back({at, Step::Hidden, 0, r.callable, {}});
        out.push_back({at, Step::Args, 0, r.args, {}});
        if (r.how == Construction::NewObjEx) out.push_back({at, Step::Kwargs, 0, r.kwargs, {}});
        if (r.has_state) out.push_back({at, Step::State, 0, r.state, {}});
        items(r.list_items, Step::Item);
        pairs(r.dict_items);
        return;
      }
      default:
        return;
    }
  }

  std::string label_of(const TreeNode& node) const {
    switch (node.step) {
      case Step::Root:
      case Step::Hidden:
        return "";
      case Step::Index:
        return "[" + std::to_string(node.index) + "]";
      case Step::Member:
        return "<member " + std::to_string(node.index) + ">";
      case Step::DictValue:
        return "[" + short_repr(node.key) + "]";
      case Step::Args:
        return ".args";
      case Step::Kwargs:
        return ".kwargs";
      case Step::State:
        return ".state";
      case Step::Item:
        return ".items[" + std::to_string(node.index) + "]";
    }
    return "";
  }

  std::string path_of(std::uint32_t at) const {
    std::vector<std::string> steps;
    for (std::uint32_t i = at; i != kNone && nodes_[i].step != Step::Root; i = nodes_[i].parent) {
      steps.push_back(nodes_[i].step == Step::Hidden ? "<key>" : label_of(nodes_[i]));
    }
    std::string path = options_.root_name;
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) path += *it;
    return path;
  }

  TypeNode show(std::uint32_t at, std::size_t depth) {
    const TreeNode& node = nodes_[at];
    TypeNode shown;
    shown.label = label_of(node);
    if (budget_ > 0) --budget_;
    if (node.target != kNone) {
      const TreeNode& owner = nodes_[node.target];
      shown.type = type_of(owner.slot);
      shown.length = length_of(owner.slot);
      shown.id = owner.id;
      shown.reference = true;
      return shown;
    }
    shown.type = type_of(node.slot);
    shown.size = node.size;
    shown.length = length_of(node.slot);
    shown.id = node.id;
    std::vector<std::uint32_t> visible;
    for (const std::uint32_t child : node.children) {
      if (nodes_[child].step != Step::Hidden) visible.push_back(child);
    }
    std::size_t keep = depth < options_.tree_depth ? std::min(options_.tree_children, budget_) : 0;
    keep = std::min(keep, visible.size());
    std::partial_sort(visible.begin(), visible.begin() + static_cast<std::ptrdiff_t>(keep),
                      visible.end(), [&](std::uint32_t a, std::uint32_t b) {
                        return nodes_[a].size != nodes_[b].size ? nodes_[a].size > nodes_[b].size
                                                                : a < b;
                      });
    for (std::size_t i = 0; i < visible.size(); ++i) {
      if (i < keep && budget_ > 0) {
        shown.children.push_back(show(visible[i], depth + 1));
      } else {
        ++shown.elided_children;
        shown.elided_size += nodes_[visible[i]].size;
      }
    }
    return shown;
  }

  const InspectOptions& options_;
  InspectReport& report_;
  std::vector<TreeNode> nodes_;
  std::vector<std::uint32_t> findings_;
  std::size_t budget_ = 0;
};

}  // namespace

void describe_value(const Value& value, const InspectOptions& options, InspectReport& report) {
  TreeBuilder(options, report).run(value);
}

}  // namespace hog::core::inspection
