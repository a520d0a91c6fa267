"""Writes the generated seed corpora for the fuzz targets: make_corpus.py OUT_DIR.

Run with the oracle interpreter (Debian's /usr/bin/python3 with numpy). Creates OUT_DIR/<target>/
for every target, with files named by the SHA-1 of their content (so reruns are idempotent):
  fuzz_pickle_decode       CPython pickles of many values at protocols 0-5 (shared references,
                           recursion, sets, frozensets, bytearray, big ints, complex, stdlib
                           classes through globals/reduce) and NumPy arrays and scalars at 2-5
  fuzz_deserialize         envelopes ("__PICKLE__:" + base64) of those pickles, and JSON texts
  fuzz_deserialize_stdout  runner stdouts, with and without the __GROUNDHOG_RESULT__ delimiter
  fuzz_literal_parse       literal texts (repr() of the values plus hand-written spellings)
  fuzz_base64              base64 texts, canonical and broken
  fuzz_numpy               NumPy pickles at protocols 0-5: arrays of every modelled dtype (both
                           byte orders, C and Fortran order, 0-d, empty, rank 3), scalars, dtypes,
                           NumPy values inside containers and shared, object and structured arrays,
                           and protocol 5 pickles whose arrays are out-of-band buffers of the sizes
                           the target supplies (48, 16 and 8 bytes)
  fuzz_inspect             payload texts (envelopes, JSON) and raw pickles, with dangerous globals
  fuzz_dis                 raw pickles (those of fuzz_pickle_decode plus the NumPy ones)
The checked-in seeds under fuzz/seeds/ are small hand-picked cases; this script makes the bulk.
"""

import base64
import collections
import datetime
import decimal
import fractions
import hashlib
import json
import os
import pickle
import sys
import uuid

import numpy

MARKER = "__PICKLE__:"
DELIMITER = "__GROUNDHOG_RESULT__"


class Point:
    """A plain class: pickled by copyreg/__reduce_ex__ and BUILD state."""

    def __init__(self, x, y):
        self.x, self.y = x, y


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self):
        self.a, self.b = 1, [2]


class WithNewArgs:
    def __new__(cls, *args, **kwargs):
        return super().__new__(cls)

    def __getnewargs_ex__(self):
        return (1, 2), {"k": 3}


def plain_values():
    shared = [1, 2]
    text = "shared text"
    values = [
        None, True, False, 0, 1, -1, 255, 256, 65535, 65536, 2**31 - 1, -(2**31), 2**31,
        2**63, -(2**63) - 1, 2**64, 10**100, -(10**300), 2**2000,
        0.0, -0.0, 1.5, 1e308, 5e-324, float("inf"), float("-inf"), float("nan"),
        1j, complex(1.5, -2), complex(float("nan"), float("inf")),
        "", "a", "é", "\u20ac", "\U0001f600", "\ud800", "line\nbreak", "x" * 300,
        b"", b"\x00", b"\xff" * 300, bytearray(), bytearray(b"abc"),
        (), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4), [], [1, [2, [3, [4]]]], list(range(1500)),
        {}, {"a": 1, 2: "b", (1, 2): None}, {i: str(i) for i in range(1500)},
        set(), {1, 2, 3}, frozenset(), frozenset({"a", "b"}), set(range(1200)),
        [shared, shared, (shared,)], {"k1": text, "k2": text}, [(text, text), {text}],
        ((1, 2), {"z": 10}), ((1, 2.0, "x", [1, 2, 3]), {"z": 10}),
        Ellipsis, NotImplemented, len, int, complex, set, frozenset, bytearray,
    ]
    recursive_list = [1]
    recursive_list.append(recursive_list)
    recursive_dict = {}
    recursive_dict["self"] = recursive_dict
    tuple_cycle = [None]
    tuple_cycle[0] = (tuple_cycle,)
    values += [recursive_list, recursive_dict, tuple_cycle]
    return values


def stdlib_values():
    return [
        collections.OrderedDict([("a", 1), ("b", 2)]), collections.deque([1, 2]),
        collections.Counter("hello"), collections.defaultdict(list, {"a": [1]}),
        datetime.date(2024, 2, 29), datetime.datetime(2024, 1, 1, 12, 30), datetime.timedelta(3),
        decimal.Decimal("1.25"), fractions.Fraction(3, 4), uuid.UUID(int=12345),
        range(1, 10, 2), slice(1, 2, 3), Point(1, [2]), Slotted(), WithNewArgs(),
    ]


