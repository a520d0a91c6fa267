// pickle::encode against CPython 3.11: for protocols 2-5 our bytes must be pickle.dumps' bytes for
// the same object graph; for 0 and 1 CPython must load ours to a graph it pickles exactly like the
// original. Every batch of cases goes through one python run.
//
// Set order: CPython iterates a set in hash order, our value keeps insertion order, so a graph with
// a set of two or more members cannot match byte for byte. For those (generated) cases the check is
// that CPython loads our pickle and that, set order aside, the pickles have the same opcodes; the
// hand-written cases keep sets whose hash order is their insertion order (ascending small ints).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "hog/core/errors.hpp"
#include "hog/core/pickle.hpp"
#include "support/python_expr.hpp"
#include "support/python_oracle.hpp"
#include "support/value_gen.hpp"

namespace {

using hog::core::Construction;
using hog::core::Reduction;
using hog::core::Value;
using hog::core::pickle::encode;
using hog::core::pickle::EncodeOptions;
using hog::test::from_hex;
using hog::test::to_hex;

// Reads cases ("C <hex of code that sets v>", then "P <protocol> <x|l> <hex of our pickle>" lines,
// x: compare bytes even below protocol 2) and prints one FAIL line per mismatch, then "DONE".
constexpr const char* kOracleScript = R"PY(
import sys, pickle, pickletools, copyreg, collections, argparse, struct, functools

def opcodes(data):
    """The multiset of opcodes, blind to order, memo index widths and frame cuts."""
    names = {'LONG_BINGET': 'BINGET', 'LONG_BINPUT': 'BINPUT'}
    return collections.Counter(names.get(op.name, op.name) for op, _, _ in pickletools.genops(data)
                               if op.name != 'FRAME')

class R:
    """An object whose reduce value is given: lets a test pickle any reduce shape."""
    def __init__(self, rv=None, cls=None):
        self.rv, self.cls = rv, cls
    def __reduce_ex__(self, protocol):
        return self.rv() if callable(self.rv) else self.rv
    @property
    def __class__(self):
        return self.cls if self.cls is not None else R

def has_multi_set(obj, seen):
    if id(obj) in seen:
        return False
    seen.add(id(obj))
    if type(obj) in (set, frozenset):
        if len(obj) > 1:
            return True
        return any(has_multi_set(x, seen) for x in obj)
    if type(obj) in (list, tuple):
        return any(has_multi_set(x, seen) for x in obj)
    if type(obj) is dict:
        return any(has_multi_set(k, seen) or has_multi_set(x, seen) for k, x in obj.items())
    return False

cases = weak = 0
obj = None
multi = False
for line in sys.stdin.read().splitlines():
    kind, _, rest = line.partition(' ')
    if kind == 'C':
        cases += 1
        ns = {'R': R, 'copyreg': copyreg, 'collections': collections, 'argparse': argparse, 'functools': functools}
        exec(bytes.fromhex(rest).decode(), ns)
        obj = ns['v']
        multi = has_multi_set(obj, set())
        continue
    protocol, mode, ours_hex = rest.split(' ')
    protocol = int(protocol)
    ours = bytes.fromhex(ours_hex)
    if protocol >= 2 or mode == 'x':
        expected = pickle.dumps(obj, protocol)
        if ours == expected:
            continue
        if not multi or mode == 'x':
            print('FAIL', cases, protocol, 'bytes differ', expected.hex(), ours_hex)
            continue
    try:
        again = pickle.dumps(pickle.loads(ours), 4)
    except Exception as e:
        print('FAIL', cases, protocol, 'loads failed:', type(e).__name__, str(e).replace(' ', '_'), ours_hex)
        continue
    original = pickle.dumps(obj, 4)
    if multi:
        # Only the order of set members may differ (nan hashes by identity, so even reloading
        # can reorder): the same opcodes, in another order.
        weak += 1
        if opcodes(again) != opcodes(original) or (protocol >= 2 and opcodes(ours) != opcodes(expected)):
            print('FAIL', cases, protocol, 'set order aside, a different pickle', original.hex(), again.hex())
    elif again != original:
        print('FAIL', cases, protocol, 'loads to a different graph', original.hex(), again.hex())
print('DONE', cases, weak)
)PY";

