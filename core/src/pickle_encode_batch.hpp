// How the pickle encoder groups container items, as CPython 3.11's C pickler does.
//
// Contract: a Batcher turns "n units" (list items, dict pairs, set members) into the token stream
// CPython writes for them: Mark (the MARK opcode), Unit (save one unit), Close1 (APPEND/SETITEM
// after a lone unit), CloseN (APPENDS/SETITEMS/ADDITEMS closing a batch of at most 1000), Done.
// The factories name the CPython routine each mirrors; their quirks are kept on purpose (a dict or
// set whose size is a multiple of 1000 ends with an empty MARK/SETITEMS batch, a generic iterator
// batch ends with a lone APPEND when one item is left). A plain value; no allocation.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hog::core::pickle::detail {

enum class BatchToken : std::uint8_t { Mark, Unit, Close1, CloseN, Done };

class Batcher {
 public:
  static constexpr std::size_t kBatchSize = 1000;

  Batcher() = default;
  // Protocol 0's batch_list/batch_dict: every unit closed on its own.
  static Batcher one_by_one(std::size_t n) { return Batcher(n, true, false, false, false); }
  // batch_list_exact: a single item alone, else batches until the items run out.
  static Batcher exact_list(std::size_t n) { return Batcher(n, false, true, false, false); }
  // batch_dict_exact: a single pair alone, else batches while the last batch was full.
  static Batcher exact_dict(std::size_t n) { return Batcher(n, false, true, false, true); }
  // save_set (protocol 4+): batches while the last batch was full.
  static Batcher set_items(std::size_t n) { return Batcher(n, false, false, false, true); }
  // batch_list/batch_dict over an iterator (reduced objects' items): a last single unit alone.
  static Batcher generic(std::size_t n) { return Batcher(n, false, false, true, false); }

  // The index of the unit that the last Unit token stands for.
  std::size_t current() const { return done_ - 1; }
  // Inside a batch: how many more units it takes before it closes (0 outside a batch). The encoder
  // claims runs of scalars with claim_unit() instead of a Unit token each.
  std::size_t units_left_in_batch() const {
    if (state_ != State::InBatch) return 0;
    const std::size_t room = kBatchSize - in_batch_;
    const std::size_t rest = n_ - done_;
    return room < rest ? room : rest;
  }
  // Same as a Unit token from next(); precondition: units_left_in_batch() > 0.
  void claim_unit() { claim_units(1); }
  // Same as `count` Unit tokens; precondition: units_left_in_batch() >= count.
  void claim_units(std::size_t count) {
    in_batch_ += count;
    done_ += count;
  }

  BatchToken next() {
    if (state_ == State::AfterLone) {
      state_ = State::Start;
      return BatchToken::Close1;
    }
    if (state_ == State::InBatch) {
      if (in_batch_ < kBatchSize && done_ < n_) {
        ++in_batch_;
        ++done_;
        return BatchToken::Unit;
      }
      last_batch_ = in_batch_;
      state_ = State::Start;
      return BatchToken::CloseN;
    }
    const std::size_t rest = n_ - done_;
    if (one_by_one_ || (lone_first_ && !began_ && n_ == 1) || (lone_rest_ && rest == 1)) {
      if (rest == 0) return BatchToken::Done;
      began_ = true;
      last_batch_ = 1;
      ++done_;
      state_ = State::AfterLone;
      return BatchToken::Unit;
    }
    if (trailing_ ? (began_ && last_batch_ < kBatchSize) : rest == 0) return BatchToken::Done;
    began_ = true;
    in_batch_ = 0;
    state_ = State::InBatch;
    return BatchToken::Mark;
  }

 private:
  enum class State : std::uint8_t { Start, InBatch, AfterLone };
  Batcher(std::size_t n, bool one_by_one, bool lone_first, bool lone_rest, bool trailing)
      : n_(n),
        one_by_one_(one_by_one),
        lone_first_(lone_first),
        lone_rest_(lone_rest),
        trailing_(trailing) {}

  std::size_t n_ = 0, done_ = 0, in_batch_ = 0, last_batch_ = 0;
  bool one_by_one_ = false, lone_first_ = false, lone_rest_ = false, trailing_ = false,
       began_ = false;
  State state_ = State::Start;
};

}  // namespace hog::core::pickle::detail
