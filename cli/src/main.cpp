// hogsim: the command line. Parses flags, calls the libraries, prints. Every subcommand lives in
// its own file and registers itself here; errors from the libraries become one stderr line that
// starts with the error's Python-side type name, and an exit code (see exit_codes.hpp).
#include <CLI/CLI.hpp>
#include <cstdio>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "hog/core/errors.hpp"

int main(int argc, char** argv) {
  CLI::App app{"hogsim: Groundhog-style remote execution on one machine"};
  app.footer(hog::cli::exit_code_help());
  app.require_subcommand(1);
  hog::cli::CommandAction action;
  hog::cli::add_payload_commands(app, action);
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
    std::fprintf(stderr, "%s: %s\n", error.type_name().c_str(), error.what());
    return hog::cli::kExitTooLarge;
  } catch (const hog::core::Error& error) {
    std::fprintf(stderr, "%s: %s\n", error.type_name().c_str(), error.what());
    return hog::cli::kExitBadInput;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "OSError: %s\n", error.what());
    return hog::cli::kExitIo;
  }
}
