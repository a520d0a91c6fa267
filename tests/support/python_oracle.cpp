#include "support/python_oracle.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "support/subprocess.hpp"

namespace hog::test {

const char* python_path() { return HOG_PYTHON; }

std::string run_python(std::string_view code, std::string_view input) {
  // The script goes through a file: programs for thousands of cases exceed the argument size limit.
  char path_template[] = "/tmp/hog-oracle-XXXXXX.py";
  const int fd = mkstemps(path_template, 3);
  if (fd < 0) throw std::runtime_error("mkstemps failed for the oracle script");
  const bool written = ::write(fd, code.data(), code.size()) == static_cast<ssize_t>(code.size());
  ::close(fd);
  ProcessResult result;
  if (written) result = run_command({HOG_PYTHON, path_template}, input);
  std::remove(path_template);
  if (!written) throw std::runtime_error("cannot write the oracle script");
  if (result.exit_code != 0) {
    throw std::runtime_error("oracle python (" + std::string(HOG_PYTHON) + ") failed with exit code " +
                             std::to_string(result.exit_code) + ": " + result.err);
  }
  return std::move(result.out);
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
