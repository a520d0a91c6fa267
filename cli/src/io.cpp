// Standard input and output for the hogsim command, binary-safe and for inputs of any size.
#include <cstdio>
#include <stdexcept>
#include <string>

#include "commands.hpp"

namespace hog::cli {

std::string read_argument_or_stdin(const std::string& argument) {
  if (!argument.empty() && argument != "-") return argument;
  std::string text;
  char buffer[1 << 16];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) text.append(buffer, got);
  if (std::ferror(stdin)) throw std::runtime_error("cannot read standard input");
  return text;
}

void write_stdout(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    throw std::runtime_error("cannot write standard output");
  }
}

}  // namespace hog::cli
