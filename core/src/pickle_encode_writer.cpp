// Output buffer and framing for the pickle encoder (see pickle_encode_writer.hpp).
#include "pickle_encode_writer.hpp"

#include <algorithm>

namespace hog::core::pickle::detail {

Writer::Writer(std::size_t reserve) {
  buffer_.resize(std::max<std::size_t>(reserve, 256));
}

void Writer::grow(std::size_t needed) {
  buffer_.resize(std::max(needed, buffer_.size() * 2));
}

void Writer::commit_frame() {
  if (frame_start_ == kNoFrame) return;
  const std::size_t frame_length = length_ - frame_start_ - kFrameHeaderSize;
  char* header = buffer_.data() + frame_start_;
  if (frame_length >= kFrameSizeMin) {
    header[0] = static_cast<char>(Op::FRAME);  // then the length as 8 bytes little-endian
    for (int i = 0; i < 8; ++i) header[1 + i] = static_cast<char>((frame_length >> (8 * i)) & 0xff);
  } else {
    std::memmove(header, header + kFrameHeaderSize, frame_length);
    length_ -= kFrameHeaderSize;
  }
  frame_start_ = kNoFrame;
}

void Writer::write_large(const char* header, std::size_t header_size, std::string_view payload) {
  if (payload.size() < kFrameSizeTarget) {
    write(header, header_size);
    write(payload);
    return;
  }
  commit_frame();
  const bool framing = framing_;
  framing_ = false;
  write(header, header_size);
  write(payload);
  framing_ = framing;
}

std::string Writer::finish() {
  commit_frame();
  buffer_.resize(length_);
  length_ = 0;
  return std::move(buffer_);
}

}  // namespace hog::core::pickle::detail
