// The pickle encoder's output buffer, with protocol 4+ framing done the way CPython's C pickler
// (Modules/_pickle.c, pickle.dumps) does it, so frame boundaries land on the same bytes.
//
// Contract:
// - Every write goes into one growing buffer. With framing on (protocol 4+, after the PROTO
//   header), the first write after a frame was committed opens a new frame: a 9-byte FRAME header
//   is reserved and filled in when the frame is committed; a frame of fewer than 4 bytes loses its
//   header instead (FRAME_SIZE_MIN).
// - opcode_boundary() is called where CPython's save() starts: a frame that has reached 64 KiB
//   (FRAME_SIZE_TARGET) is committed there, never in the middle of an object.
// - write_large() is _Pickler_write_bytes: a payload of 64 KiB or more is written with its header
//   outside any frame (the open frame is committed first).
// - finish() commits the last frame and returns a copy of the bytes; finish_view() commits it and
//   lets the caller read them in place (valid while the Writer lives), for serialize's base64.
// - The buffer is never zero-filled: only written bytes are read. Up to kInlineBytes it is part
//   of the Writer itself, so a small pickle is written without an allocation. Not thread-safe;
//   neither copyable nor movable; one per encode().
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "hog/core/pickle_opcodes.hpp"
#include "short_copy.hpp"

namespace hog::core::pickle::detail {

class Writer {
 public:
  static constexpr std::size_t kFrameSizeTarget = 64 * 1024;
  static constexpr std::size_t kFrameSizeMin = 4;
  static constexpr std::size_t kFrameHeaderSize = 9;

  static constexpr std::size_t kInlineBytes = 512;

  // `reserve`: the expected size; a bigger buffer is allocated up front when it exceeds the inline
  // one.
  explicit Writer(std::size_t reserve);
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Turns framing on (after the PROTO header at protocol 4+).
  void enable_framing() { framing_ = true; }

  void op(Op code) {
    char* p = claim(1);
    *p = static_cast<char>(code);
  }
  void op(Op code, std::uint8_t arg) {
    char* p = claim(2);
    p[0] = static_cast<char>(code);
    p[1] = static_cast<char>(arg);
  }
  // An opcode and a `size`-byte (2 or 4) little-endian argument, stored straight into the buffer:
  // staging them in a small array first costs a store-forwarding stall per call.
  void op_le(Op code, std::uint32_t arg, std::size_t size) {
    char* p = claim(1 + size);
    p[0] = static_cast<char>(code);
    for (std::size_t i = 0; i < size; ++i) p[1 + i] = static_cast<char>(arg >> (8 * i));
  }
  // An opcode and an 8-byte big-endian argument (BINFLOAT's double), stored straight into the
  // buffer too.
  void op_be64(Op code, std::uint64_t arg) {
    char* p = claim(9);
    p[0] = static_cast<char>(code);
    arg = __builtin_bswap64(arg);
    std::memcpy(p + 1, &arg, sizeof arg);
  }
  // The '\n' that ends a text argument (protocol 0 and GLOBAL).
  void newline() { *claim(1) = '\n'; }
  void write(const void* data, std::size_t size) {
    if (size == 0) return;
    core::detail::copy_bytes(claim(size), static_cast<const char*>(data), size);
  }
  void write(std::string_view text) { write(text.data(), text.size()); }

  void opcode_boundary() {
    if (frame_start_ != kNoFrame && length_ - frame_start_ - kFrameHeaderSize >= kFrameSizeTarget) {
      commit_frame();
    }
  }

  // A run of small writes straight into the buffer: begin_run(n) makes room for up to n bytes
  // (opening a frame first when one is due) and returns where to write; end_run(end) takes the
  // bytes written up to `end`. Writes in a run are whole opcodes; before each one the caller
  // checks whether the position has reached run_stop_offset() bytes from buffer() and, when it
  // has, ends the run and calls opcode_boundary(). (Both are read once per run: a loop keeps them
  // in locals, as the bytes it writes through a char pointer may alias this Writer.)
  char* begin_run(std::size_t max_size) {
    char* p = claim(max_size);
    length_ -= max_size;
    return p;
  }
  void end_run(const char* end) { length_ = static_cast<std::size_t>(end - data_); }
  const char* buffer() const { return data_; }
  // Where opcode_boundary() would commit the open frame before the next opcode (SIZE_MAX when no
  // frame is open).
  std::size_t run_stop_offset() const {
    return frame_start_ == kNoFrame ? SIZE_MAX : frame_start_ + kFrameHeaderSize + kFrameSizeTarget;
  }

  // Header then payload; payloads of kFrameSizeTarget bytes or more go outside frames.
  void write_large(const char* header, std::size_t header_size, std::string_view payload);

  std::string finish();
  std::string_view finish_view();

 private:
  static constexpr std::size_t kNoFrame = static_cast<std::size_t>(-1);

  // Room for `size` bytes (opening a frame first when one is due); returns where to write them.
  char* claim(std::size_t size) {
    const bool new_frame = framing_ && frame_start_ == kNoFrame;
    const std::size_t needed = length_ + size + (new_frame ? kFrameHeaderSize : 0);
    if (needed > capacity_) grow(needed);
    if (new_frame) {
      frame_start_ = length_;
      length_ += kFrameHeaderSize;
    }
    char* p = data_ + length_;
    length_ += size;
    return p;
  }
  void grow(std::size_t needed);
  void commit_frame();

  char* data_;  // capacity_ bytes, of which length_ are written: inline_ or heap_
  std::size_t capacity_;
  std::unique_ptr<char[]> heap_;
  std::size_t length_ = 0;
  std::size_t frame_start_ = kNoFrame;
  bool framing_ = false;
  char inline_[kInlineBytes];  // not initialized: only written bytes are read
};

}  // namespace hog::core::pickle::detail
