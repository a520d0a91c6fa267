// python_format against CPython 3.11's str.format(**kwargs): generated templates (literal text
// with non-ASCII, escaped and stray braces, known and unknown fields, indexes, conversions, specs,
// nested spec fields, positional fields, cut-off templates) compared with CPython's result or
// exact error type and message in one Python run; example tests for each error text; the
// escape_braces round trip.
#include "hog/core/python_format.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "hog/core/errors.hpp"
#include "support/python_oracle.hpp"
#include "support/value_gen.hpp"

namespace {

namespace core = hog::core;

constexpr const char* kOracle = R"(
import json, sys
for line in sys.stdin.read().splitlines():
    case = json.loads(line)
    try:
        out = {'ok': case['t'].format(**case['k'])}
    except Exception as e:
        out = {'type': type(e).__name__, 'message': str(e)}
    print(json.dumps(out))
)";

class TemplateMaker {
 public:
  explicit TemplateMaker(unsigned seed) : rng_(seed) {}

  std::string pick(const std::vector<std::string>& options) {
    return options[below(options.size())];
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }

  std::string literal() {
    return pick({"ab", " ", "héllo", "日本", "😀", "x\ny", "\t", "'\"", "\\", "0", ":", "!", "[",
                 "]", ".", "é"});
  }

  std::string field_name() {
    if (chance(10)) return pick({"", "0", "5", "٣", "99999999999999999999", "12a"});
    std::string name = pick({"a", "a", "b", "c", "é", "payload", "zz", "A", "a b"});
    if (chance(20)) {
      name += pick({"[0]", "[1]", "[4]", "[99]", "[x]", "[]", "[0][0]", "[0]x", "[٢]", "[:]", "[}]",
                    "[{]", "[0]]", ".", "[99999999999999999999]"});
    }
    return name;
  }

  std::string conversion() {
    if (!chance(25)) return "";
    return pick({"!r", "!s", "!a", "!r", "!x", "!", "!é", "!rr", "!\x01", std::string("!\0", 2)});
  }

  std::string spec() {
    if (chance(50)) return "";
    if (chance(10))
      return ":" + pick({"{b}", "{c}", "{b}{b}", "{zz}", "{}", "{b:{c}}", "{{}}", ">{b}"});
    std::string s = ":";
    if (chance(30)) s += pick({"<", ">", "^", "=", "*<", "é>", "0^", "}<", "{<", "<<"});
    if (chance(10)) s += pick({"+", "-", " "});
    if (chance(5)) s += "z";
    if (chance(5)) s += "#";
    if (chance(15)) s += "0";
    if (chance(50)) s += std::to_string(below(12));
    if (chance(5)) s += pick({",", "_", ",_", "_,", ",,"});
    if (chance(30)) s += "." + (chance(10) ? std::string() : std::to_string(below(8)));
    if (chance(20)) s += pick({"s", "s", "d", "x", "é", "%", "ss", "\x7f", std::string(1, '\0')});
    return s;
  }

  std::string piece() {
    switch (below(10)) {
      case 0:
        return pick({"{{", "}}"});
      case 1:
        return pick({"{", "}"});
      case 2:
      case 3:
      case 4:
        return literal();
      default:
        return "{" + field_name() + conversion() + spec() + "}";
    }
  }

  std::string value() {
    std::string v;
    const std::size_t parts = below(6);
    for (std::size_t i = 0; i < parts; ++i) {
      v += pick({"a", "héllo", "'", "\"", "\\", "\n", "\x7f", "\u200b", "😀", "日本", "{x}", " ",
                 "\xc2\xa0"});
    }
    return v;
  }

  nlohmann::json make_case() {
    std::string t;
    const std::size_t pieces = 1 + below(5);
    for (std::size_t i = 0; i < pieces; ++i) t += piece();
    if (chance(10)) t = cut_at_code_point(t, below(t.size() + 1));
    nlohmann::json kwargs = {{"a", value()}, {"é", value()}, {"payload", value()}};
    kwargs["b"] = pick({">9", "^7", "*<5", "", "x", ".2", "{"});
    kwargs["c"] = pick({"3", "s", ""});
    return {{"t", t}, {"k", kwargs}};
  }

 private:
  static std::string cut_at_code_point(const std::string& text, std::size_t at) {
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
    return text.substr(0, at);
  }

  std::mt19937 rng_;
};

