// Reading the `--in -` payload (see stdin_payload.hpp).
#include "stdin_payload.hpp"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>

namespace hog::runner::detail {

std::string read_stdin_payload(int fd) {
  std::string text;
  std::array<char, 64 * 1024> block{};
  for (;;) {
    const ssize_t got = ::read(fd, block.data(), block.size());
    if (got > 0) {
      text.append(block.data(), static_cast<std::size_t>(got));
    } else if (got == 0) {
      break;
    } else if (errno != EINTR) {
      throw std::system_error(errno, std::generic_category(), "cannot read the payload from stdin");
    }
  }
  if (text.ends_with('\n')) text.pop_back();
  return text;
}

}  // namespace hog::runner::detail
