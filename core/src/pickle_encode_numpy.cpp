// NumPy values as NumPy 1.24 pickles them (numpy/core/src/multiarray: array_reduce_ex,
// arraydescr_reduce, gentype_reduce), written by the encoder as leaves: nothing inside them is an
// arbitrary value, so no frame is pushed.
//
//   dtype    numpy.dtype(code, False, True) + BUILD (3, byteorder, None, None, None, -1, -1, 0)
//            Builtin dtypes in the machine's byte order are singletons in NumPy: memoized by
//            content; others by identity.
//   ndarray  protocol 5, contiguous: numeric._frombuffer(buffer, dtype, shape, order), the buffer
//            in band (BYTEARRAY8 when writable, bytes when read-only);
//            otherwise multiarray._reconstruct(ndarray, (0,), b'b') + BUILD (1, shape, dtype,
//            is_fortran, data bytes).
//   scalar   multiarray.scalar(dtype, data bytes)
// Module paths follow the value's flavor (numpy.core for NumPy 1.x, numpy._core for 2.x).
#include "numpy_internal.hpp"
#include "pickle_encode_types.hpp"
#include "pickle_encode_walk.hpp"

namespace hog::core::pickle::detail {

using core::detail::ArrayForm;
using core::detail::DTypeNode;
using core::detail::NDArrayNode;
using core::detail::NumpyScalarNode;

// Starts a tuple of `n` items (MARK unless protocol 2+ writes TUPLE1-3).
void Encoder::begin_leaf_tuple(std::size_t n) {
  w_.opcode_boundary();
  if (!(n <= 3 && protocol_ >= 2)) w_.op(Op::MARK);
}

// Ends a new (never shared) tuple of `n` items: TUPLE1-3 or TUPLE, then a fresh memo entry.
void Encoder::end_leaf_tuple(std::size_t n) {
  static constexpr Op kTupleOfSize[] = {Op::EMPTY_TUPLE, Op::TUPLE1, Op::TUPLE2, Op::TUPLE3};
  w_.op(n <= 3 && protocol_ >= 2 ? kTupleOfSize[n] : Op::TUPLE);
  put_index(memo_.fresh());
}

void Encoder::save_small_int(std::int64_t value) {
  w_.opcode_boundary();
  write_int(w_, protocol_, value);
}

void Encoder::save_shape(const std::vector<std::int64_t>& shape) {
  if (shape.empty()) {
    save_empty_tuple();
    return;
  }
  begin_leaf_tuple(shape.size());
  for (const std::int64_t dim : shape) save_small_int(dim);
  end_leaf_tuple(shape.size());
}

void Encoder::save_numpy_dtype(Node* node) {
  const numpy::DType& dtype = static_cast<DTypeNode*>(node)->dtype;
  const std::string key = dtype.is_native() ? "D" + dtype.str() : std::string();
  const std::uint32_t found = key.empty() ? memo_.find(node) : memo_.find_named(key);
  if (found != Memo::kMissing) {
    get_index(found);
    return;
  }
  save_global("numpy", "dtype");
  begin_leaf_tuple(3);
  w_.opcode_boundary();
  save_str(dtype.str().substr(1), nullptr, nullptr);
  w_.opcode_boundary();
  write_bool(w_, protocol_, false);
  w_.opcode_boundary();
  write_bool(w_, protocol_, true);
  end_leaf_tuple(3);
  w_.op(Op::REDUCE);
  put_index(key.empty() ? memo_.put(node) : memo_.put_named(key));

  begin_leaf_tuple(8);
  save_small_int(3);
  w_.opcode_boundary();
  save_str(std::string(1, dtype.byteorder), nullptr, nullptr);
  for (int i = 0; i < 3; ++i) {
    w_.opcode_boundary();
    w_.op(Op::NONE);
  }
  save_small_int(-1);
  save_small_int(-1);
  save_small_int(0);
  end_leaf_tuple(8);
  w_.op(Op::BUILD);
}

void Encoder::save_ndarray(Node* node) {
  const auto* array = static_cast<NDArrayNode*>(node);
  const std::string_view data = core::detail::array_bytes(*array);
  const bool fortran = array->order == numpy::Order::F;
  if (protocol_ >= 5 && array->form == ArrayForm::FromBuffer) {
    save_global(core::detail::numpy_numeric(array->flavor), "_frombuffer");
    begin_leaf_tuple(4);
    // The PickleBuffer, in band: a new object each time (memoized by its data node).
    w_.opcode_boundary();
    const Node* buffer = array->data.node;
    const std::uint32_t found = memo_.find(buffer);
    if (found != Memo::kMissing) {
      get_index(found);
    } else {
      if (buffer->kind == Kind::ByteArray) {
        write_bytearray8(w_, data);
      } else {
        write_bytes(w_, protocol_, data);
      }
      put_index(memo_.put(buffer));
    }
    w_.opcode_boundary();
    save_numpy_dtype(array->dtype.node);
    save_shape(array->shape);
    w_.opcode_boundary();
    save_str(fortran ? "F" : "C", nullptr, nullptr);
    end_leaf_tuple(4);
    w_.op(Op::REDUCE);
    put_index(memo_.put(node));
    return;
  }
  save_global(core::detail::numpy_multiarray(array->flavor), "_reconstruct");
  begin_leaf_tuple(3);
  save_global("numpy", "ndarray");
  save_shape({0});
  w_.opcode_boundary();
  save_bytes("b", nullptr, /*shared_by_content=*/true);
  end_leaf_tuple(3);
  w_.op(Op::REDUCE);
  put_index(memo_.put(node));

  begin_leaf_tuple(5);
  save_small_int(1);
  save_shape(array->shape);
  w_.opcode_boundary();
  save_numpy_dtype(array->dtype.node);
  w_.opcode_boundary();
  write_bool(w_, protocol_, fortran);
  w_.opcode_boundary();
  // ndarray.tobytes(): a new bytes object, except CPython's empty and one-byte singletons.
  save_bytes(data, nullptr, /*shared_by_content=*/true);
  end_leaf_tuple(5);
  w_.op(Op::BUILD);
}

void Encoder::save_numpy_scalar(Node* node) {
  const auto* scalar = static_cast<NumpyScalarNode*>(node);
  save_global(core::detail::numpy_multiarray(scalar->flavor), "scalar");
  begin_leaf_tuple(2);
  w_.opcode_boundary();
  save_numpy_dtype(scalar->dtype.node);
  w_.opcode_boundary();
  save_bytes(static_cast<const core::detail::TextNode*>(scalar->data.node)->data, nullptr,
             /*shared_by_content=*/true);
  end_leaf_tuple(2);
  w_.op(Op::REDUCE);
  put_index(memo_.put(node));
}

}  // namespace hog::core::pickle::detail
