// str.format(**kwargs) with str values, following CPython 3.11's Objects/stringlib/
// unicode_format.h step by step so errors come in the same order: a markup iterator yields
// literal text and fields; each field's name is looked up and indexed, converted (!r !s !a), its
// spec expanded (nested fields, recursion depth 2) and rendered by str.__format__. The template is
// scanned byte by byte: every syntax character is ASCII, which never occurs inside a UTF-8
// sequence. There are never positional arguments, so the first "{}" or "{N}" fails (CPython's
// auto/manual numbering checks can never be reached) and "{}" always stands for index 0.
#include "hog/core/python_format.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <vector>

#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/utf8.hpp"
#include "hog/core/value.hpp"
#include "python_format_spec.hpp"

namespace hog::core {
namespace {

constexpr int kMaxRecursion = 2;  // PEP 3101: "{0:{1}}" works, "{0:{1:{2}}}" does not

void check_utf8(std::string_view text, const std::string& what) {
  if (const auto error = find_utf8_error(text)) {
    throw ValueError(what + " is not UTF-8: " + error->reason + " at byte offset " +
                     std::to_string(error->offset));
  }
}

// ascii(): repr() with every non-ASCII code point as \xhh, \uhhhh or \Uhhhhhhhh.
std::string ascii_repr(std::string_view value) {
  const std::string text = repr(Value(value));
  std::string out;
  for (std::size_t at = 0; at < text.size();) {
    const char32_t c = next_code_point(text, at);
    if (c < 0x80) {
      out += static_cast<char>(c);
      continue;
    }
    char escape[16];
    if (c < 0x100) {
      std::snprintf(escape, sizeof escape, "\\x%02x", static_cast<unsigned>(c));
    } else if (c < 0x10000) {
      std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
    } else {
      std::snprintf(escape, sizeof escape, "\\U%08x", static_cast<unsigned>(c));
    }
    out += escape;
  }
  return out;
}

// A !r or !a conversion (CPython's do_conversion; !s and none leave a str as it is).
std::string convert(std::string_view value, char32_t conversion) {
  switch (conversion) {
    case 'r':
      return repr(Value(value));
    case 'a':
      return ascii_repr(value);
    default:
      break;
  }
  throw ValueError("Unknown conversion specifier " + detail::code_point_text(conversion, 127));
}

// One "{...}" as parse_field splits it.
struct Field {
  std::string_view name;
  char32_t conversion = 0;  // 0: none (also what a NUL conversion character means to CPython)
  std::string_view spec;
  bool spec_needs_expanding = false;
};

class Formatter {
 public:
  explicit Formatter(const FormatKwargs& kwargs) : kwargs_(kwargs) {}

  // build_string: the whole of `input` with its fields replaced.
  std::string build(std::string_view input, int depth) const {
    if (depth <= 0) throw ValueError("Max string recursion exceeded");
    std::string out;
    out.reserve(input.size());
    std::size_t pos = 0;
    while (pos < input.size()) {
      std::optional<Field> field = next_markup(input, pos, out);
      if (field) render(*field, out, depth);
    }
    return out;
  }

 private:
  // MarkupIterator_next: appends the literal text before the next field (or up to an escaped
  // brace, which it appends once) and returns that field, if any.
  static std::optional<Field> next_markup(std::string_view s, std::size_t& pos, std::string& out) {
    const std::size_t start = pos;
    char c = 0;
    bool markup_follows = false;
    while (pos < s.size()) {
      c = s[pos++];
      if (c == '{' || c == '}') {
        markup_follows = true;
        break;
      }
    }
    const bool at_end = pos >= s.size();
    std::size_t length = pos - start;
    if (c == '}' && (at_end || s[pos] != '}')) {
      throw ValueError("Single '}' encountered in format string");
    }
    if (at_end && c == '{') throw ValueError("Single '{' encountered in format string");
    if (!at_end) {
      if (s[pos] == c) {
        ++pos;  // "{{" or "}}": the literal keeps one brace
        markup_follows = false;
      } else {
        --length;
      }
    }
    out.append(s.substr(start, length));
    if (!markup_follows) return std::nullopt;
    return parse_field(s, pos);
  }

  // parse_field: the text after a '{' up to its matching '}'.
  static Field parse_field(std::string_view s, std::size_t& pos) {
    Field field;
    const std::size_t name_start = pos;
    char c = 0;
    while (pos < s.size()) {
      c = s[pos++];
      if (c == '{') throw ValueError("unexpected '{' in field name");
      if (c == '[') {
        while (pos < s.size() && s[pos] != ']') ++pos;
        continue;
      }
      if (c == '}' || c == ':' || c == '!') break;
    }
    field.name = s.substr(name_start, pos - 1 - name_start);
    if (c != '!' && c != ':') {
      if (c != '}') throw ValueError("expected '}' before end of string");
      return field;
    }
    if (c == '!') {
      if (pos >= s.size()) {
        throw ValueError("end of string while looking for conversion specifier");
      }
      field.conversion = next_code_point(s, pos);
      if (pos < s.size()) {
        const char after = s[pos++];
        if (after == '}') return field;
        if (after != ':') throw ValueError("expected ':' after conversion specifier");
      }
    }
    const std::size_t spec_start = pos;
    int count = 1;
    while (pos < s.size()) {
      c = s[pos++];
      if (c == '{') {
        field.spec_needs_expanding = true;
        ++count;
      } else if (c == '}' && --count == 0) {
        field.spec = s.substr(spec_start, pos - 1 - spec_start);
        return field;
      }
    }
    throw ValueError("unmatched '{' in format spec");
  }

