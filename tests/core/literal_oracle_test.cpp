// CPython as the oracle for literal text and repr(): thousands of generated literal texts (valid
// ones in every layout, and broken ones made by random token mutations) go through
// ast.literal_eval, and thousands of generated values are rebuilt in CPython and printed with
// repr(), each batch in one python run. Both sides must agree on acceptance, on the repr of the
// value and on the error type.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/utf8.hpp"
#include "support/python_expr.hpp"
#include "support/python_oracle.hpp"
#include "support/value_gen.hpp"

using hog::core::parse;
using hog::core::repr;
using hog::core::Value;

namespace {

// Literal texts in the many spellings Python allows.
class LiteralTexts {
 public:
  explicit LiteralTexts(unsigned seed) : rng_(seed) {}

  std::string literal(int depth) {
    const int choice = pick(depth > 0 ? 14 : 9);
    switch (choice) {
      case 0:
        return integer();
      case 1:
        return floating();
      case 2:
        return pick(3) == 0 ? floating() + "j" : integer_decimal() + pick_of({"j", "J"});
      case 3:
      case 4:
        return strings();
      case 5:
        return pick_of({"True", "False", "None", "...", "set()", "set( )", "-0.0", "0x_fF", "1_0"});
      case 6:
        return pick_of({"-", "+", ""}) + space() +
               pick_of({integer(), floating(), floating() + "j"});
      case 7:
        return pick_of({"-", "+", ""}) + integer_decimal() + space() + pick_of({"+", "-"}) +
               space() + floating() + "j";
      case 8:
        return "{" + literal(0) + ", " + literal(0) + ", " + literal(0) +
               "}";  // sets that collapse
      case 9:
        return "(" + items(depth, true) + ")";
      case 10:
        return "[" + items(depth, false) + "]";
      case 11:
        return "{" + items(depth, false) + "}";
      case 12:
        return "{" + dict_items(depth) + "}";
      default:
        return "(" + space() + literal(depth - 1) + space() + ")";
    }
  }

  // A random token-level change: most mutated texts are broken, some stay valid.
  std::string mutate(std::string text) {
    static const std::vector<std::string> tokens = {"(",
                                                    ")",
                                                    "[",
                                                    "]",
                                                    "{",
                                                    "}",
                                                    ",",
                                                    ":",
                                                    "+",
                                                    "-",
                                                    "*",
                                                    "**",
                                                    "j",
                                                    "_",
                                                    "0",
                                                    "1",
                                                    "9",
                                                    ".",
                                                    "e",
                                                    "'",
                                                    "\"",
                                                    "\\",
                                                    "\n",
                                                    " ",
                                                    "\t",
                                                    "#",
                                                    "x",
                                                    "b",
                                                    "r",
                                                    "u",
                                                    "f",
                                                    "not ",
                                                    " if ",
                                                    "lambda",
                                                    "\\N",
                                                    "\\x",
                                                    "0x",
                                                    "0b",
                                                    "0o",
                                                    "set",
                                                    "()",
                                                    "=",
                                                    ";",
                                                    "\r",
                                                    "\\\n",
                                                    "@",
                                                    "~",
                                                    "True",
                                                    "None",
                                                    "'''",
                                                    "é",
                                                    "\\u",
                                                    "\\U",
                                                    "{}",
                                                    "  ",
                                                    "e+",
                                                    "and",
                                                    " for x in y",
                                                    "await ",
                                                    "x.y",
                                                    "f(",
                                                    "[0]",
                                                    "lambda x: x",
                                                    " or ",
                                                    " is not ",
                                                    "//",
                                                    "%",
                                                    "<",
                                                    ">=",
                                                    "!=",
                                                    ":=",
                                                    "yield",
                                                    "*a",
                                                    "**k",
                                                    "f'",
                                                    "f\"{x}\"",
                                                    "f'{'",
                                                    "...",
                                                    "{x:1 for x in y}",
                                                    "(x for x in y)",
                                                    "a[1:2, ::3]",
                                                    "f(a, *b, c=1, **d)",
                                                    "-+",
                                                    "not",
                                                    "in",
                                                    "is",
                                                    "if",
                                                    "else"};
    const int n = 1 + pick(3);
    for (int i = 0; i < n; ++i) {
      const std::size_t pos =
          text.empty() ? 0 : static_cast<std::size_t>(pick(static_cast<int>(text.size()) + 1));
      switch (pick(4)) {
        case 0:
          if (pos < text.size()) text.erase(pos, 1 + static_cast<std::size_t>(pick(2)));
          break;
        case 1:
          text.insert(pos, tokens[static_cast<std::size_t>(pick(static_cast<int>(tokens.size())))]);
          break;
        case 2:
          text = text.substr(0, pos);
          break;
        default: {
          const std::size_t from =
              static_cast<std::size_t>(pick(static_cast<int>(text.size()) + 1));
          text.insert(pos, text.substr(from, static_cast<std::size_t>(pick(4))));
        }
      }
    }
    // Keep whole UTF-8 sequences: cut bytes would make text that is not a Python str.
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0xC0)
      text.pop_back();
    std::string valid;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (c == 0xC3 && i + 1 < text.size() &&
          (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
        valid += text.substr(i, 2);
        ++i;
      } else if (c < 0x80) {
        valid += text[i];
      }
    }
    return valid;
  }

  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  // What may follow a literal: trailing blank lines, comments, spaces.
  std::string trailing_layout() {
    return pick_of({"\n", "\n\n", " # done", "\n# done\n", "  ", "\r\n"});
  }

