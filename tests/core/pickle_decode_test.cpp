// pickle::decode examples: each opcode family, model-type reductions, hooks and buffers, and every
// kind of malformed input (truncation, huge lengths, bad memo, stack and mark errors, bad
// protocol, depth and memo bombs). Random bytes never crash.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <limits>

#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/pickle.hpp"
#include "support/python_oracle.hpp"

namespace {

using namespace std::literals;
using hog::core::Construction;
using hog::core::Kind;
using hog::core::Value;
namespace pk = hog::core::pickle;

Value load(std::string_view bytes, const pk::DecodeOptions& options = {}) {
  return pk::decode(bytes, options);
}

// The UnpicklingError decoding `bytes` raises (the test fails when there is none).
hog::core::UnpicklingError decode_error(std::string_view bytes,
                                        const pk::DecodeOptions& options = {}) {
  try {
    pk::decode(bytes, options);
  } catch (const hog::core::UnpicklingError& error) {
    return error;
  }
  ADD_FAILURE() << "no UnpicklingError for " << testing::PrintToString(std::string(bytes));
  return hog::core::UnpicklingError("none", 0, "");
}

std::string bytes_of(std::initializer_list<int> codes) {
  std::string out;
  for (int c : codes) out += static_cast<char>(c);
  return out;
}

TEST(PickleDecode, Scalars) {
  EXPECT_TRUE(load("N.").is_none());
  EXPECT_TRUE(load("I01\n.").as_bool());
  EXPECT_FALSE(load("I00\n.").as_bool());
  EXPECT_EQ(load("I00\n.").kind(), Kind::Bool);
  EXPECT_EQ(load("I-17\n.").as_int(), -17);
  EXPECT_EQ(load("I0x10\n.").as_int(), 16);  // C strtol with base 0
  EXPECT_EQ(load("I010\n.").as_int(), 8);
  EXPECT_EQ(load("I99999999999999999999\n.").as_bigint().to_string(), "99999999999999999999");
  EXPECT_EQ(load("L12345678901234567890L\n.").as_bigint().to_string(), "12345678901234567890");
  EXPECT_EQ(load("L-5\n.").as_int(), -5);
  EXPECT_EQ(load(bytes_of({'J', 0xff, 0xff, 0xff, 0xff, '.'})).as_int(), -1);
  EXPECT_EQ(load(bytes_of({'K', 0xff, '.'})).as_int(), 255);
  EXPECT_EQ(load(bytes_of({'M', 0x01, 0x02, '.'})).as_int(), 0x0201);
  EXPECT_EQ(load(bytes_of({0x8a, 0x02, 0xff, 0x7f, '.'})).as_int(), 0x7fff);
  EXPECT_EQ(load(bytes_of({0x8a, 0x01, 0x80, '.'})).as_int(), -128);
  EXPECT_EQ(load(bytes_of({0x8a, 0x00, '.'})).as_int(), 0);
  EXPECT_EQ(load(bytes_of({0x8b, 0x01, 0, 0, 0, 0xfe, '.'})).as_int(), -2);
  EXPECT_TRUE(load(bytes_of({0x88, '.'})).as_bool());
  EXPECT_FALSE(load(bytes_of({0x89, '.'})).as_bool());
  EXPECT_EQ(load("F1.5\n.").as_float(), 1.5);
  EXPECT_EQ(load("F-inf\n.").as_float(), -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(load("Fnan\n.").as_float()));
  EXPECT_EQ(load("F1e-400\n.").as_float(), 0.0);
  EXPECT_EQ(load(bytes_of({'G', 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, '.'})).as_float(), 1.5);
}

TEST(PickleDecode, Strings) {
  EXPECT_EQ(load("S'a\\x41\\101\\n\\q'\n.").as_str(), "aAA\n\\q");
  EXPECT_EQ(load("S\"it's\"\n.").as_str(), "it's");
  EXPECT_EQ(load(bytes_of({'U', 2, 'h', 'i', '.'})).as_str(), "hi");
  EXPECT_EQ(load(bytes_of({'T', 1, 0, 0, 0, 'x', '.'})).as_str(), "x");
  EXPECT_EQ(load("V\\u00e9\\U0001F600\\\\u0041x\n.").as_str(),
            "\xc3\xa9\xf0\x9f\x98\x80\\\\u0041x");
  EXPECT_EQ(load("V\\ud800\n.").as_str(), "\xed\xa0\x80");  // lone surrogate kept
  EXPECT_EQ(load(bytes_of({'X', 3, 0, 0, 0, 0xed, 0xa0, 0x80, '.'})).as_str(), "\xed\xa0\x80");
  EXPECT_EQ(load(bytes_of({0x8c, 2, 0xc3, 0xa9, '.'})).as_str(), "\xc3\xa9");
  EXPECT_EQ(load(bytes_of({0x8d, 1, 0, 0, 0, 0, 0, 0, 0, 'z', '.'})).as_str(), "z");
  EXPECT_EQ(load(bytes_of({'C', 2, 0, 0xff, '.'})).as_bytes(), std::string_view("\0\xff", 2));
  EXPECT_EQ(load(bytes_of({'B', 1, 0, 0, 0, 'b', '.'})).kind(), Kind::Bytes);
  EXPECT_EQ(load(bytes_of({0x8e, 1, 0, 0, 0, 0, 0, 0, 0, 'b', '.'})).as_bytes(), "b");
  const Value array = load(bytes_of({0x96, 2, 0, 0, 0, 0, 0, 0, 0, 'a', 'b', '.'}));
  EXPECT_EQ(array.kind(), Kind::ByteArray);
  EXPECT_EQ(array.as_bytes(), "ab");
}

TEST(PickleDecode, StringErrorsFollowCPython) {
  EXPECT_NE(
      std::string(decode_error("S'\xc3\xa9'\n.").what()).find("UnicodeDecodeError: 'ascii' codec"),
      std::string::npos);
  EXPECT_NE(std::string(decode_error("S'a\n.").what()).find("must be quoted"), std::string::npos);
  EXPECT_NE(std::string(decode_error("V\\u12\n.").what()).find("truncated \\uXXXX escape"),
            std::string::npos);
  EXPECT_NE(std::string(decode_error("V\\U00110000\n.").what()).find("out of range"),
            std::string::npos);
  EXPECT_NE(std::string(decode_error(bytes_of({'X', 1, 0, 0, 0, 0xff, '.'})).what())
                .find("'utf-8' codec"),
            std::string::npos);
  EXPECT_NE(std::string(decode_error("F1e999\n.").what()).find("OverflowError"), std::string::npos);
  EXPECT_NE(std::string(decode_error("F 1.5\n.").what()).find("could not convert string to float"),
            std::string::npos);
  EXPECT_NE(
      std::string(decode_error("L010L\n.").what()).find("invalid literal for int() with base 0"),
      std::string::npos);
  EXPECT_NE(std::string(decode_error("I1x\n.").what()).find("could not convert string to int"),
            std::string::npos);
  EXPECT_NE(std::string(decode_error("I" + std::string(4301, '7') + "\n.").what())
                .find("could not convert string to int"),
            std::string::npos);  // INT hides int()'s digit-limit message behind its own
  EXPECT_NE(
      std::string(decode_error("L" + std::string(4301, '7') + "L\n.").what()).find("4300 digits"),
      std::string::npos);
}

TEST(PickleDecode, Containers) {
  const Value list = load("(lp0\nI1\naI2\na.");
  ASSERT_EQ(list.kind(), Kind::List);
  EXPECT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1].as_int(), 2);
  EXPECT_EQ(load("](K\x01K\x02K\x03"
                 "e.")
                .size(),
            3u);
  EXPECT_EQ(load("(K\x01K\x02t.").kind(), Kind::Tuple);
  EXPECT_EQ(load(bytes_of({'K', 1, 'K', 2, 'K', 3, 0x87, '.'})).size(), 3u);
  EXPECT_EQ(load(").").size(), 0u);
  const Value dict = load(
      "(K\x01K\x02K\x01K\x03"
      "d.");  // the last value wins
  ASSERT_EQ(dict.kind(), Kind::Dict);
  EXPECT_EQ(dict.size(), 1u);
  EXPECT_EQ(dict[1].as_int(), 3);
  const Value merged = load("}(K\x01N\x88K\x02u.");  // 1 and True are one key; the first key stays
  EXPECT_EQ(merged.size(), 1u);
  EXPECT_EQ(merged.items()[0].first.kind(), Kind::Int);
  EXPECT_EQ(merged.items()[0].second.as_int(), 2);
  EXPECT_EQ(load("}K\x01K\x02s.")[1].as_int(), 2);
  const Value set = load(bytes_of({0x8f, '(', 'K', 1, 'K', 1, 'K', 2, 0x90, '.'}));
  EXPECT_EQ(set.kind(), Kind::Set);
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(load(bytes_of({'(', 'K', 1, 0x91, '.'})).kind(), Kind::FrozenSet);
  EXPECT_EQ(load("](K\x00K\x01"
                 "e(K\x01K\x07u."sv)[1]
                .as_int(),
            7);  // SETITEMS on a list sets by index
}

