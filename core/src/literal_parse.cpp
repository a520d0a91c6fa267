// Python 3.11's expression grammar ('eval' mode) over the tokens of literal text, building the
// AstNode tree literal_eval walks. Non-literal expressions (names, calls, operators,
// comprehensions, lambdas, ...) are parsed so that well-formed ones reach evaluation and raise
// ValueError there, as in CPython, while ill-formed text raises SyntaxError here.
#include <string>

#include "hog/core/errors.hpp"
#include "literal_ast.hpp"

namespace hog::core::detail {
namespace {

constexpr std::size_t kMaxRecursion = 1000;  // nested expression rules (brackets stop at 200)

constexpr std::string_view kKeywords[] = {
    "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
    "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
    "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
    "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};

bool is_keyword_text(std::string_view word) {
  for (std::string_view k : kKeywords) {
    if (k == word) return true;
  }
  return false;
}

using Type = AstNode::Type;

class Parser {
 public:
  Parser(std::string_view text, const std::vector<Token>& tokens, std::size_t max_int_digits)
      : text_(text), tokens_(tokens), max_int_digits_(max_int_digits) {}

  SyntaxTree run() {
    tree_.root = expressions();
    while (tok().type == TokenType::Newline) ++pos_;
    if (tok().type != TokenType::End) fail("invalid syntax");
    return std::move(tree_);
  }

 private:
  struct Guard {
    explicit Guard(Parser& parser) : p(parser) {
      if (++p.depth_ > kMaxRecursion) throw RecursionError("literal expression nested too deeply");
    }
    ~Guard() { --p.depth_; }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    Parser& p;
  };

  const Token& tok(std::size_t ahead = 0) const {
    const std::size_t i = pos_ + ahead;
    return tokens_[i < tokens_.size() ? i : tokens_.size() - 1];
  }
  bool is_op(std::string_view op, std::size_t ahead = 0) const {
    return tok(ahead).type == TokenType::Op && tok(ahead).text == op;
  }
  bool is_keyword(std::string_view word, std::size_t ahead = 0) const {
    return tok(ahead).type == TokenType::Name && tok(ahead).text == word;
  }
  bool is_plain_name(std::size_t ahead = 0) const {
    return tok(ahead).type == TokenType::Name && !is_keyword_text(tok(ahead).text);
  }
  [[noreturn]] void fail(const std::string& message) const {
    syntax_error(text_, tok().offset, message);
  }
  void expect_op(std::string_view op) {
    if (!is_op(op)) fail("invalid syntax");
    ++pos_;
  }

  bool starts_expression() const {
    const Token& t = tok();
    switch (t.type) {
      case TokenType::Number:
      case TokenType::String:
        return true;
      case TokenType::Name:
        return !is_keyword_text(t.text) || t.text == "True" || t.text == "False" ||
               t.text == "None" || t.text == "not" || t.text == "lambda" || t.text == "await";
      case TokenType::Op:
        return t.text == "(" || t.text == "[" || t.text == "{" || t.text == "-" || t.text == "+" ||
               t.text == "~" || t.text == "...";
      default:
        return false;
    }
  }

  int add(AstNode node) {
    tree_.nodes.push_back(std::move(node));
    return static_cast<int>(tree_.nodes.size() - 1);
  }
  int other(const char* ast_class, std::size_t offset) {
    AstNode node;
    node.type = Type::Other;
    node.name = ast_class;
    node.offset = offset;
    return add(std::move(node));
  }
  int sequence(Type type, std::vector<int> children, std::size_t offset) {
    AstNode node;
    node.type = type;
    node.children = std::move(children);
    node.offset = offset;
    return add(std::move(node));
  }
  bool is_starred(int node) const {
    return tree_.nodes[node].type == Type::Other && tree_.nodes[node].name == "Starred";
  }

  // expressions: the top level of 'eval' input, where a comma makes a tuple without parentheses
  // (no starred items: "*a," is a SyntaxError there). star_expressions, as after `yield`, allows
  // them.
  int expressions(bool starred = false) {
    const std::size_t start = tok().offset;
    const int first = starred ? star_expression() : expression();
    if (!is_op(",")) {
      if (is_starred(first)) syntax_error(text_, start, "can't use starred expression here");
      return first;
    }
    std::vector<int> items{first};
    while (is_op(",")) {
      ++pos_;
      if (!starts_expression() && !(starred && is_op("*"))) break;
      items.push_back(starred ? star_expression() : expression());
    }
    return sequence(Type::Tuple, std::move(items), start);
  }

  int star_expression() {
    if (!is_op("*")) return expression();
    const std::size_t start = tok().offset;
    ++pos_;
    bitwise_or();
    return other("Starred", start);
  }

  int star_named_expression() {
    if (!is_op("*")) return named_expression();
    const std::size_t start = tok().offset;
    ++pos_;
    bitwise_or();
    return other("Starred", start);
  }

  int named_expression() {
    const std::size_t start = tok().offset;
    if (is_plain_name() && is_op(":=", 1)) {
      pos_ += 2;
      expression();
      return other("NamedExpr", start);
    }
    const int node = expression();
    if (is_op(":=")) fail("invalid syntax");
    return node;
  }

  int expression() {
    Guard guard(*this);
    const std::size_t start = tok().offset;
    if (is_keyword("lambda")) return lambda();
    const int body = disjunction();
    if (!is_keyword("if")) return body;
    ++pos_;
    disjunction();
    if (!is_keyword("else")) fail("expected 'else' after 'if' expression");
    ++pos_;
    expression();
    return other("IfExp", start);
  }

  int lambda() {
    const std::size_t start = tok().offset;
    ++pos_;
    while (!is_op(":")) {
      if (is_op("*")) {
        ++pos_;
        if (is_plain_name()) ++pos_;
      } else if (is_op("**")) {
        ++pos_;
        if (!is_plain_name()) fail("invalid syntax");
        ++pos_;
      } else if (is_op("/")) {
        ++pos_;
      } else if (is_plain_name()) {
        ++pos_;
        if (is_op("=")) {
          ++pos_;
          expression();
        }
      } else {
        fail("invalid syntax");
      }
      if (!is_op(",")) break;
      ++pos_;
    }
    expect_op(":");
    expression();
    return other("Lambda", start);
  }

  int disjunction() { return boolean("or", &Parser::conjunction); }
  int conjunction() { return boolean("and", &Parser::inversion); }
  int boolean(std::string_view word, int (Parser::*operand)()) {
    const std::size_t start = tok().offset;
    const int first = (this->*operand)();
    if (!is_keyword(word)) return first;
    while (is_keyword(word)) {
      ++pos_;
      (this->*operand)();
    }
    return other("BoolOp", start);
  }

  int inversion() {
    const std::size_t start = tok().offset;
    bool negated = false;
    while (is_keyword("not")) {
      ++pos_;
      negated = true;
    }
    const int node = comparison();
    return negated ? other("UnaryOp", start) : node;
  }

  bool comparison_operator() {
    static constexpr std::string_view kOps[] = {"<", ">", "==", ">=", "<=", "!="};
    for (std::string_view op : kOps) {
      if (is_op(op)) {
        ++pos_;
        return true;
      }
    }
    if (is_keyword("in")) {
      ++pos_;
      return true;
    }
    if (is_keyword("not") && is_keyword("in", 1)) {
      pos_ += 2;
      return true;
    }
    if (is_keyword("is")) {
      ++pos_;
      if (is_keyword("not")) ++pos_;
      return true;
    }
    return false;
  }

  int comparison() {
    const std::size_t start = tok().offset;
    const int first = bitwise_or();
    bool compared = false;
    while (comparison_operator()) {
      bitwise_or();
      compared = true;
    }
    return compared ? other("Compare", start) : first;
  }

  // Left-associative binary operators; + and - keep their operands (complex literals use them).
  int binary(std::initializer_list<std::string_view> ops, int (Parser::*operand)()) {
    const std::size_t start = tok().offset;
    int left = (this->*operand)();
    while (true) {
      std::string_view found;
      for (std::string_view op : ops) {
        if (is_op(op)) found = op;
      }
      if (found.empty()) return left;
      ++pos_;
      const int right = (this->*operand)();
      if (found == "+" || found == "-") {
        AstNode node;
        node.type = Type::BinOp;
        node.op = found[0];
        node.children = {left, right};
        node.offset = start;
        left = add(std::move(node));
      } else {
        left = other("BinOp", start);
      }
    }
  }
  int bitwise_or() { return binary({"|"}, &Parser::bitwise_xor); }
  int bitwise_xor() { return binary({"^"}, &Parser::bitwise_and); }
  int bitwise_and() { return binary({"&"}, &Parser::shift); }
  int shift() { return binary({"<<", ">>"}, &Parser::sum); }
  int sum() { return binary({"+", "-"}, &Parser::term); }
  int term() { return binary({"*", "/", "//", "%", "@"}, &Parser::factor); }

  // Unary operators are collected in a loop: a long run of them costs no stack.
  int factor() {
    Guard guard(*this);
    std::vector<std::pair<char, std::size_t>> ops;
    while (is_op("+") || is_op("-") || is_op("~")) {
      ops.emplace_back(tok().text[0], tok().offset);
      ++pos_;
    }
    int node = power();
    for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
      if (it->first == '~') {
        node = other("UnaryOp", it->second);
        continue;
      }
      AstNode unary;
      unary.type = Type::UnaryOp;
      unary.op = it->first;
      unary.children = {node};
      unary.offset = it->second;
      node = add(std::move(unary));
    }
    return node;
  }

  int power() {
    const std::size_t start = tok().offset;
    int base;
    if (is_keyword("await")) {
      ++pos_;
      primary();
      base = other("Await", start);
    } else {
      base = primary();
    }
    if (!is_op("**")) return base;
    ++pos_;
    factor();
    return other("BinOp", start);
  }

  int primary() {
    const std::size_t start = tok().offset;
    int node = atom();
    while (true) {
      if (is_op(".")) {
        ++pos_;
        if (!is_plain_name()) fail("invalid syntax");
        const std::string_view attribute = tok().text;
        ++pos_;
        const int base = node;
        node = other("Attribute", start);
        tree_.nodes[node].children.push_back(base);
        tree_.nodes[node].attribute = attribute;
      } else if (is_op("(")) {
        node = call(node, start);
      } else if (is_op("[")) {
        ++pos_;
        slices();
        expect_op("]");
        node = other("Subscript", start);
      } else {
        return node;
      }
    }
  }

  int call(int callee, std::size_t start) {
    AstNode node;
    node.type = Type::Call;
    node.offset = start;
    if (tree_.nodes[callee].type == Type::Name) node.name = tree_.nodes[callee].name;
    node.callee = callee;
    ++pos_;
    bool keywords = false, double_star = false;
    while (!is_op(")")) {
      if (is_op("*")) {
        if (double_star) fail("iterable argument unpacking follows keyword argument unpacking");
        ++pos_;
        expression();
        node.plain_call = false;
      } else if (is_op("**")) {
        ++pos_;
        expression();
        node.plain_call = false;
        double_star = true;
      } else if (is_plain_name() && is_op("=", 1)) {
        const std::string_view keyword = tok().text;
        pos_ += 2;
        node.keywords.emplace_back(keyword, expression());
        node.plain_call = false;
        keywords = true;
      } else {
        if (double_star) fail("positional argument follows keyword argument unpacking");
        if (keywords) fail("positional argument follows keyword argument");
        const bool first = node.children.empty() && node.plain_call;
        node.children.push_back(named_expression());
        if (at_comprehension()) {
          comprehension();
          node.plain_call = false;
          if (!first || !is_op(")")) fail("Generator expression must be parenthesized");
        }
      }
      if (!is_op(",")) break;
      ++pos_;
    }
    expect_op(")");
    return add(std::move(node));
  }

  void slices() {
    while (true) {
      slice();
      if (!is_op(",")) return;
      ++pos_;
      if (is_op("]")) return;
    }
  }
  void slice() {
    if (is_op("*")) {
      ++pos_;
      bitwise_or();
      return;
    }
    if (!is_op(":")) {
      named_expression();
      if (!is_op(":")) return;
    }
    ++pos_;
    if (starts_expression()) expression();
    if (!is_op(":")) return;
    ++pos_;
    if (starts_expression()) expression();
  }

  bool at_comprehension() const {
    return is_keyword("for") || (is_keyword("async") && is_keyword("for", 1));
  }
  void comprehension() {
    while (at_comprehension()) {
      if (is_keyword("async")) ++pos_;
      ++pos_;
      while (true) {
        if (is_op("*")) ++pos_;
        bitwise_or();
        if (!is_op(",")) break;
        ++pos_;
        if (is_keyword("in")) break;
      }
      if (!is_keyword("in")) fail("invalid syntax");
      ++pos_;
      disjunction();
      while (is_keyword("if")) {
        ++pos_;
        disjunction();
      }
    }
  }

  int atom() {
    const Token& t = tok();
    AstNode node;
    node.offset = t.offset;
    node.type = Type::Constant;
    switch (t.type) {
      case TokenType::Number:
        node.number = number_value(text_, t, max_int_digits_);
        node.constant = node.number.type == NumberValue::Type::Int ? AstNode::ConstantKind::Int
                        : node.number.type == NumberValue::Type::Float
                            ? AstNode::ConstantKind::Float
                            : AstNode::ConstantKind::Imaginary;
        ++pos_;
        return add(std::move(node));
      case TokenType::String:
        return strings();
      case TokenType::Name:
        if (t.text == "True" || t.text == "False" || t.text == "None") {
          node.constant = t.text == "True"    ? AstNode::ConstantKind::True
                          : t.text == "False" ? AstNode::ConstantKind::False
                                              : AstNode::ConstantKind::None;
          ++pos_;
          return add(std::move(node));
        }
        if (is_keyword_text(t.text)) fail("invalid syntax");
        node.type = Type::Name;
        node.name = t.text;
        ++pos_;
        return add(std::move(node));
      case TokenType::Op:
        if (t.text == "(") return parenthesized();
        if (t.text == "[") return list();
        if (t.text == "{") return braced();
        if (t.text == "...") {
          node.constant = AstNode::ConstantKind::Ellipsis;
          ++pos_;
          return add(std::move(node));
        }
        break;
      default:
        break;
    }
    fail("invalid syntax");
  }

  // Adjacent string literals concatenate; bytes and str do not mix; any f-string makes a JoinedStr.
  int strings() {
    AstNode node;
    node.type = Type::Constant;
    node.offset = tok().offset;
    bool formatted = false, first = true, bytes = false;
    while (tok().type == TokenType::String) {
      StringValue value = decode_string(text_, tok());
      if (!first && value.bytes != bytes) fail("cannot mix bytes and nonbytes literals");
      bytes = value.bytes;
      first = false;
      if (value.formatted) check_fstring(text_, tok(), value.data, value.raw, max_int_digits_);
      formatted |= value.formatted;
      node.data += value.data;
      ++pos_;
    }
    if (formatted) return other("JoinedStr", node.offset);
    node.constant = bytes ? AstNode::ConstantKind::Bytes : AstNode::ConstantKind::Str;
    return add(std::move(node));
  }

  int parenthesized() {
    const std::size_t start = tok().offset;
    ++pos_;
    if (is_op(")")) {
      ++pos_;
      return sequence(Type::Tuple, {}, start);
    }
    if (is_keyword("yield")) {
      ++pos_;
      if (is_keyword("from")) {
        ++pos_;
        expression();
      } else if (starts_expression() || is_op("*")) {
        expressions(true);
      }
      expect_op(")");
      return other("Yield", start);
    }
    const int first = star_named_expression();
    if (at_comprehension()) {
      if (is_starred(first)) fail("iterable unpacking cannot be used in comprehension");
      comprehension();
      expect_op(")");
      return other("GeneratorExp", start);
    }
    if (is_op(")")) {
      if (is_starred(first)) fail("cannot use starred expression here");
      ++pos_;
      return first;
    }
    std::vector<int> items{first};
    while (is_op(",")) {
      ++pos_;
      if (is_op(")")) break;
      items.push_back(star_named_expression());
    }
    expect_op(")");
    return sequence(Type::Tuple, std::move(items), start);
  }

  int list() {
    const std::size_t start = tok().offset;
    ++pos_;
    std::vector<int> items;
    if (!is_op("]")) {
      items.push_back(star_named_expression());
      if (at_comprehension()) {
        if (is_starred(items[0])) fail("iterable unpacking cannot be used in comprehension");
        comprehension();
        expect_op("]");
        return other("ListComp", start);
      }
      while (is_op(",")) {
        ++pos_;
        if (is_op("]")) break;
        items.push_back(star_named_expression());
      }
    }
    expect_op("]");
    return sequence(Type::List, std::move(items), start);
  }

  int braced() {
    const std::size_t start = tok().offset;
    ++pos_;
    if (is_op("}")) {
      ++pos_;
      return sequence(Type::Dict, {}, start);
    }
    if (is_op("**")) return dict(start, -1);
    const int first = star_named_expression();
    if (is_op(":")) {
      const AstNode& key = tree_.nodes[first];
      if (key.type == Type::Other && (key.name == "Starred" || key.name == "NamedExpr"))
        fail("invalid syntax");
      return dict(start, first);
    }
    std::vector<int> items{first};
    if (at_comprehension()) {
      if (is_starred(first)) fail("iterable unpacking cannot be used in comprehension");
      comprehension();
      expect_op("}");
      return other("SetComp", start);
    }
    while (is_op(",")) {
      ++pos_;
      if (is_op("}")) break;
      items.push_back(star_named_expression());
    }
    expect_op("}");
    return sequence(Type::Set, std::move(items), start);
  }

  // A dict display; first_key is the already parsed first key, or -1.
  int dict(std::size_t start, int first_key) {
    std::vector<int> items;
    while (true) {
      if (first_key >= 0) {
        items.push_back(first_key);
        first_key = -1;
        value_after_key(items);
        if (at_comprehension()) {
          comprehension();
          expect_op("}");
          return other("DictComp", start);
        }
      } else if (is_op("**")) {
        ++pos_;
        items.push_back(-1);
        items.push_back(bitwise_or());
      } else {
        items.push_back(expression());
        value_after_key(items);
      }
      if (!is_op(",")) break;
      ++pos_;
      if (is_op("}")) break;
    }
    expect_op("}");
    return sequence(Type::Dict, std::move(items), start);
  }

  void value_after_key(std::vector<int>& items) {
    if (!is_op(":")) fail("':' expected after dictionary key");
    ++pos_;
    if (!starts_expression()) fail("expression expected after dictionary key and ':'");
    items.push_back(expression());
  }

  std::string_view text_;
  const std::vector<Token>& tokens_;
  std::size_t max_int_digits_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
  SyntaxTree tree_;
};

}  // namespace

SyntaxTree parse_syntax(std::string_view text, const std::vector<Token>& tokens,
                        std::size_t max_int_digits) {
  return Parser(text, tokens, max_int_digits).run();
}

}  // namespace hog::core::detail
