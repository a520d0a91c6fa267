// Globals, reduced objects and the types CPython 3.11's C pickler writes through a reduce value —
// save_global, save_reduce, save_bytes below protocol 3, save_bytearray below 5, complex (through
// copyreg's pickle_complex), set and frozenset below 4 — see pickle_encode_walk.hpp.
//
// Identity of the strs CPython saves inside globals (protocol 4+ STACK_GLOBAL): the module name is
// one interned object per module, so it is memoized by name — except that functions of the
// builtins module carry a different 'builtins' object than its types and constants do; the
// qualname is a new object per global (it is saved once anyway, as the global itself is
// memoized). One-character Latin-1 names are CPython's shared singletons like any other str.
#include <algorithm>
#include <array>
#include <string>

#include "hog/core/errors.hpp"
#include "pickle_encode_types.hpp"
#include "pickle_encode_walk.hpp"

namespace hog::core::pickle::detail {
namespace {

using core::detail::ByteArrayNode;
using core::detail::ComplexNode;
using core::detail::ReducedNode;
using core::detail::SequenceNode;
using core::detail::SetNode;

// The builtin functions of CPython 3.11's builtins module (open is io.open, pickled as such).
constexpr std::array<std::string_view, 44> kBuiltinFunctions = {"__build_class__",
                                                                "__import__",
                                                                "abs",
                                                                "aiter",
                                                                "all",
                                                                "anext",
                                                                "any",
                                                                "ascii",
                                                                "bin",
                                                                "breakpoint",
                                                                "callable",
                                                                "chr",
                                                                "compile",
                                                                "delattr",
                                                                "dir",
                                                                "divmod",
                                                                "eval",
                                                                "exec",
                                                                "format",
                                                                "getattr",
                                                                "globals",
                                                                "hasattr",
                                                                "hash",
                                                                "hex",
                                                                "id",
                                                                "input",
                                                                "isinstance",
                                                                "issubclass",
                                                                "iter",
                                                                "len",
                                                                "locals",
                                                                "max",
                                                                "min",
                                                                "next",
                                                                "oct",
                                                                "ord",
                                                                "pow",
                                                                "print",
                                                                "repr",
                                                                "round",
                                                                "setattr",
                                                                "sorted",
                                                                "sum",
                                                                "vars"};

std::string global_key(std::string_view module, std::string_view qualname) {
  std::string key = "G";
  key += module;
  key += '\0';
  key += qualname;
  return key;
}

// The memo key of the interned str naming a global's module (see the file comment).
std::string module_key(std::string_view module, std::string_view qualname) {
  const bool builtin_function =
      module == "builtins" && std::find(kBuiltinFunctions.begin(), kBuiltinFunctions.end(),
                                        qualname) != kBuiltinFunctions.end();
  return (builtin_function ? "F" : "M") + std::string(module);
}

void check_not_local(std::string_view qualname) {
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = qualname.find('.', start);
    if (qualname.substr(start, dot == std::string_view::npos ? std::string_view::npos
                                                             : dot - start) == "<locals>") {
      throw PicklingError("Can't pickle local object '" + std::string(qualname) + "'");
    }
    if (dot == std::string_view::npos) return;
    start = dot + 1;
  }
}

// Below protocol 4 a global is GLOBAL lines (module, then each name part): none may be empty (the
// decoder, like CPython's, reads an empty line as truncated data) or hold a newline.
void check_global_lines(std::string_view module, std::string_view qualname) {
  const bool empty_part = module.empty() || qualname.empty() || qualname.front() == '.' ||
                          qualname.back() == '.' || qualname.find("..") != std::string_view::npos;
  if (empty_part || module.find('\n') != std::string_view::npos ||
      qualname.find('\n') != std::string_view::npos) {
    throw PicklingError("Can't pickle global '" + std::string(module) + "." +
                        std::string(qualname) +
                        "' below protocol 4: GLOBAL lines cannot hold an empty name part or a "
                        "newline");
  }
}

}  // namespace

// --- globals: save_global ---

void Encoder::save_global(std::string_view module, std::string_view qualname) {
  w_.opcode_boundary();
  save_global_after_boundary(module, qualname);
}

