// BigInt against CPython's int: text in every base, two's complement bytes, float conversion, hash.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <random>
#include <sstream>

#include "hog/core/bigint.hpp"
#include "support/python_oracle.hpp"

using hog::core::BigInt;

namespace {

// A random integer as decimal text, up to `max_digits` digits, possibly negative.
rc::Gen<std::string> decimal_text() {
  return rc::gen::mapcat(rc::gen::inRange(1, 120), [](int digits) {
    return rc::gen::map(rc::gen::pair(rc::gen::arbitrary<bool>(),
                                      rc::gen::container<std::string>(static_cast<std::size_t>(digits),
                                                                      rc::gen::inRange('0', ':'))),
                        [](const std::pair<bool, std::string>& p) {
                          std::string s = p.second;
                          while (s.size() > 1 && s[0] == '0') s.erase(0, 1);
                          return (p.first && s != "0" ? "-" : "") + s;
                        });
  });
}

BigInt parse_signed(const std::string& text) {
  const bool negative = text[0] == '-';
  BigInt value = *BigInt::from_digits(std::string_view(text).substr(negative ? 1 : 0), 10);
  return negative ? -value : value;
}

}  // namespace

RC_GTEST_PROP(BigInt, DecimalRoundTrips, ()) {
  const std::string text = *decimal_text();
  RC_ASSERT(parse_signed(text).to_string(10) == text);
}

RC_GTEST_PROP(BigInt, TwosComplementRoundTrips, ()) {
  const BigInt value = parse_signed(*decimal_text());
  RC_ASSERT(BigInt::from_twos_complement(value.to_twos_complement()) == value);
}

TEST(BigInt, Int64Boundaries) {
  EXPECT_TRUE(BigInt(INT64_MIN).fits_int64());
  EXPECT_EQ(BigInt(INT64_MIN).to_int64(), INT64_MIN);
  EXPECT_EQ(BigInt(INT64_MIN).to_string(), "-9223372036854775808");
  EXPECT_FALSE((-BigInt(INT64_MIN)).fits_int64());
  EXPECT_EQ(BigInt::from_digits("ff", 16)->to_string(), "255");
  EXPECT_EQ(BigInt::from_digits("777", 8)->to_string(2), "111111111");
  EXPECT_FALSE(BigInt::from_digits("12a", 10).has_value());
  EXPECT_FALSE(BigInt::from_digits("", 10).has_value());
}

// One Python run checks a few hundred integers in every conversion against int's own.
TEST(BigInt, MatchesCPython) {
  std::vector<BigInt> values;
  std::ostringstream input;
  std::mt19937_64 random(20261125);
  for (int i = 0; i < 300; ++i) {
    std::string text = random() % 2 ? "-" : "";
    text += static_cast<char>('1' + random() % 9);
    for (std::uint64_t n = random() % 400; n > 0; --n) text += static_cast<char>('0' + random() % 10);
    values.push_back(parse_signed(text));
    input << text << "\n";
  }
  for (const char* edge : {"0", "-1", "127", "128", "-128", "-129", "255", "256", "-256", "-257",
                           "9007199254740993", "-9007199254740995", "2305843009213693951",
                           "2305843009213693952", "-2305843009213693952",
                           "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093993"}) {
    values.push_back(parse_signed(edge));
    input << edge << "\n";
  }
  const std::string out = hog::test::run_python(R"(
import sys
for line in sys.stdin:
    n = int(line)
    try:
        f = repr(float(n))
    except OverflowError:
        f = 'overflow'
    nbytes = n.bit_length() // 8 + 1 if n else 0
    tc = n.to_bytes(nbytes, 'little', signed=True)
    if n < 0 and nbytes > 1 and tc[-1] == 0xff and tc[-2] & 0x80:
        tc = tc[:-1]
    print(hex(n), oct(n), f, tc.hex() or '-', hash(n))
)", input.str());
  std::istringstream lines(out);
  for (const auto& value : values) {
    std::string hex, oct, flt, twos, hash;
    lines >> hex >> oct >> flt >> twos >> hash;
    auto strip = [](std::string s) {
      const bool negative = s[0] == '-';
      s.erase(negative ? 1 : 0, 2);
      return s;
    };
    EXPECT_EQ(value.to_string(16), strip(hex));
    EXPECT_EQ(value.to_string(8), strip(oct));
    const auto as_double = value.to_double();
    if (flt == "overflow") {
      EXPECT_FALSE(as_double.has_value()) << value.to_string();
    } else {
      ASSERT_TRUE(as_double.has_value()) << value.to_string();
      EXPECT_EQ(*as_double, std::stod(flt)) << value.to_string();
    }
    EXPECT_EQ(hog::test::to_hex(value.to_twos_complement()), twos == "-" ? "" : twos) << value.to_string();
    EXPECT_EQ(std::to_string(value.python_hash()), hash) << value.to_string();
  }
}
