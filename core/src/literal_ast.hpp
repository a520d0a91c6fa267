// The syntax tree of one literal text: as much of Python's AST as ast.literal_eval looks at.
//
// Contract: parse_syntax() accepts exactly the token sequences CPython 3.11's parser accepts in
// 'eval' mode for the expressions literal text can meet (all of Python's expression grammar
// except a few rarities, which raise SyntaxError although CPython would raise ValueError later),
// and raises SyntaxError with CPython's message where it can. String and number tokens are decoded
// here, so every SyntaxError comes before any error of evaluation, as in ast.literal_eval.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "literal_syntax.hpp"

namespace hog::core::detail {

struct AstNode {
  enum class Type : std::uint8_t {
    Constant,  // constant below
    Tuple,
    List,
    Set,
    Dict,     // children: key, value, key, value ...; a key of -1 is `**mapping`
    Call,     // name: the callee's name when it is a plain name ("" otherwise); callee; children:
              // positional arguments; keywords: name=value arguments
    Name,     // name
    UnaryOp,  // op '+' or '-'; children: operand
    BinOp,    // op '+' or '-'; children: left, right
    Other,    // any other expression; name: its ast class ("Attribute", "Starred", ...); an
              // Attribute has its object as only child and its name in `attribute`
  };
  enum class ConstantKind : std::uint8_t {
    None,
    True,
    False,
    Ellipsis,
    Int,
    Float,
    Imaginary,
    Str,
    Bytes
  };

  Type type = Type::Other;
  std::size_t offset = 0;  // where the node starts in the text (messages give its line)
  std::string_view name;   // a view of the text, or of a static ast class name
  char op = 0;
  bool plain_call = true;  // Call: positional arguments only (no keywords, *, ** or generator)
  std::vector<int> children;
  int callee = -1;                                         // Call
  std::vector<std::pair<std::string_view, int>> keywords;  // Call
  std::string_view attribute;                              // Attribute
  ConstantKind constant = ConstantKind::None;
  NumberValue number;  // Int, Float, Imaginary
  std::string data;    // Str (UTF-8), Bytes
};

struct SyntaxTree {
  std::vector<AstNode> nodes;
  int root = -1;
};

SyntaxTree parse_syntax(std::string_view text, const std::vector<Token>& tokens,
                        std::size_t max_int_digits);

// Raises SyntaxError where CPython 3.11 rejects the f-string whose token is `token` and whose
// undecoded body is `body` (literal_fstring.cpp).
void check_fstring(std::string_view text, const Token& token, std::string_view body, bool raw,
                   std::size_t max_int_digits);

}  // namespace hog::core::detail
