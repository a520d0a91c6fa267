// "\N{name}" lookup: decodes the generated name table (format in scripts/gen/unicode_names.py)
// entry by entry and compares, then tries the algorithmic Hangul and CJK names.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "unicode_tables.hpp"

namespace hog::core::detail {
namespace {
#include "unicode_names.inc"

constexpr std::uint32_t kTokenEnd = 0;
constexpr std::uint32_t kTokenHyphen = 1;

// Reads one number in the table's printable base-91 encoding.
std::uint32_t read_number(std::string_view data, std::size_t& pos) {
  auto digit = [&]() { return static_cast<std::uint32_t>(kDigits.find(data[pos++])); };
  const std::uint32_t v = digit();
  if (v < 40) return v;
  if (v < 80) return 40 + (v - 40) * 91 + digit();
  if (v < 90) {
    const std::uint32_t w = digit();
    return 3680 + ((v - 80) * 91 + w) * 91 + digit();
  }
  const std::uint32_t w = digit();
  const std::uint32_t x = digit();
  return 86490 + (w * 91 + x) * 91 + digit();
}

std::vector<std::string_view> split_words() {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  while (start <= kNameWords.size()) {
    std::size_t end = kNameWords.find(' ', start);
    if (end == std::string_view::npos) end = kNameWords.size();
    words.push_back(kNameWords.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

std::string spell(const std::vector<std::uint32_t>& tokens,
                  const std::vector<std::string_view>& words) {
  std::string out;
  bool glue = true;
  for (std::uint32_t token : tokens) {
    if (token == kTokenHyphen) {
      out += '-';
      glue = true;
    } else {
      if (!glue) out += ' ';
      out += words[token - 2];
      glue = false;
    }
  }
  return out;
}

std::optional<char32_t> lookup_stored(const std::string& upper) {
  const std::vector<std::string_view> words = split_words();
  std::vector<std::uint32_t> tokens;
  std::size_t pos = 0;
  char32_t code_point = 0;
  while (pos < kNameEntries.size()) {
    code_point += read_number(kNameEntries, pos);
    tokens.resize(read_number(kNameEntries, pos));
    for (std::uint32_t t = read_number(kNameEntries, pos); t != kTokenEnd;
         t = read_number(kNameEntries, pos)) {
      tokens.push_back(t);
    }
    if (spell(tokens, words) == upper) return code_point;
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
