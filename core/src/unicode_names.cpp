// "\N{name}" lookup: decodes the generated name table (format in scripts/gen/unicode_names.py)
// entry by entry and compares, then tries the algorithmic Hangul and CJK names.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "unicode_tables.hpp"

namespace hog::core::detail {
namespace {
#include "unicode_names.inc"

constexpr std::uint32_t kTokenEnd = 0;
constexpr std::uint32_t kTokenHyphen = 1;

// The value of one base-91 digit: kDigits is '#'..'~' without '\\'.
constexpr std::uint32_t digit_value(char c) {
  const auto u = static_cast<std::uint32_t>(static_cast<unsigned char>(c));
  return u - static_cast<std::uint32_t>('#') - (u > '\\' ? 1u : 0u);
}
static_assert(digit_value(kDigits.front()) == 0 && digit_value(kDigits.back()) == 90 &&
              digit_value(kDigits[57]) == 57 && digit_value(kDigits[58]) == 58);

// Reads one number in the table's printable base-91 encoding and advances p. The loops below are
// written over raw pointers: a lookup walks the whole table, in debug builds too.
std::uint32_t read_number(const char*& p) {
  const std::uint32_t v = digit_value(*p++);
  if (v < 40) return v;
  if (v < 80) return 40 + (v - 40) * 91 + digit_value(*p++);
  std::uint32_t n = v < 90 ? v - 80 : digit_value(*p++);
  n = n * 91 + digit_value(*p++);
  n = n * 91 + digit_value(*p++);
  return v < 90 ? 3680 + n : 86490 + n;
}

// Walks the entries, spelling each name into one buffer: an entry keeps the characters of the
// tokens it shares with the previous one and appends the rest.
std::optional<char32_t> lookup_stored(std::string_view upper) {
  std::vector<std::uint32_t> word_start{
      0};  // word i is kNameWords[word_start[i], word_start[i+1] - 1)
  for (std::size_t i = 0; i < kNameWords.size(); ++i) {
    if (kNameWords[i] == ' ') word_start.push_back(static_cast<std::uint32_t>(i + 1));
  }
  word_start.push_back(static_cast<std::uint32_t>(kNameWords.size() + 1));
  const char* words = kNameWords.data();

  constexpr std::size_t kMaxName = 256, kMaxTokens = 128;
  char name[kMaxName];
  std::size_t length_after[kMaxTokens];  // name length after each token of the current entry
  bool hyphen_at[kMaxTokens];            // whether each token of the current entry is a hyphen
  std::size_t length = 0;
  char32_t code_point = 0;
  const char* p = kNameEntries.data();
  const char* const end = p + kNameEntries.size();
  while (p < end) {
    code_point += read_number(p);
    std::size_t tokens = read_number(p);
    length = tokens == 0 ? 0 : length_after[tokens - 1];
    bool glue = tokens == 0 || hyphen_at[tokens - 1];
    for (std::uint32_t t = read_number(p); t != kTokenEnd; t = read_number(p)) {
      if (t == kTokenHyphen) {
        name[length++] = '-';
        glue = true;
      } else {
        if (!glue) name[length++] = ' ';
        const std::uint32_t from = word_start[t - 2], size = word_start[t - 1] - 1 - from;
        std::memcpy(name + length, words + from, size);
        length += size;
        glue = false;
      }
      length_after[tokens] = length;
      hyphen_at[tokens++] = t == kTokenHyphen;
    }
    if (length == upper.size() && std::memcmp(name, upper.data(), length) == 0) return code_point;
  }
  return std::nullopt;
}

std::optional<char32_t> lookup_hangul(std::string_view name) {
  constexpr std::string_view prefix = "HANGUL SYLLABLE ";
  if (name.substr(0, prefix.size()) != prefix) return std::nullopt;
  const std::string_view rest = name.substr(prefix.size());
  for (std::size_t l = 0; l < std::size(kJamoL); ++l) {
    for (std::size_t v = 0; v < std::size(kJamoV); ++v) {
      for (std::size_t t = 0; t < std::size(kJamoT); ++t) {
        if (rest.size() == kJamoL[l].size() + kJamoV[v].size() + kJamoT[t].size() &&
            std::string(kJamoL[l]) + std::string(kJamoV[v]) + std::string(kJamoT[t]) == rest) {
          return static_cast<char32_t>(0xAC00 + (l * 21 + v) * 28 + t);
        }
      }
    }
  }
  return std::nullopt;
}

std::optional<char32_t> lookup_cjk(std::string_view name) {
  constexpr std::string_view prefix = "CJK UNIFIED IDEOGRAPH-";
  if (name.substr(0, prefix.size()) != prefix) return std::nullopt;
  const std::string_view hex = name.substr(prefix.size());
  if (hex.size() != 4 && hex.size() != 5) return std::nullopt;
  char32_t code_point = 0;
  for (char c : hex) {
    if (c >= '0' && c <= '9') {
      code_point = code_point * 16 + static_cast<char32_t>(c - '0');
    } else if (c >= 'A' && c <= 'F') {
      code_point = code_point * 16 + static_cast<char32_t>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
  }
  for (const auto& range : kCjkRanges) {
    if (code_point >= range[0] && code_point <= range[1]) return code_point;
  }
  return std::nullopt;
}

}  // namespace

std::optional<char32_t> lookup_unicode_name(std::string_view name) {
  if (auto cp = lookup_hangul(name)) return cp;
  if (auto cp = lookup_cjk(name)) return cp;
  std::string upper;
  for (char c : name) {
    if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt;  // names are ASCII
    upper += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return lookup_stored(upper);
}

}  // namespace hog::core::detail
