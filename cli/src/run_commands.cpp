// `hogsim run` and `hogsim script render`: calling a function the Groundhog way from the shell.
//   run TARGET FUNCTION [--args LITERAL] [--kwargs LITERAL] [--walltime SECONDS] [--python PATH]
//       --local
//     TARGET is a .py script (the Python runner runs FUNCTION from it) or a runner binary (the C++
//     runner). Prints the function's own stdout, then repr() of the result as the last line. A
//     literal of "-" is read from standard input. A failed call prints one line on stderr that
//     starts with the error's type name, then the captured output, and exits with 6.
//   script render TARGET FUNCTION [--python PATH]
//     The rendered bash script, with its {payload} placeholder.
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/sim/errors.hpp"
#include "hog/sim/function.hpp"

namespace hog::cli {
namespace {

struct TargetFlags {
  std::string target;
  std::string function;
  std::string python = "python3";

  sim::Function make_function() const {
    const std::filesystem::path path(target);
    if (!std::filesystem::is_regular_file(path)) {
      throw std::runtime_error("TARGET " + target +
                               " is not a file (a .py script or a runner binary)");
    }
    if (path.extension() == ".py") return sim::Function::python(path, function, python);
    return sim::Function::cpp(path, function);
  }
};

void add_target_flags(CLI::App& command, TargetFlags& flags) {
  command.add_option("TARGET", flags.target, "a .py script or a C++ runner binary")->required();
  command.add_option("FUNCTION", flags.function, "the function's (dotted) name")->required();
  command.add_option("--python", flags.python, "the interpreter that runs .py targets")
      ->capture_default_str();
}

struct RunFlags {
  TargetFlags target;
  std::string args = "()";
  std::string kwargs = "{}";
  double walltime_seconds = 0;  // 0: no walltime (the flag only takes values above 0)
  bool local = false;
};

// The literal given for --args/--kwargs, or standard input for "-" (read at most once).
core::Value parse_literal(const std::string& text, std::optional<std::string>& stdin_text) {
  if (text != "-") return core::parse(text);
  if (stdin_text) throw core::ValueError("only one of --args and --kwargs can be read from stdin");
  stdin_text = read_argument_or_stdin("-");
  return core::parse(*stdin_text);
}

void print_captured(const std::string& label, const std::string& text) {
  if (text.empty()) return;
  std::fprintf(stderr, "--- %s ---\n%s%s", label.c_str(), text.c_str(),
               text.back() == '\n' ? "" : "\n");
}

int run(const RunFlags& flags) {
  std::optional<std::string> stdin_text;
  const core::Value args = parse_literal(flags.args, stdin_text);
  const core::Value kwargs = parse_literal(flags.kwargs, stdin_text);
  sim::LocalOptions options;
  if (flags.walltime_seconds > 0) {
    options.walltime = std::chrono::milliseconds(std::llround(flags.walltime_seconds * 1000.0));
  }
  const sim::Function function = flags.target.make_function();
  try {
    const sim::CallResult result = function.local(args, kwargs, options);
    std::string output = result.user_output;
    if (!output.empty() && output.back() != '\n') output += '\n';
    write_stdout(output + core::repr(result.value) + "\n");
    return kExitOk;
  } catch (const sim::LocalExecutionError& error) {
    std::fprintf(stderr, "%s: %s\n", error.type_name().c_str(), error.what());
    print_captured("stdout", error.stdout_text());
    print_captured("stderr", error.stderr_text());
    return kExitCallFailed;
  } catch (const core::DeserializationError& error) {
    std::fprintf(stderr, "%s: %s\n", error.type_name().c_str(), error.what());
    print_captured("user output", error.user_output());
    return kExitCallFailed;
  }
}

const CLI::Validator seconds(
    [](const std::string& text) {
      double value = 0;
      return CLI::detail::lexical_cast(text, value) && std::isfinite(value) && value > 0 &&
                     value < 1e9
                 ? std::string()
                 : "must be a number of seconds above 0, got " + text;
    },
    "SECONDS");

}  // namespace

void add_run_commands(CLI::App& app, CommandAction& action) {
  auto run_flags = std::make_shared<RunFlags>();
  auto* run_command = app.add_subcommand("run", "call a function through its rendered script");
  add_target_flags(*run_command, run_flags->target);
  run_command
      ->add_option("--args", run_flags->args,
                   "positional arguments: a Python tuple or list literal, - for stdin")
      ->capture_default_str();
  run_command
      ->add_option("--kwargs", run_flags->kwargs,
                   "keyword arguments: a Python dict literal, - for stdin")
      ->capture_default_str();
  run_command->add_option("--walltime", run_flags->walltime_seconds, "kill the call after SECONDS")
      ->check(seconds);
  run_command->add_flag("--local", run_flags->local, "run here, as Groundhog's .local() does")
      ->required();
  run_command->callback([run_flags, &action] { action = [run_flags] { return run(*run_flags); }; });

  auto* script = app.add_subcommand("script", "the bash script a function call runs");
  script->require_subcommand(1);
  auto render_flags = std::make_shared<TargetFlags>();
  auto* render =
      script->add_subcommand("render", "print the rendered script with its {payload} placeholder");
  add_target_flags(*render, *render_flags);
  render->callback([render_flags, &action] {
    action = [render_flags] {
      write_stdout(render_flags->make_function().command());
      return kExitOk;
    };
  });
}

}  // namespace hog::cli
