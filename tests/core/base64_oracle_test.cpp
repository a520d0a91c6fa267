// CPython 3.11 as the oracle for base64, on every implementation path:
// - decode_lenient against base64.b64decode(s) (validate=False): accept/reject, the message, and
//   the bytes, on thousands of generated valid and broken texts;
// - decode_strict against CPython's canonical form (b64encode(b64decode(s, validate=True)) == s):
//   accept/reject, the bytes, and the offset (the longest prefix that some canonical text starts
//   with, which Python finds by trying completions);
// - encode against base64.b64encode on random bytes.
// All cases go to one Python run; a Python that cannot run fails the test.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <sstream>

#include "hog/core/base64.hpp"
#include "hog/core/errors.hpp"
#include "support/python_oracle.hpp"

namespace b64 = hog::core::base64;
using hog::test::from_hex;
using hog::test::to_hex;

namespace {

constexpr const char* kOracle = R"(
import base64, binascii, itertools, sys

def canonical(text):
    try:
        return base64.b64encode(base64.b64decode(text, validate=True)) == text
    except binascii.Error:
        return False

def starts_canonical(prefix):
    # Some canonical text starts with prefix iff prefix completed to a whole group with 'A' and
    # '=' characters is canonical.
    tails = itertools.product(b'A=', repeat=-len(prefix) % 4)
    return any(canonical(prefix + bytes(tail)) for tail in tails)

def strict_outcome(text):
    if canonical(text):
        return 'OK ' + base64.b64decode(text, validate=True).hex()
    low, high = 0, len(text)  # starts_canonical(text[:low]) holds; find the largest such length
    while low < high:
        middle = (low + high + 1) // 2
        if starts_canonical(text[:middle]):
            low = middle
        else:
            high = middle - 1
    return 'ERR ' + str(low)

for line in sys.stdin.read().splitlines():
    kind, _, hex_text = line.partition(' ')
    data = bytes.fromhex(hex_text)
    if kind == 'E':
        print(base64.b64encode(data).decode())
        continue
    try:
        lenient = 'OK ' + base64.b64decode(data).hex()
    except binascii.Error as e:
        lenient = 'ERR ' + str(e)
    print(lenient + '\t' + strict_outcome(data))
)";

const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// Whitespace, punctuation, NUL, DEL, and bytes >= 0x80 that are alphabet or '=' characters with
// the top bit set (a decoder that masks to 7 bits would take them).
const std::string kJunk = std::string("\n\r\t !-_.*\x00\x7f\x80\xab\xaf\xbd\xc1\xff", 18);

