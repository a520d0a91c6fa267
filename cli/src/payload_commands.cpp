// `hogsim payload encode|decode|convert`: the envelope from the command line.
//   encode  [--protocol N] [--limit-mb X | --no-limit] [LITERAL]   literal text -> envelope
//   decode  [--stdout] [PAYLOAD]                                   envelope or JSON -> repr()
//   convert [--protocol N] [--limit-mb X | --no-limit] [PAYLOAD]   decode, re-encode (sharing kept)
//   split   [--chunks N] [--protocol N] [--limit-mb X | --no-limit] [PAYLOAD]
//                                       numpy.array_split of an ndarray: one payload per line
#include <cmath>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "hog/core/envelope.hpp"
#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/numpy.hpp"

namespace hog::cli {

namespace {

struct EncodeFlags {
  int protocol = 5;
  double limit_mb = 10.0;
  bool no_limit = false;
  std::string input;

  // serialize() with these flags; a PayloadTooLargeError names the limit as the user wrote it.
  std::string serialize(const core::Value& value) const {
    try {
      return core::serialize(value, options());
    } catch (const core::PayloadTooLargeError& error) {
      throw core::PayloadTooLargeError(error.size_mb(), limit_mb);
    }
  }

  core::SerializeOptions options() const {
    core::SerializeOptions result;
    result.protocol = protocol;
    // A payload of B bytes is over X MB exactly when B > floor(X * 2^20); a limit beyond what
    // size_t holds is no limit at all.
    const double limit_bytes = std::floor(limit_mb * 1024.0 * 1024.0);
    if (no_limit || limit_bytes >= 0x1p64) {
      result.limit_bytes = std::nullopt;
    } else {
      result.limit_bytes = static_cast<std::size_t>(limit_bytes);
    }
    return result;
  }
};

const CLI::Validator megabytes(
    [](const std::string& text) {
      double value = 0;
      return CLI::detail::lexical_cast(text, value) && std::isfinite(value) && value >= 0
                 ? std::string()
                 : "must be a number of MB, finite and not negative, got " + text;
    },
    "MB");

void add_encode_flags(CLI::App& command, EncodeFlags& flags) {
  command.add_option("--protocol", flags.protocol, "pickle protocol, 0-5")
      ->check(CLI::Range(0, 5))
      ->capture_default_str();
  auto* limit =
      command.add_option("--limit-mb", flags.limit_mb, "payload size limit in MB (2^20 bytes)")
          ->check(megabytes)
          ->capture_default_str();
  command.add_flag("--no-limit", flags.no_limit, "do not check the payload size")->excludes(limit);
}

}  // namespace

void add_payload_commands(CLI::App& app, CommandAction& action) {
  auto* payload = app.add_subcommand(
      "payload", "encode, decode, convert, split, disassemble and inspect Groundhog payloads");
  payload->require_subcommand(1);

  auto encode_flags = std::make_shared<EncodeFlags>();
  auto* encode =
      payload->add_subcommand("encode", "Python literal text -> \"__PICKLE__:\" + base64(pickle)");
  add_encode_flags(*encode, *encode_flags);
  encode->add_option(
      "LITERAL", encode_flags->input,
      "literal as ast.literal_eval reads it (plus inf, nan, bytearray(...), frozenset(...)); "
      "missing or - reads standard input");
  encode->callback([&action, encode_flags] {
    action = [encode_flags] {
      const core::Value value = core::parse(read_argument_or_stdin(encode_flags->input));
      write_stdout(encode_flags->serialize(value) + "\n");
      return kExitOk;
    };
  });

  auto decode_input = std::make_shared<std::string>();
  auto decode_stdout = std::make_shared<bool>(false);
  auto* decode =
      payload->add_subcommand("decode", "payload (envelope or JSON) -> repr() of the value");
  decode->add_option("PAYLOAD", *decode_input, "the payload; missing or - reads standard input");
  decode->add_flag(
      "--stdout", *decode_stdout,
      "PAYLOAD is a runner's stdout (user output, __GROUNDHOG_RESULT__, payload); the user "
      "output goes to stderr");
  decode->callback([&action, decode_input, decode_stdout] {
    action = [decode_input, decode_stdout] {
      const std::string text = read_argument_or_stdin(*decode_input);
      core::Value value;
      if (*decode_stdout) {
        core::StdoutResult result = core::deserialize_stdout(text);
        if (result.user_output) std::fprintf(stderr, "%s\n", result.user_output->c_str());
        value = result.value;
      } else {
        value = core::deserialize(text);
      }
      write_stdout(core::repr(value) + "\n");
      return kExitOk;
    };
  });

  auto convert_flags = std::make_shared<EncodeFlags>();
  auto* convert =
      payload->add_subcommand("convert", "decode a payload and encode it again (sharing kept)");
  add_encode_flags(*convert, *convert_flags);
  convert->add_option("PAYLOAD", convert_flags->input,
                      "the payload; missing or - reads standard input");
  convert->callback([&action, convert_flags] {
    action = [convert_flags] {
      const core::Value value = core::deserialize(read_argument_or_stdin(convert_flags->input));
      write_stdout(convert_flags->serialize(value) + "\n");
      return kExitOk;
    };
  });

  auto split_flags = std::make_shared<EncodeFlags>();
  auto split_chunks = std::make_shared<std::size_t>(2);
  auto* split = payload->add_subcommand(
      "split", "numpy.array_split of an ndarray payload along its first axis: one payload a line");
  add_encode_flags(*split, *split_flags);
  split->add_option("--chunks", *split_chunks, "number of chunks, 1-100000")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
      ->capture_default_str();
  split->add_option("PAYLOAD", split_flags->input,
                    "an ndarray payload; missing or - reads standard input");
  split->callback([&action, split_flags, split_chunks] {
    action = [split_flags, split_chunks] {
      const core::Value array = core::deserialize(read_argument_or_stdin(split_flags->input));
      std::string out;
      for (const core::Value& chunk : core::numpy::array_split(array, *split_chunks)) {
        out += split_flags->serialize(chunk) + "\n";
      }
      write_stdout(out);
      return kExitOk;
    };
  });
}

}  // namespace hog::cli
