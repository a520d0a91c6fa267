// pickle::encode by example: one rule of CPython 3.11's pickler per test, with the bytes CPython
// writes (taken from pickle.dumps and pickletools.dis), plus the encoder's own limits and errors.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "hog/core/errors.hpp"
#include "hog/core/pickle.hpp"
#include "support/value_gen.hpp"

namespace {

using hog::core::Construction;
using hog::core::Reduction;
using hog::core::Value;
using hog::core::pickle::encode;
using hog::core::pickle::EncodeOptions;
using namespace std::string_literals;

std::string enc(const Value& v, int protocol) {
  return encode(v, EncodeOptions{protocol});
}
std::string bytes(std::initializer_list<int> codes) {
  std::string out;
  for (int c : codes) out += static_cast<char>(c);
  return out;
}

}  // namespace

TEST(PickleEncode, ScalarsAtProtocol2) {
  EXPECT_EQ(enc(Value(), 2), std::string("\x80\x02N.", 4));
  EXPECT_EQ(enc(true, 2), "\x80\x02\x88.");
  EXPECT_EQ(enc(255, 2), "\x80\x02K\xff.");
  EXPECT_EQ(enc(256, 2), std::string("\x80\x02M\x00\x01.", 6));
  EXPECT_EQ(enc(65536, 2), std::string("\x80\x02J\x00\x00\x01\x00.", 8));
  EXPECT_EQ(enc(-1, 2), "\x80\x02J\xff\xff\xff\xff.");
  EXPECT_EQ(enc(2147483648LL, 2), std::string("\x80\x02\x8a\x05\x00\x00\x00\x80\x00.", 10));
  EXPECT_EQ(enc(-2147483649LL, 2), std::string("\x80\x02\x8a\x05\xff\xff\xff\x7f\xff.", 10));
  EXPECT_EQ(enc(1.5, 2), std::string("\x80\x02G?\xf8\x00\x00\x00\x00\x00\x00.", 12));
}

TEST(PickleEncode, ScalarsAtProtocol0AreText) {
  EXPECT_EQ(enc(false, 0), "I00\n.");
  EXPECT_EQ(enc(-7, 0), "I-7\n.");
  EXPECT_EQ(enc(4294967296LL, 0), "L4294967296L\n.");
  EXPECT_EQ(enc(1e16, 0), "F1e+16\n.");
  EXPECT_EQ(enc(1e-5, 0), "F1e-05\n.");
  EXPECT_EQ(enc(0.0001, 0), "F0.0001\n.");
  EXPECT_EQ(enc(123.0, 0), "F123.0\n.");
  EXPECT_EQ(enc(-0.0, 0), "F-0.0\n.");
  EXPECT_EQ(enc(1.0 / 0.0, 0), "Finf\n.");
  // raw-unicode-escape with backslash and newline escaped; Latin-1 as one byte.
  EXPECT_EQ(enc(Value("a\\\n\xc3\xa9\xf0\x9f\x98\x80"), 0),
            "Va\\u005c\\u000a\xe9\\U0001f600\np0\n.");
}

TEST(PickleEncode, IntsTooLongForDecimalTextAreRefusedBelowProtocol2) {
  const Value huge(hog::core::BigInt::from_digits(std::string(5000, '7'), 10).value());
  EXPECT_THROW(enc(huge, 0), hog::core::ValueError);
  EXPECT_NO_THROW(enc(huge, 2));
}

TEST(PickleEncode, SmallPickleAtProtocol4HasNoFrame) {
  // A frame shorter than 4 bytes is dropped (FRAME_SIZE_MIN).
  EXPECT_EQ(enc(Value(), 4), std::string("\x80\x04N.", 4));
  EXPECT_EQ(enc(Value("ab"), 4),
            bytes({0x80, 4, 0x95, 6, 0, 0, 0, 0, 0, 0, 0, 0x8c, 2, 'a', 'b', 0x94, '.'}));
}

TEST(PickleEncode, ComplexIsAReduceOfBuiltinsComplex) {
  const std::string p2 = enc(std::complex<double>(1, 2), 2);
  EXPECT_EQ(p2, bytes({0x80, 2,    'c', '_', '_',  'b', 'u', 'i', 'l', 't',  'i', 'n', '_',
                       '_',  '\n', 'c', 'o', 'm',  'p', 'l', 'e', 'x', '\n', 'q', 0,   'G',
                       0x3f, 0xf0, 0,   0,   0,    0,   0,   0,   'G', 0x40, 0,   0,   0,
                       0,    0,    0,   0,   0x86, 'q', 1,   'R', 'q', 2,    '.'}));
}