struct Case {
  std::string code;  // Python statements that leave the object in `v`
  Value value;
  std::vector<int> protocols = {0, 1, 2, 3, 4, 5};
  bool exact_below_2 = false;  // no sets and no loading needed: protocols 0-1 must match too
};

// Runs every case in one python process; returns the FAIL lines (empty when all match).
std::vector<std::string> check_with_cpython(const std::vector<Case>& cases) {
  std::string input;
  for (const Case& c : cases) {
    input += "C " + to_hex(c.code) + "\n";
    for (int p : c.protocols) {
      input += "P " + std::to_string(p) + (c.exact_below_2 ? " x " : " l ") +
               to_hex(encode(c.value, EncodeOptions{p})) + "\n";
    }
  }
  std::istringstream out(hog::test::run_python(kOracleScript, input));
  std::vector<std::string> failures;
  std::string line;
  bool done = false;
  while (std::getline(out, line)) {
    if (line.rfind("DONE ", 0) == 0) {
      done = true;
    } else {
      failures.push_back(line);
    }
  }
  if (!done) failures.push_back("the oracle script did not finish");
  return failures;
}

std::string join(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line.substr(0, 2000) + "\n";
  return text;
}

Value global(const char* module, const char* name) {
  return Value::global(module, name);
}

Value reduced(Value callable, Value args, Construction how = Construction::Reduce) {
  Reduction r;
  r.callable = std::move(callable);
  r.args = std::move(args);
  r.how = how;
  return Value::reduced(r);
}

}  // namespace

RC_GTEST_PROP(PickleEncodeOracle, GeneratedGraphsMatchCPython, ()) {
  hog::test::ValueGenOptions options;
  options.sharing = true;
  options.cycles = true;
  const auto values = *rc::gen::container<std::vector<Value>>(30, hog::test::gen_value(options));
  std::vector<Case> cases;
  for (const Value& v : values) cases.push_back(Case{hog::test::python_program(v), v});
  const auto failures = check_with_cpython(cases);
  if (!failures.empty()) RC_LOG() << join(failures);
  RC_ASSERT(failures.empty());
}

RC_GTEST_PROP(PickleEncodeOracle, ScalarsMatchCPythonAtEveryProtocolByteForByte, ()) {
  // Scalars and strs carry no set order: even protocols 0 and 1 must be CPython's exact bytes.
  hog::test::ValueGenOptions options;
  options.max_depth = 0;
  const auto values = *rc::gen::container<std::vector<Value>>(50, hog::test::gen_value(options));
  std::string input;
  std::string code =
      "import sys, pickle, struct\nfor line in sys.stdin.read().splitlines():\n"
      "    p, prog, ours = line.split(' ')\n    ns = {}\n"
      "    exec(bytes.fromhex(prog).decode(), ns)\n"
      "    exp = pickle.dumps(ns['v'], int(p))\n"
      "    if exp.hex() != ours: print('FAIL', p, exp, bytes.fromhex(ours))\n";
  for (const Value& v : values) {
    for (int p = 0; p <= 5; ++p) {
      input += std::to_string(p) + " " + to_hex(hog::test::python_program(v)) + " " +
               to_hex(encode(v, EncodeOptions{p})) + "\n";
    }
  }
  const std::string out = hog::test::run_python(code, input);
  RC_ASSERT(out.empty());
}