TEST(PythonFormat, MatchesCPythonOnGeneratedTemplates) {
  TemplateMaker maker(20251125);
  std::vector<nlohmann::json> cases;
  std::ostringstream input;
  for (int i = 0; i < 1500; ++i) {
    cases.push_back(maker.make_case());
    input << cases.back().dump() << "\n";
  }
  std::istringstream output(hog::test::run_python(kOracle, input.str()));
  std::size_t compared = 0;
  std::size_t errors = 0;
  std::string line;
  for (const nlohmann::json& c : cases) {
    ASSERT_TRUE(std::getline(output, line)) << "the oracle stopped early";
    const nlohmann::json expected = nlohmann::json::parse(line);
    ++compared;
    core::FormatKwargs kwargs;
    for (const auto& [key, value] : c["k"].items()) kwargs[key] = value.get<std::string>();
    const std::string where = "template " + c["t"].dump() + " kwargs " + c["k"].dump();
    try {
      const std::string got = core::python_format(c["t"].get<std::string>(), kwargs);
      EXPECT_EQ(expected.value("ok", "<CPython raised>"), got) << where << "\nCPython: " << line;
    } catch (const core::Error& e) {
      ++errors;
      if (std::string(e.what()).find("does not support attribute access") != std::string::npos) {
        // By design: CPython looks the attribute up (AttributeError, or a bound method's repr).
        EXPECT_TRUE(expected.value("type", "") == "AttributeError" ||
                    expected.value("ok", "").find("<built-in method") != std::string::npos)
            << where << "\nCPython: " << line;
        continue;
      }
      EXPECT_FALSE(expected.contains("ok"))
          << where << "\nhog raised " << e.type_name() << ": " << e.what() << "\nCPython: " << line;
      EXPECT_EQ(expected.value("type", ""), e.type_name()) << where;
      // what() is a C string: a message that quotes a NUL character ends there.
      const std::string message = expected.value("message", "");
      EXPECT_EQ(message.substr(0, message.find('\0')), e.what()) << where;
    }
  }
  EXPECT_EQ(compared, cases.size());
  // The generator must exercise both outcomes.
  EXPECT_GT(errors, cases.size() / 5);
  EXPECT_LT(errors, cases.size() * 4 / 5);
}

// Expects python_format(format, {a: 'héllo'}) to raise `type` with `message` (CPython's texts).
void expect_error(std::string_view format, std::string_view type, std::string_view message) {
  try {
    const std::string got = core::python_format(format, {{"a", "héllo"}, {"b", ">9"}});
    ADD_FAILURE() << "no error for " << format << ", got " << got;
  } catch (const core::Error& e) {
    EXPECT_EQ(e.type_name(), type) << format;
    EXPECT_EQ(e.what(), message) << format;
  }
}

TEST(PythonFormat, LookupErrorsAreCPythons) {
  expect_error("{name}", "KeyError", "'name'");
  expect_error("x {é} y", "KeyError", "'é'");
  expect_error("{}", "IndexError", "Replacement index 0 out of range for positional args tuple");
  expect_error("{0}", "IndexError", "Replacement index 0 out of range for positional args tuple");
  expect_error("{5}", "IndexError", "Replacement index 5 out of range for positional args tuple");
  expect_error("{a:{}}", "IndexError",
               "Replacement index 0 out of range for positional args tuple");
  expect_error("{a[5]}", "IndexError", "string index out of range");
  expect_error("{a[x]}", "TypeError", "string indices must be integers, not 'str'");
}

TEST(PythonFormat, TemplateErrorsAreCPythons) {
  expect_error("}", "ValueError", "Single '}' encountered in format string");
  expect_error("a}b", "ValueError", "Single '}' encountered in format string");
  expect_error("{", "ValueError", "Single '{' encountered in format string");
  expect_error("x{a", "ValueError", "expected '}' before end of string");
  expect_error("{a:", "ValueError", "unmatched '{' in format spec");
  expect_error("{a!", "ValueError", "end of string while looking for conversion specifier");
  expect_error("{a!rx}", "ValueError", "expected ':' after conversion specifier");
  expect_error("{a!x}", "ValueError", "Unknown conversion specifier x");
  expect_error("{a!é}", "ValueError", "Unknown conversion specifier \\xe9");
  expect_error("{a{}", "ValueError", "unexpected '{' in field name");
  expect_error("{a[]}", "ValueError", "Empty attribute in format string");
  expect_error("{a.}", "ValueError", "Empty attribute in format string");
  expect_error("{a[0]x}", "ValueError", "Only '.' or '[' may follow ']' in format field specifier");
  expect_error("{99999999999999999999}", "ValueError", "Too many decimal digits in format string");
  expect_error("{a:{b:{b}}}", "ValueError", "Max string recursion exceeded");
}