TEST(PickleDecode, SharingAndCycles) {
  const Value shared = load(
      "]q\x00(h\x00h\x00"
      "e."sv);  // a list that contains itself twice
  EXPECT_TRUE(shared[0].is(shared));
  EXPECT_TRUE(shared[1].is(shared));
  const Value pair = load(")q\x05h\x05\x86.");
  EXPECT_TRUE(pair[0].is(pair[1]));
  const Value dup = load("]2\x86.");  // DUP: the same list twice
  EXPECT_TRUE(dup[0].is(dup[1]));
  EXPECT_EQ(load("K\x07r\xff\xff\xff\xffj\xff\xff\xff\xff\x86.")[1].as_int(),
            7);  // memo index 2^32-1
  EXPECT_EQ(load("K\x07p12345678901\ng12345678901\n\x86.")[1].as_int(), 7);
  EXPECT_EQ(load(bytes_of({'K', 1, 0x94, 'K', 2, 0x94, 'h', 1, '.'})).as_int(),
            2);  // MEMOIZE counts entries
}

TEST(PickleDecode, StackOpcodes) {
  EXPECT_EQ(load("K\x01K\x02"
                 "0.")
                .as_int(),
            1);
  EXPECT_EQ(load("K\x01(K\x02K\x03"
                 "1.")
                .as_int(),
            1);                               // POP_MARK
  EXPECT_EQ(load("K\x01(0.").as_int(), 1);    // POP removes an empty mark
  EXPECT_EQ(load("(N.").kind(), Kind::None);  // STOP ignores open marks
}

