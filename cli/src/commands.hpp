// Subcommand registration for the hogsim command. Each add_* function adds its subcommands to
// the app and, when one of them is chosen on the command line, stores the work to run in `action`
// (run after parsing; it returns the exit code and may throw hog::core::Error).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace hog::cli {

using CommandAction = std::function<int()>;

void add_payload_commands(CLI::App& app, CommandAction& action);
void add_demo_command(CLI::App& app, CommandAction& action);
// `payload dis` and `payload inspect`; call after add_payload_commands.
void add_inspect_commands(CLI::App& app, CommandAction& action);

// `run` (a call through .local()) and `script render`.
void add_run_commands(CLI::App& app, CommandAction& action);

// The text of a positional argument: the argument itself, or all of standard input when it is
// missing or "-".
std::string read_argument_or_stdin(const std::string& argument);
// Writes all of `text` to standard output; std::runtime_error when it cannot.
void write_stdout(const std::string& text);

}  // namespace hog::cli
