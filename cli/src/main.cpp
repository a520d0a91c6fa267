// hogsim: the command line. Parses flags, calls the libraries, prints. Every subcommand lives in
// its own file and registers itself here; errors from the libraries become one stderr line that
// starts with the error's Python-side type name, and an exit code (see exit_codes.hpp).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "hog/core/errors.hpp"

namespace {

// Errors are one line on stderr: "<TypeName>: <message>", newlines in the message escaped.
void print_error(const std::string& type_name, const char* message) {
  std::string line = type_name + ": ";
  for (const char* c = message; *c != '\0'; ++c) {
    if (*c == '\n') {
      line += "\\n";
    } else {
      line += *c;
    }
  }
  std::fprintf(stderr, "%s\n", line.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hogsim: Groundhog-style remote execution on one machine"};
  app.footer(hog::cli::exit_code_help());
  app.require_subcommand(1);
  hog::cli::CommandAction action;
  hog::cli::add_payload_commands(app, action);
  hog::cli::add_inspect_commands(app, action);
  hog::cli::add_run_commands(app, action);
  hog::cli::add_demo_command(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : hog::cli::kExitUsage;
  }
  try {
    return action();
  } catch (const hog::core::PayloadTooLargeError& error) {
    print_error(error.type_name(), error.what());
    return hog::cli::kExitTooLarge;
  } catch (const hog::core::Error& error) {
    print_error(error.type_name(), error.what());
    return hog::cli::kExitBadInput;
  } catch (const std::exception& error) {
    print_error("OSError", error.what());
    return hog::cli::kExitIo;
  }
}
