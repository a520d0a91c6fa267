// Pieces of repr() shared with the NumPy forms (repr.cpp, repr_numpy.cpp).
//
// Contract: each appends CPython's repr of its argument to `out`; pure, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace hog::core::detail {

struct NDArrayNode;
struct NumpyScalarNode;

void repr_bytes(std::string& out, std::string_view data);
void repr_complex(std::string& out, double real, double imag);

// numpy.frombuffer(b'...', dtype='<f8').reshape((2, 3)[, order='F'])
void repr_ndarray(std::string& out, const NDArrayNode& node);
// numpy.float64(0.5), numpy.bool_(True), numpy.complex64((1+2j)); values a literal cannot
// spell as strings NumPy parses: numpy.float32('nan'), numpy.complex128('(inf+1j)'),
// numpy.complex128('(-0+0j)').
void repr_numpy_scalar(std::string& out, const NumpyScalarNode& node);

}  // namespace hog::core::detail
