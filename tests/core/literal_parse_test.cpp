// parse(): the language of ast.literal_eval, value by value; expected values and error types are
// what CPython 3.11 gives for the same texts.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"

using hog::core::Kind;
using hog::core::parse;
using hog::core::repr;
using hog::core::Value;

namespace {
// "repr" of the parsed value, or "TypeName" of the error.
std::string eval(std::string_view text) {
  try {
    return repr(parse(text));
  } catch (const hog::core::Error& e) {
    return e.type_name();
  }
}
}  // namespace

TEST(LiteralParse, LayoutAsTheTokenizerReadsIt) {
  EXPECT_EQ(eval("\n1"), "1");
  EXPECT_EQ(eval("1\n\n"), "1");
  EXPECT_EQ(eval(" \t1"), "1");
  EXPECT_EQ(eval("\f1"), "1");
  EXPECT_EQ(eval("1 #c"), "1");
  EXPECT_EQ(eval("#c\n1"), "1");
  EXPECT_EQ(eval("(1,\n2)"), "(1, 2)");
  EXPECT_EQ(eval("1\\\n+2j"), "(1+2j)");
  EXPECT_EQ(eval("\\\n1"), "1");
  EXPECT_EQ(eval("(1\r,2)"), "(1, 2)");
  EXPECT_EQ(eval("1\r\r"), "1");
  EXPECT_EQ(eval("1\n \n"), "1");
  EXPECT_EQ(eval("1 # x\n# y"), "1");
  EXPECT_EQ(eval("1,"), "(1,)");
  EXPECT_EQ(eval("1,2"), "(1, 2)");
  EXPECT_EQ(eval("\\\n\\\n1"), "1");
  EXPECT_EQ(eval("\\\n \\\n\n1"), "1");          // an indented blank line
  EXPECT_EQ(eval("\\\n \\\n1"), "SyntaxError");  // indentation carried over continuations
  EXPECT_EQ(eval("*a, 1"), "SyntaxError");       // no starred items at the top of 'eval' input
  EXPECT_EQ(eval("[1,]"), "[1]");
  EXPECT_EQ(eval("{1,}"), "{1}");
  for (const char* bad :
       {"",     " ",     "\n",      "# only",  "1\r2",    "1\n\n2",    "1;",     "1 2",  "\\",
        "1\\",  "1\\\n", "1\n ",    " 1\n 2",  "\t1\n\t", "(1",        "(1]",    ")",    "[1,2",
        "(,)",  "[,]",   "{,}",     "*x",      "\v1",     "1\xc2\xa0", "(1,\n2", "a:=1", "[1:2]",
        "{1:}", "{:1}",  "{1:2,3}", "{1,2:3}", "1..2",    "..5"}) {
    EXPECT_EQ(eval(bad), "SyntaxError") << bad;
  }
  EXPECT_EQ(eval(std::string("1\0", 2)), "SyntaxError");
}

TEST(LiteralParse, NumbersInEveryForm) {
  EXPECT_EQ(eval("0x_1F"), "31");
  EXPECT_EQ(eval("0O7_7"), "63");
  EXPECT_EQ(eval("0b1_0"), "2");
  EXPECT_EQ(eval("00"), "0");
  EXPECT_EQ(eval("0_0"), "0");
  EXPECT_EQ(eval("1_000"), "1000");
  EXPECT_EQ(eval("1e999"), "inf");
  EXPECT_EQ(eval("-1e999"), "-inf");
  EXPECT_EQ(eval("1.e5"), "100000.0");
  EXPECT_EQ(eval(".5"), "0.5");
  EXPECT_EQ(eval("1.0_1"), "1.01");
  EXPECT_EQ(eval("09.5"), "9.5");
  EXPECT_EQ(eval("09j"), "9j");
  EXPECT_EQ(eval("00."), "0.0");
  EXPECT_EQ(eval("1e5j"), "100000j");
  EXPECT_EQ(eval("1.j"), "1j");
  EXPECT_EQ(eval("5e-324"), "5e-324");
  EXPECT_EQ(eval("2.4703282292062328e-324"), "5e-324");
  EXPECT_EQ(eval("1e-400"), "0.0");
  EXPECT_EQ(eval("0.1"), "0.1");
  EXPECT_EQ(eval("123456789012345678901234567890"), "123456789012345678901234567890");
  EXPECT_EQ(parse("0x" + std::string(5000, 'f')).as_bigint().bit_length(),
            20000u);  // no digit limit
  EXPECT_EQ(eval(std::string(4300, '1')), std::string(4300, '1'));
  EXPECT_EQ(eval(std::string(4301, '1')), "SyntaxError");
  EXPECT_EQ(eval(std::string(4301, '1') + "j"), "infj");
  for (const char* bad :
       {"012", "09",   "0_1",  "1_",   "1__0",        "0b102", "0o8",   "1e",   "1e_5", "1_e5",
        "0xg", "0x1_", "0b1j", "0jj",  "1x",          "1.0f",  "1jf",   "0_",   "0x",   "0b",
        "0o",  "1e+",  "1._5", "1_.5", "1.__class__", "1and",  "1else", "0xfor"}) {
    EXPECT_EQ(eval(bad), "SyntaxError") << bad;
  }
  EXPECT_EQ(eval("1if 1else 2"), "ValueError");
  EXPECT_EQ(eval("0x1for x in y"), "ValueError");
}