TEST(PickleEncode, SharedObjectsAreFetchedFromTheMemo) {
  const Value s("hello");
  EXPECT_EQ(enc(Value::list({s, s}), 2),
            bytes({0x80, 2,   ']', 'q', 0,   '(', 'X', 5,   0, 0,   0,
                   'h',  'e', 'l', 'l', 'o', 'q', 1,   'h', 1, 'e', '.'}));
  // Equal but distinct strs are written twice; one-character strs are one object in CPython.
  EXPECT_EQ(enc(Value::list({Value("x"), Value("x")}), 2),
            bytes({0x80, 2, ']', 'q', 0, '(', 'X', 1, 0, 0, 0, 'x', 'q', 1, 'h', 1, 'e', '.'}));
}

// The memo finds nodes by their position in their heap when the graph fills the heap, and by
// pointer otherwise: where a graph's nodes sit in memory must not change a byte of the output.
TEST(PickleEncode, MemoIsBlindToWhereNodesLiveInTheirHeap) {
  auto strings = [](int count) {
    std::vector<Value> items;
    for (int i = 0; i < count; ++i) items.emplace_back("s" + std::to_string(i));
    return Value::list(items);
  };
  // A small graph whose nodes come late in a big heap (ids far beyond the memo's size)...
  Value big = strings(5000);
  const Value late = Value("late");
  const Value small = Value::list({late, late});
  big.append(small);
  const Value fresh_late("late");
  EXPECT_EQ(encode(small), encode(Value::list({fresh_late, fresh_late})));
  // ...and one whose first nodes have high ids and later ones low ids, revisited afterwards.
  const Value low = strings(3000);
  const Value high = Value("high");
  const Value root = Value::list({high, low, high});
  const Value fresh_high("high");
  EXPECT_EQ(encode(root), encode(Value::list({fresh_high, strings(3000), fresh_high})));
}

TEST(PickleEncode, RecursiveTupleIsPoppedAndFetched) {
  Value list = Value::list();
  const Value tuple = Value::tuple({list});
  list.append(tuple);
  // (L,) where L = [(L,)]: TUPLE1's item saves the list, which saves the tuple first.
  EXPECT_EQ(enc(tuple, 2),
            bytes({0x80, 2, ']', 'q', 0, 'h', 0, 0x85, 'q', 1, 'a', '0', 'h', 1, '.'}));
  EXPECT_EQ(enc(tuple, 1),
            bytes({'(', ']', 'q', 0, '(', 'h', 0, 't', 'q', 1, 'a', '1', 'h', 1, '.'}));
  EXPECT_EQ(enc(tuple, 0), "((lp0\n(g0\ntp1\na00g1\n.");
}

TEST(PickleEncode, LoneItemsUseAppendAndSetitem) {
  EXPECT_EQ(enc(Value::list({1}), 2), bytes({0x80, 2, ']', 'q', 0, 'K', 1, 'a', '.'}));
  EXPECT_EQ(enc(Value::dict({{1, 2}}), 2), bytes({0x80, 2, '}', 'q', 0, 'K', 1, 'K', 2, 's', '.'}));
  EXPECT_EQ(enc(Value::set({1}), 4),
            bytes({0x80, 4, 0x95, 7, 0, 0, 0, 0, 0, 0, 0, 0x8f, 0x94, '(', 'K', 1, 0x90, '.'}));
}

TEST(PickleEncode, DictOfExactlyOneBatchEndsWithAnEmptyBatch) {
  std::vector<std::pair<Value, Value>> pairs;
  for (int i = 0; i < 1000; ++i) pairs.emplace_back(i, Value());
  const std::string out = enc(Value::dict(pairs), 2);
  EXPECT_EQ(out.substr(out.size() - 4), "u(u.");
}