 private:
  std::string pick_of(std::initializer_list<std::string> options) {
    return *(options.begin() + pick(static_cast<int>(options.size())));
  }

  std::string space() {
    switch (pick(12)) {
      case 0:
        return " ";
      case 1:
        return "  ";
      case 2:
        return "\t";
      case 3:
        return "\\\n";
      default:
        return "";
    }
  }
  // Whitespace inside brackets may also hold newlines and comments.
  std::string inner_space() {
    switch (pick(10)) {
      case 0:
        return "\n";
      case 1:
        return " # c\n ";
      case 2:
        return "\r\n";
      default:
        return space();
    }
  }

  std::string digits(int n, const char* alphabet, int base) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      if (i > 0 && pick(6) == 0) out += '_';
      out += alphabet[pick(base)];
    }
    return out;
  }
  std::string integer_decimal() {
    if (pick(5) == 0) return "0";
    std::string out(1, static_cast<char>('1' + pick(9)));
    return out + digits(pick(pick(4) == 0 ? 40 : 5), "0123456789", 10);
  }
  std::string integer() {
    switch (pick(6)) {
      case 0:
        return pick_of({"0x", "0X"}) + digits(1 + pick(20), "0123456789abcdefABCDEF", 22);
      case 1:
        return pick_of({"0o", "0O"}) + digits(1 + pick(8), "01234567", 8);
      case 2:
        return pick_of({"0b", "0B"}) + digits(1 + pick(70), "01", 2);
      case 3:
        return pick_of({"00", "0_0", "0"});
      default:
        return integer_decimal();
    }
  }
  std::string floating() {
    switch (pick(7)) {
      case 0:
        return integer_decimal() + "." + digits(pick(18), "0123456789", 10);
      case 1:
        return "." + digits(1 + pick(5), "0123456789", 10);
      case 2:
        return integer_decimal() + pick_of({"e", "E"}) + pick_of({"", "+", "-"}) +
               digits(1 + pick(3), "0123456789", 10);
      case 3:
        return pick_of({"1e999", "1e-400", "5e-324", "2.2250738585072014e-308",
                        "1.7976931348623157e308", "0.1", "1e16", "1e15", "0.0001", "0.00001",
                        "123456789012345678.0"});
      case 4:
        return "0" + digits(pick(3), "0123456789", 10) + "." + digits(pick(3), "0123456789", 10);
      default:
        return digits(1 + pick(3), "123456789", 9) + "." + digits(1 + pick(17), "0123456789", 10) +
               (pick(2) ? "e-" + std::to_string(pick(30)) : "");
    }
  }
  std::string strings() {
    std::string out = string_literal(pick(4) == 0);
    while (pick(4) == 0)
      out += space() + " " +
             string_literal(out[0] == 'b' || out[0] == 'B' ||
                            (out.size() > 1 && (out[1] == 'b' || out[1] == 'B')));
    return out;
  }
  std::string string_literal(bool bytes) {
    static const std::vector<std::string> text_pieces = {"a",
                                                         "Z",
                                                         " ",
                                                         "'",
                                                         "\"",
                                                         "\\n",
                                                         "\\t",
                                                         "\\x41",
                                                         "\\xe9",
                                                         "\\101",
                                                         "\\777",
                                                         "\\0",
                                                         "\\u00e9",
                                                         "\\u20ac",
                                                         "\\ud800",
                                                         "\\U0001F600",
                                                         "\\N{LATIN SMALL LETTER A}",
                                                         "\\N{BULLET}",
                                                         "\\N{EM DASH}",
                                                         "\\N{LF}",
                                                         "\\N{HANGUL SYLLABLE GAG}",
                                                         "\\N{CJK UNIFIED IDEOGRAPH-4E00}",
                                                         "\\N{latin capital letter gha}",
                                                         "\\q",
                                                         "\\\\",
                                                         "\\'",
                                                         "\\\"",
                                                         "\xc3\xa9",
                                                         "\xe2\x82\xac",
                                                         "\xf0\x9f\x98\x80",
                                                         "\x7f",
                                                         "\\x7f",
                                                         "\\x1b",
                                                         "\\\n",
                                                         "\xc2\xa0",
                                                         "\\u200b",
                                                         "\\U000e0001",
                                                         "\\xad",
                                                         "{",
                                                         "}"};
    static const std::vector<std::string> byte_pieces = {
        "a",   " ",    "'",   "\"",      "\\n",         "\\x41", "\\xff", "\\777",
        "\\q", "\\\\", "\\'", "\\u1234", "\\N{BULLET}", "\x7f",  "\\0"};
    const std::string prefix = bytes ? pick_of({"b", "B", "rb", "bR", "Rb", "BR"})
                                     : pick_of({"", "", "", "u", "U", "r", "R"});
    const bool raw = prefix.find_first_of("rR") != std::string::npos;
    const std::string quote = pick_of({"'", "\"", "'''", "\"\"\""});
    std::string body;
    const auto& pieces = bytes ? byte_pieces : text_pieces;
    for (int i = pick(6); i > 0; --i) {
      std::string piece = pieces[static_cast<std::size_t>(pick(static_cast<int>(pieces.size())))];
      if (raw && piece == "\\\\") piece = "\\\\";
      body += piece;
    }
    // Keep the literal closed: escape bare quote characters and a trailing backslash.
    std::string safe;
    for (std::size_t i = 0; i < body.size(); ++i) {
      if (body[i] == '\\' && i + 1 < body.size()) {
        safe += body.substr(i, 2);
        ++i;
      } else if (body[i] == '\\') {
        safe += "\\\\";
      } else if (body[i] == quote[0]) {
        safe += raw ? " " : std::string("\\") + body[i];
      } else {
        safe += body[i];
      }
    }
    if (raw && !safe.empty() && safe.back() == '\\') safe += 'x';
    return prefix + quote + safe + quote;
  }
  std::string items(int depth, bool tuple) {
    const int n = pick(4);
    std::string out = inner_space();
    for (int i = 0; i < n; ++i) {
      if (i > 0) out += "," + inner_space();
      out += literal(depth - 1) + inner_space();
    }
    if ((n > 0 && pick(3) == 0) || (tuple && n == 1)) out += ",";
    return out + inner_space();
  }
  std::string dict_items(int depth) {
    const int n = 1 + pick(3);
    std::string out = inner_space();
    for (int i = 0; i < n; ++i) {
      if (i > 0) out += "," + inner_space();
      out += literal(depth - 1) + inner_space() + ":" + inner_space() + literal(depth - 1);
    }
    if (pick(3) == 0) out += ",";
    return out + inner_space();
  }

  std::mt19937 rng_;
};