TEST(LiteralParse, SignsAndComplexAsLiteralEvalAllows) {
  EXPECT_EQ(eval("+1"), "1");
  EXPECT_EQ(eval("-(1)"), "-1");
  EXPECT_EQ(eval("-1-2j"), "(-1-2j)");
  EXPECT_EQ(eval("(1+2j)"), "(1+2j)");
  EXPECT_EQ(eval("1+(1j)"), "(1+1j)");
  EXPECT_EQ(eval("+1+1j"), "(1+1j)");
  EXPECT_EQ(eval("-1.5-0j"), "(-1.5+0j)");
  EXPECT_EQ(eval("-0.0-0j"), "(-0+0j)");
  EXPECT_EQ(eval("0-0j"), "0j");
  EXPECT_EQ(eval("-1j"), "(-0-1j)");
  for (const char* bad :
       {"-True", "--1", "1+2", "1j+2j", "1+-2j", "1+1j+1j", "(1+1j)+1j", "-(1+1j)", "+True",
        "-None", "-'a'", "1-True", "True+1j", "1+True", "~1", "not 1", "10**400"}) {
    EXPECT_EQ(eval(bad), "ValueError") << bad;
  }
  EXPECT_EQ(eval("1" + std::string(400, '0') + "+1j"), "OverflowError");
}

TEST(LiteralParse, StringsWithEveryPrefixAndEscape) {
  EXPECT_EQ(eval("u'a'"), "'a'");
  EXPECT_EQ(eval("Rb'x'"), "b'x'");
  EXPECT_EQ(eval("rB'\\q'"), "b'\\\\q'");
  EXPECT_EQ(eval("'a' 'b'"), "'ab'");
  EXPECT_EQ(eval("b'\\xff' b'a'"), "b'\\xffa'");
  EXPECT_EQ(eval("'\\q'"), "'\\\\q'");
  EXPECT_EQ(eval("'\\N{LATIN CAPITAL LETTER GHA}'"), "'\xc6\xa2'");
  EXPECT_EQ(eval("'\\N{latin small letter a}'"), "'a'");
  EXPECT_EQ(eval("'\\N{LF}'"), "'\\n'");
  EXPECT_EQ(eval("'\\N{BYTE ORDER MARK}'"), "'\\ufeff'");
  EXPECT_EQ(eval("'\\N{HANGUL SYLLABLE GAG}'"), "'\xea\xb0\x81'");
  EXPECT_EQ(eval("'\\N{CJK UNIFIED IDEOGRAPH-04E00}'"), "'\xe4\xb8\x80'");
  EXPECT_EQ(eval("b'\\N{DASH}'"), "b'\\\\N{DASH}'");
  EXPECT_EQ(eval("r'\\N{x}'"), "'\\\\N{x}'");
  EXPECT_EQ(eval("'\\777'"), "'\xc7\xbf'");
  EXPECT_EQ(eval("b'\\777'"), "b'\\xff'");
  EXPECT_EQ(eval("'\\ud800'"), "'\\ud800'");
  EXPECT_EQ(eval("b'\\u1234'"), "b'\\\\u1234'");
  EXPECT_EQ(eval("'\\01x'"), "'\\x01x'");
  EXPECT_EQ(eval("'\\78'"), "'\\x078'");
  EXPECT_EQ(eval("'\\8'"), "'\\\\8'");
  EXPECT_EQ(eval("'''a\r\nb'''"), "'a\\nb'");
  EXPECT_EQ(eval("'a\\\nb'"), "'ab'");
  for (const char* bad : {"ur'a'",
                          "Ur'x'",
                          "'a' b'b'",
                          "b'' ''",
                          "'\\N{CJK UNIFIED IDEOGRAPH-4e00}'",
                          "'\\N{hangul syllable ga}'",
                          "'\\N{TANGUT IDEOGRAPH-17000}'",
                          "'\\N{nope}'",
                          "'\\N{}'",
                          "'\\N'",
                          "'\\x4'",
                          "'\\u12'",
                          "'\\U00110000'",
                          "b'\xc3\xa9'",
                          "'\\x'",
                          "'abc",
                          "'''abc",
                          "'a\nb'",
                          "'a\rb'",
                          "'\\N{LATIN SMALL LETTER A }'"}) {
    EXPECT_EQ(eval(bad), "SyntaxError") << bad;
  }
  EXPECT_EQ(eval("f'a'"), "ValueError");
  EXPECT_EQ(eval("'' f''"), "ValueError");
}