void Encoder::save_global_after_boundary(std::string_view module, std::string_view qualname) {
  const std::uint32_t index = memo_.find_named(global_key(module, qualname));
  if (index != Memo::kMissing) {
    get_index(index);
    return;
  }
  write_global(module, qualname);
}

void Encoder::write_global(std::string_view module, std::string_view qualname) {
  check_not_local(qualname);
  if (protocol_ >= 4) {
    const std::string key = module_key(module, qualname);
    w_.opcode_boundary();
    save_str(module, nullptr, &key);
    w_.opcode_boundary();
    save_str(qualname, nullptr, nullptr);
    w_.op(Op::STACK_GLOBAL);  // STACK_GLOBAL
    put_index(memo_.put_named(global_key(module, qualname)));
    return;
  }
  check_global_lines(module, qualname);
  // Below protocol 4 a nested name A.B.C is getattr(getattr(A, 'B'), 'C'), each level a reduce
  // value saved after `getattr` and before its parent, and memoized as the class it stands for.
  std::vector<std::size_t> ends;  // ends[k]: length of the prefix made of the first k+1 components
  for (std::size_t dot = qualname.find('.'); dot != std::string_view::npos;
       dot = qualname.find('.', dot + 1)) {
    ends.push_back(dot);
  }
  ends.push_back(qualname.size());
  std::vector<std::size_t> pending;  // levels whose (parent, name) tuple is open, outermost first
  for (std::size_t level = ends.size() - 1;; --level) {
    if (level == 0) {
      write_global_line(w_, protocol_, module, qualname.substr(0, ends[0]));
      put_index(memo_.put_named(global_key(module, qualname.substr(0, ends[0]))));
      break;
    }
    save_global("builtins", "getattr");
    w_.opcode_boundary();  // save(argtup)
    if (protocol_ < 2) w_.op(Op::MARK);
    pending.push_back(level);
    w_.opcode_boundary();  // save(parent)
    const std::uint32_t parent =
        memo_.find_named(global_key(module, qualname.substr(0, ends[level - 1])));
    if (parent != Memo::kMissing) {
      get_index(parent);
      break;
    }
  }
  for (auto it = pending.rbegin(); it != pending.rend(); ++it) {
    const std::size_t level = *it;
    const std::size_t start = ends[level - 1] + 1;
    w_.opcode_boundary();
    save_str(qualname.substr(start, ends[level] - start), nullptr, nullptr);
    w_.op(protocol_ >= 2 ? Op::TUPLE2 : Op::TUPLE);  // TUPLE2 / TUPLE
    put_index(memo_.fresh());
    w_.op(Op::REDUCE);
    put_index(memo_.put_named(global_key(module, qualname.substr(0, ends[level]))));
  }
}

// --- types CPython writes through a reduce value ---

void Encoder::save_empty_tuple() {
  w_.opcode_boundary();
  if (protocol_ >= 1) {
    w_.op(Op::EMPTY_TUPLE);
  } else {
    w_.write("(t", 2);
  }
}

void Encoder::save_bytes(std::string_view data, const Node* node, bool shared_by_content) {
  const bool by_content = (node != nullptr && !node->own_object) || shared_by_content;
  const std::ptrdiff_t slot = !by_content || data.size() > 1 ? -1
                              : data.empty()                 ? 0
                                             : 1 + static_cast<unsigned char>(data[0]);
  std::uint32_t index = Memo::kMissing;
  if (slot >= 0) {
    index = memo_.find_shared_bytes(static_cast<std::size_t>(slot));
  } else if (node != nullptr) {
    index = memo_.find(node);
  }
  if (index != Memo::kMissing) {
    get_index(index);
    return;
  }
  if (protocol_ >= 3) {
    write_bytes(w_, protocol_, data);
  } else if (data.empty()) {
    save_global("builtins", "bytes");
    save_empty_tuple();
    w_.op(Op::REDUCE);
  } else {
    // codecs.encode(data.decode('latin1'), 'latin1'); 'latin1' is one interned str.
    static const std::string latin1_key = "Mlatin1";
    save_global("_codecs", "encode");
    w_.opcode_boundary();
    if (protocol_ < 2) w_.op(Op::MARK);
    w_.opcode_boundary();
    save_str(latin1_to_utf8(data), nullptr, nullptr);
    w_.opcode_boundary();
    save_str("latin1", nullptr, &latin1_key);
    w_.op(protocol_ >= 2 ? Op::TUPLE2 : Op::TUPLE);
    put_index(memo_.fresh());
    w_.op(Op::REDUCE);
  }
  if (slot >= 0) {
    index = memo_.put_shared_bytes(static_cast<std::size_t>(slot));
  } else if (node != nullptr) {
    index = memo_.put(node);
  } else {
    index = memo_.fresh();
  }
  put_index(index);
}

