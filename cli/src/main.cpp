// hogsim: the command line. Parses flags, calls the libraries, prints.
#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"hogsim: Groundhog-style remote execution on one machine"};
  app.require_subcommand(0, 1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
