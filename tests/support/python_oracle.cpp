#include "support/python_oracle.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace hog::test {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_file(const fs::path& path, std::string_view data) {
  std::ofstream out(path, std::ios::binary);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  if (!out) throw std::runtime_error("cannot write oracle file " + path.string());
}

std::string shell_quote(const std::string& s) {
  std::string quoted = "'";
  for (char c : s) {
    if (c == '\'') quoted += "'\\''";
    else quoted += c;
  }
  return quoted + "'";
}

}  // namespace

const char* python_path() { return HOG_PYTHON; }

std::string run_python(std::string_view code, std::string_view input) {
  char dir_template[] = "/tmp/hog-oracle-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) throw std::runtime_error("mkdtemp failed for the oracle");
  const fs::path dir = dir_template;
  write_file(dir / "script.py", code);
  write_file(dir / "stdin", input);
  const std::string command = shell_quote(HOG_PYTHON) + " " + shell_quote((dir / "script.py").string()) +
                              " < " + shell_quote((dir / "stdin").string()) + " > " +
                              shell_quote((dir / "stdout").string()) + " 2> " +
                              shell_quote((dir / "stderr").string());
  const int status = std::system(command.c_str());
  std::string out = read_file(dir / "stdout");
  std::string err = read_file(dir / "stderr");
  fs::remove_all(dir);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("oracle python (" + std::string(HOG_PYTHON) + ") failed: " + err);
  }
  return out;
}

std::string to_hex(std::string_view bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    hex += digits[c >> 4];
    hex += digits[c & 15];
  }
  return hex;
}

std::string from_hex(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw std::runtime_error(std::string("bad hex digit '") + c + "'");
  };
  if (hex.size() % 2) throw std::runtime_error("odd-length hex string");
  std::string bytes(hex.size() / 2, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = static_cast<char>(nibble(hex[2 * i]) * 16 + nibble(hex[2 * i + 1]));
  }
  return bytes;
}

}  // namespace hog::test
