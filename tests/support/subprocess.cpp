#include "support/subprocess.hpp"

#include <sys/wait.h>
#include <unistd.h>

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
  if (!out) throw std::runtime_error("cannot write " + path.string());
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

ProcessResult run_command(const std::vector<std::string>& argv, std::string_view input) {
  char dir_template[] = "/tmp/hog-test-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) throw std::runtime_error("mkdtemp failed");
  const fs::path dir = dir_template;
  write_file(dir / "stdin", input);
  std::string command;
  for (const auto& arg : argv) command += shell_quote(arg) + " ";
  command += "< " + shell_quote((dir / "stdin").string()) + " > " + shell_quote((dir / "stdout").string()) +
             " 2> " + shell_quote((dir / "stderr").string());
  const int status = std::system(command.c_str());
  ProcessResult result;
  result.out = read_file(dir / "stdout");
  result.err = read_file(dir / "stderr");
  fs::remove_all(dir);
  if (status != -1 && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

}  // namespace hog::test