// Small tuples, lists and dicts are saved inline (recursively, no frame) up to 64 items and 8
// levels while no frame is open; bigger or deeper ones, and everything inside a framed one, take
// frames. Both ways, and where they meet, are CPython's bytes.
TEST(PickleEncodeOracle, InlineAndFramedContainersMeetLikeCPython) {
  std::vector<Case> cases;
  for (int n : {1, 2, 3, 4, 63, 64, 65}) {
    std::vector<Value> items;
    std::vector<std::pair<Value, Value>> pairs;
    for (int i = 0; i < n; ++i) {
      items.push_back(Value::list({i, Value("s" + std::to_string(i))}));
      pairs.emplace_back(Value("k" + std::to_string(i)), i % 2 == 0 ? Value(i) : Value::tuple({i}));
    }
    const std::string suffix = " for i in range(" + std::to_string(n) + ")";
    cases.push_back(Case{"v = [[i, 's' + str(i)]" + suffix + "]", Value::list(items)});
    cases.push_back(Case{"v = tuple([i, 's' + str(i)]" + suffix + ")", Value::tuple(items)});
    cases.push_back(
        Case{"v = {'k' + str(i): i if i % 2 == 0 else (i,)" + suffix + "}", Value::dict(pairs)});
  }
  // Nesting 12 deep, alternating tuple, list and dict, with a 65-item list at level 3 holding the
  // rest: levels past 8 go through frames inside inline ones and the other way round.
  Value inner = Value::tuple({1, "leaf"});
  std::string code = "x = (1, 'leaf')\n";
  for (int level = 12; level >= 1; --level) {
    const std::string name = std::to_string(level);
    if (level == 3) {
      std::vector<Value> wide(64, Value(0));
      wide.push_back(inner);
      inner = Value::list(wide);
      code += "x = [0] * 64 + [x]\n";
    } else if (level % 3 == 0) {
      inner = Value::tuple({inner, level});
      code += "x = (x, " + name + ")\n";
    } else if (level % 3 == 1) {
      inner = Value::list({level, inner});
      code += "x = [" + name + ", x]\n";
    } else {
      inner = Value::dict({{Value("at" + name), inner}});
      code += "x = {'at" + name + "': x}\n";
    }
  }
  cases.push_back(Case{code + "v = x", inner});
  // A framed tuple holding a small tuple whose item nests 20 framed lists (more frames than the
  // frame stack holds inline: the stack moves while the outer tuple is saved), then a framed list.
  {
    Value chain = Value::list({});
    std::string chain_code = "x = []\n";
    for (int i = 0; i < 20; ++i) {
      std::vector<Value> wide(65, Value(i));
      wide.push_back(chain);
      chain = Value::list(wide);
      chain_code += "x = [" + std::to_string(i) + "] * 65 + [x]\n";
    }
    std::vector<Value> outer(65, Value("o"));
    outer.push_back(Value::tuple({chain, 1}));
    outer.push_back(Value::list(std::vector<Value>(65, Value(2))));
    outer.push_back(Value("end"));
    cases.push_back(Case{chain_code + "v = tuple(['o'] * 65 + [(x, 1), [2] * 65, 'end'])",
                         Value::tuple(outer)});
  }
  // Tuples reached again through a list among their items, inline (level 2) and past the inline
  // levels (level 10): the items are popped and the tuple fetched from the memo.
  for (int depth : {1, 9}) {
    Value list = Value::list();
    const Value tuple = Value::tuple({list, "t"});
    list.append(tuple);
    Value v = tuple;
    std::string nest = "l = []\nt = (l, 't')\nl.append(t)\nv = t\n";
    for (int i = 0; i < depth; ++i) {
      v = Value::list({v});
      nest += "v = [v]\n";
    }
    cases.push_back(Case{nest, v});
  }
  const auto failures = check_with_cpython(cases);
  EXPECT_TRUE(failures.empty()) << join(failures);
}

