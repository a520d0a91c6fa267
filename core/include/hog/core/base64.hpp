// Base64 with the RFC 4648 standard alphabet and '=' padding: the text form of every pickle
// payload in the Groundhog envelope.
//
// Contract:
// - encode(bytes) is base64.b64encode(bytes).
// - decode_strict(text) accepts only canonical RFC 4648 text, i.e. exactly the strings encode()
//   returns (alphabet characters, length a multiple of 4, padding only at the end, zero unused bits
//   before it), and raises Base64Error naming the first problem. Its offset is the length of the
//   longest prefix that some canonical text starts with: the first character that cannot be
//   there, or the text's length when it ends inside a 4-character group.
// - decode_lenient(text) is base64.b64decode(text) with validate=False, as Groundhog calls it:
//   characters outside the alphabet are discarded, and it accepts, rejects (with binascii's message,
//   e.g. "Incorrect padding") and outputs exactly what CPython 3.11 does, padding in odd places
//   included. Its errors are found at the end of the text, so their offset is the text's length.
//   Text is taken as bytes; non-ASCII bytes are discarded like any other non-alphabet byte
//   (CPython raises ValueError for a non-ASCII *str*: callers that hold Python str semantics
//   check that first).
// - The implementation picks a vectorized path at run time when the CPU has one, with a portable
//   fallback; every path gives identical results (force_path exists so tests can run each).
// Pure functions and thread-safe, apart from force_path, which changes the path for all threads.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hog::core::base64 {

std::string encode(std::string_view bytes);
// prefix followed by encode(bytes), built in one allocation (the envelope's "__PICKLE__:" + ...).
std::string encode(std::string_view bytes, std::string_view prefix);
std::string decode_strict(std::string_view text);
std::string decode_lenient(std::string_view text);

// The implementation paths compiled in, and which one the dispatcher chose on this CPU.
enum class Path { Portable, Avx2 };
std::vector<Path> available_paths();
Path active_path();
// For tests and benchmarks: run every later call (in every thread) on `path`; returns the
// previous choice. Raises ValueError if `path` is not available.
Path force_path(Path path);

}  // namespace hog::core::base64
