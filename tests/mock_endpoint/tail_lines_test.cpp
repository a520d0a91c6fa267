// tail_lines, the backwards line reader behind ShellResult snippets: hand-written edge cases and a
// property against a forward-splitting model, with tiny block sizes so lines cross block edges.
#include "tail_lines.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "hog/mock/errors.hpp"

namespace hog::mock::detail {
namespace {

// A temporary file holding `text`, removed on destruction.
class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    fd_ = ::mkstemp(path_.data());
    if (fd_ < 0) throw std::runtime_error("mkstemp failed");
    if (!text.empty() &&
        ::write(fd_, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
      throw std::runtime_error("write failed");
    }
  }
  ~TempFile() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  int fd() const { return fd_; }
  const char* path() const { return path_.c_str(); }

 private:
  std::string path_ = "/tmp/hog-tail-XXXXXX";
  int fd_ = -1;
};

std::string tail_of(const std::string& text, std::size_t n, std::size_t block = kTailBlockSize) {
  TempFile file(text);
  return tail_lines(file.fd(), file.path(), n, block);
}

// The model: split forwards into lines that keep their '\n' (a last piece without one is a line),
// then join the last n.
std::string model_tail(const std::string& text, std::size_t n) {
  std::vector<std::string> lines;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      lines.push_back(text.substr(begin, i + 1 - begin));
      begin = i + 1;
    }
  }
  if (begin < text.size()) lines.push_back(text.substr(begin));
  std::string joined;
  for (std::size_t i = lines.size() - std::min(n, lines.size()); i < lines.size(); ++i) {
    joined += lines[i];
  }
  return joined;
}

// Hand-written cases: {text, n, expected}.
struct TailCase {
  std::string text;
  std::size_t n;
  std::string expected;
};

TEST(TailLines, HandWrittenCases) {
  const TailCase cases[] = {
      // The last lines, each with its newline.
      {"1\n2\n3\n4\n", 2, "3\n4\n"},
      {"1\n2\n3\n4\n", 4, "1\n2\n3\n4\n"},
      {"1\n2\n3\n4\n", 9, "1\n2\n3\n4\n"},
      // A final piece without newline is a line.
      {"a\nb\nc", 1, "c"},
      {"a\nb\nc", 2, "b\nc"},
      {"abc", 1, "abc"},
      // Empty lines count.
      {"\n", 1, "\n"},
      {"\n\n\n", 2, "\n\n"},
      {"x\n\n", 1, "\n"},
      // Zero lines, or an empty file: nothing.
      {"a\nb\n", 0, ""},
      {"", 0, ""},
      {"", 5, ""},
      // Only '\n' ends a line; '\r', NUL and non-UTF-8 bytes are kept as they are.
      {"a\r\nb\rc\r\n", 1, "b\rc\r\n"},
      {std::string("x\n\0\xff\n", 5), 1, std::string("\0\xff\n", 3)},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(tail_of(c.text, c.n), c.expected)
        << "n=" << c.n << " text=" << ::testing::PrintToString(c.text);
  }
}

TEST(TailLines, UnreadableDescriptorIsAnExecutorErrorNamingThePath) {
  try {
    tail_lines(-1, "/some/task.stdout", 3);
    FAIL() << "no error";
  } catch (const ExecutorError& error) {
    EXPECT_EQ(error.type_name(), "ExecutorError");
    EXPECT_NE(std::string(error.what()).find("/some/task.stdout"), std::string::npos);
  }
}

RC_GTEST_PROP(TailLinesProperties, EqualsTheForwardModelForAnyBlockSize, ()) {
  auto text = *rc::gen::container<std::string>(rc::gen::element('a', 'b', '\n', '\r', '\0'));
  auto n = *rc::gen::inRange<std::size_t>(0, 40);
  auto block = *rc::gen::inRange<std::size_t>(1, 20);
  RC_ASSERT(tail_of(text, n, block) == model_tail(text, n));
}

}  // namespace
}  // namespace hog::mock::detail