TEST(PickleEncodeOracle, LargeContainersBatchAndFrameLikeCPython) {
  std::vector<Case> cases;
  for (int n : {999, 1000, 1001, 2000, 2001, 3500}) {
    std::vector<Value> items, set_items;
    std::vector<std::pair<Value, Value>> pairs;
    for (int i = 0; i < n; ++i) {
      items.push_back(Value("s" + std::to_string(i)));
      set_items.push_back(i);
      pairs.emplace_back(i, static_cast<double>(i) / 7);
    }
    const std::string suffix = "for i in range(" + std::to_string(n) + ")";
    cases.push_back(Case{"v = ['s' + str(i) " + suffix + "]", Value::list(items)});
    cases.push_back(Case{"v = {i: i / 7 " + suffix + "}", Value::dict(pairs)});
    cases.push_back(Case{"v = set(range(" + std::to_string(n) + "))", Value::set(set_items)});
    cases.push_back(
        Case{"v = frozenset(range(" + std::to_string(n) + "))", Value::frozenset(set_items)});
  }
  // Payloads around the 64 KiB frame target, alone and between small objects.
  for (std::size_t size : {65535u, 65536u, 65537u, 200000u}) {
    const std::string n = std::to_string(size);
    const std::string text(size, 'x');
    cases.push_back(
        Case{"v = ['ab', 'x' * " + n + ", b'y' * " + n + ", bytearray(b'z' * " + n + "), 'cd']",
             Value::list({Value("ab"), Value(text), Value::bytes(std::string(size, 'y')),
                          Value::bytearray(std::string(size, 'z')), Value("cd")})});
    cases.push_back(Case{"v = 'x' * " + n, Value(text)});
  }
  // Many small objects: frames are cut where a save starts after 64 KiB.
  std::vector<Value> many;
  for (int i = 0; i < 30000; ++i)
    many.push_back(Value::tuple({i, Value("t" + std::to_string(i % 100))}));
  cases.push_back(Case{"v = [(i, 't' + str(i % 100)) for i in range(30000)]", Value::list(many)});
  // Long runs of scalars (the encoder's fast loop): ints of every BININT width and beyond, floats,
  // bools and None, across many frames and batches, with a str breaking the run now and then.
  std::vector<Value> scalars;
  for (long long i = 0; i < 60000; ++i) {
    switch (i % 7) {
      case 0:
        scalars.emplace_back(i * 7919 % 1000003 - 500000);
        break;
      case 1:
        scalars.emplace_back(i % 256);
        break;
      case 2:
        scalars.emplace_back(i * 3);
        break;
      case 3:
        scalars.emplace_back(static_cast<double>(i) / 8);
        break;
      case 4:
        scalars.emplace_back(i * 99991 * 99991);
        break;
      case 5:
        scalars.emplace_back(i % 2 == 0);
        break;
      default:
        scalars.push_back(i % 1001 == 0 ? Value("break") : Value());
        break;
    }
  }
  cases.push_back(
      Case{"v = [[i * 7919 % 1000003 - 500000, i % 256, i * 3, i / 8, i * 99991 * 99991, "
           "i % 2 == 0, 'break' if i % 1001 == 0 else None][i % 7] "
           "for i in range(60000)]",
           Value::list(scalars)});
  // Pure int runs, so that frames end in the middle of a batch's run.
  std::vector<Value> wide, narrow;
  for (long long i = 0; i < 60000; ++i) {
    wide.emplace_back(i * 7919 % 1000003 - 500000);
    narrow.emplace_back(i % 300);
  }
  cases.push_back(
      Case{"v = [i * 7919 % 1000003 - 500000 for i in range(60000)]", Value::list(wide)});
  cases.push_back(Case{"v = [i % 300 for i in range(60000)]", Value::list(narrow)});
  // Strs in lists and as dict keys (the encoder writes new short ones in its fast loop): lengths
  // on both sides of 255 bytes, non-ASCII, the same str object again (BINGET), scalars between,
  // across many frames; str -> float and str -> list items.
  std::vector<Value> base;
  for (int i = 0; i < 400; ++i) {
    std::string text = "k" + std::to_string(i);
    for (int k = 0; k < i % 3; ++k) text += "\xc3\xa9";  // U+00E9
    text += std::string(static_cast<std::size_t>(i % 260), 'x');
    base.emplace_back(text);
  }
  std::vector<Value> mixed;
  for (int i = 0; i < 30000; ++i) {
    mixed.push_back(i % 5 != 0 ? base[static_cast<std::size_t>(i * 7 % 400)]
                               : Value(static_cast<double>(i) / 3));
  }
  cases.push_back(
      Case{"base = ['k' + str(i) + '\\u00e9' * (i % 3) + 'x' * (i % 260) "
           "for i in range(400)]\n"
           "v = [base[i * 7 % 400] if i % 5 else i / 3 for i in range(30000)]",
           Value::list(mixed)});
  std::vector<std::pair<Value, Value>> by_name, to_lists;
  for (int i = 0; i < 20000; ++i) {
    by_name.emplace_back(Value("key" + std::to_string(i)), static_cast<double>(i) / 7);
    if (i < 3000) to_lists.emplace_back(Value("key" + std::to_string(i)), Value::list({i}));
  }
  cases.push_back(Case{"v = {'key' + str(i): i / 7 for i in range(20000)}", Value::dict(by_name)});
  cases.push_back(Case{"v = {'key' + str(i): [i] for i in range(3000)}", Value::dict(to_lists)});
  const auto failures = check_with_cpython(cases);
  EXPECT_TRUE(failures.empty()) << join(failures);
}

