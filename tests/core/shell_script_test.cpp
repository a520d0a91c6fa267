// render_shell_command under /bin/bash: a batch of generated user scripts, runners and payloads
// (delimiter-like lines, braces, `$`, backticks, CRLF, no final newline, non-ASCII; envelope and
// JSON payloads) are written byte-identical into the task directory, stdout ends with the result
// delimiter and the result file, and the task directory is gone afterwards, also when the run
// command fails. The stdin shape (render_stdin_command) byte-exact, and under bash its run command
// reads each generated payload plus one newline on stdin. Plus: file-name checks,
// check_payload_fits, truncate_payload_in_cmd (both shapes), shell_quote against bash.
#include "hog/core/shell_script.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hog/core/envelope.hpp"
#include "hog/core/errors.hpp"
#include "hog/core/python_format.hpp"
#include "hog/core/utf8.hpp"
#include "support/subprocess.hpp"
#include "support/value_gen.hpp"

namespace {

namespace core = hog::core;
namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "hog-shell-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() { fs::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Runs `command` as a bash script file (commands can exceed the argv size limit).
hog::test::ProcessResult run_bash(const TempDir& dir, const std::string& command) {
  const fs::path script = dir.path() / "command.sh";
  std::ofstream(script, std::ios::binary) << command;
  return hog::test::run_command({"/bin/bash", script.string()});
}

// Shell text that records the task directory's path in `dir`/taskdir.
std::string record_task_dir(const fs::path& dir) {
  return "printf '%s' \"$HOG_TASK_DIR\" > " + core::shell_quote((dir / "taskdir").string()) + "\n";
}

rc::Gen<std::string> gen_script_text() {
  const auto piece = rc::gen::oneOf(
      rc::gen::element<std::string>(
          "HOG_FILE_EOF", "HOG_FILE_EOF_1", "HOG_FILE_EOF_2", "HOG_PAYLOAD_EOF", "EOF",
          "USER_SCRIPT_EOF", "RUNNER_EOF", "PAYLOAD_EOF", "\n", "\n", "\n", "\r\n", "\r", "$HOME",
          "$(echo hi)", "`id`", "{", "}", "{payload}", "{{", "}}", "'", "\"", "\\", "\\\n", "\t",
          "é", "日本", "😀", "<<'X'", "__GROUNDHOG_RESULT__",
          "cat > \"$HOG_TASK_DIR\"/'payload.in' <<'HOG_PAYLOAD_EOF'"),
      rc::gen::map(rc::gen::inRange<int>(1, 128),
                   [](int c) { return std::string(1, static_cast<char>(c)); }),
      rc::gen::suchThat(hog::test::gen_utf8_text(/*surrogates=*/false),
                        [](const std::string& t) { return t.find('\0') == std::string::npos; }));
  return rc::gen::map(rc::gen::container<std::vector<std::string>>(piece),
                      [](const std::vector<std::string>& pieces) {
                        std::string text;
                        for (const std::string& p : pieces) text += p;
                        return text;
                      });
}

// Envelope payloads of generated values, and JSON payloads (compact or indented over lines).
rc::Gen<std::string> gen_payload() {
  return rc::gen::oneOf(
      rc::gen::map(
          hog::test::gen_value({.surrogates = false}),
          [](const core::Value& v) { return core::serialize(v, {.limit_bytes = std::nullopt}); }),
      rc::gen::map(rc::gen::pair(rc::gen::container<std::vector<std::string>>(
                                     hog::test::gen_utf8_text(/*surrogates=*/false)),
                                 rc::gen::arbitrary<bool>()),
                   [](const auto& texts_and_indent) {
                     const nlohmann::json json = texts_and_indent.first;
                     return json.dump(texts_and_indent.second ? 2 : -1);
                   }));
}

struct HeredocCase {
  std::string user;
  std::string runner;
  std::string extra;
  std::string extra_name;
  std::string payload;
};

rc::Gen<HeredocCase> gen_heredoc_case() {
  return rc::gen::build<HeredocCase>(
      rc::gen::set(&HeredocCase::user, gen_script_text()),
      rc::gen::set(&HeredocCase::runner, gen_script_text()),
      rc::gen::set(&HeredocCase::extra, gen_script_text()),
      rc::gen::set(&HeredocCase::extra_name,
                   rc::gen::element<std::string>("data.txt", "it's {x} $y `z`.txt", "é 日本.txt",
                                                 "-n", "HOG_FILE_EOF", "a\\b")),
      rc::gen::set(&HeredocCase::payload, gen_payload()));
}

// The heredoc safety property over a batch of generated cases (RapidCheck generators with a fixed
// key, sizes growing to 100), all run by one bash process: forking the sanitized test binary per
// case would make the test slow.
TEST(ShellScript, FilesArriveByteIdenticalAndStdoutEndsWithTheResult) {
  constexpr int kCases = 32;
  TempDir root;
  rc::Random random(rc::Random::Key{20251125, 4, 0, 1});
  std::vector<HeredocCase> cases;
  for (int i = 0; i < kCases; ++i) {
    cases.push_back(gen_heredoc_case()(random.split(), i * 100 / (kCases - 1)).value());
    const HeredocCase& c = cases.back();
    const fs::path dir = root.path() / ("case_" + std::to_string(i));
    fs::create_directory(dir);
    core::ShellCommandSpec spec;
    spec.files = {{"user_script.py", c.user}, {"runner.py", c.runner}, {c.extra_name, c.extra}};
    spec.run_command = "echo 'user output {}'\n" + record_task_dir(dir) +
                       "cp -R \"$HOG_TASK_DIR\" " + core::shell_quote((dir / "copy").string()) +
                       "\ncp \"$HOG_TASK_DIR/payload.in\" \"$HOG_TASK_DIR/payload.out\"";
    const std::string rendered = core::render_shell_command(spec);
    core::check_payload_fits(rendered, c.payload);
    std::ofstream(dir / "command.sh", std::ios::binary)
        << core::python_format(rendered, {{"payload", c.payload}});
  }
  const auto driver = hog::test::run_command(
      {"/bin/bash", "-c",
       "for i in $(seq 0 " + std::to_string(kCases - 1) + "); do d=\"$0/case_$i\"; " +
           "/bin/bash \"$d/command.sh\" > \"$d/out\" 2> \"$d/err\"; echo $? > \"$d/rc\"; done",
       root.path().string()});
  ASSERT_EQ(driver.exit_code, 0) << driver.err;
  for (int i = 0; i < kCases; ++i) {
    const HeredocCase& c = cases[i];
    const fs::path dir = root.path() / ("case_" + std::to_string(i));
    const fs::path copy = dir / "copy";
    const nlohmann::json shown = {{"user", c.user},
                                  {"runner", c.runner},
                                  {"extra", c.extra},
                                  {"extra_name", c.extra_name},
                                  {"payload", c.payload}};
    SCOPED_TRACE("case " + std::to_string(i) + ": " + shown.dump());
    ASSERT_EQ(read_file(dir / "rc"), "0\n") << read_file(dir / "err");
    EXPECT_EQ(read_file(copy / "user_script.py"), c.user);
    EXPECT_EQ(read_file(copy / "runner.py"), c.runner);
    EXPECT_EQ(read_file(copy / c.extra_name), c.extra);
    EXPECT_EQ(read_file(copy / "payload.in"), c.payload);
    EXPECT_EQ(std::distance(fs::directory_iterator(copy), fs::directory_iterator()), 4);
    EXPECT_EQ(read_file(dir / "out"), "user output {}\n__GROUNDHOG_RESULT__\n" + c.payload);
    const std::string task_dir = read_file(dir / "taskdir");
    ASSERT_FALSE(task_dir.empty());
    EXPECT_FALSE(fs::exists(task_dir));
  }
}

TEST(ShellScript, StdinShapeIsThePayloadHeredocThenTheRunCommand) {
  EXPECT_EQ(core::render_stdin_command("exec 'run' --in - {x}"),
            "set -euo pipefail\n"
            "exec <<'HOG_PAYLOAD_EOF'\n"
            "{payload}\n"
            "HOG_PAYLOAD_EOF\n"
            "exec 'run' --in - {{x}}\n");
  EXPECT_EQ(core::render_stdin_command("a\nb\n"),
            "set -euo pipefail\nexec <<'HOG_PAYLOAD_EOF'\n{payload}\nHOG_PAYLOAD_EOF\na\nb\n");
}

TEST(ShellScript, StdinShapeRejectsAnEmptyNulOrNonUtf8RunCommand) {
  const auto rejected = [](const std::string& run_command, std::string_view needle) {
    try {
      core::render_stdin_command(run_command);
      ADD_FAILURE() << "accepted; expected an error naming " << needle;
    } catch (const core::ValueError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  rejected("", "the run command is empty");
  rejected(std::string("run\0", 4), "the run command contains a NUL byte at offset 3");
  rejected("run \xc3", "the run command is not UTF-8 text");
}

// The stdin shape under bash over a batch of generated payloads (envelopes, JSON, and script-like
// text with delimiter-like lines, braces, `$`, CRLF...), one bash process for all: the run
// command's stdin is the payload plus the heredoc's newline, and what follows the heredoc runs.
// A payload with a line equal to the delimiter must be refused by check_payload_fits instead.
TEST(ShellScript, StdinShapeFeedsThePayloadToTheRunCommand) {
  constexpr int kCases = 48;
  TempDir root;
  rc::Random random(rc::Random::Key{20251126, 4, 0, 2});
  const auto gen = rc::gen::oneOf(gen_payload(), gen_script_text());
  std::vector<std::string> payloads;
  for (int i = 0; i < kCases; ++i) {
    const fs::path dir = root.path() / ("case_" + std::to_string(i));
    fs::create_directory(dir);
    std::string payload = gen(random.split(), i * 100 / (kCases - 1)).value();
    const std::string rendered = core::render_stdin_command(
        "cat > " + core::shell_quote((dir / "stdin").string()) + "\necho \"after {} $#\"");
    const bool has_delimiter_line =
        ("\n" + payload + "\n").find("\nHOG_PAYLOAD_EOF\n") != std::string::npos;
    if (has_delimiter_line) {
      EXPECT_THROW(core::check_payload_fits(rendered, payload), core::ValueError) << payload;
      payload = "__PICKLE__:gAVOLg==";  // a case that runs all the same
    }
    core::check_payload_fits(rendered, payload);
    payloads.push_back(payload);
    std::ofstream(dir / "command.sh", std::ios::binary)
        << core::python_format(rendered, {{"payload", payload}});
  }
  const auto driver = hog::test::run_command(
      {"/bin/bash", "-c",
       "for i in $(seq 0 " + std::to_string(kCases - 1) + "); do d=\"$0/case_$i\"; " +
           "/bin/bash -c \"$(cat \"$d/command.sh\")\" > \"$d/out\" 2> \"$d/err\"; " +
           "echo $? > \"$d/rc\"; done",
       root.path().string()});
  ASSERT_EQ(driver.exit_code, 0) << driver.err;
  for (int i = 0; i < kCases; ++i) {
    const fs::path dir = root.path() / ("case_" + std::to_string(i));
    SCOPED_TRACE("case " + std::to_string(i) + ": " + nlohmann::json(payloads[i]).dump());
    ASSERT_EQ(read_file(dir / "rc"), "0\n") << read_file(dir / "err");
    EXPECT_EQ(read_file(dir / "stdin"), payloads[i] + "\n");
    EXPECT_EQ(read_file(dir / "out"), "after {} 0\n");
  }
}

// Runs a rendered command whose run command records the task directory and then does `then`;
// returns the result after checking that the task directory existed and is gone.
hog::test::ProcessResult run_and_check_cleanup(core::ShellCommandSpec spec,
                                               const std::string& then) {
  TempDir dir;
  spec.run_command = record_task_dir(dir.path()) + then;
  const auto result =
      run_bash(dir, core::python_format(core::render_shell_command(spec), {{"payload", "p"}}));
  const std::string task_dir = read_file(dir.path() / "taskdir");
  EXPECT_FALSE(task_dir.empty());
  EXPECT_FALSE(fs::exists(task_dir)) << task_dir;
  return result;
}

TEST(ShellScript, FailingRunCommandKeepsItsExitCodeAndRemovesTheTaskDir) {
  core::ShellCommandSpec spec;
  spec.files = {{"runner.py", "print('hi')\n"}};
  const auto result = run_and_check_cleanup(spec, "echo before\n(exit 7)\necho after");
  EXPECT_EQ(result.exit_code, 7);
  EXPECT_EQ(result.out, "before\n");
}

TEST(ShellScript, TerminationBySignalStillRemovesTheTaskDir) {
  const auto result = run_and_check_cleanup({}, "kill -TERM $$\necho not reached");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_EQ(result.out, "");
}

TEST(ShellScript, MissingResultFileFailsTheScript) {
  const auto result = run_and_check_cleanup({}, "");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("payload.out"), std::string::npos) << result.err;
}

TEST(ShellScript, RenderedCommandHasExactlyOnePayloadField) {
  core::ShellCommandSpec spec;
  spec.files = {{"user.py", "x = '{payload}' + '{0}' + '{'\n"}};
  spec.run_command = "echo {payload} {}";
  const std::string rendered = core::render_shell_command(spec);
  try {
    core::python_format(rendered, {});
    FAIL() << "formatted without a payload";
  } catch (const core::KeyError& e) {
    EXPECT_STREQ(e.what(), "'payload'");
  }
  const std::string formatted = core::python_format(rendered, {{"payload", "SENTINEL"}});
  std::size_t count = 0;
  for (std::size_t at = formatted.find("SENTINEL"); at != std::string::npos;
       at = formatted.find("SENTINEL", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 1u);
  EXPECT_TRUE(formatted.starts_with("set -euo pipefail\n"));
  EXPECT_NE(formatted.find("x = '{payload}' + '{0}' + '{'\n"), std::string::npos);
  EXPECT_NE(formatted.find("\necho {payload} {}\n"), std::string::npos);
  EXPECT_TRUE(
      formatted.ends_with("echo \"__GROUNDHOG_RESULT__\"\ncat \"$HOG_TASK_DIR\"/'payload.out'\n"));
}

TEST(ShellScript, DelimiterIsBumpedPastCollidingLines) {
  core::ShellCommandSpec spec;
  spec.files = {{"a", "HOG_FILE_EOF\nHOG_FILE_EOF_1"}, {"b", "HOG_FILE_EOF_1\n"}};
  const std::string rendered = core::render_shell_command(spec);
  EXPECT_NE(rendered.find("\"$HOG_TASK_DIR\"/'a' <<'HOG_FILE_EOF_2'\n"), std::string::npos);
  EXPECT_NE(rendered.find("\"$HOG_TASK_DIR\"/'b' <<'HOG_FILE_EOF'\n"), std::string::npos);
}

void expect_rejected(const core::ShellCommandSpec& spec, std::string_view needle) {
  try {
    core::render_shell_command(spec);
    ADD_FAILURE() << "accepted; expected an error naming " << needle;
  } catch (const core::ValueError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(ShellScript, BadFileNamesAndContentsAreValueErrors) {
  const std::vector<std::string> names = {"",     ".",   "..", "a/b", std::string("a\0b", 3),
                                          "a\nb", "a\rb"};
  for (const std::string& name : names) {
    core::ShellCommandSpec spec;
    spec.files = {{name, "x"}};
    expect_rejected(spec, "script file name");
  }
  core::ShellCommandSpec spec;
  spec.payload_file = "../payload.in";
  expect_rejected(spec, "payload file name '../payload.in' contains '/'");
  spec = {};
  spec.result_file = "";
  expect_rejected(spec, "result file name '' is empty");
  spec = {};
  spec.files = {{"runner.py", "a"}, {"runner.py", "b"}};
  expect_rejected(spec, "'runner.py' is used twice");
  spec.files = {{"payload.in", "a"}};
  expect_rejected(spec, "'payload.in' is used twice");
  spec.files = {{"r.py", std::string("ab\0c", 4)}};
  expect_rejected(spec, "NUL byte at offset 2");
  spec.files = {{"r.py", "ab\xff"}};
  expect_rejected(spec, "not UTF-8 text");
  spec.files = {};
  spec.run_command = std::string("run\0", 4);
  expect_rejected(spec, "the run command contains a NUL byte at offset 3");
  spec.run_command = "run \xc3";
  expect_rejected(spec, "the run command is not UTF-8 text");
}

TEST(ShellScript, CheckPayloadFits) {
  for (const std::string& rendered :
       {core::render_shell_command({}), core::render_stdin_command("exec run --in - --out -")}) {
    SCOPED_TRACE(rendered);
    EXPECT_NO_THROW(core::check_payload_fits(rendered, "__PICKLE__:gAVdlC4="));
    EXPECT_NO_THROW(core::check_payload_fits(rendered, "{\"a\": [1, 2]}\n"));
    EXPECT_NO_THROW(core::check_payload_fits(rendered, "HOG_PAYLOAD_EOF\r\nx HOG_PAYLOAD_EOF"));
    EXPECT_THROW(core::check_payload_fits(rendered, "HOG_PAYLOAD_EOF"), core::ValueError);
    try {
      core::check_payload_fits(rendered, "[\n1\nHOG_PAYLOAD_EOF\n]");
      FAIL() << "no error";
    } catch (const core::ValueError& e) {
      EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
    }
    EXPECT_THROW(core::check_payload_fits(rendered, std::string("a\0b", 3)), core::ValueError);
    EXPECT_THROW(core::check_payload_fits("echo hi\n", "p"), core::ValueError);
    // An already formatted command has no {payload} left to fill.
    EXPECT_THROW(core::check_payload_fits(core::python_format(rendered, {{"payload", "p"}}), "p"),
                 core::ValueError);
  }
}

TEST(ShellScript, TruncatePayloadShortensExactlyThePayloadBody) {
  core::ShellCommandSpec spec;
  // A user script that imitates a payload heredoc must not be taken for it.
  spec.files = {{"user.py", "cat > \"$HOG_TASK_DIR\"/'payload.in' <<'HOG_PAYLOAD_EOF'\n" +
                                std::string(500, 'U') + "\nHOG_PAYLOAD_EOF\n"}};
  spec.run_command = "run " + std::string(300, 'R');
  const std::string rendered = core::render_shell_command(spec);
  const std::string payload = "__PICKLE__:" + std::string(1000, 'A') + "é" + std::string(9, 'B');
  const std::string cmd = core::python_format(rendered, {{"payload", payload}});
  const std::string shortened = "__PICKLE__:" + std::string(89, 'A') + "... [truncated 921 chars]";
  EXPECT_EQ(core::truncate_payload_in_cmd(cmd, 100),
            core::python_format(rendered, {{"payload", shortened}}));
  // Cut counts code points: the 1012th character is 'é'.
  EXPECT_EQ(core::truncate_payload_in_cmd(cmd, 1012),
            core::python_format(
                rendered, {{"payload", payload.substr(0, 1013) + "... [truncated 9 chars]"}}));
  EXPECT_EQ(core::truncate_payload_in_cmd(cmd, payload.size() - 1), cmd);  // 1021 chars fit
  EXPECT_EQ(core::truncate_payload_in_cmd(cmd, 5000), cmd);
  EXPECT_EQ(core::truncate_payload_in_cmd("echo no heredoc here\n", 3), "echo no heredoc here\n");
}

TEST(ShellScript, TruncateFindsThePayloadOfTheStdinShape) {
  // A run command that holds a payload-like heredoc of its own must not be taken for the payload.
  const std::string rendered =
      core::render_stdin_command("cat > \"$HOG_TASK_DIR\"/'payload.in' <<'HOG_PAYLOAD_EOF'\n" +
                                 std::string(500, 'U') + "\nHOG_PAYLOAD_EOF\nexec run");
  const std::string payload = "__PICKLE__:" + std::string(300, 'A');
  const std::string cmd = core::python_format(rendered, {{"payload", payload}});
  EXPECT_EQ(core::truncate_payload_in_cmd(cmd, 20),
            "set -euo pipefail\nexec <<'HOG_PAYLOAD_EOF'\n__PICKLE__:AAAAAAAAA... [truncated 291 "
            "chars]\nHOG_PAYLOAD_EOF\ncat > \"$HOG_TASK_DIR\"/'payload.in' <<'HOG_PAYLOAD_EOF'\n" +
                std::string(500, 'U') + "\nHOG_PAYLOAD_EOF\nexec run\n");
  EXPECT_EQ(core::truncate_payload_in_cmd(cmd, 311), cmd);
  // An empty payload is a body of its own, found all the same.
  EXPECT_EQ(core::truncate_payload_in_cmd(core::python_format(rendered, {{"payload", ""}}), 0),
            core::python_format(rendered, {{"payload", ""}}));
}

// The first `chars` code points of UTF-8 text.
std::string first_code_points(std::string_view text, std::size_t chars) {
  std::size_t end = 0;
  for (std::size_t i = 0; i < chars && end < text.size(); ++i) core::next_code_point(text, end);
  return std::string(text.substr(0, end));
}

RC_GTEST_PROP(ShellScript, TruncateShortensOnlyThePayload, (bool stdin_shape)) {
  core::ShellCommandSpec spec;
  spec.files = {{"user.py", *gen_script_text()}, {"runner.py", *gen_script_text()}};
  spec.run_command = *gen_script_text();
  const std::string payload = *rc::gen::oneOf(
      gen_payload(), rc::gen::suchThat(gen_script_text(), [](const std::string& text) {
        return text.find("HOG_PAYLOAD_EOF") == std::string::npos;
      }));
  const std::size_t max_chars = *rc::gen::inRange<std::size_t>(0, 60);
  const std::string rendered = stdin_shape && !spec.run_command.empty()
                                   ? core::render_stdin_command(spec.run_command)
                                   : core::render_shell_command(spec);
  const std::string cmd = core::python_format(rendered, {{"payload", payload}});
  const std::size_t chars = core::utf8_code_points(payload);
  const std::string expected =
      chars <= max_chars
          ? cmd
          : core::python_format(
                rendered, {{"payload", first_code_points(payload, max_chars) + "... [truncated " +
                                           std::to_string(chars - max_chars) + " chars]"}});
  RC_ASSERT(core::truncate_payload_in_cmd(cmd, max_chars) == expected);
}

TEST(ShellScript, ShellQuoteIsReadBackByBash) {
  const std::vector<std::string> words = {"",       "plain", "it's", "''", "a b",
                                          "$HOME",  "`id`",  "\\",   "\"", "line\nbreak",
                                          "é 日本", "'\\''", "-n"};
  std::string script = "printf '%s\\0'";
  for (const std::string& w : words) script += " " + core::shell_quote(w);
  const auto result = hog::test::run_command({"/bin/bash", "-c", script});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::string expected;
  for (const std::string& w : words) expected += w + std::string(1, '\0');
  EXPECT_EQ(result.out, expected);
}

}  // namespace
