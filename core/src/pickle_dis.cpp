// pickle::disassemble: pickletools.dis's listing and sanity checks (see pickle_dis.hpp), with a
// crude stack of pickletools' stack-object types, the MARK positions and the memo, as pickletools
// keeps them. Arguments are read by the decoder's reader and printed by show_argument.
#include "hog/core/pickle_dis.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <vector>

#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/value.hpp"
#include "pickle_decode_failure.hpp"
#include "pickle_decode_reader.hpp"
#include "pickle_dis_args.hpp"
#include "pickle_dis_stack.hpp"

namespace hog::core::pickle {
namespace {

using dis::StackType;

constexpr std::size_t kMaxStackInMessage = 100;

// Stops the listing: thrown with the error that ends it.
struct Stop {
  DisError error;
};
// Thrown when the next line would pass the output cap.
struct Full {};

class Lister {
 public:
  Lister(std::span<const std::byte> data, const DisOptions& options)
      : in_(data), options_(options) {}

  Disassembly run() {
    Disassembly result;
    try {
      while (step()) {
      }
      emit("highest protocol among opcodes = " + std::to_string(max_protocol_));
      check_stack_empty();
    } catch (const Stop& stop) {
      result.error = stop.error;
      try {
        emit("error at offset " + std::to_string(stop.error.offset) +
             (stop.error.opcode.empty() ? "" : " (opcode " + stop.error.opcode + ")") + ": " +
             stop.error.message);
      } catch (const Full&) {
        result.truncated = true;
      }
    } catch (const Full&) {
      result.truncated = true;
    }
    if (result.truncated) {
      out_ += "... output truncated: the listing exceeds " + std::to_string(options_.max_output) +
              " bytes\n";
    }
    result.text = std::move(out_);
    return result;
  }

 private:
  [[noreturn]] static void stop(std::size_t offset, std::string_view opcode, std::string message) {
    throw Stop{DisError{offset, std::string(opcode), std::move(message)}};
  }

  void reserve_line(std::size_t length) const {
    if (out_.size() + length + 1 > options_.max_output) throw Full{};
  }
  void emit(const std::string& line) {
    reserve_line(line.size());
    out_ += line;
    out_ += '\n';
  }

  static std::string code_text(std::uint8_t code) {
    if (code >= 0x20 && code < 0x7f) return std::string(1, static_cast<char>(code));
    char text[8];
    std::snprintf(text, sizeof text, "\\x%02x", code);
    return text;
  }

  // Reads one opcode and its argument; false after STOP.
  bool step() {
    const std::size_t offset = in_.position();
    if (in_.at_end()) stop(offset, "", "pickle exhausted before seeing STOP");
    const std::uint8_t code = in_.byte();
    const OpcodeInfo* info = opcode_info(code);
    if (info == nullptr) {
      const char byte = static_cast<char>(code);
      stop(offset, "", "opcode " + repr(Value::bytes(std::string_view(&byte, 1))) + " unknown");
    }
    std::optional<dis::ShownArgument> arg;
    try {
      arg = dis::show_argument(*info, decoding::read_argument(in_, *info));
    } catch (const decoding::Failure& failure) {
      stop(offset, info->name, failure.text());
    } catch (const Error& error) {
      stop(offset, info->name, error.type_name() + ": " + error.what());
    }
    execute(offset, code, *info, arg);
    return info->op != Op::STOP;
  }