void Encoder::save_bytearray(Node* node) {
  const std::string_view data = static_cast<ByteArrayNode*>(node)->data;
  if (protocol_ >= 5) {
    write_bytearray8(w_, data);
  } else {
    save_global("builtins", "bytearray");
    if (data.empty()) {
      save_empty_tuple();
    } else {
      w_.opcode_boundary();
      if (protocol_ < 2) w_.op(Op::MARK);
      w_.opcode_boundary();
      save_bytes(data, nullptr);  // bytes(bytearray) is a new object
      w_.op(protocol_ >= 2 ? Op::TUPLE1 : Op::TUPLE);
      put_index(memo_.fresh());
    }
    w_.op(Op::REDUCE);
  }
  put_index(memo_.put(node));
}

void Encoder::save_complex(Node* node) {
  const auto* c = static_cast<ComplexNode*>(node);
  save_global("builtins", "complex");
  w_.opcode_boundary();
  if (protocol_ < 2) w_.op(Op::MARK);
  w_.opcode_boundary();
  write_float(w_, protocol_, c->real);
  w_.opcode_boundary();
  write_float(w_, protocol_, c->imag);
  w_.op(protocol_ >= 2 ? Op::TUPLE2 : Op::TUPLE);
  put_index(memo_.fresh());
  w_.op(Op::REDUCE);
  put_index(memo_.put(node));
}

// set and frozenset below protocol 4: (set, (list(items),)) through save_reduce.
bool Encoder::begin_set_reduce(Node* node) {
  const std::size_t n = static_cast<SetNode*>(node)->items.size();
  push(Frame::Type::SetReduce, node,
       protocol_ >= 1 ? Batcher::exact_list(n) : Batcher::one_by_one(n));
  save_global("builtins", node->kind == Kind::Set ? "set" : "frozenset");
  w_.opcode_boundary();  // save(argtup)
  if (protocol_ < 2) w_.op(Op::MARK);
  w_.opcode_boundary();  // save(the list)
  if (protocol_ >= 1) {
    w_.op(Op::EMPTY_LIST);
  } else {
    w_.write("(l", 2);
  }
  put_index(memo_.fresh());
  return true;
}

void Encoder::resume_set_reduce(Frame& f) {
  if (!run_batch(f, static_cast<SetNode*>(f.node)->items.data(), nullptr, Op::APPEND, Op::APPENDS))
    return;
  Node* node = f.node;
  stack_.pop();
  w_.op(protocol_ >= 2 ? Op::TUPLE1 : Op::TUPLE);
  put_index(memo_.fresh());
  w_.op(Op::REDUCE);
  const std::uint32_t index = memo_.find(node);
  if (index != Memo::kMissing) {
    w_.op(Op::POP);  // POP: the set was reached again through its items
    get_index(index);
    return;
  }
  put_index(memo_.put(node));
}

// --- reduced objects: save_reduce ---