TEST(PickleDecode, GlobalsAndReductions) {
  const Value global = load("c__builtin__\nlist\n.");  // protocol 0: Python 2 names are renamed
  EXPECT_EQ(global.global_module(), "builtins");
  EXPECT_EQ(global.global_name(), "list");
  const Value kept = load(
      "\x80\x03"
      "c__builtin__\nlist\n.");
  EXPECT_EQ(kept.global_module(), "__builtin__");
  const Value stacked = load(bytes_of({0x80, 4, 0x8c, 1, 'm', 0x8c, 1, 'n', 0x93, '.'}));
  EXPECT_EQ(stacked.global_name(), "n");

  const Value reduced = load(
      "\x80\x02"
      "]cmod\nCls\nK\x01\x85R}K\x02K\x03sba.");
  ASSERT_EQ(reduced.kind(), Kind::List);
  const auto r = reduced[0].as_reduction();
  EXPECT_EQ(r.callable.global_name(), "Cls");
  EXPECT_EQ(r.how, Construction::Reduce);
  EXPECT_EQ(r.args[0].as_int(), 1);
  ASSERT_TRUE(r.state.has_value());
  EXPECT_EQ((*r.state)[2].as_int(), 3);

  // copyreg.__newobj__(cls, *args), what protocols 0-1 write for NEWOBJ, means NEWOBJ.
  const auto from_copyreg = load("ccopyreg\n__newobj__\n(cmod\nCls\nK\x05tR.").as_reduction();
  EXPECT_EQ(from_copyreg.how, Construction::NewObj);
  EXPECT_EQ(from_copyreg.callable.global_name(), "Cls");
  EXPECT_EQ(from_copyreg.args, Value::tuple({5}));
  EXPECT_EQ(load("ccopyreg\n__newobj__\n(K\x05tR.").as_reduction().how, Construction::Reduce);
  // copyreg.__newobj_ex__(cls, args, kwargs), what protocols 0-1 write for NEWOBJ_EX, means
  // NEWOBJ_EX; with arguments of other shapes it stays a reduce of copyreg.__newobj_ex__.
  const auto from_copyreg_ex =
      load("ccopyreg\n__newobj_ex__\n(cmod\nCls\n(K\x01K\x02t(dVk\nK\x03stR.").as_reduction();
  EXPECT_EQ(from_copyreg_ex.how, Construction::NewObjEx);
  EXPECT_EQ(from_copyreg_ex.callable.global_name(), "Cls");
  EXPECT_EQ(from_copyreg_ex.args, Value::tuple({1, 2}));
  EXPECT_EQ(from_copyreg_ex.kwargs, Value::dict({{Value("k"), 3}}));
  EXPECT_EQ(load("ccopyreg\n__newobj_ex__\n(cmod\nCls\n(K\x01tK\x03tR.").as_reduction().how,
            Construction::Reduce);
  // builtins.getattr(global, 'name'), what protocols 0-3 write for a nested class, is that class.
  const Value nested = load(
      "\x80\x02"
      "c__builtin__\ngetattr\ncmod\nOuter\nU\x05Inner\x86R.");
  EXPECT_EQ(nested.global_module(), "mod");
  EXPECT_EQ(nested.global_name(), "Outer.Inner");

  const Value items = load(
      "\x80\x02"
      "cm\nC\n)R(K\x01K\x02"
      "eK\x03K\x04s.");
  const auto ri = items.as_reduction();
  ASSERT_EQ(ri.list_items.size(), 2u);
  ASSERT_EQ(ri.dict_items.size(), 1u);
  EXPECT_EQ(ri.dict_items[0].second.as_int(), 4);

  const auto newobj = load(
                          "\x80\x02"
                          "cm\nC\nK\x01\x85\x81.")
                          .as_reduction();
  EXPECT_EQ(from_copyreg.how, Construction::NewObj);
  const auto newobj_ex =
      load(bytes_of({0x80, 4, 'c', 'm', '\n', 'C', '\n', ')', '}', 0x92, '.'})).as_reduction();
  EXPECT_EQ(newobj_ex.how, Construction::NewObjEx);
  EXPECT_EQ(newobj_ex.kwargs.kind(), Kind::Dict);
  const auto inst = load("(K\x01imod\nCls\n.").as_reduction();
  EXPECT_EQ(inst.callable.global_module(), "mod");
  EXPECT_EQ(inst.args[0].as_int(), 1);
  const auto obj = load("(cmod\nCls\nK\x01o.").as_reduction();
  EXPECT_EQ(obj.args.size(), 1u);
}

