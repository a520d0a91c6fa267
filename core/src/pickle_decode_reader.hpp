// Internal to the pickle decoder: reads opcode arguments from the input, per ArgKind, with every
// length checked against the remaining input before anything is copied or allocated.
//
// Contract: Reader is a cursor over the caller's bytes (no ownership; views point into them).
// Every read either returns what was asked or throws decoding::Failure with CPython's wording
// ("pickle data was truncated", "LONG pickle has negative byte count", ...). Not thread-safe.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "hog/core/pickle_opcodes.hpp"

namespace hog::core::pickle::decoding {

// The T at `bytes`, in the machine's byte order, whatever their alignment.
template <class T>
T load_native(const char* bytes) {
  T value;
  std::memcpy(&value, bytes, sizeof value);
  return value;
}

// The `width`-byte little-endian unsigned integer at `bytes` (opcode arguments' byte order): one
// load for the widths opcodes use, on a little-endian machine.
inline std::uint64_t load_le(const char* bytes, int width) {
  if constexpr (std::endian::native == std::endian::little) {
    switch (width) {
      case 1:
        return static_cast<unsigned char>(bytes[0]);
      case 2:
        return load_native<std::uint16_t>(bytes);
      case 4:
        return load_native<std::uint32_t>(bytes);
      case 8:
        return load_native<std::uint64_t>(bytes);
      default:
        break;
    }
  }
  std::uint64_t value = 0;
  for (int i = width - 1; i >= 0; --i) value = value << 8 | static_cast<unsigned char>(bytes[i]);
  return value;
}
// BINFLOAT's argument: an IEEE 754 double, big-endian.
inline double load_be_double(const char* bytes) {
  std::uint64_t bits = load_native<std::uint64_t>(bytes);
  if constexpr (std::endian::native == std::endian::little) bits = __builtin_bswap64(bits);
  return std::bit_cast<double>(bits);
}

class Reader {
 public:
  explicit Reader(std::span<const std::byte> data)
      : data_(reinterpret_cast<const char*>(data.data()), data.size()) {}

  std::size_t position() const { return pos_; }
  std::size_t remaining() const { return data_.size() - pos_; }
  bool at_end() const { return pos_ == data_.size(); }

  // The bytes not read yet, and skipping `count` of them (count <= remaining()).
  std::string_view rest() const { return data_.substr(pos_); }
  void skip(std::size_t count) { pos_ += count; }

  std::uint8_t byte() {
    if (pos_ >= data_.size()) truncated();
    return static_cast<std::uint8_t>(data_[pos_++]);
  }
  std::string_view take(std::uint64_t count);
  std::uint64_t unsigned_le(int width);
  // The bytes up to the next '\n', which is consumed but not returned.
  std::string_view line();
  // Throws "pickle data was truncated".
  [[noreturn]] static void truncated();

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

// One decoded argument. Which fields are set depends on the ArgKind (see read_argument).
struct Argument {
  std::uint64_t number = 0;  // Uint1/2/4/8
  std::int64_t integer = 0;  // Int4
  double real = 0;           // Float8
  std::string_view text;     // counted payloads (Long*, String*, Bytes*, ...) and line texts
  std::string_view second;   // the second line of StringNlNoEscapePair
};

// Reads the argument of `info` (whose opcode byte was just read).
Argument read_argument(Reader& reader, const OpcodeInfo& info);

}  // namespace hog::core::pickle::decoding
