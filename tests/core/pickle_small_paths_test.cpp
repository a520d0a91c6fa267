// White-box: the codecs' fast paths for small graphs (pickle_encode_small.hpp,
// pickle_decode_small.hpp) give exactly what the general Encoder and Machine give, or give up:
// - encode_small writes the general Encoder's bytes whenever it takes a graph;
// - decode_small returns the Machine's graph (sharing, and which strs are objects of their own,
//   checked by re-encoding) whenever it takes a pickle, and gives up wherever the Machine raises,
//   on well-formed and on mutated pickles;
// - both take the call payload, which is what they are for.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hog/core/errors.hpp"
#include "hog/core/pickle.hpp"
#include "hog/core/pickle_opcodes.hpp"
#include "pickle_decode_handed_over.hpp"
#include "pickle_decode_small.hpp"
#include "pickle_encode_small.hpp"
#include "pickle_encode_walk.hpp"
#include "value_internal.hpp"

using hog::core::Value;
namespace pk = hog::core::pickle;

namespace {

// What the general Encoder alone writes.
std::string general_encode(const Value& value, int protocol, std::size_t max_depth = 10000) {
  return pk::detail::Encoder({.protocol = protocol, .max_depth = max_depth}, 64).run(value.slot());
}

// What encode_small writes, or nullopt when it gives up.
std::optional<std::string> small_encode(const Value& value, int protocol,
                                        std::size_t max_depth = 10000) {
  char out[pk::detail::kSmallPickleBytes];
  const std::size_t size = pk::detail::encode_small(value.slot(), protocol, max_depth, out);
  if (size == 0) return std::nullopt;
  return std::string(out, size);
}

// What the general Machine alone decodes (decode_handed_over runs it without the fast path).
Value machine_decode(const std::string& pickle, std::size_t max_depth = 1000) {
  auto block = std::make_unique<std::byte[]>(pickle.size() + 1);
  std::memcpy(block.get(), pickle.data(), pickle.size());
  pk::DecodeOptions options;
  options.max_depth = max_depth;
  return pk::decoding::decode_handed_over(std::move(block), pickle.size(), options);
}

std::optional<Value> small_decode(const std::string& pickle, std::size_t max_depth = 1000) {
  return pk::decoding::decode_small(std::as_bytes(std::span(pickle.data(), pickle.size())),
                                    max_depth);
}

// The two decodes made the same graph: same structure and sharing, and the same strs are objects
// of their own (which same_graph does not see, and the general Encoder writes differently).
void expect_same_decode(const Value& small, const Value& machine) {
  RC_ASSERT(hog::core::same_graph(small, machine));
  RC_ASSERT(general_encode(small, 5) == general_encode(machine, 5));
  RC_ASSERT(general_encode(small, 2) == general_encode(machine, 2));
}

// Graphs of the kinds the fast paths take, and a few they do not (big ints, long strs, bytes),
// with shared strs, lists and dicts, and lists that contain themselves.
rc::Gen<Value> gen_leaf() {
  using rc::gen::map;
  return rc::gen::weightedOneOf<Value>({
      {2, rc::gen::just(Value())},
      {2, map(rc::gen::arbitrary<bool>(), [](bool b) { return Value(b); })},
      {12,
       map(rc::gen::inRange<std::int64_t>(-300, 70000), [](std::int64_t i) { return Value(i); })},
      {1, map(rc::gen::arbitrary<std::int64_t>(), [](std::int64_t i) { return Value(i); })},
      {4, map(rc::gen::arbitrary<double>(), [](double d) { return Value(d); })},
      {12, map(rc::gen::element<std::string>("", "x", "z", "\xc3\xa9", "\xc4\x80", "key", "x"),
               [](const std::string& s) { return Value(s); })},
      {1, map(rc::gen::inRange<std::size_t>(250, 260),
              [](std::size_t n) { return Value(std::string(n, 'a')); })},
      {1, rc::gen::just(Value::bytes("b"))},
  });
}

Value gen_graph(int depth, std::vector<Value>& made) {
  const int choice = *rc::gen::inRange(0, depth <= 0 ? 1 : 6);
  if (choice == 0) {
    Value leaf = *gen_leaf();
    if (leaf.kind() == hog::core::Kind::Str) made.push_back(leaf);
    return leaf;
  }
  if (choice == 1 && !made.empty()) return made[*rc::gen::inRange<std::size_t>(0, made.size())];
  const auto n = *rc::gen::inRange<std::size_t>(0, 6);
  std::vector<Value> items;
  for (std::size_t i = 0; i < n; ++i) items.push_back(gen_graph(depth - 1, made));
  Value result;
  switch (choice) {
    case 2:
    case 1:
      result = Value::tuple(items);
      break;
    case 3: {
      result = Value::list(items);
      if (*rc::gen::inRange(0, 8) == 0) result.append(result);
      break;
    }
    default: {
      result = Value::dict();
      for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
        const Value key =
            items[i].kind() == hog::core::Kind::Str || items[i].kind() == hog::core::Kind::Int
                ? items[i]
                : Value("k" + std::to_string(i));
        result.set_item(key, items[i + 1]);
      }
      if (*rc::gen::inRange(0, 8) == 0) result.set_item("self", result);
    }
  }
  made.push_back(result);
  return result;
}