def numpy_values():
    values = []
    for dtype in ("bool", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8",
                  "c8", "c16", ">i4", ">f8"):
        values.append(numpy.arange(6).astype(dtype).reshape(2, 3))
        values.append(numpy.zeros((), dtype=dtype))
        values.append(numpy.array([1], dtype=dtype)[0])
    values += [
        numpy.asfortranarray(numpy.arange(12.0).reshape(3, 4)), numpy.zeros((0, 3)),
        numpy.arange(24).reshape(2, 3, 4), numpy.array([1, "a", None], dtype=object),
        numpy.zeros(2, dtype=[("x", "<i4"), ("y", "<f8")]), numpy.float64(0.5), numpy.int64(-3),
    ]
    return values


def numpy_heavy_values():
    """NumPy values alone and inside containers, for fuzz_numpy."""
    values = numpy_values()
    for dtype in ("f8", "<c16", ">c8", ">u2", ">i8", "f2", ">f2", "bool"):
        values.append(numpy.dtype(dtype))
        values.append(numpy.asfortranarray(numpy.arange(6).astype(dtype).reshape(3, 2)))
        values.append(numpy.array([1, 0], dtype=dtype)[1])
    nan = numpy.array([numpy.nan, -numpy.inf, -0.0], dtype="f8")
    values += [
        nan, nan.astype("f2"), nan.astype(">f4"), numpy.float16(numpy.nan),
        numpy.complex64(complex(numpy.nan, 1)), numpy.zeros((2, 0, 3), dtype="i2"),
        numpy.zeros((1, 1, 1, 1), dtype="u1"), numpy.arange(5)[::2], numpy.int8(-128),
        numpy.uint64(2**64 - 1), numpy.bool_(True), numpy.longdouble(1.5),
        numpy.array(["ab", "c"]), numpy.array([b"x"]), numpy.array(["2024-01-01"], dtype="M8[D]"),
        numpy.ma.masked_array([1, 2], mask=[0, 1]), numpy.matrix([[1, 2]]),
    ]
    shared = numpy.arange(3.0)
    values += [
        [shared, shared, {"mean": numpy.float64(0.5), "n": numpy.int64(3)}],
        (numpy.dtype("f8"), numpy.dtype("f8"), numpy.dtype(">i4")),
        {"a": numpy.zeros(2), "b": [numpy.float32(1.5), numpy.complex128(1j)]},
    ]
    return values


def oob_pickles():
    """Protocol 5 pickles whose array data are out-of-band buffers 0, 1 and 2 of fuzz_numpy's
    DecodeOptions (48, 16 and 8 bytes; a read-only array is marked READONLY_BUFFER)."""
    readonly = numpy.arange(6.0)
    readonly.flags.writeable = False
    cases = [
        numpy.arange(6.0), numpy.arange(6).reshape(2, 3), numpy.arange(12, dtype=">f4"),
        numpy.asfortranarray(numpy.arange(6.0).reshape(3, 2)), readonly,
        numpy.zeros(48, dtype="u1"), numpy.zeros((2, 3), dtype="c8"),
        [numpy.arange(6.0), numpy.arange(2, dtype="i8"), numpy.arange(4, dtype="i2")],
        (numpy.arange(24, dtype="f2"), numpy.arange(4.0, dtype="f4"), numpy.array([1j], "c8")),
    ]
    out = []
    for value in cases:
        out.append(pickle.dumps(value, protocol=5, buffer_callback=lambda buffer: False))
        out.append(pickle.dumps(value, protocol=5, buffer_callback=lambda buffer: None))
    return out


def pickles():
    """The pickled bytes of every value at every protocol that can write it."""
    out = []
    cases = [(value, range(6)) for value in plain_values() + stdlib_values()]
    cases += [(value, range(2, 6)) for value in numpy_values()]
    for value, protocols in cases:
        for protocol in protocols:
            try:
                out.append(pickle.dumps(value, protocol=protocol))
            except (TypeError, pickle.PicklingError):
                pass  # e.g. __slots__ without __getstate__ below protocol 2
    return out


def numpy_pickles():
    out = []
    for value in numpy_heavy_values():
        for protocol in range(6):
            try:
                out.append(pickle.dumps(value, protocol=protocol))
            except (TypeError, pickle.PicklingError, ValueError):
                pass
    return out + oob_pickles()


def dangerous_pickles():
    """Pickles that name code-running globals, as an attacker writes them by hand."""
    return [
        b"cos\nsystem\n(S'echo hi'\ntR.",
        b"\x80\x04\x95\x1b\x00\x00\x00\x00\x00\x00\x00\x8c\x08builtins\x8c\x04eval\x93"
        b"\x8c\x031+1\x85R.",
        b"c__builtin__\ngetattr\n(c__builtin__\nlist\nS'append'\ntR.",
        b"(cposix\nsystem\nS'id'\ni.",
        b"\x80\x02csubprocess\ncheck_output\n]q\x00U\x02idq\x01a\x85R.",
        b"\x80\x02\x82\x01.", b"\x80\x02\x83\x01\x00.", b"(S'id'\nP.", b"\x80\x02N\x8c\x01aQ.",
        b"\x80\x04\x8c\x02os\x8c\x06system\x93.", b"\x80\x04N\x8c\x06system\x93.",
        b"ccopyreg\n_reconstructor\n(cos\nPathLike\nc__builtin__\nobject\nNtR.",
    ]


