// Tokens of Python 3.11 'eval' input and the values of string and bytes literals.
//
// Follows CPython's tokenizer: implicit line joining inside brackets, backslash continuations,
// comments, blank lines, "unexpected indent" for a further indented line, string prefixes
// (r, u, b, f in every case and order Python allows), and its errors. String escapes follow
// CPython's unicode_escape / bytes decoders: \x, octal, \u, \U, \N{NAME}; unknown escapes stay.
#include <string>

#include "hog/core/errors.hpp"
#include "hog/core/utf8.hpp"
#include "literal_syntax.hpp"
#include "unicode_tables.hpp"

namespace hog::core::detail {

Position position_of(std::string_view text, std::size_t offset) {
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  const std::size_t end = std::min(offset, text.size());
  return {line, utf8_code_points(text.substr(line_start, end - line_start)) + 1};
}

void syntax_error(std::string_view text, std::size_t offset, const std::string& message) {
  const Position p = position_of(text, offset);
  throw SyntaxError(message, p.line, p.column);
}

namespace {

bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::string hex_code_point(char32_t cp) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out;
  for (int shift = cp > 0xFFFF ? 20 : 12; shift >= 0; shift -= 4) out += digits[(cp >> shift) & 15];
  return out;
}

// Prefixes Python 3.11 accepts before a quote (compared in lower case).
bool is_string_prefix(std::string_view word) {
  std::string lower;
  for (char c : word) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return lower == "r" || lower == "u" || lower == "b" || lower == "f" || lower == "br" ||
         lower == "rb" || lower == "fr" || lower == "rf";
}

class Tokenizer {
 public:
  Tokenizer(std::string_view text, std::size_t max_depth) : text_(text), max_depth_(max_depth) {}

  std::vector<Token> run() {
    bool line_start = true;
    while (true) {
      if (line_start && brackets_.empty()) {
        line_start = false;
        if (skip_blank_lines()) break;
      }
      if (pos_ >= text_.size()) break;
      const char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\f') {
        ++pos_;
      } else if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else if (c == '\\') {
        continuation();
      } else if (c == '\n') {
        ++pos_;
        if (brackets_.empty()) {
          push(TokenType::Newline, pos_ - 1, pos_ - 1);
          line_start = true;
        }
      } else if (is_digit(c) ||
                 (c == '.' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) {
        const std::size_t start = pos_;
        pos_ = scan_number(text_, pos_);
        push(TokenType::Number, start, pos_);
      } else if (is_ascii_letter(c) || static_cast<unsigned char>(c) >= 0x80) {
        name_or_string();
      } else if (c == '\'' || c == '"') {
        string(pos_);
      } else {
        op();
      }
    }
    if (!brackets_.empty()) {
      syntax_error(text_, brackets_.back(),
                   std::string("'") + text_[brackets_.back()] + "' was never closed");
    }
    if (!tokens_.empty() && tokens_.back().type != TokenType::Newline)
      push(TokenType::Newline, pos_, pos_);
    push(TokenType::End, pos_, pos_);
    return std::move(tokens_);
  }

 private:
  void push(TokenType type, std::size_t start, std::size_t end) {
    tokens_.push_back(Token{type, text_.substr(start, end - start), start});
  }

  // At the start of a logical line: skips blank and comment-only lines; true at the end of input.
  // As in CPython, the indentation may run over backslash continuations and the whitespace
  // before the first backslash decides it; '\f' resets it. An indented line is an
  // IndentationError ("unexpected indent"): 'eval' input has a single logical line.
  bool skip_blank_lines() {
    while (true) {
      std::size_t col = 0, continued_col = 0;
      while (pos_ < text_.size()) {
        const char c = text_[pos_];
        if (c == ' ' || c == '\t') {
          ++col;
        } else if (c == '\f') {
          col = 0;
        } else if (c == '\\') {
          if (continued_col == 0) continued_col = col;
          continuation();
          continue;
        } else {
          break;
        }
        ++pos_;
      }
      if (pos_ < text_.size() && (text_[pos_] == '#' || text_[pos_] == '\n')) {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
        if (pos_ < text_.size()) ++pos_;
        if (pos_ >= text_.size()) return true;
        continue;
      }
      if ((continued_col != 0 ? continued_col : col) != 0)
        syntax_error(text_, pos_, "unexpected indent");
      return pos_ >= text_.size();
    }
  }

  void continuation() {
    if (pos_ + 1 >= text_.size() || text_[pos_ + 1] != '\n') {
      syntax_error(text_, pos_ + 1, "unexpected character after line continuation character");
    }
    pos_ += 2;
    if (pos_ >= text_.size()) syntax_error(text_, pos_, "unexpected EOF while parsing");
  }