  // A kwargs value checked to be UTF-8 (once per name) and, when indexed, with the byte offset of
  // every kCheckpointStep-th code point, so "{a[N]}" costs O(kCheckpointStep), not O(N).
  struct CheckedValue {
    std::string_view text;
    bool ascii = true;
    std::vector<std::size_t> checkpoints;
  };
  static constexpr std::size_t kCheckpointStep = 64;

  CheckedValue& checked(std::string_view name, std::string_view text) const {
    const auto found = checked_.find(name);
    if (found != checked_.end()) return found->second;
    check_utf8(text, "the value of format field '" + std::string(name) + "'");
    CheckedValue value{text, true, {}};
    for (const char c : text) value.ascii = value.ascii && static_cast<unsigned char>(c) < 0x80;
    return checked_.emplace(name, std::move(value)).first->second;
  }

  // The code point at `index` of a checked value, or IndexError.
  static std::string_view code_point_at(CheckedValue& value, std::int64_t index) {
    const std::string_view text = value.text;
    const auto wanted = static_cast<std::size_t>(index);
    std::size_t at = 0;
    std::size_t skip = wanted;
    if (value.ascii) {
      at = wanted < text.size() ? wanted : text.size();
      skip = 0;
    } else {
      if (value.checkpoints.empty()) {
        std::size_t count = 0;
        for (std::size_t pos = 0; pos < text.size(); ++count) {
          if (count % kCheckpointStep == 0) value.checkpoints.push_back(pos);
          next_code_point(text, pos);
        }
        value.checkpoints.push_back(text.size());  // never empty again, also for ""
      }
      const std::size_t slot = std::min(wanted / kCheckpointStep, value.checkpoints.size() - 1);
      at = value.checkpoints[slot];
      skip = wanted - slot * kCheckpointStep;
    }
    for (; skip > 0 && at < text.size(); --skip) next_code_point(text, at);
    if (skip > 0 || at >= text.size()) throw IndexError("string index out of range");
    const std::size_t begin = at;
    next_code_point(text, at);
    return text.substr(begin, at - begin);
  }

  // get_field_object: the value the field name stands for. The result views the kwargs value or
  // `storage`.
  std::string_view field_value(std::string_view name, std::string& storage) const {
    std::size_t pos = 0;
    while (pos < name.size() && name[pos] != '.' && name[pos] != '[') ++pos;
    const std::string_view first = name.substr(0, pos);
    const std::optional<std::int64_t> index = detail::whole_decimal(first);
    if (first.empty() || index) {
      throw IndexError("Replacement index " + std::to_string(index.value_or(0)) +
                       " out of range for positional args tuple");
    }
    const auto found = kwargs_.find(first);
    if (found == kwargs_.end()) throw KeyError(repr(Value(first)));
    CheckedValue& value = checked(found->first, found->second);
    if (pos == name.size()) return value.text;
    storage = code_point_at(value, next_index(name, pos));
    while (pos < name.size()) {
      CheckedValue one{storage, false, {}};
      storage = std::string(code_point_at(one, next_index(name, pos)));
    }
    return storage;
  }

  // FieldNameIterator_next: the index of the next "[N]" in the field name; the errors CPython
  // raises for what may follow a name, in its order.
  static std::int64_t next_index(std::string_view name, std::size_t& pos) {
    const char kind = name[pos++];
    const std::size_t start = pos;
    std::string_view part;
    if (kind == '.') {
      while (pos < name.size() && name[pos] != '.' && name[pos] != '[') ++pos;
      part = name.substr(start, pos - start);
    } else if (kind == '[') {
      while (pos < name.size() && name[pos] != ']') ++pos;
      if (pos >= name.size()) throw ValueError("Missing ']' in format string");
      part = name.substr(start, pos - start);
      ++pos;
    } else {
      throw ValueError("Only '.' or '[' may follow ']' in format field specifier");
    }
    const std::optional<std::int64_t> index =
        kind == '[' ? detail::whole_decimal(part) : std::nullopt;
    if (part.empty()) throw ValueError("Empty attribute in format string");
    if (kind == '.') {
      throw ValueError("format field '" + std::string(name) + "' reads the attribute '" +
                       std::string(part) +
                       "' of a str; hogsim's str.format does not support attribute access");
    }
    if (!index) throw TypeError("string indices must be integers, not 'str'");
    return *index;
  }

  // output_markup: look up, convert, expand the spec, format.
  void render(const Field& field, std::string& out, int depth) const {
    std::string storage;
    std::string_view value = field_value(field.name, storage);
    if (field.conversion != 0 && field.conversion != 's') {
      std::string converted = convert(value, field.conversion);
      storage = std::move(converted);
      value = storage;
    }
    if (field.spec_needs_expanding) {
      detail::append_formatted_str(out, value, build(field.spec, depth - 1));
    } else {
      detail::append_formatted_str(out, value, field.spec);
    }
  }

  const FormatKwargs& kwargs_;
  mutable std::map<std::string_view, CheckedValue, std::less<>> checked_;
};

}  // namespace

std::string python_format(std::string_view format, const FormatKwargs& kwargs) {
  check_utf8(format, "the format string");
  return Formatter(kwargs).build(format, kMaxRecursion);
}

std::string escape_braces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    out += c;
    if (c == '{' || c == '}') out += c;
  }
  return out;
}

}  // namespace hog::core