def literal_texts(values):
    texts = []
    for value in values:
        text = repr(value)
        if len(text) < 2000 and not text.startswith("<"):
            texts.append(text)
    texts += [
        "1_000", "0x_ff", "0o17", "0b1010", "1e999", "-inf", "(1+nanj)", "-(1)", "+-+-1",
        "'a' 'b'", "b'\\x00' b'z'", "'\\N{EM DASH}'", "rb'\\d'", "f'x'", "u'x'", "[1, 2,]",
        "{1: 2, **x}", "set()", "frozenset({1, 2})", "bytearray(b'x')", "((((((1))))))",
        "  1  # comment", "(1,\n 2)", "1 +", "'unterminated", "{[]: 1}", "1 if 2 else 3",
        "True", "None", "...", "-0.0", "1j", "1 - 2j", "0" * 5000, "9" * 4301,
    ]
    return texts


def base64_texts(data):
    texts = []
    for blob in data:
        canonical = base64.b64encode(blob)
        texts.append(canonical)
        texts.append(canonical.rstrip(b"="))
        texts.append(canonical + b"=")
        texts.append(canonical[:1] + b"\n" + canonical[1:])
        texts.append(canonical.replace(b"A", b"-", 1))
        texts.append(b" " + canonical + b" \r\n")
    texts += [b"", b"=", b"==", b"A", b"AB", b"ABC", b"AB==", b"AB=C", b"A===", b"AB=\n=",
              b"QQ==QQ==", b"ABD=", b"\xff\xfeQUJD", b"Zm9v!YmFy"]
    return texts


def write_all(directory, blobs):
    os.makedirs(directory, exist_ok=True)
    for blob in blobs:
        if isinstance(blob, str):
            blob = blob.encode("utf-8", "surrogatepass")
        name = hashlib.sha1(blob).hexdigest()
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            with open(path, "wb") as f:
                f.write(blob)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_corpus.py OUT_DIR")
    out = sys.argv[1]
    data = pickles()
    small = [blob for blob in data if len(blob) <= 4096]
    envelopes = [MARKER + base64.b64encode(blob).decode() for blob in small]
    json_texts = [json.dumps(v) for v in plain_values()[:40] if not isinstance(v, (bytes, bytearray, complex, set, frozenset, type))
                  and not callable(v) and v is not Ellipsis and v is not NotImplemented]
    json_texts += ['{"a": [1, 2.5, null, true]}', "[NaN, Infinity, -Infinity]", '"\\ud800"',
                   "1e400", "{", "[1,]", '{"a": 1, "a": 2}', " 12 ", "nul"]

    write_all(os.path.join(out, "fuzz_pickle_decode"), data)
    write_all(os.path.join(out, "fuzz_deserialize"), envelopes + json_texts + [MARKER, MARKER + "!"])
    stdouts = []
    for payload in envelopes[::3] + json_texts:
        stdouts.append(payload)
        stdouts.append("hello\n" + DELIMITER + "\n" + payload)
        stdouts.append("line 1\nline 2\n\n" + DELIMITER + "\n\n" + payload + "\n")
        stdouts.append(DELIMITER + payload)
    stdouts += ["", DELIMITER, "out\n" + DELIMITER + "\n", "no delimiter at all\n",
                DELIMITER + "\n" + DELIMITER + "\n1"]
    write_all(os.path.join(out, "fuzz_deserialize_stdout"), stdouts)
    write_all(os.path.join(out, "fuzz_literal_parse"), literal_texts(plain_values()))
    write_all(os.path.join(out, "fuzz_base64"), base64_texts(small[::4]))
    numpy_data = numpy_pickles()
    write_all(os.path.join(out, "fuzz_numpy"), numpy_data)
    raw = [blob for blob in data + numpy_data + dangerous_pickles() if len(blob) <= 4096]
    write_all(os.path.join(out, "fuzz_dis"), raw)
    write_all(os.path.join(out, "fuzz_inspect"),
              raw[::2] + [MARKER + base64.b64encode(blob).decode() for blob in raw[1::2]]
              + json_texts + [MARKER, MARKER + "!"])


if __name__ == "__main__":
    main()
