// Fuzz target: deserialize_stdout on arbitrary runner stdout.
//
// Properties, from envelope.hpp's contract: every failure is a DeserializationError keeping the
// whole stdout and the user output; the user output is present exactly when the text holds
// "__GROUNDHOG_RESULT__" and is the text before it without trailing newlines; the value is what
// deserialize() makes of the text after it without leading newlines (or of the whole text).
#include <optional>
#include <string>

#include "fuzz_support.hpp"
#include "hog/core/envelope.hpp"

namespace {

std::string_view strip_newlines(std::string_view text, bool leading) {
  if (leading) {
    while (!text.empty() && text.front() == '\n') text.remove_prefix(1);
  } else {
    while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  }
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace core = hog::core;
  using hog::fuzz::fail;
  const std::string_view text = hog::fuzz::as_text(data, size);
  const std::size_t at = text.find(core::kResultDelimiter);
  const bool delimited = at != std::string_view::npos;
  const std::string_view user = delimited ? strip_newlines(text.substr(0, at), false) : "";
  const std::string_view payload =
      delimited ? strip_newlines(text.substr(at + core::kResultDelimiter.size()), true) : text;
  const auto expected = hog::fuzz::attempt([&] { return core::deserialize(payload); });

  std::optional<core::StdoutResult> result;
  try {
    result = core::deserialize_stdout(text);
  } catch (const core::DeserializationError& error) {
    if (error.stdout_text() != text)
      fail("the error keeps the whole stdout", text, error.stdout_text());
    if (error.user_output() != user)
      fail("the error keeps the user output", user, error.user_output());
    if (expected)
      fail("rejects only what deserialize rejects", hog::fuzz::describe(*expected), error.what());
    return 0;
  }
  if (!expected)
    fail("accepts only what deserialize accepts", payload, hog::fuzz::describe(result->value));
  if (result->user_output.has_value() != delimited)
    fail("user output present exactly with the delimiter", delimited ? "delimiter" : "no delimiter",
         result->user_output ? *result->user_output : "none");
  if (delimited && *result->user_output != user) fail("user output", user, *result->user_output);
  hog::fuzz::check_same_graph("value is deserialize(payload part)", *expected, result->value);
  return 0;
}
