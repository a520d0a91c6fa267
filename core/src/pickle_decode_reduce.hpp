// Internal to the pickle decoder: recognizing the reductions CPython 3.11's own pickler writes for
// model types, so that they decode to those types instead of Reduced values.
//
// Contract: model_from_reduce looks at a REDUCE's callable and argument tuple, and at the stream's
// protocol (the last PROTO seen, 0 before any), and returns a new node in `heap` for exactly these
// shapes, or nullopt for everything else (which stays a Reduced value):
//   builtins.complex(float, float)                       any protocol
//   builtins.set(list) / builtins.frozenset(list)        protocol < 4
//   builtins.bytearray() / builtins.bytearray(bytes)     protocol < 5
//   _codecs.encode(str, 'latin1') (code points < 256)    protocol < 3
//   builtins.bytes()                                     protocol < 3
//   builtins.getattr(global, str) -> global module.name.str (a nested class)    any protocol
//   copyreg.__newobj__(cls, *args) -> NEWOBJ of cls with args                  any protocol
//   copyreg.__newobj_ex__(cls, tuple, dict) -> NEWOBJ_EX of cls with them      any protocol
// Set members that cannot be hashed throw TypeError, as CPython's set() does.
#pragma once

#include <optional>

#include "value_internal.hpp"

namespace hog::core::pickle::decoding {

std::optional<detail::Slot> model_from_reduce(detail::Heap& heap, const detail::Slot& callable,
                                              const detail::Slot& args, int protocol);

}  // namespace hog::core::pickle::decoding