  void name_or_string() {
    const std::size_t start = pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (is_ascii_letter(c) || is_digit(c)) {
        ++pos_;
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        // Non-ASCII identifier characters: printable ones make a (non-literal) name.
        std::size_t next = pos_;
        const char32_t cp = next_code_point(text_, next);
        if (!is_printable(cp))
          syntax_error(text_, pos_, "invalid non-printable character U+" + hex_code_point(cp));
        pos_ = next;
      } else {
        break;
      }
    }
    if (pos_ < text_.size() && (text_[pos_] == '\'' || text_[pos_] == '"') &&
        is_string_prefix(text_.substr(start, pos_ - start))) {
      string(start);
      return;
    }
    push(TokenType::Name, start, pos_);
  }

  // A string literal whose prefix starts at `start`; pos_ is at the opening quote.
  void string(std::size_t start) {
    const char quote = text_[pos_];
    const bool triple = text_.substr(pos_, 3) == std::string(3, quote);
    pos_ += triple ? 3 : 1;
    while (true) {
      if (pos_ >= text_.size()) {
        const Position p = position_of(text_, pos_);
        syntax_error(text_, start,
                     std::string(triple ? "unterminated triple-quoted string literal"
                                        : "unterminated string literal") +
                         " (detected at line " + std::to_string(p.line) + ")");
      }
      const char c = text_[pos_];
      if (c == '\\') {
        pos_ += 2;
        if (pos_ > text_.size()) pos_ = text_.size();
      } else if (c == '\n' && !triple) {
        const Position p = position_of(text_, pos_);
        syntax_error(
            text_, start,
            "unterminated string literal (detected at line " + std::to_string(p.line) + ")");
      } else if (c == quote && (!triple || text_.substr(pos_, 3) == std::string(3, quote))) {
        pos_ += triple ? 3 : 1;
        break;
      } else {
        ++pos_;
      }
    }
    push(TokenType::String, start, pos_);
  }

