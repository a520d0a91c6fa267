// `hogsim payload dis|inspect`: look inside a payload without running it.
//   dis     [--raw FILE] [--max-output-mb X] [PAYLOAD]       pickletools.dis-style opcode listing
//   inspect [--json] [--strict] [--raw FILE] [PAYLOAD]       sizes, globals + safety verdict, tree
// PAYLOAD is envelope text ("__PICKLE__:" + base64, or JSON for inspect); missing or - reads
// standard input; --raw FILE reads raw pickle bytes from a file instead.
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "hog/core/base64.hpp"
#include "hog/core/envelope.hpp"
#include "hog/core/errors.hpp"
#include "hog/core/inspect.hpp"
#include "hog/core/pickle_dis.hpp"

namespace hog::cli {
namespace {

struct Input {
  std::string payload;
  std::string raw_file;

  void add_to(CLI::App& command) {
    auto* positional =
        command.add_option("PAYLOAD", payload, "the payload; missing or - reads standard input");
    command.add_option("--raw", raw_file, "read raw pickle bytes from this file instead")
        ->excludes(positional);
  }

  std::string read_raw() const {
    std::ifstream file(raw_file, std::ios::binary);
    if (!file) throw std::runtime_error("cannot open " + raw_file);
    std::ostringstream bytes;
    bytes << file.rdbuf();
    if (file.bad()) throw std::runtime_error("cannot read " + raw_file);
    return bytes.str();
  }

  // The pickle bytes of an envelope payload (or of --raw).
  std::string pickle_bytes() const {
    if (!raw_file.empty()) return read_raw();
    const std::string text = read_argument_or_stdin(payload);
    if (!text.starts_with(core::kPickleMarker)) {
      throw core::ValueError("not a pickle payload: it does not start with \"" +
                             std::string(core::kPickleMarker) + "\"");
    }
    return core::base64::decode_lenient(std::string_view(text).substr(core::kPickleMarker.size()));
  }
};

void add_dis(CLI::App& payload, CommandAction& action) {
  auto input = std::make_shared<Input>();
  auto max_mb = std::make_shared<double>(64);
  auto* dis = payload.add_subcommand(
      "dis", "opcode listing of a pickle payload, as Python's pickletools.dis prints it");
  input->add_to(*dis);
  dis->add_option("--max-output-mb", *max_mb, "cut the listing after this many MB (2^20 bytes)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  dis->callback([&action, input, max_mb] {
    action = [input, max_mb] {
      const std::string bytes = input->pickle_bytes();
      core::pickle::DisOptions options;
      const double max_bytes = *max_mb * 1024 * 1024;  // beyond size_t: no cap at all
      options.max_output = max_bytes >= 0x1p64 ? SIZE_MAX : static_cast<std::size_t>(max_bytes);
      const core::pickle::Disassembly listing = core::pickle::disassemble(bytes, options);
      write_stdout(listing.text);
      if (listing.error) {
        throw core::UnpicklingError(listing.error->message, listing.error->offset,
                                    listing.error->opcode);
      }
      return kExitOk;
    };
  });
}

void add_inspect(CLI::App& payload, CommandAction& action) {
  auto input = std::make_shared<Input>();
  auto as_json = std::make_shared<bool>(false);
  auto strict = std::make_shared<bool>(false);
  auto* inspect = payload.add_subcommand(
      "inspect",
      "sizes, protocol, frames, opcode histogram, type tree and the globals a payload names, with "
      "a safety verdict (exit 1 when the pickle cannot be read to its end)");
  input->add_to(*inspect);
  inspect->add_flag("--json", *as_json, "print the report as JSON");
  inspect->add_flag("--strict", *strict,
                    "exit " + std::to_string(kExitUnsafe) +
                        " when the verdict is unsafe (a global off the allow-list, or an "
                        "opcode that can run code)");
  inspect->callback([&action, input, as_json, strict] {
    action = [input, as_json, strict] {
      core::InspectReport report;
      if (!input->raw_file.empty()) {
        const std::string bytes = input->read_raw();
        report = core::inspect_pickle(std::as_bytes(std::span<const char>(bytes)));
      } else {
        report = core::inspect(read_argument_or_stdin(input->payload));
      }
      write_stdout(*as_json ? core::report_json(report) : core::format_report(report));
      if (*strict && !report.safe) return kExitUnsafe;
      return report.error ? kExitBadInput : kExitOk;
    };
  });
}

}  // namespace

void add_inspect_commands(CLI::App& app, CommandAction& action) {
  CLI::App* payload = app.get_subcommand("payload");
  add_dis(*payload, action);
  add_inspect(*payload, action);
}

}  // namespace hog::cli
