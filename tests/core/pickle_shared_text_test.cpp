// Strs and bytes CPython usually shares by content (empty, one Latin-1 character, one byte) are
// sometimes objects of their own — a bytes made from a bytearray, the str CPython decodes for
// _codecs.encode below protocol 3 — and CPython's pickle then writes them anew rather than as a
// memo reference. Decoding keeps that (the str inside _codecs.encode(str, 'latin1') is always the
// shared one), so re-encoding such a pickle reproduces it byte for byte.
#include <gtest/gtest.h>

#include <sstream>

#include "hog/core/pickle.hpp"
#include "support/python_oracle.hpp"

namespace {

namespace pk = hog::core::pickle;

TEST(PickleSharedText, FreshCopiesOfSharedStrsAndBytesReencodeExactly) {
  const std::string script = R"(
import pickle, sys
values = [
    (b'b', 'b'),
    ('b', b'b'),
    [b'\x00', '\x00', b'\x00'],
    [bytes(bytearray(b'x')), b'x', bytes(bytearray(b'x'))],
    [bytes(bytearray()), b'', 'q', ''.join(['q'])],
    {'k': b'k', b'k': ('k', bytes(bytearray(b'k')))},
    ['\xe9', b'\xe9', chr(0xe9)],
    [b'\xe9', '\xe9'],
]
for value in values:
    for protocol in range(6):
        print(protocol, pickle.dumps(value, protocol).hex())
)";
  std::istringstream lines(hog::test::run_python(script));
  int checked = 0;
  for (std::string line; std::getline(lines, line); ++checked) {
    const int protocol = std::stoi(line.substr(0, 1));
    const std::string pickle = hog::test::from_hex(line.substr(2));
    EXPECT_EQ(hog::test::to_hex(pk::encode(pk::decode(pickle), {.protocol = protocol})),
              line.substr(2))
        << "protocol " << protocol;
  }
  EXPECT_EQ(checked, 48);
}

}  // namespace
