// Base64: RFC 4648 vectors, strict rejections with their offsets, CPython's lenient decisions
// (expected values taken from CPython 3.11), and properties — each one run on every
// implementation path this CPU has.
#include "hog/core/base64.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <functional>

#include "hog/core/errors.hpp"

namespace b64 = hog::core::base64;
using b64::Path;

namespace {

const char* path_name(Path path) {
  return path == Path::Avx2 ? "avx2" : "portable";
}

// Runs every later base64 call on one path, and puts the previous choice back.
class PathScope {
 public:
  explicit PathScope(Path path) : previous_(b64::force_path(path)) {}
  ~PathScope() { b64::force_path(previous_); }
  PathScope(const PathScope&) = delete;
  PathScope& operator=(const PathScope&) = delete;

 private:
  Path previous_;
};

void for_each_path(const std::function<void(Path)>& body) {
  for (const Path path : b64::available_paths()) {
    const PathScope scope(path);
    body(path);
  }
}

// "ok:<bytes>" or "error@<offset>:<what>", so outcomes compare as strings.
std::string outcome(std::string (*decode)(std::string_view), std::string_view text) {
  try {
    return "ok:" + decode(text);
  } catch (const hog::core::Base64Error& e) {
    return "error@" + std::to_string(e.offset()) + ":" + e.what();
  }
}

std::size_t strict_error_offset(std::string_view text) {
  try {
    b64::decode_strict(text);
  } catch (const hog::core::Base64Error& e) {
    EXPECT_EQ(e.type_name(), "binascii.Error");
    return e.offset();
  }
  ADD_FAILURE() << "strict decoder accepted " << testing::PrintToString(std::string(text));
  return std::string_view::npos;
}

std::string lenient_message(std::string_view text) {
  try {
    b64::decode_lenient(text);
  } catch (const hog::core::Base64Error& e) {
    EXPECT_EQ(e.type_name(), "binascii.Error");
    EXPECT_EQ(e.offset(), text.size());
    return e.what();
  }
  return "accepted";
}

const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const std::string kJunk = std::string("\n\r\t !-_.*\x00\x7f\x80\xab\xaf\xbd\xc1\xff", 18);

rc::Gen<std::string> gen_bytes() {
  // Mostly short, sometimes long enough to cross many 32-byte vector blocks.
  return rc::gen::mapcat(
      rc::gen::weightedOneOf<std::size_t>(
          {{3, rc::gen::inRange<std::size_t>(0, 64)}, {1, rc::gen::inRange<std::size_t>(0, 1500)}}),
      [](std::size_t size) {
        return rc::gen::container<std::string>(size, rc::gen::arbitrary<char>());
      });
}

// Text that is mostly alphabet, with '=' and junk here and there.
rc::Gen<std::string> gen_base64ish() {
  return rc::gen::container<std::string>(
      rc::gen::weightedOneOf<char>({{12, rc::gen::elementOf(kAlphabet)},
                                    {2, rc::gen::just('=')},
                                    {1, rc::gen::elementOf(kJunk)}}));
}

}  // namespace

TEST(Base64, PathsIncludePortableAndTheActiveOne) {
  const std::vector<Path> paths = b64::available_paths();
  ASSERT_FALSE(paths.empty());
  EXPECT_EQ(paths.front(), Path::Portable);
  EXPECT_NE(std::find(paths.begin(), paths.end(), b64::active_path()), paths.end());
  for_each_path([](Path path) { EXPECT_EQ(b64::active_path(), path); });
}

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for_each_path([&](Path path) {
    for (const auto& [plain, text] : vectors) {
      EXPECT_EQ(b64::encode(plain), text) << path_name(path);
      EXPECT_EQ(b64::decode_strict(text), plain) << path_name(path);
      EXPECT_EQ(b64::decode_lenient(text), plain) << path_name(path);
    }
  });
}