bool Encoder::begin_reduced(Node* node) {
  const auto* r = static_cast<ReducedNode*>(node);
  const Kind callable = core::detail::kind_of(r->callable);
  if (callable != Kind::Global && callable != Kind::Reduced) {
    throw PicklingError("cannot pickle a reduced object whose callable is a '" +
                        std::string(kind_name(callable)) +
                        "': it must be a global or a reduced object");
  }
  if (core::detail::kind_of(r->args) != Kind::Tuple) {
    throw PicklingError("cannot pickle a reduced object whose arguments are a '" +
                        std::string(kind_name(core::detail::kind_of(r->args))) +
                        "': they must be a tuple");
  }
  if (r->how == Construction::NewObjEx) {
    if (core::detail::kind_of(r->kwargs) != Kind::Dict) {
      throw PicklingError(
          "cannot pickle a NEWOBJ_EX reduced object whose keyword arguments are a '" +
          std::string(kind_name(core::detail::kind_of(r->kwargs))) + "': they must be a dict");
    }
    if (protocol_ == 2 || protocol_ == 3) {
      throw PicklingError(
          "cannot pickle a NEWOBJ_EX reduced object at protocol " + std::to_string(protocol_) +
          ": CPython writes functools.partial(cls.__new__, ...) there, which needs the class "
          "itself; use protocol 4 or higher (or 0-1)");
    }
  }
  return push(Frame::Type::Reduced, node);
}

void Encoder::resume_reduced(Frame& f) {
  auto* r = static_cast<ReducedNode*>(f.node);
  const auto& args = static_cast<SequenceNode*>(r->args.node)->items;
  // Below protocol 2, NEWOBJ and NEWOBJ_EX are what copyreg.__newobj__(cls, *args) and
  // copyreg.__newobj_ex__(cls, args, kwargs) stand for: a REDUCE of those with a new tuple.
  const bool fallback = protocol_ < 2 && r->how != Construction::Reduce;
  for (;;) {
    switch (f.phase) {
      case 0:
        if (fallback) {
          save_global("copyreg", r->how == Construction::NewObj ? "__newobj__" : "__newobj_ex__");
          w_.opcode_boundary();  // save(argtup)
          w_.op(Op::MARK);
          f.phase = 10;
        } else {
          f.phase = 1;
        }
        break;
      case 1:
        f.phase = 2;
        if (save(r->callable)) return;
        break;
      case 2:
        f.phase = 3;
        if (save(r->args)) return;
        break;
      case 3:
        f.phase = 4;
        if (r->how == Construction::NewObjEx && save(r->kwargs)) return;
        break;
      case 4:
        w_.op(r->how == Construction::Reduce   ? Op::REDUCE
              : r->how == Construction::NewObj ? Op::NEWOBJ
                                               : Op::NEWOBJ_EX);
        f.phase = 20;
        break;
      case 10:
        f.phase = 11;
        if (save(r->callable)) return;
        break;
      case 11: {
        const std::size_t count = r->how == Construction::NewObj ? args.size() : 2;
        while (f.index < count) {
          const std::size_t i = f.index++;
          const Slot& item =
              r->how == Construction::NewObj ? args[i] : (i == 0 ? r->args : r->kwargs);
          if (save(item)) return;
        }
        w_.op(Op::TUPLE);
        put_index(memo_.fresh());
        w_.op(Op::REDUCE);
        f.phase = 20;
        break;
      }
      case 20: {
        const std::uint32_t index = memo_.find(f.node);
        if (index != Memo::kMissing) {
          stack_.pop();
          w_.op(Op::POP);  // POP: reached again through its own arguments
          get_index(index);
          return;
        }
        put_index(memo_.put(f.node));
        f.batch = protocol_ >= 1 ? Batcher::generic(r->list_items.size())
                                 : Batcher::one_by_one(r->list_items.size());
        f.phase = 21;
        break;
      }
      case 21:
        if (!run_batch(f, r->list_items.data(), nullptr, Op::APPEND, Op::APPENDS)) return;
        f.batch = protocol_ >= 1 ? Batcher::generic(r->dict_items.size())
                                 : Batcher::one_by_one(r->dict_items.size());
        f.phase = 22;
        break;
      case 22:
        if (!run_batch(f, nullptr, r->dict_items.data(), Op::SETITEM, Op::SETITEMS)) return;
        f.phase = 23;
        break;
      case 23:
        f.phase = 24;
        if (r->has_state && save(r->state)) return;
        break;
      default:
        if (r->has_state) w_.op(Op::BUILD);  // BUILD
        stack_.pop();
        return;
    }
  }
}

}  // namespace hog::core::pickle::detail
