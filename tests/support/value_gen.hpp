// RapidCheck generators for hog::core::Value graphs, shared by every module's property tests.
//
// Contract: generators only build values through the public Value API. Options choose which
// kinds appear, so a property can ask for literal-safe values (what ast.literal_eval can make) or
// for everything pickle can carry, including shared references and cycles.
#pragma once

#include <rapidcheck.h>

#include "hog/core/value.hpp"

namespace hog::test {

struct ValueGenOptions {
  int max_depth = 3;
  bool sets = true;           // set and frozenset
  bool bytearrays = true;
  bool globals = false;       // Global and Reduced objects
  bool sharing = false;       // the same object referenced from several places
  bool cycles = false;        // lists and dicts that contain themselves (implies sharing)
  bool surrogates = true;     // lone surrogates inside str
  bool non_finite = true;     // inf, -inf, nan
};

rc::Gen<hog::core::Value> gen_value(ValueGenOptions options = {});
// Hashable values only (usable as dict keys and set members).
rc::Gen<hog::core::Value> gen_hashable(ValueGenOptions options = {});
// Leaves: str with a mix of ASCII, Latin-1, BMP, astral and (optionally) surrogate code points.
rc::Gen<std::string> gen_utf8_text(bool surrogates);
rc::Gen<hog::core::BigInt> gen_bigint();

}  // namespace hog::test