// One outcome line: "V <hex repr>", "R <repr error type>" or "E <error type>".
std::string our_outcome(const std::string& text) {
  Value value;
  try {
    value = parse(text);
  } catch (const hog::core::Error& e) {
    return "E " + e.type_name();
  }
  try {
    return "V " + hog::test::to_hex(repr(value));
  } catch (const hog::core::Error& e) {
    return "R " + e.type_name();
  }
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// CPython prints a set in hash order, hog in insertion order: once literal_eval has accepted a
// text, its value is printed with each set display's members in first-occurrence order (what
// set() keeps when members collapse), everything else by CPython's own repr.
constexpr const char* kLiteralEvalScript = R"(
import ast, sys, warnings
warnings.simplefilter('ignore')

def ordered_repr(node):
    if isinstance(node, ast.Set):
        members = dict.fromkeys(ast.literal_eval(e) for e in node.elts)
        return '{' + ', '.join(map(repr, members)) + '}'
    if isinstance(node, ast.Dict):
        items = {}
        for k, v in zip(node.keys, node.values):
            items[ast.literal_eval(k)] = v
        return '{' + ', '.join(repr(k) + ': ' + ordered_repr(v) for k, v in items.items()) + '}'
    if isinstance(node, ast.List):
        return '[' + ', '.join(map(ordered_repr, node.elts)) + ']'
    if isinstance(node, ast.Tuple):
        inner = ', '.join(map(ordered_repr, node.elts))
        return '(' + inner + (',)' if len(node.elts) == 1 else ')')
    return repr(ast.literal_eval(node))

out = []
for line in sys.stdin.read().split('\n'):
    if not line:
        continue
    text = bytes.fromhex(line[1:]).decode('utf-8')
    try:
        value = ast.literal_eval(text)
    except Exception as e:
        name = 'SyntaxError' if isinstance(e, SyntaxError) else type(e).__name__
        out.append('E ' + name)
        continue
    try:
        text = ordered_repr(ast.parse(text.lstrip(' \t'), mode='eval').body)
        out.append('V ' + text.encode('utf-8', 'surrogatepass').hex())
    except Exception as e:
        out.append('R ' + type(e).__name__)
print('\n'.join(out))
)";