TEST(PickleDecode, ModelTypeReductions) {
  EXPECT_EQ(load("c__builtin__\ncomplex\n(F1.0\nF2.0\ntR.").as_complex(),
            std::complex<double>(1, 2));
  EXPECT_EQ(load("\x80\x02"
                 "c__builtin__\nset\n]K\x01"
                 "a\x85R.")
                .kind(),
            Kind::Set);
  EXPECT_EQ(load("\x80\x03"
                 "cbuiltins\nfrozenset\n]\x85R.")
                .kind(),
            Kind::FrozenSet);
  EXPECT_EQ(load(bytes_of({0x80, 4,    'c', 'b', 'u', 'i',  'l', 't',  'i', 'n',
                           's',  '\n', 's', 'e', 't', '\n', ']', 0x85, 'R', '.'}))
                .kind(),
            Kind::Reduced);  // protocol 4 writes sets with EMPTY_SET: a REDUCE stays what it is
  EXPECT_EQ(load("\x80\x03"
                 "cbuiltins\nbytearray\nC\x02"
                 "ab\x85R.")
                .kind(),
            Kind::ByteArray);
  EXPECT_EQ(load("c__builtin__\nbytearray\n(tR.").kind(), Kind::ByteArray);
  const Value bytes = load(
      "\x80\x02"
      "c_codecs\nencode\nX\x02\x00\x00\x00\xc3\xbfX\x06\x00\x00\x00latin1\x86R."sv);
  EXPECT_EQ(bytes.kind(), Kind::Bytes);
  EXPECT_EQ(bytes.as_bytes(), "\xff");
  EXPECT_EQ(load("c__builtin__\nbytes\n(tR.").kind(), Kind::Bytes);
  EXPECT_EQ(load("\x80\x03"
                 "c_codecs\nencode\nX\x01\x00\x00\x00"
                 "aX\x06\x00\x00\x00latin1\x86R."sv)
                .kind(),
            Kind::Reduced);  // bytes have their own opcodes from protocol 3
  EXPECT_EQ(load("c__builtin__\ncomplex\n(I1\nI2\ntR.").kind(),
            Kind::Reduced);  // not CPython's shape
  EXPECT_EQ(std::string(decode_error("\x80\x02"
                                     "c__builtin__\nset\n]]a\x85R.")
                            .what())
                .find("TypeError: unhashable"),
            0u);
}

TEST(PickleDecode, BuffersAndHooks) {
  pk::DecodeOptions options;
  options.buffers = {Value::bytearray("xy"), Value::bytes("z")};
  const Value pair = load(bytes_of({0x80, 5, 0x97, 0x97, 0x98, 0x86, '.'}), options);
  EXPECT_EQ(pair[0].kind(), Kind::ByteArray);
  EXPECT_TRUE(pair[0].is(options.buffers[0]));
  EXPECT_EQ(pair[1].as_bytes(), "z");
  const Value readonly = load(bytes_of({0x97, 0x98, '.'}), options);
  EXPECT_EQ(readonly.kind(), Kind::Bytes);
  EXPECT_EQ(readonly.as_bytes(), "xy");
  EXPECT_NE(std::string(decode_error(bytes_of({0x97, 0x97, 0x97, '.'}), options).what())
                .find("not enough out-of-band"),
            std::string::npos);
  EXPECT_NE(std::string(decode_error(bytes_of({0x97, '.'})).what()).find("no *buffers*"),
            std::string::npos);

  EXPECT_EQ(decode_error("Pid\n.").opcode(), "PERSID");
  EXPECT_EQ(decode_error("NQ.").opcode(), "BINPERSID");
  EXPECT_EQ(decode_error(bytes_of({0x82, 1, '.'})).opcode(), "EXT1");
  EXPECT_EQ(decode_error(bytes_of({0x83, 1, 0, '.'})).opcode(), "EXT2");
  EXPECT_EQ(decode_error(bytes_of({0x84, 0, 0, 0, 0, '.'})).opcode(), "EXT4");
  options.persistent_load = [](const Value& id) { return Value::list({id}); };
  options.extension = [](std::int32_t code) { return Value(code * 2); };
  EXPECT_EQ(load("Pid\n.", options)[0].as_str(), "id");
  EXPECT_EQ(load("K\x05Q.", options)[0].as_int(), 5);
  EXPECT_EQ(load(bytes_of({0x83, 1, 1, '.'}), options).as_int(), 0x202);
  options.extension = [](std::int32_t) -> Value { throw hog::core::KeyError("no such code"); };
  EXPECT_THROW(load(bytes_of({0x82, 1, '.'}), options),
               hog::core::KeyError);  // hook errors pass through
}

