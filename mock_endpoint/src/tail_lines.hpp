// tail_lines: the last N lines of an open file, read backwards in fixed-size blocks, so memory is
// bounded by the answer (plus one block), never by the file.
//
// A line ends after each '\n'; a final piece without '\n' is a line too (as Python's readlines()).
// The answer is those lines' bytes, unchanged. n = 0 or an empty file gives "". Reads with pread
// (the descriptor's offset is untouched). Throws ExecutorError naming `path` when reading fails.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace hog::mock::detail {

inline constexpr std::size_t kTailBlockSize = 64 * 1024;

std::string tail_lines(int fd, const std::filesystem::path& path, std::size_t n,
                       std::size_t block_size = kTailBlockSize);

}  // namespace hog::mock::detail
