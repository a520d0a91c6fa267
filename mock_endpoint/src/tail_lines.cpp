#include "tail_lines.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "hog/mock/errors.hpp"

namespace hog::mock::detail {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what) {
  throw ExecutorError("cannot read task output " + path.string() + ": " + what, path);
}

// Reads exactly `length` bytes at `offset`; a short file is an error (the file shrank).
void read_at(int fd, const std::filesystem::path& path, char* out, std::size_t length,
             off_t offset) {
  while (length > 0) {
    ssize_t got = ::pread(fd, out, length, offset);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) fail(path, std::strerror(errno));
    if (got == 0) fail(path, "the file shrank while it was read");
    out += got;
    length -= static_cast<std::size_t>(got);
    offset += got;
  }
}

// Offset where the last n (> 0) lines of a file of `size` (> 0) bytes begin.
off_t start_of_last_lines(int fd, const std::filesystem::path& path, off_t size, std::size_t n,
                          std::size_t block_size) {
  std::vector<char> block(block_size);
  std::size_t newlines = 0;
  off_t end = size;
  while (end > 0) {
    auto length = static_cast<std::size_t>(std::min<off_t>(end, static_cast<off_t>(block_size)));
    off_t at = end - static_cast<off_t>(length);
    read_at(fd, path, block.data(), length, at);
    for (std::size_t i = length; i-- > 0;) {
      off_t position = at + static_cast<off_t>(i);
      // A '\n' that is the file's last byte ends the last line; any other starts the next one.
      if (block[i] == '\n' && position != size - 1 && ++newlines == n) return position + 1;
    }
    end = at;
  }
  return 0;
}

}  // namespace

std::string tail_lines(int fd, const std::filesystem::path& path, std::size_t n,
                       std::size_t block_size) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) fail(path, std::strerror(errno));
  off_t size = info.st_size;
  if (n == 0 || size == 0) return {};
  off_t start = start_of_last_lines(fd, path, size, n, std::max<std::size_t>(block_size, 1));
  std::string text(static_cast<std::size_t>(size - start), '\0');
  read_at(fd, path, text.data(), text.size(), start);
  return text;
}

}  // namespace hog::mock::detail