TEST(PickleDecode, ErrorsNameOffsetAndOpcode) {
  auto error = decode_error("N\xff.");
  EXPECT_EQ(error.offset(), 1u);
  EXPECT_EQ(error.opcode(), "");
  EXPECT_NE(std::string(error.what()).find("invalid load key, '\\xff'."), std::string::npos);
  error = decode_error("\x80\x06N.");
  EXPECT_EQ(error.opcode(), "PROTO");
  EXPECT_NE(std::string(error.what()).find("unsupported pickle protocol: 6"), std::string::npos);
  EXPECT_NE(std::string(decode_error("").what()).find("Ran out of input"), std::string::npos);
  EXPECT_NE(std::string(decode_error("N").what()).find("Ran out of input"), std::string::npos);
  error = decode_error("NN0a.");
  EXPECT_EQ(error.opcode(), "APPEND");
  EXPECT_NE(std::string(decode_error("g0\n.").what()).find("Memo value not found at index 0"),
            std::string::npos);
  EXPECT_NE(std::string(decode_error("h\x07.").what()).find("Memo value not found at index 7"),
            std::string::npos);
  EXPECT_NE(std::string(decode_error("Np-1\n.").what()).find("negative PUT argument"),
            std::string::npos);
  EXPECT_NE(std::string(decode_error("0.").what()).find("unpickling stack underflow"),
            std::string::npos);
  EXPECT_TRUE(load("N(0.").is_none());  // POP removes the empty mark above None
  EXPECT_NE(std::string(decode_error("](N}\x86"
                                     "b.")
                            .what())
                .find("unexpected MARK found"),
            std::string::npos);
  EXPECT_NE(std::string(decode_error("t.").what()).find("could not find MARK"), std::string::npos);
  EXPECT_NE(std::string(decode_error("e.").what()).find("could not find MARK"), std::string::npos);
  EXPECT_NE(std::string(decode_error("(K\x01"
                                     "d.")
                            .what())
                .find("odd number of items for DICT"),
            std::string::npos);
  EXPECT_NE(std::string(decode_error("K\x01)R.").what()).find("'int' object is not callable"),
            std::string::npos);
  EXPECT_NE(
      std::string(decode_error("K\x01)\x81.").what()).find("NEWOBJ class argument must be a type"),
      std::string::npos);
  EXPECT_NE(std::string(decode_error("K\x01K\x02\x93.").what()).find("STACK_GLOBAL requires str"),
            std::string::npos);
  EXPECT_NE(std::string(decode_error("]K\x01"
                                     "b.")
                            .what())
                .find("BUILD"),
            std::string::npos);
}

TEST(PickleDecode, LengthsLargerThanTheInputFailBeforeAllocating) {
  for (int op : {int{'B'}, int{'T'}, int{'X'}, 0x8d, 0x8e, 0x96}) {
    std::string bytes(1, static_cast<char>(op));
    const int width = op == 'B' || op == 'T' || op == 'X' ? 4 : 8;
    bytes +=
        std::string(static_cast<std::size_t>(width - 1), '\xff') + (width == 8 ? '\x7f' : '\xff');
    bytes += "abc.";
    EXPECT_NE(std::string(decode_error(bytes).what()).find("pickle data was truncated"),
              std::string::npos)
        << op;
  }
  EXPECT_NE(std::string(decode_error(std::string("\x8e") + std::string(8, '\xff') + ".").what())
                .find("OverflowError"),
            std::string::npos);
  EXPECT_NE(
      std::string(decode_error(std::string("\x8b\xff\xff\xff\x7f.")).what()).find("truncated"),
      std::string::npos);
  EXPECT_NE(std::string(decode_error(std::string("\x8b\xff\xff\xff\xff.")).what())
                .find("negative byte count"),
            std::string::npos);
  // FRAME lengths are checked against the rest of the input, as CPython's C unpickler does.
  EXPECT_NE(std::string(
                decode_error(bytes_of({0x80, 4, 0x95, 0x10, 0, 0, 0, 0, 0, 0, 0, 'N', '.'})).what())
                .find("truncated"),
            std::string::npos);
  EXPECT_TRUE(load(bytes_of({0x80, 4, 0x95, 2, 0, 0, 0, 0, 0, 0, 0, 'N', '.'})).is_none());
}

