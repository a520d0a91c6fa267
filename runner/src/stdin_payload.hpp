// The payload of `--in -`: everything a rendered stdin-shape script's heredoc feeds the runner.
//
// Contract: read_stdin_payload(fd) reads `fd` to its end and returns the bytes less one final "\n"
// when there is one: a heredoc ends its text with a newline that the payload does not have (an
// envelope never ends in one; a JSON payload keeps any newline of its own). A read error is a
// std::system_error naming what was read. Blocks until end of file.
#pragma once

#include <string>

namespace hog::runner::detail {

std::string read_stdin_payload(int fd);

}  // namespace hog::runner::detail