  void execute(std::size_t offset, std::uint8_t code, const OpcodeInfo& info,
               const std::optional<dis::ShownArgument>& arg) {
    const std::size_t indent = options_.indent * marks_.size();
    reserve_line(indent);  // a run of MARKs must not make the listing quadratic before the cap
    char head[32];
    std::snprintf(head, sizeof head, "%5zu: %-4s ", offset, code_text(code).c_str());
    std::string line = head + std::string(indent, ' ') + std::string(info.name);
    max_protocol_ = std::max<int>(max_protocol_, info.protocol);

    const dis::StackEffect& effect = dis::stack_effect(info.op);
    std::string_view after = effect.after;
    std::size_t to_pop = effect.before.size();
    std::string note, error;

    // A MARK is consumed by the opcodes that take a stack slice, and by POP when it is on top.
    const std::size_t mark_at = effect.before.find(static_cast<char>(StackType::Mark));
    const bool takes_mark = mark_at != std::string_view::npos;
    if (takes_mark || (info.op == Op::POP && !stack_.empty() && stack_.back() == StackType::Mark)) {
      if (marks_.empty()) {
        error = note = "no MARK exists on stack";
      } else {
        note = "(MARK at " + std::to_string(marks_.back()) + ")";
        marks_.pop_back();
        while (!stack_.empty() && stack_.back() != StackType::Mark) stack_.pop_back();
        if (stack_.empty()) stop(offset, info.name, "no MARK exists on stack");
        stack_.pop_back();
        to_pop = takes_mark ? mark_at : 0;
      }
    }

    StackType fetched = StackType::Any;
    const bool stores = info.op == Op::PUT || info.op == Op::BINPUT || info.op == Op::LONG_BINPUT ||
                        info.op == Op::MEMOIZE;
    const bool fetches = info.op == Op::GET || info.op == Op::BINGET || info.op == Op::LONG_BINGET;
    if (stores) {
      std::string key = arg ? arg->memo_key : std::to_string(memo_.size());
      if (info.op == Op::MEMOIZE) note = "(as " + key + ")";
      if (memo_.contains(key)) {
        error = "memo key " + (arg ? arg->repr : std::string("None")) + " already defined";
      } else if (stack_.empty()) {
        error = "stack is empty -- can't store into memo";
      } else if (stack_.back() == StackType::Mark) {
        error = "can't store markobject in the memo";
      } else {
        memo_.emplace(std::move(key), stack_.back());
      }
    } else if (fetches) {
      if (const auto found = memo_.find(arg->memo_key); found != memo_.end()) {
        fetched = found->second;
      } else {
        error = "memo key " + arg->repr + " has never been stored into";
      }
    }

    if (arg || !note.empty()) {
      line.append(info.name.size() < 10 ? 10 - info.name.size() : 0, ' ');
      if (arg) line += " " + arg->repr;
      if (!note.empty()) line += " " + note;
    }
    emit(line);
    if (!error.empty()) stop(offset, info.name, error);

    if (stack_.size() < to_pop) {
      stop(offset, info.name,
           "tries to pop " + std::to_string(to_pop) + " items from stack with only " +
               std::to_string(stack_.size()) + " items");
    }
    stack_.resize(stack_.size() - to_pop);
    if (fetches) {
      stack_.push_back(fetched);
      return;
    }
    for (const char type : after) {
      if (type == static_cast<char>(StackType::Mark)) marks_.push_back(offset);
      stack_.push_back(static_cast<StackType>(type));
    }
  }

  void check_stack_empty() {
    if (stack_.empty()) return;
    std::string listed = "[";
    for (std::size_t i = 0; i < stack_.size(); ++i) {
      if (i == kMaxStackInMessage) {
        listed += ", ...";
        break;
      }
      if (i > 0) listed += ", ";
      listed += dis::stack_type_name(stack_[i]);
    }
    stop(stop_offset(), "STOP", "stack not empty after STOP: " + listed + "]");
  }
  std::size_t stop_offset() const { return in_.position() - 1; }

  decoding::Reader in_;
  const DisOptions& options_;
  std::string out_;
  std::vector<StackType> stack_;
  std::vector<std::size_t> marks_;  // offsets of the MARKs still open
  std::unordered_map<std::string, StackType> memo_;
  int max_protocol_ = -1;
};

}  // namespace

Disassembly disassemble(std::span<const std::byte> data, const DisOptions& options) {
  return Lister(data, options).run();
}

}  // namespace hog::core::pickle