TEST(PickleDecode, TruncatedAtEveryByteOfValidPickles) {
  const std::string pickles[] = {
      "\x80\x04\x95\x15\x00\x00\x00\x00\x00\x00\x00]\x94(K\x01\x8c\x02"
      "ab\x94G?\xf8\x00\x00\x00\x00\x00\x00"
      "e."s,
      "(lp0\nI1\naS'x'\np1\nag1\naF2.5\na(dp2\nVk\np3\nL5L\nsa.",
      "\x80\x02"
      "c__builtin__\nset\nq\x00]q\x01(K\x01K\x02"
      "e\x85q\x02Rq\x03."s,
  };
  for (const auto& pickle : pickles) {
    EXPECT_NO_THROW(load(pickle));
    for (std::size_t n = 0; n < pickle.size(); ++n) {
      EXPECT_THROW(load(pickle.substr(0, n)), hog::core::UnpicklingError) << n;
    }
  }
}

TEST(PickleDecode, DepthBombRaisesRecursionError) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "]";
  for (int i = 0; i < 99999; ++i) deep += "a";
  deep += ".";
  EXPECT_THROW(load(deep), hog::core::RecursionError);
  pk::DecodeOptions options;
  options.max_depth = 200000;
  EXPECT_EQ(load(deep, options).size(), 1u);
  std::string ok;
  for (int i = 0; i < 1000; ++i) ok += "]";
  for (int i = 0; i < 999; ++i) ok += "a";
  EXPECT_NO_THROW(load(ok + "."));  // exactly max_depth lists
  EXPECT_THROW(load("]" + ok + "a."), hog::core::RecursionError);
  // A parent pointer (a cycle) does not count: a list holding 5000 lists that hold it back.
  std::string wide = "]q\x00("s;
  for (int i = 0; i < 5000; ++i)
    wide +=
        "]h\x00"
        "a"s;
  EXPECT_EQ(load(wide + "e.").size(), 5000u);
}

TEST(PickleDecode, MemoAndDupBombsStaySmall) {
  std::string memo = "N";
  for (std::uint32_t i = 0; i < 20000; ++i) {
    const std::uint32_t index = 0xffffffffu - i * 65521u;
    memo += 'r';
    for (int b = 0; b < 4; ++b) memo += static_cast<char>(index >> (8 * b));
  }
  EXPECT_TRUE(load(memo + ".").is_none());
  std::string dup = "](";
  dup += std::string(200000, '2');
  EXPECT_NE(std::string(decode_error(dup + "e.").what()).find("unexpected MARK"),
            std::string::npos);
  EXPECT_EQ(load("]" + std::string(200000, '2') + "(" +
                 "K\x01"
                 "e.")
                .size(),
            1u);
}

// The memo is a dict in CPython: far and near indexes mix, MEMOIZE uses len(memo), a PUT
// overwrites. The same bytes through pickle.loads give the same value.
TEST(PickleDecode, MemoIndexesFarAndNearBehaveLikeADict) {
  const std::string far_index = "\xa0\x86\x01\x00"s;  // 100000 (CPython's array memo
                                                      // cannot take 2^32 - 1: MemoryError)
  std::string data = "\x80\x04]"s;                    // the list that collects the GETs
  data +=
      "\x8c\x03"
      "far"s +
      "r"s + far_index;            // LONG_BINPUT 100000
  data += "q\xc8"s + "0"s;         // BINPUT 200 (still sparse), POP
  for (int i = 0; i < 300; ++i) {  // MEMOIZE at len(memo): 2, 3, ... 301
    data += "K"s + static_cast<char>(i % 256) + "\x94"s + "0"s;
  }
  data +=
      "(h\xc8"
      "h\x05"
      "j"s +
      far_index + "e."s;  // GET 200 (overwritten), 5, 100000
  const std::string expected = hog::test::run_python(
      "import pickle, sys\nprint(repr(pickle.loads(bytes.fromhex(sys.stdin.read()))))\n",
      hog::test::to_hex(data));
  EXPECT_EQ(hog::core::repr(load(data)) + "\n", expected);
}

