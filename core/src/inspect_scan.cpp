// The opcode pass of payload inspection: protocol, frames, histogram, and the globals a pickle
// names, found with a symbolic stack that tracks only str constants (what STACK_GLOBAL takes),
// marks and the memo — so globals are found even where decoding would fail later.
#include <map>
#include <unordered_map>
#include <vector>

#include "hog/core/errors.hpp"
#include "hog/core/pickle_compat.hpp"
#include "inspect_allowlist.hpp"
#include "inspect_internal.hpp"
#include "pickle_decode_failure.hpp"
#include "pickle_decode_reader.hpp"
#include "pickle_decode_text.hpp"
#include "pickle_dis_stack.hpp"

namespace hog::core::inspection {
namespace {

using pickle::Op;
using pickle::OpcodeInfo;

// A stack entry: a mark, a str constant (a view into the input), or anything else.
struct Sym {
  enum class Type : std::uint8_t { Other, Mark, Str } type = Type::Other;
  std::string_view text;
};

class Scanner {
 public:
  Scanner(std::span<const std::byte> data, InspectReport& report) : in_(data), report_(report) {}

  void run() {
    std::array<std::size_t, 256> counts{};
    for (bool more = true; more;) {
      const std::size_t offset = in_.position();
      const OpcodeInfo* info = nullptr;
      try {
        if (in_.at_end()) pickle::decoding::fail("pickle exhausted before seeing STOP");
        const std::uint8_t code = in_.byte();
        info = pickle::opcode_info(code);
        if (info == nullptr) pickle::decoding::fail("unknown opcode byte " + std::to_string(code));
        const auto arg = pickle::decoding::read_argument(in_, *info);
        ++counts[code];
        report_.highest_opcode_protocol =
            std::max<int>(report_.highest_opcode_protocol, info->protocol);
        execute(offset, *info, arg);
        more = info->op != Op::STOP;
      } catch (const pickle::decoding::Failure& failure) {
        report_.error = failure.text() + " at offset " + std::to_string(offset) +
                        (info ? " (opcode " + std::string(info->name) + ")" : "");
        more = false;
      } catch (const Error& error) {
        report_.error =
            error.type_name() + ": " + error.what() + " at offset " + std::to_string(offset);
        more = false;
      }
    }
    for (const OpcodeInfo& info : pickle::opcode_table()) {
      const std::size_t count = counts[static_cast<std::uint8_t>(info.op)];
      if (count > 0) report_.opcodes.emplace_back(info.name, count);
    }
  }

 private:
  void execute(std::size_t offset, const OpcodeInfo& info, const pickle::decoding::Argument& arg) {
    switch (info.op) {
      case Op::PROTO:
        report_.protocol = static_cast<int>(arg.number);
        return;
      case Op::FRAME:
        report_.frames.push_back(static_cast<std::size_t>(arg.number));
        return;
      case Op::GLOBAL:
      case Op::INST:
        name_global(offset, arg.text, arg.second);
        break;
      case Op::STACK_GLOBAL:
        if (stack_.size() >= 2 && stack_.end()[-1].type == Sym::Type::Str &&
            stack_.end()[-2].type == Sym::Type::Str) {
          name_global(offset, stack_.end()[-2].text, stack_.end()[-1].text);
        } else {
          hazard(offset, info, "STACK_GLOBAL operands are not string constants: any global");
        }
        break;
      case Op::EXT1:
      case Op::EXT2:
      case Op::EXT4:
        hazard(offset, info,
               "extension registry code: resolves to a global the pickle does not name");
        break;
      case Op::PERSID:
      case Op::BINPERSID:
        hazard(offset, info, "persistent id: whatever the receiver's persistent_load returns");
        break;
      default:
        break;
    }
    apply_stack_effect(info, arg);
  }

  void apply_stack_effect(const OpcodeInfo& info, const pickle::decoding::Argument& arg) {
    switch (info.op) {
      case Op::PUT:
      case Op::BINPUT:
      case Op::LONG_BINPUT:
      case Op::MEMOIZE:
        if (!stack_.empty()) memo_[memo_index(info, arg)] = stack_.back();
        return;
      case Op::GET:
      case Op::BINGET:
      case Op::LONG_BINGET: {
        const auto found = memo_.find(memo_index(info, arg));
        stack_.push_back(found == memo_.end() ? Sym{} : found->second);
        return;
      }
      case Op::SHORT_BINUNICODE:
      case Op::BINUNICODE:
      case Op::BINUNICODE8:
        stack_.push_back({Sym::Type::Str, arg.text});
        return;
      default:
        break;
    }
    const pickle::dis::StackEffect& effect = pickle::dis::stack_effect(info.op);
    std::size_t to_pop = effect.before.size();
    if (const std::size_t mark = effect.before.find('m'); mark != std::string_view::npos) {
      while (!stack_.empty() && stack_.back().type != Sym::Type::Mark) stack_.pop_back();
      if (!stack_.empty()) stack_.pop_back();
      to_pop = mark;
    }
    stack_.resize(stack_.size() - std::min(to_pop, stack_.size()));
    for (const char type : effect.after) {
      stack_.push_back({type == 'm' ? Sym::Type::Mark : Sym::Type::Other, {}});
    }
  }

  std::string memo_index(const OpcodeInfo& info, const pickle::decoding::Argument& arg) const {
    if (info.op == Op::MEMOIZE) return std::to_string(memo_.size());
    if (info.arg == pickle::ArgKind::DecimalNlShort) {
      try {
        return pickle::decoding::parse_python_int(arg.text, 10).to_string();
      } catch (const pickle::decoding::Failure&) {
        return "?";
      }
    }
    return std::to_string(arg.number);
  }

  void name_global(std::size_t offset, std::string_view module, std::string_view name) {
    pickle::QualifiedName resolved{std::string(module), std::string(name)};
    if (report_.protocol.value_or(0) < 3) resolved = pickle::to_python3(module, name);
    const auto key = std::make_pair(resolved.first, resolved.second);
    auto [it, fresh] = index_.try_emplace(key, report_.globals.size());
    if (fresh) {
      GlobalUse use;
      use.module = resolved.first;
      use.name = resolved.second;
      if (resolved.first != module || resolved.second != name) {
        use.written = std::string(module) + " " + std::string(name);
      }
      use.first_offset = offset;
      const GlobalVerdict verdict = classify_global(use.module, use.name);
      use.safe = verdict.safe;
      use.reason = verdict.reason;
      if (!use.safe) report_.safe = false;
      report_.globals.push_back(std::move(use));
    }
    ++report_.globals[it->second].count;
  }

  void hazard(std::size_t offset, const OpcodeInfo& info, std::string reason) {
    report_.safe = false;
    if (report_.hazards.size() < kMaxHazards) {
      report_.hazards.push_back({offset, std::string(info.name), std::move(reason)});
    }
  }

  static constexpr std::size_t kMaxHazards = 100;
  pickle::decoding::Reader in_;
  InspectReport& report_;
  std::vector<Sym> stack_;
  std::unordered_map<std::string, Sym> memo_;
  std::map<std::pair<std::string, std::string>, std::size_t> index_;
};

}  // namespace

void scan_opcodes(std::span<const std::byte> data, InspectReport& report) {
  Scanner(data, report).run();
}

}  // namespace hog::core::inspection
