// The Groundhog envelope: serialize/deserialize, the size limit, runner stdout, call payloads.
#include "hog/core/envelope.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "hog/core/base64.hpp"
#include "hog/core/errors.hpp"
#include "hog/core/json.hpp"
#include "hog/core/pickle.hpp"
#include "support/python_expr.hpp"
#include "support/python_oracle.hpp"
#include "support/value_gen.hpp"

namespace {

using hog::core::Value;
namespace core = hog::core;

// bytes whose protocol-5 envelope is exactly `payload_size` characters (11 + a multiple of 4).
Value bytes_with_envelope_size(std::size_t payload_size) {
  const std::size_t pickle_size = (payload_size - core::kPickleMarker.size()) / 4 * 3;
  const std::size_t overhead =
      core::pickle::encode(Value::bytes(std::string(1 << 20, 'x'))).size() - (1 << 20);
  return Value::bytes(std::string(pickle_size - overhead, 'x'));
}

TEST(Envelope, CallPayloadIsCPythonsEnvelope) {
  const Value call = core::make_call_payload(Value::tuple({Value::list({1.5, 2.5}), "seed"}),
                                             Value::dict({{"z", 10}}));
  const std::string expected = hog::test::run_python(
      "import base64, pickle, sys\n"
      "obj = (([1.5, 2.5], 'se' + 'ed'), {'z': 10})\n"
      "sys.stdout.write('__PICKLE__:' + base64.b64encode(pickle.dumps(obj, "
      "protocol=pickle.HIGHEST_PROTOCOL)).decode())\n");
  EXPECT_EQ(core::serialize(call), expected);
}

TEST(Envelope, PayloadExactlyAtTheLimitPassesOneStepOverFails) {
  const Value data = Value::bytes(std::string(3000, 'a'));
  const std::size_t size = core::serialize(data, {.limit_bytes = std::nullopt}).size();
  EXPECT_NO_THROW(core::serialize(data, {.limit_bytes = size}));
  EXPECT_NO_THROW(core::serialize(data, {.limit_bytes = size + 1}));
  EXPECT_THROW(core::serialize(data, {.limit_bytes = size - 1}), core::PayloadTooLargeError);
}

TEST(Envelope, DefaultLimitIsTenMebibytes) {
  const std::size_t limit = 10 * 1024 * 1024;
  const std::size_t largest_under = limit - (limit - 11) % 4;  // envelopes are 11 + 4k long
  EXPECT_EQ(core::serialize(bytes_with_envelope_size(largest_under)).size(), largest_under);
  EXPECT_THROW(core::serialize(bytes_with_envelope_size(largest_under + 4)),
               core::PayloadTooLargeError);
}

TEST(Envelope, TooLargeErrorCarriesSizeInMegabytesWithGroundhogsMessage) {
  // 10.17 MB: the size Groundhog's documentation reports for a 1000x1000 float64 array.
  const std::size_t size = 10664019;  // 11 + 4k bytes, 10.17 * 2^20 rounded to the envelope grid
  try {
    core::serialize(bytes_with_envelope_size(size));
    FAIL() << "no PayloadTooLargeError";
  } catch (const core::PayloadTooLargeError& error) {
    EXPECT_EQ(error.type_name(), "PayloadTooLargeError");
    EXPECT_STREQ(error.what(), "Payload size (10.17 MB) exceeds Globus Compute's 10 MB limit.");
    EXPECT_DOUBLE_EQ(error.size_mb(), static_cast<double>(size) / (1 << 20));
  }
}

TEST(Envelope, CheckPayloadSizeUsesMebibytes) {
  EXPECT_NO_THROW(core::check_payload_size(10485760, 10485760));
  EXPECT_NO_THROW(core::check_payload_size(1u << 30, std::nullopt));
  EXPECT_THROW(core::check_payload_size(10485761, 10485760), core::PayloadTooLargeError);
}

TEST(Envelope, DeserializeReadsJsonWithoutTheMarker) {
  const Value value = core::deserialize(R"({"a": [1, 2.5, null, true], "a": "last"})");
  EXPECT_EQ(value, Value::dict({{"a", "last"}}));
  EXPECT_THROW(core::deserialize("not json"), core::JSONDecodeError);
}

TEST(Envelope, DeserializeIsLenientAboutBase64LikeB64decode) {
  const std::string envelope = core::serialize(Value::list({1, 2, 3}));
  std::string noisy = envelope.substr(0, 20) + "\n \t!" + envelope.substr(20) + "\n";
  EXPECT_EQ(core::deserialize(noisy), Value::list({1, 2, 3}));
  EXPECT_THROW(core::deserialize("__PICKLE__:gAS"),
               core::Base64Error);  // b64decode: Incorrect padding
}

TEST(Envelope, DeserializeOnBothSidesOfTheSmallPickleBuffer) {
  // deserialize decodes a pickle of up to 1 KiB on the stack and a bigger one on the heap: bytes
  // of 990 to 1040 bytes make pickles from below to above that.
  for (std::size_t size = 990; size <= 1040; ++size) {
    const Value value = Value::bytes(std::string(size, 'x'));
    EXPECT_EQ(core::deserialize(core::serialize(value)), value) << size;
  }
  // b64decode's errors, by hand from binascii's rules (found at the end of the text after the
  // marker), with the text just below and above 1 KiB of output room.
  const auto error_of = [](std::size_t characters) -> std::string {
    try {
      core::deserialize(std::string(core::kPickleMarker) + std::string(characters, 'A'));
    } catch (const core::Base64Error& error) {
      return error.what();
    }
    return "no error";
  };
  for (const std::size_t characters : {1361u, 1365u}) {
    EXPECT_EQ(error_of(characters), "Invalid base64-encoded string: number of data characters (" +
                                        std::to_string(characters) +
                                        ") cannot be 1 more than a multiple of 4 (at offset " +
                                        std::to_string(characters) + ")");
  }
  for (const std::size_t characters : {1362u, 1366u}) {
    EXPECT_EQ(error_of(characters),
              "Incorrect padding (at offset " + std::to_string(characters) + ")");
  }
}

TEST(Envelope, NonAsciiAfterTheMarkerIsAValueErrorAsInPython) {
  // (Whole 4-character groups or not, padded or not, at the front or in the last group.)
  for (const auto& [text, offset] : {std::pair{"gASV\xc3\xa9", 15}, std::pair{"gASV\xc3\xa9==", 15},
                                     std::pair{"gASVQ\xc3==", 16},
                                     std::pair{"\xc3\xa9"
                                               "AAgASV",
                                               11}}) {
    try {
      core::deserialize(std::string(core::kPickleMarker) + text);
      ADD_FAILURE() << "no error for " << text;
    } catch (const core::ValueError& error) {
      EXPECT_NE(std::string(error.what()).find("only ASCII characters"), std::string::npos)
          << error.what();
      EXPECT_NE(std::string(error.what()).find("offset " + std::to_string(offset)),
                std::string::npos)
          << error.what();
    }
  }
}

TEST(Envelope, StdoutSplitsAtTheFirstDelimiter) {
  const std::string payload = core::serialize(Value("__GROUNDHOG_RESULT__"));
  const core::StdoutResult result =
      core::deserialize_stdout("line 1\nline 2\n\n\n__GROUNDHOG_RESULT__\n\n" + payload + "\n");
  ASSERT_TRUE(result.user_output.has_value());
  EXPECT_EQ(*result.user_output, "line 1\nline 2");
  EXPECT_EQ(result.value, Value("__GROUNDHOG_RESULT__"));
}

TEST(Envelope, StdoutWithoutDelimiterIsAllPayloadAndNoUserOutput) {
  const core::StdoutResult result = core::deserialize_stdout("[1, 2]\n");
  EXPECT_FALSE(result.user_output.has_value());
  EXPECT_EQ(result.value, Value::list({1, 2}));
  const core::StdoutResult empty_output = core::deserialize_stdout("__GROUNDHOG_RESULT__\n3");
  EXPECT_EQ(empty_output.user_output, std::optional<std::string>(""));
  EXPECT_EQ(empty_output.value, Value(3));
}

TEST(Envelope, StdoutFailureKeepsUserOutputAndWholeStdout) {
  const std::string stdout_text =
      "progress 50%\nprogress 100%\n__GROUNDHOG_RESULT__\n__PICKLE__:gASVAAAA\n";
  try {
    core::deserialize_stdout(stdout_text);
    FAIL() << "no DeserializationError";
  } catch (const core::DeserializationError& error) {
    EXPECT_EQ(error.type_name(), "DeserializationError");
    EXPECT_EQ(error.user_output(), "progress 50%\nprogress 100%");
    EXPECT_EQ(error.stdout_text(), stdout_text);
    EXPECT_NE(std::string(error.what()).find("UnpicklingError"), std::string::npos) << error.what();
  }
}

TEST(Envelope, CallPayloadHelpersCheckTheShape) {
  const Value call = core::make_call_payload(Value::list({1, "two"}), Value::dict({{"z", 10}}));
  EXPECT_EQ(call, Value::tuple({Value::tuple({1, "two"}), Value::dict({{"z", 10}})}));
  const core::CallArguments parts = core::split_call_payload(call);
  EXPECT_EQ(parts.args, Value::tuple({1, "two"}));
  EXPECT_EQ(parts.kwargs["z"], Value(10));
  EXPECT_THROW(core::make_call_payload(Value(1)), core::TypeError);
  EXPECT_THROW(core::make_call_payload(Value::tuple(), Value::dict({{1, 2}})), core::TypeError);
  EXPECT_THROW(core::split_call_payload(Value::tuple({Value::tuple()})), core::TypeError);
  EXPECT_THROW(core::split_call_payload(Value::tuple({Value::tuple(), Value::list()})),
               core::TypeError);
  EXPECT_THROW(core::split_call_payload(Value::list({Value::tuple(), Value::dict()})),
               core::TypeError);
}

RC_GTEST_PROP(EnvelopeProperties, DeserializeInvertsSerializeWithSharing, ()) {
  const Value value = *hog::test::gen_value({.globals = true, .sharing = true, .cycles = true});
  const std::string payload = core::serialize(value, {.limit_bytes = std::nullopt});
  RC_ASSERT(payload.starts_with("__PICKLE__:"));
  RC_ASSERT(core::same_graph(core::deserialize(payload), value));
}

RC_GTEST_PROP(EnvelopeProperties, SizeCheckIsStrictlyGreaterThan,
              (unsigned payload, unsigned limit)) {
  bool threw = false;
  try {
    core::check_payload_size(payload, limit);
  } catch (const core::PayloadTooLargeError&) {
    threw = true;
  }
  RC_ASSERT(threw == (payload > limit));
}

}  // namespace

namespace {

RC_GTEST_PROP(EnvelopeProperties, LimitOneByteUnderAtAndOverTheEnvelope, ()) {
  const Value value = *hog::test::gen_value();
  const std::size_t size = core::serialize(value, {.limit_bytes = std::nullopt}).size();
  RC_ASSERT(core::serialize(value, {.limit_bytes = size}).size() == size);
  RC_ASSERT(core::serialize(value, {.limit_bytes = size + 1}).size() == size);
  RC_ASSERT_THROWS_AS(core::serialize(value, {.limit_bytes = size - 1}),
                      core::PayloadTooLargeError);
}

}  // namespace