// f-strings are never literals (ValueError), but CPython parses them first: a broken one is a
// SyntaxError. Expected outcomes are CPython 3.11's.
TEST(LiteralParse, FStringsAreCheckedAsCPythonParsesThem) {
  const std::pair<const char*, const char*> cases[] = {
      {"f'{x}'", "ValueError"},
      {"f'{'", "SyntaxError"},
      {"f'}'", "SyntaxError"},
      {"f'{{}}'", "ValueError"},
      {"f'{}'", "SyntaxError"},
      {"f'{ }'", "SyntaxError"},
      {"f'{x!}'", "SyntaxError"},
      {"f'{x!z}'", "SyntaxError"},
      {"f'{x!r}'", "ValueError"},
      {"f'{x=}'", "ValueError"},
      {"f'{x = !r:>{w}}'", "ValueError"},
      {"f'{x:{y:{z}}}'", "SyntaxError"},
      {"f'{x:{y}}'", "ValueError"},
      {"f'{a[\"b\"]}'", "ValueError"},
      {"f'{\\'a\\'}'", "SyntaxError"},
      {"f'{#}'", "SyntaxError"},
      {"f'{x #}'", "SyntaxError"},
      {"f'{(}'", "SyntaxError"},
      {"f'{)}'", "SyntaxError"},
      {"f'{[)}'", "SyntaxError"},
      {"f'{a!=b}'", "ValueError"},
      {"f'{a<b}'", "ValueError"},
      {"f'{a>=b}'", "ValueError"},
      {"f'{a==b}'", "ValueError"},
      {"f'{1 2}'", "SyntaxError"},
      {"f'{lambda x:1}'", "SyntaxError"},
      {"f'\\N{BULLET}{x}'", "ValueError"},
      {"f'\\N{NOPE}'", "SyntaxError"},
      {"f'\\x4{x}'", "SyntaxError"},
      {"rf'\\x4{x}'", "ValueError"},
      {"f'{\"a\"'", "SyntaxError"},
      {"f'''{\"\"\"a\"\"\"}'''", "ValueError"},
      {"f'{x:}'", "ValueError"},
      {"f'{x:'", "SyntaxError"},
      {"f'{x!r'", "SyntaxError"},
      {"f'{x=!'", "SyntaxError"},
      {"f'{*a}'", "SyntaxError"},
      {"f'{*a,}'", "ValueError"},
      {"f'{yield}'", "ValueError"},
      {"f'{f\"{x}\"}'", "ValueError"},
      {"f'{f\"{\"}'", "SyntaxError"},
      {"f'{:x}'", "SyntaxError"},
      {"f'{!r}'", "SyntaxError"},
      {"f'{=}'", "SyntaxError"},
      {"f'{x}}'", "SyntaxError"},
      {"f'{{x}'", "SyntaxError"},
      {"f'{x:{{}}}'", "ValueError"},
      {"f'{a:=1}'", "ValueError"},
      {"f'{(a:=1)}'", "ValueError"},
      {"f'\\{x}'", "ValueError"},
      {"f'{x\n}'", "SyntaxError"},
      {"f'''{x\n}'''", "ValueError"},
      {"f'{x:\\n}'", "ValueError"},
      {"f'{0:{1}{2}}'", "ValueError"},
      {"f'{x:{y!r}}'", "ValueError"},
  };
  for (const auto& [text, expected] : cases) EXPECT_EQ(eval(text), expected) << text;
  EXPECT_EQ(eval("f'a\\}'"), "SyntaxError");  // a backslash does not escape a brace
  EXPECT_EQ(eval("f'\\{{x}'"), "SyntaxError");
  EXPECT_EQ(eval("f'a\\{x}'"), "ValueError");
}