TEST(PickleEncodeOracle, GlobalsMemoizeTheirNamesLikeCPython) {
  const Value nested = global("argparse", "_SubParsersAction._ChoicesPseudoAction");
  std::vector<Case> cases = {
      {"v = [complex, getattr, set, len, frozenset, Ellipsis]",
       Value::list({global("builtins", "complex"), global("builtins", "getattr"),
                    global("builtins", "set"), global("builtins", "len"),
                    global("builtins", "frozenset"), global("builtins", "Ellipsis")})},
      {"v = [collections.OrderedDict, collections.deque, collections.Counter, "
       "collections.OrderedDict]",
       Value::list({global("collections", "OrderedDict"), global("collections", "deque"),
                    global("collections", "Counter"), global("collections", "OrderedDict")})},
      {"v = [argparse._SubParsersAction._ChoicesPseudoAction, argparse._SubParsersAction, "
       "argparse._SubParsersAction._ChoicesPseudoAction]",
       Value::list({nested, global("argparse", "_SubParsersAction"), nested})},
      {"v = [argparse._SubParsersAction, argparse._SubParsersAction._ChoicesPseudoAction]",
       Value::list({global("argparse", "_SubParsersAction"), nested})},
      {"v = [copyreg._reconstructor, functools.reduce, collections.namedtuple]",
       Value::list({global("copyreg", "_reconstructor"), global("_functools", "reduce"),
                    global("collections", "namedtuple")})},
  };
  const auto failures = check_with_cpython(cases);
  EXPECT_TRUE(failures.empty()) << join(failures);
}