  void op() {
    static constexpr std::string_view kThree[] = {"**=", "//=", ">>=", "<<=", "..."};
    static constexpr std::string_view kTwo[] = {
        "->", ":=", "**", "//", "<<", ">>", "<=", ">=", "==", "!=",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@="};
    static constexpr std::string_view kOne = "()[]{},:;.+-*/%|&^~<>=@";
    const std::size_t start = pos_;
    for (std::string_view op : kThree) {
      if (text_.substr(pos_, 3) == op) {
        pos_ += 3;
        push(TokenType::Op, start, pos_);
        return;
      }
    }
    for (std::string_view op : kTwo) {
      if (text_.substr(pos_, 2) == op) {
        pos_ += 2;
        push(TokenType::Op, start, pos_);
        return;
      }
    }
    const char c = text_[pos_];
    if (kOne.find(c) == std::string_view::npos) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
        syntax_error(
            text_, pos_,
            "invalid non-printable character U+" + hex_code_point(static_cast<unsigned char>(c)));
      }
      syntax_error(text_, pos_, "invalid syntax");
    }
    if (c == '(' || c == '[' || c == '{') {
      if (brackets_.size() >= 200) syntax_error(text_, pos_, "too many nested parentheses");
      if (brackets_.size() >= max_depth_)
        throw RecursionError("literal nested deeper than " + std::to_string(max_depth_) +
                             " levels");
      brackets_.push_back(pos_);
    } else if (c == ')' || c == ']' || c == '}') {
      if (brackets_.empty()) syntax_error(text_, pos_, std::string("unmatched '") + c + "'");
      const char open = text_[brackets_.back()];
      if ((open == '(' && c != ')') || (open == '[' && c != ']') || (open == '{' && c != '}')) {
        syntax_error(text_, pos_,
                     std::string("closing parenthesis '") + c +
                         "' does not match opening parenthesis '" + open + "'");
      }
      brackets_.pop_back();
    }
    ++pos_;
    push(TokenType::Op, start, pos_);
  }

  std::string_view text_;
  std::size_t max_depth_;
  std::size_t pos_ = 0;
  std::vector<std::size_t> brackets_;  // offsets of open brackets
  std::vector<Token> tokens_;
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class StringDecoder {
 public:
  StringDecoder(std::string_view text, const Token& token) : text_(text), token_(token) {}

  StringValue run() {
    StringValue value;
    std::size_t i = 0;
    bool raw = false;
    for (; token_.text[i] != '\'' && token_.text[i] != '"'; ++i) {
      const char c = static_cast<char>(token_.text[i] | 0x20);
      raw |= c == 'r';
      value.bytes |= c == 'b';
      value.formatted |= c == 'f';
    }
    const bool triple = token_.text.size() - i >= 6 && token_.text[i + 1] == token_.text[i] &&
                        token_.text[i + 2] == token_.text[i];
    const std::size_t quote = triple ? 3 : 1;
    const std::string_view body = token_.text.substr(i + quote, token_.text.size() - i - 2 * quote);
    if (value.bytes) {
      for (unsigned char c : body) {
        if (c >= 0x80)
          syntax_error(text_, token_.offset, "bytes can only contain ASCII literal characters");
      }
    }
    value.raw = raw;
    if (raw || value.formatted) {
      value.data = body;
    } else {
      value.data = decode(body, value.bytes);
    }
    return value;
  }

 private:
  [[noreturn]] void escape_error(std::size_t from, std::size_t to, const std::string& what,
                                 bool bytes) const {
    syntax_error(
        text_, token_.offset,
        std::string("(") +
            (bytes ? "value error) "
                   : "unicode error) 'unicodeescape' codec can't decode bytes in ") +
            (bytes ? "" : "position " + std::to_string(from) + "-" + std::to_string(to) + ": ") +
            what);
  }

  // Common escapes; returns false when the escape at body[i] (after the backslash) is not one.
  static bool simple_escape(char c, std::string& out) {
    switch (c) {
      case '\n':
        return true;
      case '\\':
        out += '\\';
        return true;
      case '\'':
        out += '\'';
        return true;
      case '"':
        out += '"';
        return true;
      case 'a':
        out += '\a';
        return true;
      case 'b':
        out += '\b';
        return true;
      case 'f':
        out += '\f';
        return true;
      case 'n':
        out += '\n';
        return true;
      case 'r':
        out += '\r';
        return true;
      case 't':
        out += '\t';
        return true;
      case 'v':
        out += '\v';
        return true;
      default:
        return false;
    }
  }

  // Up to three octal digits starting at body[i]; advances i.
  static unsigned octal(std::string_view body, std::size_t& i) {
    unsigned value = 0;
    for (int n = 0; n < 3 && i < body.size() && body[i] >= '0' && body[i] <= '7'; ++n, ++i) {
      value = value * 8 + static_cast<unsigned>(body[i] - '0');
    }
    return value;
  }

 public:
  // Escapes as CPython's bytes and unicode_escape decoders read them; \u, \U and \N are unknown
  // escapes in bytes. Unknown escapes stay as they are.
  std::string decode(std::string_view body, bool bytes) const {
    std::string out;
    for (std::size_t i = 0; i < body.size();) {
      if (body[i] != '\\') {
        out += body[i++];
        continue;
      }
      const std::size_t start = i++;
      if (i == body.size()) {  // only in an f-string piece before "\{": the backslash stays
        out += '\\';
        break;
      }
      const char c = body[i];
      if (simple_escape(c, out)) {
        ++i;
      } else if (c >= '0' && c <= '7') {
        const unsigned value = octal(body, i);
        if (bytes) {
          out += static_cast<char>(value & 0xFF);
        } else {
          append_utf8(out, value);
        }
      } else if (c == 'x' || (!bytes && (c == 'u' || c == 'U'))) {
        const std::size_t digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
        char32_t cp = 0;
        std::size_t n = 0;
        for (++i; n < digits && i < body.size() && hex_value(body[i]) >= 0; ++n, ++i)
          cp = cp * 16 + hex_value(body[i]);
        if (n < digits) {
          const char* what = bytes      ? "invalid \\x escape"
                             : c == 'x' ? "truncated \\xXX escape"
                             : c == 'u' ? "truncated \\uXXXX escape"
                                        : "truncated \\UXXXXXXXX escape";
          escape_error(start, i - 1, what, bytes);
        }
        if (cp > 0x10FFFF) escape_error(start, i - 1, "illegal Unicode character", false);
        if (bytes) {
          out += static_cast<char>(cp);
        } else {
          append_utf8(out, cp);
        }
      } else if (c == 'N' && !bytes) {
        const std::size_t close = body.find('}', i);
        if (i + 1 >= body.size() || body[i + 1] != '{' || close == std::string_view::npos ||
            close == i + 2) {
          escape_error(start, std::min(i, body.size() - 1), "malformed \\N character escape",
                       false);
        }
        const auto cp = lookup_unicode_name(body.substr(i + 2, close - i - 2));
        if (!cp) escape_error(start, close, "unknown Unicode character name", false);
        append_utf8(out, *cp);
        i = close + 1;
      } else {
        out += '\\';
      }
    }
    return out;
  }

 private:
  std::string_view text_;
  const Token& token_;
};

}  // namespace

std::vector<Token> tokenize(std::string_view text, std::size_t max_depth) {
  return Tokenizer(text, max_depth).run();
}

StringValue decode_string(std::string_view text, const Token& token) {
  return StringDecoder(text, token).run();
}

std::string decode_str_escapes(std::string_view text, const Token& token, std::string_view body) {
  return StringDecoder(text, token).decode(body, false);
}

}  // namespace hog::core::detail