TEST(Base64, EveryByteValueAcrossVectorBlocks) {
  std::string bytes;
  for (int round = 0; round < 3; ++round) {
    for (int value = 0; value < 256; ++value)
      bytes.push_back(static_cast<char>(value ^ round * 0x55));
  }
  // Expected text from CPython: base64.b64encode(bytes(range(256))).
  const std::string first_block =
      "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1";
  for_each_path([&](Path path) {
    const std::string text = b64::encode(bytes);
    EXPECT_EQ(text.substr(0, first_block.size()), first_block) << path_name(path);
    EXPECT_EQ(b64::decode_strict(text), bytes) << path_name(path);
    EXPECT_EQ(b64::decode_lenient(text), bytes) << path_name(path);
  });
}

TEST(Base64, StrictRejectsWithTheOffsetOfTheFirstProblem) {
  for_each_path([](Path path) {
    SCOPED_TRACE(path_name(path));
    EXPECT_EQ(strict_error_offset("Zm9vY"), 5u);         // ends inside a group
    EXPECT_EQ(strict_error_offset("Zm9vYg="), 7u);       // padding cut short
    EXPECT_EQ(strict_error_offset("Zm9v===="), 4u);      // padding where data is needed
    EXPECT_EQ(strict_error_offset("Zm9vY=Fy"), 5u);      // padding after one data character
    EXPECT_EQ(strict_error_offset("Zm9vYg==="), 8u);     // a third '='
    EXPECT_EQ(strict_error_offset("Zm9vYh=="), 6u);      // 'h' leaves bits the padding drops
    EXPECT_EQ(strict_error_offset("Zm9vYm9="), 7u);      // '9' likewise
    EXPECT_EQ(strict_error_offset("Zm9vYg=x"), 7u);      // data after padding
    EXPECT_EQ(strict_error_offset("Zm9vYg==Zm9v"), 8u);  // a second encoding after the first
    EXPECT_EQ(strict_error_offset("Zm9v\nYmFy"), 4u);    // whitespace is not allowed
    EXPECT_EQ(strict_error_offset(std::string("Zm9vYmE=\xff", 9)), 8u);
    // Deep inside a long clean run, so a vector block holds the bad character.
    std::string text = b64::encode(std::string(300, 'x'));
    text[203] = '-';
    EXPECT_EQ(strict_error_offset(text), 203u);
  });
}

TEST(Base64, StrictMessagesSayWhatWasWrong) {
  try {
    b64::decode_strict("Zm9v YmFy");
    FAIL() << "accepted";
  } catch (const hog::core::Base64Error& e) {
    EXPECT_STREQ(e.what(), "invalid character ' ' in base64 text (at offset 4)");
  }
  try {
    b64::decode_strict("Zm9vY");
    FAIL() << "accepted";
  } catch (const hog::core::Base64Error& e) {
    EXPECT_STREQ(
        e.what(),
        "text ends inside a 4-character group (length 5 is not a multiple of 4) (at offset 5)");
  }
}

// Expected outputs and messages are what CPython 3.11's base64.b64decode gives for these inputs.
TEST(Base64, LenientMatchesCPythonOnPaddingInOddPlaces) {
  const std::pair<std::string, std::string> accepted[] = {{"ab=cd", "i\xb7\x1d"},
                                                          {"abc=def", "i\xb7"},
                                                          {"ab=c=d", "i\xb7"},
                                                          {"a=bc=", "i\xb7"},
                                                          {"ab==cd", "i"},
                                                          {"\xc1\xc1\xc1\xc1", ""},
                                                          {"====", ""},
                                                          {"Zg=\n=!!garbage", "f"},
                                                          {"Zm9v\r\nYmFy", "foobar"},
                                                          {"Zg=x=", "f\x0c"},
                                                          {"YWJj\xbd\xbdZA==", "abcd"},
                                                          {" ", ""}};
  const std::pair<std::string, std::string> rejected[] = {
      {"YQ", "Incorrect padding"},
      {"Zm9vY=m=", "Incorrect padding"},
      {"Y",
       "Invalid base64-encoded string: number of data characters (1) cannot be 1 more than a "
       "multiple of 4"},
      {"Z===",
       "Invalid base64-encoded string: number of data characters (1) cannot be 1 more than a "
       "multiple of 4"},
      {"Zm9vYmFyZ===",
       "Invalid base64-encoded string: number of data characters (9) cannot be 1 more than a "
       "multiple of 4"}};
  for_each_path([&](Path path) {
    SCOPED_TRACE(path_name(path));
    for (const auto& [text, plain] : accepted) EXPECT_EQ(b64::decode_lenient(text), plain) << text;
    for (const auto& [text, message] : rejected) {
      EXPECT_EQ(lenient_message(text),
                message + " (at offset " + std::to_string(text.size()) + ")");
    }
  });
}