Value gen_small_graph() {
  std::vector<Value> made;
  return gen_graph(*rc::gen::inRange(0, 5), made);
}

Value call_payload() {
  return Value::tuple(
      {Value::tuple({1, 2.0, "x", Value::list({1, 2, 3})}), Value::dict({{"z", 10}})});
}

}  // namespace

TEST(SmallPaths, TheCallPayloadTakesBothFastPaths) {
  const std::optional<std::string> pickle = small_encode(call_payload(), 5);
  ASSERT_TRUE(pickle.has_value());
  EXPECT_EQ(*pickle, general_encode(call_payload(), 5));
  const std::optional<Value> back = small_decode(*pickle);
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(hog::core::same_graph(*back, call_payload()));
}

RC_GTEST_PROP(SmallPaths, EncodeSmallWritesTheGeneralEncodersBytes, ()) {
  const Value value = gen_small_graph();
  const int protocol =
      *rc::gen::weightedElement<int>({{1, 0}, {1, 1}, {1, 2}, {1, 3}, {3, 4}, {3, 5}});
  const std::optional<std::string> small = small_encode(value, protocol);
  RC_TAG(small ? "fast path" : "general");
  if (protocol < 4) RC_ASSERT(!small);
  if (small) RC_ASSERT(*small == general_encode(value, protocol));
}

RC_GTEST_PROP(SmallPaths, DecodeSmallMakesTheMachinesGraph, ()) {
  const Value value = gen_small_graph();
  const std::string pickle = general_encode(value, *rc::gen::inRange(0, 6));
  const std::optional<Value> small = small_decode(pickle);
  RC_TAG(small ? "fast path" : "general");
  if (small) expect_same_decode(*small, machine_decode(pickle));
}

// Flipped, dropped and inserted bytes (opcodes of the fast path's set among them): wherever the
// Machine raises, decode_small has given up; wherever it takes the pickle, the graphs agree.
RC_GTEST_PROP(SmallPaths, DecodeSmallGivesUpWhereTheMachineRaises, ()) {
  std::string pickle = general_encode(gen_small_graph(), *rc::gen::inRange(4, 6));
  static const char kOpcodes[] = "\x80\x95.N\x88\x89KMJG\x8c\x94h(\x85\x86\x87t)]ae}su0";
  const int edits = *rc::gen::inRange(1, 4);
  for (int e = 0; e < edits && !pickle.empty(); ++e) {
    const auto at = *rc::gen::inRange<std::size_t>(0, pickle.size());
    switch (*rc::gen::inRange(0, 4)) {
      case 0:
        pickle[at] = *rc::gen::arbitrary<char>();
        break;
      case 1:
        pickle.erase(at, 1);
        break;
      case 2:
        pickle.insert(at, 1, *rc::gen::elementOf(std::string(kOpcodes, sizeof kOpcodes - 1)));
        break;
      default:
        pickle.resize(at);
    }
  }
  std::optional<Value> machine;
  try {
    machine = machine_decode(pickle);
  } catch (const hog::core::Error&) {
  }
  const std::optional<Value> small = small_decode(pickle);
  RC_TAG(small ? "fast path" : "general");
  if (!machine) RC_ASSERT(!small);
  if (small) expect_same_decode(*small, *machine);
}

TEST(SmallPaths, ATupleThatContainsItselfIsLeftToTheGeneralEncoder) {
  Value inner = Value::list();
  const Value tuple = Value::tuple({1, inner});
  inner.append(tuple);
  EXPECT_FALSE(small_encode(tuple, 5).has_value());
  EXPECT_EQ(pk::encode(tuple), general_encode(tuple, 5));
}

TEST(SmallPaths, NestingAtTheDepthLimitIsLeftToTheGeneralPaths) {
  const Value nested = Value::list({Value::list({Value::list({1})})});
  EXPECT_FALSE(small_encode(nested, 5, 2).has_value());
  EXPECT_THROW(pk::encode(nested, {.max_depth = 2}), hog::core::RecursionError);
  const std::string pickle = pk::encode(nested);
  EXPECT_TRUE(small_decode(pickle, 3).has_value());
  EXPECT_FALSE(small_decode(pickle, 2).has_value());
  pk::DecodeOptions shallow;
  shallow.max_depth = 2;
  EXPECT_THROW(pk::decode(pickle, shallow), hog::core::RecursionError);
}

TEST(SmallPaths, ASharedStrWrittenAnewDecodesAsAnObjectOfItsOwn) {
  // ('x', 'x') whose second 'x' is written again rather than fetched from the memo, as a str that
  // is an object of its own is written: both decodes keep it so, and re-encoding reproduces it.
  static const char kPickle[] =
      "\x80\x05\x95\x0b\x00\x00\x00\x00\x00\x00\x00\x8c\x01x\x94\x8c\x01x\x94\x86\x94.";
  const std::string pickle(kPickle, sizeof kPickle - 1);
  const std::optional<Value> small = small_decode(pickle);
  ASSERT_TRUE(small.has_value());
  EXPECT_EQ(general_encode(*small, 5), general_encode(machine_decode(pickle), 5));
  EXPECT_EQ(pk::encode(*small), pickle);
}