TEST(PickleEncodeOracle, ReducedObjectsFollowSaveReduce) {
  const Value od = global("collections", "OrderedDict");
  std::vector<Case> cases;
  {
    Reduction r;
    r.callable = od;
    r.dict_items = {{Value("key1"), 1}, {Value("key2"), Value::list({2})}};
    cases.push_back({"v = collections.OrderedDict([('key1', 1), ('key2', [2])])",
                     Value::reduced(r),
                     {2, 3, 4, 5}});
  }
  {
    std::vector<std::pair<Value, Value>> items;
    std::vector<Value> list_items;
    for (int i = 0; i < 2001; ++i) items.emplace_back(i, -i);
    for (int i = 0; i < 1001; ++i) list_items.push_back(i);
    Reduction r;
    r.callable = od;
    r.args = Value::tuple({Value("arg")});
    r.state = Value::dict({{Value("attr"), 3}});
    r.list_items = list_items;
    r.dict_items = items;
    cases.push_back(
        {"v = R(lambda: (collections.OrderedDict, ('arg',), {'attr': 3}, iter(range(1001)), "
         "iter([(i, -i) for i in range(2001)])))",
         Value::reduced(r),
         {0, 1, 2, 3, 4, 5},
         true});
  }
  {
    Reduction r;  // NEWOBJ: cls.__new__(cls, *args), then BUILD with the state
    r.callable = global("argparse", "Namespace");
    r.how = Construction::NewObj;
    r.args = Value::tuple({1, Value("two")});
    r.state = Value::dict({{Value("alpha"), 1}});
    cases.push_back(
        {"v = R((copyreg.__newobj__, (argparse.Namespace, 1, 'two'), {'alpha': 1}), "
         "argparse.Namespace)",
         Value::reduced(r),
         {0, 1, 2, 3, 4, 5},
         true});
  }
  {
    Reduction r;  // NEWOBJ_EX: CPython refuses nothing at 4+ and 0-1; 2-3 is our PicklingError
    r.callable = od;
    r.how = Construction::NewObjEx;
    r.args = Value::tuple({Value("pos")});
    r.kwargs = Value::dict({{Value("kw"), 2}});
    cases.push_back(
        {"v = R((copyreg.__newobj_ex__, (collections.OrderedDict, ('pos',), {'kw': 2})), "
         "collections.OrderedDict)",
         Value::reduced(r),
         {0, 1, 4, 5},
         true});
  }
  {
    // A set reached again through one of its members' state: below protocol 4 the set's REDUCE is
    // followed by POP and a GET, as save_reduce does for recursive objects.
    Value s = Value::set();
    Reduction r;
    r.callable = od;
    r.state = s;
    const Value member = Value::reduced(r);
    s.add(member);
    cases.push_back({"s = set()\nm = R((collections.OrderedDict, (), s))\ns.add(m)\nv = [s, m]",
                     Value::list({s, member}),
                     {0, 1, 2, 3, 4, 5},
                     true});
  }
  {
    // A reduced callable (a nested class at protocol < 4 is getattr(parent, name)).
    const Value getattr_result =
        reduced(global("builtins", "getattr"),
                Value::tuple({global("argparse", "Namespace"), Value("__new__")}));
    cases.push_back({"v = R((getattr, (argparse.Namespace, '__new__')))",
                     getattr_result,
                     {0, 1, 2, 3, 4, 5},
                     true});
  }
  const auto failures = check_with_cpython(cases);
  EXPECT_TRUE(failures.empty()) << join(failures);
}

TEST(PickleEncodeOracle, ReducedTypesAndSingletonsShareLikeCPython) {
  // bytes below protocol 3 and bytearray below 5 go through reduce values whose strs and bytes are
  // CPython singletons when one character long; python_program makes them at run time like
  // decoding.
  const Value a = Value("a");
  const Value e_acute = Value("\xc3\xa9");
  std::vector<Case> cases = {
      {"v = [b'a'[:1], bytes.fromhex('61').decode(), bytearray(b'a'), b''[:0], bytearray(), "
       "bytearray(b'xy'),"
       " bytes.fromhex('e9'), bytes.fromhex('c3a9').decode(), 1+2j, complex(-0.0, float('inf'))]",
       Value::list({Value::bytes("a"), a, Value::bytearray("a"), Value::bytes(""),
                    Value::bytearray(""), Value::bytearray("xy"), Value::bytes("\xe9"), e_acute,
                    std::complex<double>(1, 2), std::complex<double>(-0.0, 1.0 / 0.0)})},
      {"t = (''.join(['lat', 'in1']), bytes.fromhex('6162'))\nv = [t, t, bytes.fromhex('6162'), "
       "''.join(['lat', 'in1'])]",
       [] {
         const Value t = Value::tuple({Value("latin1"), Value::bytes("ab")});
         return Value::list({t, t, Value::bytes("ab"), Value("latin1")});
       }()},
  };
  const auto failures = check_with_cpython(cases);
  EXPECT_TRUE(failures.empty()) << join(failures);
}