RC_GTEST_PROP(Base64Properties, EncodeThenEitherDecoderGivesTheBytes, ()) {
  const std::string bytes = *gen_bytes();
  for_each_path([&](Path path) {
    const std::string text = b64::encode(bytes);
    RC_ASSERT(text.size() == (bytes.size() + 2) / 3 * 4);
    RC_ASSERT(b64::decode_strict(text) == bytes);
    RC_ASSERT(b64::decode_lenient(text) == bytes);
    (void)path;
  });
}

RC_GTEST_PROP(Base64Properties, EncodeWithPrefixIsPrefixThenEncode, ()) {
  const std::string bytes = *gen_bytes();
  const std::string prefix = *rc::gen::arbitrary<std::string>();
  for_each_path(
      [&](Path) { RC_ASSERT(b64::encode(bytes, prefix) == prefix + b64::encode(bytes)); });
}

RC_GTEST_PROP(Base64Properties, LenientDiscardsCharactersOutsideTheAlphabet, ()) {
  const std::string bytes = *gen_bytes();
  std::string text = b64::encode(bytes);
  const int insertions = *rc::gen::inRange(1, 8);
  for (int k = 0; k < insertions; ++k) {
    const std::size_t at = *rc::gen::inRange<std::size_t>(0, text.size() + 1);
    text.insert(
        at, *rc::gen::container<std::string>(*rc::gen::inRange(1, 4), rc::gen::elementOf(kJunk)));
  }
  for_each_path([&](Path) { RC_ASSERT(b64::decode_lenient(text) == bytes); });
}

RC_GTEST_PROP(Base64Properties, LenientIgnoresEverythingAfterCompletePadding, ()) {
  std::string bytes = *gen_bytes();
  if (bytes.size() % 3 == 0) bytes.push_back('x');
  const std::string trailer = *gen_base64ish();
  for_each_path(
      [&](Path) { RC_ASSERT(b64::decode_lenient(b64::encode(bytes) + trailer) == bytes); });
}

RC_GTEST_PROP(Base64Properties, StrictAcceptsExactlyWhatTheEncoderProduces, ()) {
  const std::string text = *gen_base64ish();
  for_each_path([&](Path) {
    try {
      RC_ASSERT(b64::encode(b64::decode_strict(text)) == text);
    } catch (const hog::core::Base64Error& e) {
      RC_ASSERT(e.offset() <= text.size());
      // Not canonical: either the lenient decoder rejects it too, or re-encoding changes it.
      try {
        RC_ASSERT(b64::encode(b64::decode_lenient(text)) != text);
      } catch (const hog::core::Base64Error&) {
      }
    }
  });
}

RC_GTEST_PROP(Base64Properties, AllPathsGiveTheSameOutcome, ()) {
  // Clean stretches long enough for vector blocks, with messy text between them.
  const std::string text =
      b64::encode(*gen_bytes()) + *gen_base64ish() + b64::encode(*gen_bytes()) + *gen_base64ish();
  std::vector<std::string> lenient;
  std::vector<std::string> strict;
  for_each_path([&](Path) {
    lenient.push_back(outcome(b64::decode_lenient, text));
    strict.push_back(outcome(b64::decode_strict, text));
  });
  for (std::size_t k = 1; k < lenient.size(); ++k) {
    RC_ASSERT(lenient[k] == lenient[0]);
    RC_ASSERT(strict[k] == strict[0]);
  }
}