TEST(PickleEncode, GlobalsAreRenamedForPython2BelowProtocol3) {
  EXPECT_EQ(enc(Value::global("builtins", "set"), 2),
            "\x80\x02"
            "c__builtin__\nset\nq\x00."s);
  EXPECT_EQ(enc(Value::global("builtins", "set"), 3),
            "\x80\x03"
            "cbuiltins\nset\nq\x00."s);
  EXPECT_THROW(enc(Value::global("modul\xc3\xa9", "x"), 2), hog::core::PicklingError);
  EXPECT_NO_THROW(enc(Value::global("modul\xc3\xa9", "x"), 3));
  EXPECT_THROW(enc(Value::global("m", "f.<locals>.g"), 4), hog::core::PicklingError);
}

TEST(PickleEncode, ReducedObjectsThatCannotBeWrittenRaisePicklingError) {
  Reduction bad_callable;
  bad_callable.callable = 3;
  EXPECT_THROW(enc(Value::reduced(bad_callable), 4), hog::core::PicklingError);
  Reduction bad_args;
  bad_args.callable = Value::global("m", "f");
  bad_args.args = Value::list();
  EXPECT_THROW(enc(Value::reduced(bad_args), 4), hog::core::PicklingError);
  Reduction newobj_ex;
  newobj_ex.callable = Value::global("m", "C");
  newobj_ex.how = Construction::NewObjEx;
  newobj_ex.kwargs = Value::dict();
  for (int p : {2, 3}) EXPECT_THROW(enc(Value::reduced(newobj_ex), p), hog::core::PicklingError);
  for (int p : {0, 1, 4, 5}) EXPECT_NO_THROW(enc(Value::reduced(newobj_ex), p));
}

TEST(PickleEncode, ProtocolOutOfRange) {
  EXPECT_THROW(enc(Value(), 6), hog::core::ValueError);
  EXPECT_EQ(enc(Value(), -1), enc(Value(), 5));  // negative means the highest, as in CPython
}

TEST(PickleEncode, DeepNestingIsBoundedAndNeverOverflowsTheStack) {
  Value v = Value::list();
  for (int i = 0; i < 50000; ++i) v = Value::list({v});
  EXPECT_THROW(enc(v, 5), hog::core::RecursionError);
  EncodeOptions deep;
  deep.max_depth = 100000;
  const std::string out = encode(v, deep);
  EXPECT_EQ(out.back(), '.');
  EncodeOptions shallow;
  shallow.max_depth = 3;
  EXPECT_NO_THROW(encode(Value::list({Value::list({Value::list()})}), shallow));
  EXPECT_THROW(encode(Value::list({Value::list({Value::list({Value::list({1})})})}), shallow),
               hog::core::RecursionError);
}

// max_depth counts open containers however they are saved: inline (small, not deep) or through
// frames (a 65-item list, or past 8 inline levels).
TEST(PickleEncode, MaxDepthCountsInlineAndFramedContainersAlike) {
  for (int wide_at : {0, 2, 5}) {
    for (int depth = 1; depth <= 12; ++depth) {
      Value v = Value::list({1});
      for (int level = depth - 1; level >= 1; --level) {
        if (level == wide_at) {
          std::vector<Value> wide(64, Value(0));
          wide.push_back(v);
          v = Value::list(wide);
        } else {
          v = Value::tuple({v, level});
        }
      }
      for (std::size_t limit = 1; limit <= 12; ++limit) {
        EncodeOptions options;
        options.max_depth = limit;
        if (static_cast<std::size_t>(depth) > limit) {
          EXPECT_THROW(encode(v, options), hog::core::RecursionError) << depth << " " << limit;
        } else {
          EXPECT_NO_THROW(encode(v, options)) << depth << " " << limit;
        }
      }
    }
  }
}

RC_GTEST_PROP(PickleEncode, EveryGeneratedGraphEncodesAtEveryProtocol, ()) {
  hog::test::ValueGenOptions options;
  options.sharing = true;
  options.cycles = true;
  options.globals = true;
  const Value v = *hog::test::gen_value(options);
  for (int p = 0; p <= 5; ++p) {
    std::string out;
    try {
      out = enc(v, p);
    } catch (const hog::core::PicklingError&) {
      continue;  // NEWOBJ_EX at protocols 2-3, non-ASCII global names below 3
    }
    RC_ASSERT(!out.empty());
    RC_ASSERT(out.back() == '.');
    if (p >= 2) RC_ASSERT(out.substr(0, 2) == std::string("\x80") + static_cast<char>(p));
  }
}
