// JSON payloads decode as Python's json.loads decodes them; messages are CPython's.
#include <gtest/gtest.h>

#include <cmath>

#include "hog/core/json.hpp"

using hog::core::Kind;
using hog::core::parse_json;
using hog::core::Value;

namespace {
std::string error_of(std::string_view text) {
  try {
    parse_json(text);
  } catch (const hog::core::Error& e) {
    return e.type_name() + ": " + e.what();
  }
  return "accepted";
}
}  // namespace

TEST(Json, MapsTypesAsJsonLoads) {
  const Value v = parse_json(R"( {"a": [1, 2.5, -0, 1E+2, true, false, null], "b": "x\u00e9\ud83d\ude00"} )");
  EXPECT_EQ(v["a"][0].kind(), Kind::Int);
  EXPECT_EQ(v["a"][1].as_float(), 2.5);
  EXPECT_EQ(v["a"][2].kind(), Kind::Int);
  EXPECT_EQ(v["a"][3].as_float(), 100.0);
  EXPECT_EQ(v["a"][4].as_bool(), true);
  EXPECT_TRUE(v["a"][6].is_none());
  EXPECT_EQ(v["b"].as_str(), "x\xc3\xa9\xf0\x9f\x98\x80");
}

TEST(Json, LastDuplicateKeyWinsInFirstPosition) {
  const Value v = parse_json(R"({"k": 1, "j": 2, "k": 3})");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v.items()[0].first.as_str(), "k");
  EXPECT_EQ(v["k"].as_int(), 3);
}

TEST(Json, BigIntegersAndSpecialFloats) {
  EXPECT_EQ(parse_json("123456789012345678901234567890").as_bigint().to_string(), "123456789012345678901234567890");
  EXPECT_TRUE(std::isnan(parse_json("NaN").as_float()));
  EXPECT_EQ(parse_json("-Infinity").as_float(), -INFINITY);
  EXPECT_EQ(parse_json("1e5000").as_float(), INFINITY);
  EXPECT_EQ(parse_json("\"\\ud800\"").as_str(), "\xed\xa0\x80");  // a lone surrogate survives
  EXPECT_EQ(error_of(std::string(4301, '7')).rfind("ValueError: Exceeds the limit (4300 digits)", 0), 0u);
}

// Messages as CPython 3.11 prints them for the same inputs.
TEST(Json, ErrorsNameWhatAndWhere) {
  EXPECT_EQ(error_of(""), "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)");
  EXPECT_EQ(error_of(" "), "json.decoder.JSONDecodeError: Expecting value: line 1 column 2 (char 1)");
  EXPECT_EQ(error_of("[1,"), "json.decoder.JSONDecodeError: Expecting value: line 1 column 4 (char 3)");
  EXPECT_EQ(error_of("{\"a\" 1}"), "json.decoder.JSONDecodeError: Expecting ':' delimiter: line 1 column 6 (char 5)");
  EXPECT_EQ(error_of("\"ab"), "json.decoder.JSONDecodeError: Unterminated string starting at: line 1 column 1 (char 0)");
  EXPECT_EQ(error_of("\"a\\q\""), "json.decoder.JSONDecodeError: Invalid \\escape: line 1 column 3 (char 2)");
  EXPECT_EQ(error_of("\"a\x01\""), "json.decoder.JSONDecodeError: Invalid control character at: line 1 column 3 (char 2)");
  EXPECT_EQ(error_of("1 2"), "json.decoder.JSONDecodeError: Extra data: line 1 column 3 (char 2)");
  EXPECT_EQ(error_of("{\"a\":1,}"),
            "json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 8 (char 7)");
  EXPECT_EQ(error_of("nan"), "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)");
  EXPECT_EQ(error_of("01"), "json.decoder.JSONDecodeError: Extra data: line 1 column 2 (char 1)");
  EXPECT_EQ(error_of("1."), "json.decoder.JSONDecodeError: Extra data: line 1 column 2 (char 1)");
  EXPECT_EQ(error_of("\"\\u12\""), "json.decoder.JSONDecodeError: Invalid \\uXXXX escape: line 1 column 3 (char 2)");
  EXPECT_EQ(error_of("[\n\"\xc3\xa9\",\n x]"), "json.decoder.JSONDecodeError: Expecting value: line 3 column 2 (char 8)");
}

TEST(Json, DeepNestingIsBounded) {
  EXPECT_EQ(error_of(std::string(100000, '[')).rfind("RecursionError", 0), 0u);
  EXPECT_NO_THROW(parse_json(std::string(500, '[') + std::string(500, ']')));
}