TEST(LiteralParse, ContainersAndTheirErrors) {
  EXPECT_EQ(eval("set()"), "set()");
  EXPECT_EQ(eval("set( \n)"), "set()");
  EXPECT_EQ(eval("{1: 2, 1.0: 3, True: 4}"), "{1: 4}");
  EXPECT_EQ(eval("..."), "Ellipsis");
  EXPECT_EQ(eval("[([{1: (2,)}])]"), "[[{1: (2,)}]]");
  EXPECT_EQ(eval("{[]: 1}"), "TypeError");
  EXPECT_EQ(eval("{1, []}"), "TypeError");
  EXPECT_EQ(eval("{[]: x}"), "ValueError");  // the value is converted before the key is inserted
  for (const char* bad :
       {"x",         "set(())", "{1:2, **x}", "{*x}",           "(*x,)",     "1 if 1 else 2",
        "a.b",       "x[1:2]",  "set",        "set()()",        "__debug__", "1 .real",
        "'a'.upper", "(1)(2)",  "lambda: 1",  "[x for x in y]", "(yield)",   "(a:=1)",
        "await x",   "x(y=1)",  "1 <2"}) {
    EXPECT_EQ(eval(bad), "ValueError") << bad;
  }
}

TEST(LiteralParse, ReprSpellingsParse) {
  EXPECT_EQ(eval("[inf, -inf, nan]"), "[inf, -inf, nan]");
  EXPECT_EQ(eval("(1+infj)"), "(1+infj)");
  EXPECT_EQ(eval("nanj"), "nanj");
  EXPECT_EQ(eval("bytearray(b'a\\x00')"), "bytearray(b'a\\x00')");
  EXPECT_EQ(eval("bytearray()"), "bytearray(b'')");
  EXPECT_EQ(eval("frozenset({1, 2})"), "frozenset({1, 2})");
  EXPECT_EQ(eval("frozenset()"), "frozenset()");
  EXPECT_EQ(parse("nan").as_float() != parse("nan").as_float(), true);
  EXPECT_EQ(eval("bytearray('a')"), "ValueError");
  EXPECT_EQ(eval("frozenset([1])"), "ValueError");
}

TEST(LiteralParse, EveryStringLiteralIsANewObject) {
  const Value v = parse("['abc', 'abc', b'xy', b'xy']");
  EXPECT_FALSE(v[0].is(v[1]));
  EXPECT_FALSE(v[2].is(v[3]));
  EXPECT_EQ(v[0], v[1]);
}

TEST(LiteralParse, NestingIsBounded) {
  EXPECT_EQ(eval(std::string(199, '(') + std::string(199, ')')), "()");
  EXPECT_EQ(eval(std::string(201, '[') + std::string(201, ']')), "SyntaxError");
  EXPECT_EQ(eval(std::string(100000, '(')), "SyntaxError");
  EXPECT_EQ(eval(std::string(1000, '-') + "1"), "ValueError");
  EXPECT_EQ(eval(std::string(100000, '-') + "1"), "ValueError");
  std::string powers;
  for (int i = 0; i < 100000; ++i) powers += "1**";
  EXPECT_EQ(eval(powers + "1"), "RecursionError");
  hog::core::ParseOptions shallow;
  shallow.max_depth = 10;
  EXPECT_THROW(parse(std::string(11, '[') + std::string(11, ']'), shallow),
               hog::core::RecursionError);
  EXPECT_NO_THROW(parse(std::string(10, '[') + std::string(10, ']'), shallow));
}

TEST(LiteralParse, TextThatIsNotAPythonStr) {
  EXPECT_EQ(eval("'\xff'"), "ValueError");                  // not UTF-8
  EXPECT_EQ(eval("'\xed\xa0\x80'"), "UnicodeEncodeError");  // a lone surrogate, as compile()
  EXPECT_EQ(eval(std::string("'a\0'", 4)), "SyntaxError");  // null bytes, as 3.11.2
}

TEST(LiteralParse, IntDigitLimitIsAnOption) {
  hog::core::ParseOptions unlimited;
  unlimited.max_int_digits = 0;
  EXPECT_EQ(parse(std::string(5000, '7'), unlimited).as_bigint().to_string().size(), 5000u);
  hog::core::ParseOptions small;
  small.max_int_digits = 3;
  EXPECT_THROW(parse("1_000", small), hog::core::SyntaxError);
  EXPECT_NO_THROW(parse("0x1000", small));
}

TEST(LiteralParse, SyntaxErrorsSayWhere) {
  try {
    parse("[1,\n  2 3]");
    FAIL() << "accepted";
  } catch (const hog::core::SyntaxError& e) {
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.column(), 5u);
  }
  try {
    parse("'\xc3\xa9' 0b2");
    FAIL() << "accepted";
  } catch (const hog::core::SyntaxError& e) {
    EXPECT_EQ(e.line(), 1u);
    EXPECT_EQ(e.column(), 7u);  // code points, not bytes
  }
}
