// f-strings are never literals, but CPython 3.11 parses them while building the AST, so a broken
// one is a SyntaxError rather than literal_eval's ValueError. This checks an f-string body the
// way 3.11's fstring_find_literal / fstring_find_expr do: doubled braces, \N{...} in literal
// parts, replacement fields with a balanced expression (no backslash, no '#'), an optional '=',
// a conversion !s/!r/!a, a format spec with fields nested at most two deep, and each expression
// parsed as "(expression)" by the literal grammar.
#include <string>

#include "hog/core/errors.hpp"
#include "literal_ast.hpp"

namespace hog::core::detail {
namespace {

class FStringChecker {
 public:
  FStringChecker(std::string_view text, const Token& token, std::string_view body, bool raw,
                 std::size_t max_int_digits)
      : text_(text), token_(token), body_(body), raw_(raw), max_int_digits_(max_int_digits) {}

  void run() {
    parse(0);
    if (pos_ < body_.size()) fail("single '}' is not allowed");
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    syntax_error(text_, token_.offset, "f-string: " + message);
  }
  [[noreturn]] void fail_plain(const std::string& message) const {
    syntax_error(text_, token_.offset, message);
  }

  // Literal text and fields up to the end, or (in a format spec, level > 0) up to a '}'.
  void parse(int level) {
    while (pos_ < body_.size()) {
      const std::size_t literal_start = pos_;
      bool field = false;
      while (pos_ < body_.size()) {
        const char c = body_[pos_];
        if (!raw_ && c == '\\' && pos_ + 1 < body_.size()) {
          const char next = body_[pos_ + 1];
          if (next == '{' || next == '}') {  // the backslash stays; the brace counts as a brace
            ++pos_;
            continue;
          }
          pos_ += 2;
          if (next == 'N' && pos_ < body_.size() && body_[pos_] == '{') {
            while (pos_ < body_.size() && body_[pos_++] != '}') {
            }
          }
          continue;
        }
        if (c == '{' || c == '}') {
          if (level == 0 && pos_ + 1 < body_.size() && body_[pos_ + 1] == c) {
            pos_ += 2;
            continue;
          }
          if (level == 0 && c == '}') fail("single '}' is not allowed");
          field = c == '{';
          break;
        }
        ++pos_;
      }
      if (!raw_)
        decode_str_escapes(text_, token_, body_.substr(literal_start, pos_ - literal_start));
      if (!field) return;  // the end, or the '}' closing a format spec
      replacement_field(level);
    }
  }

  void replacement_field(int level) {
    if (level >= 2) fail("expressions nested too deeply");
    const std::size_t start = ++pos_;
    std::string brackets;
    char quote = 0;
    bool triple = false;
    for (; pos_ < body_.size(); ++pos_) {
      const char c = body_[pos_];
      const char next = pos_ + 1 < body_.size() ? body_[pos_ + 1] : '\0';
      if (c == '\\') fail_plain("f-string expression part cannot include a backslash");
      if (quote) {
        if (c == quote && !triple) {
          quote = 0;
        } else if (c == quote && body_.substr(pos_, 3) == std::string(3, quote)) {
          pos_ += 2;
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        triple = body_.substr(pos_, 3) == std::string(3, c);
        if (triple) pos_ += 2;
        quote = c;
      } else if (c == '(' || c == '[' || c == '{') {
        if (brackets.size() >= 200) fail("too many nested parenthesis");
        brackets += c;
      } else if (c == '#') {
        fail_plain("f-string expression part cannot include '#'");
      } else if (brackets.empty() &&
                 (c == '!' || c == ':' || c == '}' || c == '=' || c == '>' || c == '<')) {
        if (next == '=' && c != ':' && c != '}') {
          ++pos_;  // !=, ==, <=, >=
          continue;
        }
        if (c == '>' || c == '<') continue;
        break;
      } else if (c == ')' || c == ']' || c == '}') {
        if (brackets.empty()) fail(std::string("unmatched '") + c + "'");
        const char open = brackets.back();
        brackets.pop_back();
        if ((open == '(') != (c == ')') || (open == '[') != (c == ']')) {
          fail(std::string("closing parenthesis '") + c + "' does not match opening parenthesis '" +
               open + "'");
        }
      }
    }
    if (quote) fail("unterminated string");
    if (!brackets.empty()) fail(std::string("unmatched '") + brackets.back() + "'");
    if (pos_ >= body_.size()) fail("expecting '}'");
    compile(body_.substr(start, pos_ - start));
    if (body_[pos_] == '=') {
      ++pos_;
      while (pos_ < body_.size() &&
             std::string_view(" \t\n\r\f\v").find(body_[pos_]) != std::string_view::npos) {
        ++pos_;
      }
      if (pos_ >= body_.size()) fail("expecting '}'");
    }
    if (body_[pos_] == '!') {
      if (++pos_ >= body_.size()) fail("expecting '}'");
      const char conversion = body_[pos_++];
      if (conversion != 's' && conversion != 'r' && conversion != 'a') {
        fail("invalid conversion character: expected 's', 'r', or 'a'");
      }
    }
    if (pos_ < body_.size() && body_[pos_] == ':') {
      if (++pos_ >= body_.size()) fail("expecting '}'");
      parse(level + 1);
    }
    if (pos_ >= body_.size() || body_[pos_] != '}') fail("expecting '}'");
    ++pos_;
  }

  // The expression must parse as "(expression)"; its errors become "f-string: ..." errors.
  void compile(std::string_view expression) const {
    if (expression.find_first_not_of(" \t\n\f") == std::string_view::npos) {
      const char after = body_[pos_];
      if (after == '!' || after == ':' || after == '=') {
        fail(std::string("expression required before '") + after + "'");
      }
      fail("empty expression not allowed");
    }
    const std::string source = "(" + std::string(expression) + ")";
    try {
      parse_syntax(source, tokenize(source, 200), max_int_digits_);
    } catch (const SyntaxError& e) {
      const std::string what = e.what();
      fail(what.substr(0, what.rfind(" (line ")));
    }
  }

  std::string_view text_;
  const Token& token_;
  std::string_view body_;
  bool raw_;
  std::size_t max_int_digits_;
  std::size_t pos_ = 0;
};

}  // namespace

void check_fstring(std::string_view text, const Token& token, std::string_view body, bool raw,
                   std::size_t max_int_digits) {
  FStringChecker(text, token, body, raw, max_int_digits).run();
}

}  // namespace hog::core::detail
