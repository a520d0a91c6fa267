// Output buffer and framing for the pickle encoder (see pickle_encode_writer.hpp).
#include "pickle_encode_writer.hpp"

#include <algorithm>

namespace hog::core::pickle::detail {

Writer::Writer(std::size_t reserve) : data_(inline_), capacity_(kInlineBytes) {
  if (reserve > kInlineBytes) {
    heap_.reset(new char[reserve]);  // uninitialized: only written bytes are read
    data_ = heap_.get();
    capacity_ = reserve;
  }
}

void Writer::grow(std::size_t needed) {
  const std::size_t capacity = std::max(needed, capacity_ * 2);
  std::unique_ptr<char[]> data(new char[capacity]);
  std::memcpy(data.get(), data_, length_);
  heap_ = std::move(data);
  data_ = heap_.get();
  capacity_ = capacity;
}

void Writer::commit_frame() {
  if (frame_start_ == kNoFrame) return;
  const std::size_t frame_length = length_ - frame_start_ - kFrameHeaderSize;
  char* header = data_ + frame_start_;
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
  return std::string(finish_view());
}

std::string_view Writer::finish_view() {
  commit_frame();
  return {data_, length_};
}

}  // namespace hog::core::pickle::detail