TEST(PickleDecode, CopiesOfSharedArgumentsAreBounded) {
  // bytearray(b) rebuilt 1000 times from one memoized 1000-byte argument tuple: a copy bomb.
  std::string bomb =
      "\x80\x03"
      "cbuiltins\nbytearray\nq\x00"
      "B\xe8\x03\x00\x00"s +
      std::string(1000, 'x') + "\x85q\x01(";
  for (int i = 0; i < 1000; ++i) bomb += "h\x00h\x01R0"s;
  const std::string message = decode_error(bomb + "1N.").what();
  EXPECT_NE(message.find("more data from shared arguments"), std::string::npos) << message;
  // Read-only views of one bytearray are one object, not one copy each.
  std::string views = std::string("\x80\x05\x96\x03") + std::string(7, '\0') + "abc\x94(";
  for (int i = 0; i < 5000; ++i) views += "h\x00\x98"s;
  const Value list = load(views + "l.");
  ASSERT_EQ(list.size(), 5000u);
  EXPECT_EQ(list[0].kind(), Kind::Bytes);
  EXPECT_TRUE(list[0].is(list[4999]));
}

RC_GTEST_PROP(PickleDecode, RandomBytesGiveAValueOrAnError, (const std::string& bytes)) {
  try {
    pk::decode(bytes);
  } catch (const hog::core::Error&) {
  }
}

RC_GTEST_PROP(PickleDecode, RandomOpcodeStreamsGiveAValueOrAnError, ()) {
  // Streams made of real opcodes reach deeper than random bytes do.
  static const char alphabet[] =
      "(.012FIJKLMNPQRSTUVXabcdeghijlopqrstu}])\x80\x81\x85\x86\x87\x88\x89\x8a\x8c\x8f\x90\x91"
      "\x92\x93\x94\x95\x96\x97\x98"
      "\x01\x02\n'";
  const auto picks = *rc::gen::container<std::vector<std::size_t>>(
      rc::gen::inRange<std::size_t>(0, sizeof alphabet - 1));
  std::string bytes;
  for (std::size_t i : picks) bytes += alphabet[i];
  try {
    pk::decode(bytes);
  } catch (const hog::core::Error&) {
  }
}

RC_GTEST_PROP(PickleDecode, MutatedValidPicklesGiveAValueOrAnError, ()) {
  // Pickles CPython 3.11 writes for [1, 'ab', (2.5, b'x'), {'k': {1, 2}}, bytearray(b'z')] at
  // protocols 0, 2 and 5, with a few random bytes replaced, inserted or removed.
  static const std::string valid[] = {
      "(lp0\nI1\naVab\np1\na(F2.5\nc_codecs\nencode\np2\n(Vx\np3\nVlatin1\np4\ntp5\nRp6\ntp7\na(dp8\nVk\np9\nc__builtin__\nset\np10\n((lp11\nI1\naI2\natp12\nRp13\nsac__builtin__\nbytearray\np14\n(g2\n(Vz\np15\ng4\ntp16\nRp17\ntp18\nRp19\na."s,
      "\x80\x02]q\x00(K\x01X\x02\x00\x00\x00"
      "abq\x01G@\x04\x00\x00\x00\x00\x00\x00"
      "c_"
      "codecs\nencode\nq\x02X\x01\x00\x00\x00xq\x03X\x06\x00\x00\x00latin1q\x04\x86q\x05Rq\x06\x86q"
      "\x07}q\x08X\x01\x00\x00\x00kq\x09"
      "c__builtin__\nset\nq\n]q\x0b(K\x01K\x02"
      "e\x85q\x0cRq\x0dsc__builtin__"
      "\nbytearray\nq\x0eh\x02X\x01\x00\x00\x00zq\x0fh\x04\x86q\x10Rq\x11\x85q\x12Rq\x13"
      "e."s,
      "\x80\x05\x95"
      "5\x00\x00\x00\x00\x00\x00\x00]\x94(K\x01\x8c\x02"
      "ab\x94G@\x04\x00\x00\x00\x00\x00\x00"
      "C\x01x\x94\x86\x94}\x94\x8c\x01k\x94\x8f\x94("
      "K\x01K\x02\x90s\x96\x01\x00\x00\x00\x00\x00\x00\x00z\x94"
      "e."s,
  };
  std::string bytes = valid[*rc::gen::inRange<std::size_t>(0, std::size(valid))];
  RC_ASSERT(pk::decode(bytes).size() == 5u);  // the unmutated pickle is valid
  const int edits = *rc::gen::inRange(1, 4);
  for (int i = 0; i < edits && !bytes.empty(); ++i) {
    const auto at = *rc::gen::inRange<std::size_t>(0, bytes.size());
    const auto byte = static_cast<char>(*rc::gen::inRange(0, 256));
    switch (*rc::gen::inRange(0, 3)) {
      case 0:
        bytes[at] = byte;
        break;
      case 1:
        bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at), byte);
        break;
      default:
        bytes.erase(at, 1);
        break;
    }
  }
  try {
    pk::decode(bytes);
  } catch (const hog::core::Error&) {
  }
}