class CaseMaker {
 public:
  std::string bytes(std::size_t size) {
    std::string out(size, '\0');
    for (char& c : out) c = static_cast<char>(rng_() & 0xff);
    return out;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  char junk() { return kJunk[below(kJunk.size())]; }

  // A valid encoding broken (or not) in one of the ways CPython has rules for.
  std::string mutated(std::string text) {
    const int mutations = 1 + static_cast<int>(below(3));
    for (int k = 0; k < mutations; ++k) {
      const std::size_t at = below(text.size() + 1);
      switch (below(8)) {
        case 0:
          text.insert(at, 1, junk());
          break;
        case 1:
          text.insert(at, std::string(1 + below(3), '='));
          break;
        case 2:
          if (!text.empty()) text.erase(std::min(at, text.size() - 1), 1);
          break;
        case 3:
          text.resize(at);
          break;
        case 4:
          while (!text.empty() && text.back() == '=') text.pop_back();
          break;
        case 5:
          text.append(std::string(1 + below(3), '='));
          break;
        case 6:
          for (std::size_t line = 76; line < text.size(); line += 77) text.insert(line, 1, '\n');
          break;
        default:
          if (!text.empty()) text[std::min(at, text.size() - 1)] = kAlphabet[below(64)];
          break;
      }
    }
    return text;
  }

  std::string scramble(std::size_t size) {
    std::string out;
    for (std::size_t k = 0; k < size; ++k) {
      const std::size_t kind = below(10);
      out.push_back(kind < 7 ? kAlphabet[below(64)] : kind < 9 ? '=' : junk());
    }
    return out;
  }

 private:
  std::mt19937_64 rng_{20240611};
};

std::vector<std::string> decode_cases() {
  CaseMaker make;
  std::vector<std::string> cases;
  for (int round = 0; round < 12; ++round) {
    for (std::size_t size = 0; size <= 100; ++size) {
      const std::string text = b64::encode(make.bytes(size));
      cases.push_back(round == 0 ? text : make.mutated(text));
    }
  }
  for (std::size_t size = 0; size < 1000; ++size) cases.push_back(make.scramble(size % 90));
  // Long texts: the damage lands near the 32-character vector block boundaries.
  for (int k = 0; k < 60; ++k) {
    std::string text = b64::encode(make.bytes(600 + make.below(3000)));
    if (k % 6 != 0) {
      const std::size_t block = 32 * (1 + make.below(text.size() / 32 - 1));
      const std::size_t at = std::min(text.size(), block + make.below(5) - 2);
      switch (k % 3) {
        case 0:
          text.insert(at, 1, make.junk());
          break;
        case 1:
          text.insert(at, "=");
          break;
        default:
          text = make.mutated(text);
          break;
      }
    }
    cases.push_back(text);
  }
  return cases;
}

// Our decoders' outcomes in the oracle's notation: "<lenient>\t<strict>".
std::string our_outcome(std::string_view text) {
  std::string line;
  try {
    line = "OK " + to_hex(b64::decode_lenient(text));
  } catch (const hog::core::Base64Error& e) {
    line = "ERR " + std::string(e.what());
  }
  try {
    line += "\tOK " + to_hex(b64::decode_strict(text));
  } catch (const hog::core::Base64Error& e) {
    line += "\tERR " + std::to_string(e.offset());
  }
  return line;
}

// The oracle's line with the offset our error class appends (lenient errors are found at the end).
std::string expected_outcome(const std::string& oracle_line, std::size_t text_size) {
  const std::size_t tab = oracle_line.find('\t');
  std::string lenient = oracle_line.substr(0, tab);
  if (lenient.rfind("ERR ", 0) == 0) lenient += " (at offset " + std::to_string(text_size) + ")";
  return lenient + oracle_line.substr(tab);
}

// One oracle line per case; kind is 'D' (decode) or 'E' (encode).
std::vector<std::string> ask_cpython(char kind, const std::vector<std::string>& cases) {
  std::string input;
  for (const std::string& text : cases) input += std::string(1, kind) + " " + to_hex(text) + "\n";
  std::vector<std::string> lines;
  std::istringstream stream(hog::test::run_python(kOracle, input));
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  EXPECT_EQ(lines.size(), cases.size());
  return lines;
}

// ours(case) == expected[k] for every case, on every path; reports the first few differences.
void expect_on_every_path(const std::vector<std::string>& cases,
                          const std::vector<std::string>& expected,
                          const std::function<std::string(const std::string&)>& ours) {
  ASSERT_EQ(expected.size(), cases.size());
  for (const b64::Path path : b64::available_paths()) {
    const b64::Path previous = b64::force_path(path);
    int failures = 0;
    for (std::size_t k = 0; k < cases.size() && failures < 10; ++k) {
      const std::string actual = ours(cases[k]);
      if (actual != expected[k]) {
        ++failures;
        ADD_FAILURE() << "path " << static_cast<int>(path) << ", input (hex) " << to_hex(cases[k])
                      << "\n  ours:    " << actual << "\n  CPython: " << expected[k];
      }
    }
    b64::force_path(previous);
  }
}

}  // namespace

TEST(Base64Oracle, DecodersMatchCPythonOnValidAndBrokenText) {
  const std::vector<std::string> cases = decode_cases();
  ASSERT_GT(cases.size(), 2000u);
  std::vector<std::string> expected = ask_cpython('D', cases);
  for (std::size_t k = 0; k < expected.size() && k < cases.size(); ++k) {
    expected[k] = expected_outcome(expected[k], cases[k].size());
  }
  expect_on_every_path(cases, expected, our_outcome);
}

TEST(Base64Oracle, EncodeMatchesB64encode) {
  CaseMaker make;
  std::vector<std::string> cases;
  for (std::size_t size = 0; size < 1500; ++size) {
    cases.push_back(make.bytes(size < 1200 ? size % 100 : size * 7));
  }
  expect_on_every_path(cases, ask_cpython('E', cases),
                       [](const std::string& bytes) { return b64::encode(bytes); });
}