TEST(PythonFormat, SpecErrorsAreCPythons) {
  expect_error("{a:=5}", "ValueError", "'=' alignment not allowed in string format specifier");
  expect_error("{a:+}", "ValueError", "Sign not allowed in string format specifier");
  expect_error("{a: }", "ValueError", "Space not allowed in string format specifier");
  expect_error("{a:z}", "ValueError",
               "Negative zero coercion (z) not allowed in string format specifier");
  expect_error("{a:#}", "ValueError", "Alternate form (#) not allowed in string format specifier");
  expect_error("{a:,}", "ValueError", "Cannot specify ',' with 's'.");
  expect_error("{a:_}", "ValueError", "Cannot specify '_' with 's'.");
  expect_error("{a:,_}", "ValueError", "Cannot specify both ',' and '_'.");
  expect_error("{a:_,}", "ValueError", "Cannot specify both ',' and '_'.");
  expect_error("{a:.}", "ValueError", "Format specifier missing precision");
  expect_error("{a:xx}", "ValueError", "Invalid format specifier 'xx' for object of type 'str'");
  expect_error("{a:d}", "ValueError", "Unknown format code 'd' for object of type 'str'");
  expect_error("{a:{{}}}", "ValueError", "Invalid format specifier '{}' for object of type 'str'");
  expect_error("{a:é}", "ValueError", "Unknown format code '\\xe9' for object of type 'str'");
  expect_error("{a:.99999999999999999999}", "ValueError",
               "Too many decimal digits in format string");
}

TEST(PythonFormat, FormatsFieldsAsCPythonDoes) {
  const core::FormatKwargs kwargs{{"a", "héllo"}, {"b", ">9"}, {"q", "it's"}};
  EXPECT_EQ(core::python_format("{{a}} {a}!", kwargs), "{a} héllo!");
  EXPECT_EQ(core::python_format("[{a:>7}] [{a:*^8}] [{a:.2}] [{a:05}]", kwargs),
            "[  héllo] [*héllo**] [hé] [héllo]");
  EXPECT_EQ(core::python_format("{a:{b}}|{a:é<7}", kwargs), "    héllo|hélloéé");
  EXPECT_EQ(core::python_format("{q!r} {a!a} {a[1]} {a[٣]}", kwargs), "\"it's\" 'h\\xe9llo' é l");
  EXPECT_EQ(core::python_format("{a:٣}|{a:.0}|", {{"a", "x"}}), "x  ||");
}

TEST(PythonFormat, ManyFieldsOverALongValueIndexAndTruncateIt) {
  // Each field costs what it reads, not the value's length (CPython's len() and indexing are
  // O(1)): 4000 fields over a value of a million non-ASCII characters.
  std::string long_value;
  for (int i = 0; i < 999999; ++i) long_value += "é";
  long_value += "z";
  std::string format;
  std::string expected;
  for (int i = 0; i < 2000; ++i) {
    format += "{a[999999]}{a:.1}";
    expected += "zé";
  }
  EXPECT_EQ(core::python_format(format, {{"a", long_value}}), expected);
  EXPECT_THROW(core::python_format("{a[1000000]}", {{"a", long_value}}), core::IndexError);
  EXPECT_EQ(core::python_format("{a[63]}{a[64]}{a[65]}{a[0]}", {{"a", long_value}}), "éééé");
}

TEST(PythonFormat, AttributeAccessIsAClearError) {
  try {
    core::python_format("{a.upper}", {{"a", "x"}});
    FAIL() << "no error";
  } catch (const core::ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("attribute"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'upper'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(core::python_format("{zz.upper}", {{"a", "x"}}), core::KeyError);
}

TEST(PythonFormat, HugeWidthIsRefusedNotAllocated) {
  for (const std::string& width :
       {std::string("99999999999"), std::to_string(core::kMaxFormatWidth + 1)}) {
    try {
      core::python_format("{a:" + width + "}", {{"a", "x"}});
      FAIL() << "no error for width " << width;
    } catch (const core::Error& e) {
      EXPECT_EQ(e.type_name(), "MemoryError");
    }
  }
  // At the limit the value is padded, as Python pads it.
  const std::string padded =
      core::python_format("{a:" + std::to_string(core::kMaxFormatWidth) + "}", {{"a", "x"}});
  EXPECT_EQ(padded.size(), core::kMaxFormatWidth);
  EXPECT_EQ(padded.substr(0, 2), "x ");
}

TEST(PythonFormat, TextThatIsNotUtf8IsAValueError) {
  EXPECT_THROW(core::python_format("a\xff", {}), core::ValueError);
  EXPECT_THROW(core::python_format("{a}", {{"a", "\xc3"}}), core::ValueError);
}

RC_GTEST_PROP(PythonFormat, EscapedTextFormatsToItself, ()) {
  const std::string text = *hog::test::gen_utf8_text(/*surrogates=*/true);
  const std::string braces = *rc::gen::container<std::string>(rc::gen::element('{', '}', 'x'));
  const std::string mixed = text + braces + text;
  RC_ASSERT(core::python_format(core::escape_braces(mixed), {{"payload", "p"}}) == mixed);
}

}  // namespace