// Container items (strs, floats, small ints, memo puts and gets), PROTO, FRAME and the
// argument-less opcodes (marks, containers, appends, setitems) have a decoding fast path; an item
// it cannot take is decoded the ordinary way, and an argument-less opcode that fails there is
// reported as the ordinary way would: CPython's message (checked with pickle.loads), at the failing
// opcode's offset, naming that opcode.
TEST(PickleDecode, ItemErrorsAfterGoodItemsNameTheFailingOpcode) {
  struct Case {
    std::string bytes;
    std::size_t offset;
    std::string opcode;
    std::string message;
  };
  const std::string head = "\x80\x04](K\x01K\x02\x94"s;  // PROTO 4, [, MARK, 1, 2, MEMOIZE
  const std::size_t at = head.size();
  const std::vector<Case> cases = {
      {head + "\x8c\x05"
              "ab",
       at, "SHORT_BINUNICODE", "pickle data was truncated"},
      {head + "X\x05\x00\x00\x00"
              "ab"s,
       at, "BINUNICODE", "pickle data was truncated"},
      {head + "\x8c\x02\xff\xfe"
              "e."s,
       at, "SHORT_BINUNICODE",
       "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start "
       "byte"},
      {head + "h\x05"
              "e."s,
       at, "BINGET", "Memo value not found at index 5"},
      {head + "G\x3f\xf0\x00"s, at, "BINFLOAT", "pickle data was truncated"},
      {head + "J\x01\x02"s, at, "BININT", "pickle data was truncated"},
      {head + "M\x01"s, at, "BININT2", "pickle data was truncated"},
      {head + "(\x94"
              "e."s,
       at + 1, "MEMOIZE", "unexpected MARK found"},
      {head + "(q\x00"
              "e."s,
       at + 1, "BINPUT", "unexpected MARK found"},
      {head + "a.", at, "APPEND", "'int' object has no attribute 'append'"},
      {head + "s.", at, "SETITEM", "unexpected MARK found"},
      {head + "\x87.", at, "TUPLE3", "unexpected MARK found"},
      {head + "K\x03"
              "d.",
       at + 2, "DICT", "odd number of items for DICT"},
      {head + "\x95\x64\x00\x00\x00\x00\x00\x00\x00N."s, at, "FRAME", "pickle data was truncated"},
      {head + "\x95\x02\x00"s, at, "FRAME", "pickle data was truncated"},
      {head + "\x80\x07"
              "e."s,
       at, "PROTO", "ValueError: unsupported pickle protocol: 7"},
      {head + "\x80"s, at, "PROTO", "pickle data was truncated"},
      // APPENDS, a new list, MARK, 1, (2,), SETITEMS: list[1] = (2,) on an empty list.
      {head + "e]\x94(K\x01K\x02\x85u.", at + 9, "SETITEMS", "list assignment index out of range"},
      // The structural opcodes with no MARK or too few items below them.
      {"\x80\x04K\x01"
       "e."s,
       4, "APPENDS", "could not find MARK"},
      {"\x80\x04t."s, 2, "TUPLE", "could not find MARK"},
      {"\x80\x04}K\x01\x85u."s, 6, "SETITEMS", "could not find MARK"},
      {"\x80\x04N\x86."s, 3, "TUPLE2", "unpickling stack underflow"},
  };
  for (const Case& c : cases) {
    const hog::core::UnpicklingError error = decode_error(c.bytes);
    EXPECT_EQ(error.offset(), c.offset) << c.message;
    EXPECT_EQ(error.opcode(), c.opcode) << c.message;
    EXPECT_NE(std::string(error.what()).find(c.message), std::string::npos) << error.what();
  }
  // And the same items, whole, decode to what CPython gives: [1, 2, 'ab', 1.0, 513, 'ab', 2].
  const Value list = load(head +
                          "\x8c\x02"
                          "ab\x94G\x3f\xf0\x00\x00\x00\x00\x00\x00"
                          "J\x01\x02\x00\x00h\x01h\x00"
                          "e."s);
  ASSERT_EQ(list.size(), 7u);
  EXPECT_EQ(list[2].as_str(), "ab");
  EXPECT_EQ(list[3].as_float(), 1.0);
  EXPECT_EQ(list[4].as_int(), 513);
  EXPECT_TRUE(list[5].is(list[2]));
  EXPECT_EQ(list[6].as_int(), 2);
}

}  // namespace