// Runs every text through ast.literal_eval and parse(); returns how many CPython accepted.
int expect_same_outcomes(const std::vector<std::string>& texts) {
  std::string input;
  for (const auto& text : texts) input += "T" + hog::test::to_hex(text) + "\n";
  const std::vector<std::string> expected =
      lines_of(hog::test::run_python(kLiteralEvalScript, input));
  EXPECT_EQ(expected.size(), texts.size());
  if (expected.size() != texts.size()) return 0;
  int accepted = 0, failures = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::string ours = our_outcome(texts[i]);
    accepted += expected[i][0] == 'V';
    if (ours != expected[i] && ++failures <= 25) {
      ADD_FAILURE() << "text " << ::testing::PrintToString(texts[i])
                    << "\n  CPython: " << expected[i] << "\n  hog:     " << ours;
    }
  }
  EXPECT_EQ(failures, 0);
  return accepted;
}

// HOG_ORACLE_SEED picks other batches (for longer fuzzing runs by hand).
unsigned oracle_seed(unsigned fallback) {
  const char* seed = std::getenv("HOG_ORACLE_SEED");
  return seed ? static_cast<unsigned>(std::stoul(seed)) : fallback;
}

}  // namespace

TEST(LiteralOracle, TextsMatchLiteralEval) {
  LiteralTexts gen(oracle_seed(20261125u));
  std::vector<std::string> texts;
  for (int i = 0; i < 10000; ++i) {
    std::string text = gen.literal(3);
    if (gen.pick(3) == 0) text = " \t" + text + gen.trailing_layout();
    if (i % 2 == 1) text = gen.mutate(text);
    texts.push_back(text);
  }
  EXPECT_GT(expect_same_outcomes(texts), 4000);  // the generator must make mostly valid literals
}

// Short random sequences of tokens and layout: the grammar around literals (operators, keywords,
// starred items, continuations, indentation) decides SyntaxError or ValueError as CPython does.
TEST(LiteralOracle, TokenSoupMatchesLiteralEval) {
  static const std::vector<std::string> tokens = {
      "1",    "0",     "1.5", "1j",   "'a'",  "b'x'", "f'{x}'", "True", "None",   "x",
      "set",  "(",     ")",   "[",    "]",    "{",    "}",      ",",    ":",      "+",
      "-",    "*",     "**",  "/",    "%",    "@",    "~",      "<",    "==",     "!=",
      "is",   "not",   "in",  "and",  "or",   "if",   "else",   "for",  "lambda", "yield",
      "from", "await", ".",   "...",  "=",    ":=",   ";",      "\n",   "\\\n",   "#c\n",
      "\t",   " ",     "\f",  "\r\n", "0x_1", "1_",   "1e",     "'''",  "\\",     "\xc3\xa9"};
  std::mt19937 rng(oracle_seed(7u));
  auto pick = [&rng](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  std::vector<std::string> texts;
  for (int i = 0; i < 8000; ++i) {
    std::string text;
    for (std::size_t n = 1 + pick(10); n > 0; --n) {
      text += tokens[pick(tokens.size())] + (pick(4) ? " " : "");
    }
    texts.push_back(text);
  }
  expect_same_outcomes(texts);
}

TEST(LiteralOracle, ValuesReprLikeCPython) {
  hog::test::ValueGenOptions options;
  options.sets = false;  // CPython prints sets in hash order; set reprs are covered by examples
  options.sharing = true;
  options.cycles = true;
  options.max_depth = 4;
  const auto gen = hog::test::gen_value(options);
  std::string program = "import sys\n";
  std::vector<std::string> ours;
  for (int i = 0; i < 2000; ++i) {
    const Value v = gen(rc::Random(static_cast<std::uint64_t>(i) * 7919 + 1), i % 60).value();
    program += "def case():\n";
    std::istringstream lines(hog::test::python_program(v, "v"));
    for (std::string line; std::getline(lines, line);) program += "    " + line + "\n";
    program += "    return v\n";
    program +=
        "try:\n    print('V ' + repr(case()).encode('utf-8', 'surrogatepass').hex())\n"
        "except Exception as e:\n    print('R ' + type(e).__name__)\n";
    try {
      ours.push_back("V " + hog::test::to_hex(repr(v)));
    } catch (const hog::core::Error& e) {
      ours.push_back("R " + e.type_name());
    }
  }
  const std::vector<std::string> expected = lines_of(hog::test::run_python(program));
  ASSERT_EQ(expected.size(), ours.size());
  int failures = 0;
  for (std::size_t i = 0; i < ours.size(); ++i) {
    if (ours[i] != expected[i] && ++failures <= 10) {
      ADD_FAILURE() << "value " << i
                    << "\n  CPython: " << hog::test::from_hex(expected[i].substr(2))
                    << "\n  hog:     "
                    << (ours[i][0] == 'V' ? hog::test::from_hex(ours[i].substr(2)) : ours[i]);
    }
  }
  EXPECT_EQ(failures, 0);
}

// \N{...}: names, aliases and the algorithmic names, in the case variants and near misses that
// CPython accepts or rejects.
TEST(LiteralOracle, UnicodeNamesMatchCPython) {
  const std::string script = R"(
import ast, random, unicodedata, warnings
warnings.simplefilter('ignore')
rng = random.Random(2026)
named = [cp for cp in range(0x110000) if unicodedata.name(chr(cp), None)]
names = [unicodedata.name(chr(rng.choice(named))) for _ in range(700)]
names += ['LF', 'BYTE ORDER MARK', 'LATIN CAPITAL LETTER GHA', 'NBSP', 'ZWNJ', 'KANNADA LETTER LLLA',
          'HANGUL SYLLABLE GAG', 'HANGUL SYLLABLE YI', 'CJK UNIFIED IDEOGRAPH-2A6DF', 'CJK UNIFIED IDEOGRAPH-2A6E0',
          'CJK UNIFIED IDEOGRAPH-9FFF', 'CJK UNIFIED IDEOGRAPH-0004E00', 'TANGUT IDEOGRAPH-17000',
          'LATIN SMALL LETTER A WITH GRAVE AND ACUTE', 'SPACE', 'NULL', 'END OF LINE']
variants = []
for n in names:
    variants.append(n)
    r = rng.random()
    if r < 0.3:
        variants.append(n.lower())
    elif r < 0.5:
        variants.append(''.join(c.lower() if rng.random() < 0.5 else c for c in n))
    elif r < 0.7:
        i = rng.randrange(len(n))
        variants.append(n[:i] + n[i + 1:])
    elif r < 0.8:
        variants.append(n + ' ')
    else:
        variants.append(n.replace(' ', '  ', 1))
for n in variants:
    try:
        value = ast.literal_eval("'\\N{" + n + "}'")
        outcome = 'V %x' % ord(value)
    except SyntaxError:
        outcome = 'E'
    print(n.encode().hex(), outcome)
)";
  int checked = 0, failures = 0;
  for (const std::string& line : lines_of(hog::test::run_python(script))) {
    const std::size_t space = line.find(' ');
    const std::string name = hog::test::from_hex(line.substr(0, space));
    std::string ours;
    try {
      const Value v = parse("'\\N{" + name + "}'");
      std::size_t pos = 0;
      std::ostringstream hex;
      hex << std::hex << static_cast<std::uint32_t>(hog::core::next_code_point(v.as_str(), pos));
      ours = "V " + hex.str();
    } catch (const hog::core::SyntaxError&) {
      ours = "E";
    }
    ++checked;
    if (ours != line.substr(space + 1) && ++failures <= 10) {
      ADD_FAILURE() << "\\N{" << name << "}: CPython " << line.substr(space + 1) << ", hog "
                    << ours;
    }
  }
  EXPECT_GT(checked, 1400);
  EXPECT_EQ(failures, 0);
}

// Every code point, lone surrogates included, escaped or kept as CPython's str.isprintable() says.
TEST(LiteralOracle, ReprOfEveryCodePointLikeCPython) {
  std::string all;
  for (char32_t cp = 0; cp < 0x110000; ++cp) hog::core::append_utf8(all, cp);
  const std::string expected = hog::test::run_python(
      "import sys\n"
      "sys.stdout.write(repr(''.join(map(chr, range(0x110000)))).encode('utf-8', "
      "'surrogatepass').hex())\n");
  const std::string ours = repr(Value(all));
  ASSERT_EQ(hog::test::to_hex(ours).size(), expected.size());
  EXPECT_TRUE(hog::test::to_hex(ours) == expected);
}
