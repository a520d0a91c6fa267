"""NumPy as the oracle for hogsim's NumPy values (tests/core/numpy_oracle_test.cpp).

Reads a command on the first line of standard input, then its data, and writes one result line
per case. Bytes travel as hex. Commands:

  cases SEED COUNT   NumPy pickles of generated arrays, scalars and dtypes at protocols 0-5:
                     "PROTO HEX_PICKLE EXPECTED", EXPECTED being
                       A DTYPE SHAPE ORDER HEX_BYTES   an ndarray (SHAPE: dims joined by ',' or '-')
                       S DTYPE HEX_BYTES               a NumPy scalar
                       D DTYPE                         a dtype
                       L COUNT                         a list of COUNT such values (sharing a dtype)
                       R                               what hogsim keeps as a reduced object
  numpy2 SEED COUNT  the same for arrays and scalars, pickled with NumPy 2's module paths
                     (numpy._core.*), as NumPy 2 writes them
  oob SEED COUNT     protocol-5 pickles with out-of-band buffers: "HEX_PICKLE HEX_BUF,... EXPECTED"
  encode             lines "PROTO KIND DTYPE SHAPE ORDER HEX_BYTES" (KIND A or S): NumPy's pickle
  check              lines "HEX_PICKLE HEX_EXPRESSION": loads the pickle, evaluates the expression
                     with numpy imported, prints "ok" when both are the same array or scalar
                     (type, dtype, shape, layout and values) or "differ: ..." otherwise
  hash               lines "HEX_PICKLE": hash() of the loaded object
  half               lines "HEX_DOUBLE": the bytes of numpy.float16 of that double
"""
import io
import pickle
import random
import sys
import types

import numpy

DTYPES = ["b1", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "c8", "c16"]


def out(*parts):
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")


def shape_text(shape):
    return ",".join(str(d) for d in shape) if shape else "-"


def layout(a):
    return "F" if a.flags.f_contiguous and not a.flags.c_contiguous else "C"


def random_dtype(rng):
    code = rng.choice(DTYPES)
    if code[1:] == "1":
        return numpy.dtype(code)
    return numpy.dtype(rng.choice("<>") + code)


def random_array(rng):
    dt = random_dtype(rng)
    rank = rng.choice([0, 1, 1, 2, 2, 3, 4])
    shape = tuple(rng.choice([0, 1, 2, 3, 5]) if rng.random() < 0.15 else rng.randint(1, 5)
                  for _ in range(rank))
    count = int(numpy.prod(shape)) if shape else 1
    raw = bytes(rng.getrandbits(8) for _ in range(count * dt.itemsize))
    a = numpy.frombuffer(bytearray(raw), dtype=dt).reshape(shape, order=rng.choice("CF"))
    kind = rng.random()
    if kind < 0.1:
        a = numpy.frombuffer(raw, dtype=dt).reshape(shape)  # read-only
    elif kind < 0.2 and rank >= 1 and shape[0] > 1:
        a = a[::2]  # not contiguous: NumPy writes _reconstruct even at protocol 5
    elif kind < 0.3:
        a = a.copy(order="K")
    return a


def random_scalar(rng):
    code = rng.choice(DTYPES)
    dt = numpy.dtype(code)
    raw = bytes(rng.getrandbits(8) for _ in range(dt.itemsize))
    if code == "b1":
        raw = bytes([rng.getrandbits(1)])
    value = numpy.frombuffer(raw, dtype=dt)[0]
    if code[0] in "fc" and rng.random() < 0.3:
        value = dt.type(rng.choice([0.5, -0.0, float("nan"), float("inf"), -1e300, 3.25]))
    return value


def expected(value):
    if isinstance(value, numpy.ndarray):
        if value.dtype.kind not in "biufc":
            return "R"
        return " ".join(["A", value.dtype.str, shape_text(value.shape), layout(value),
                         value.tobytes(order="A").hex() or "-"])
    if isinstance(value, numpy.generic):
        return " ".join(["S", value.dtype.str, value.tobytes().hex()])
    if isinstance(value, numpy.dtype):
        return "R" if value.kind not in "biufc" else "D " + value.str
    if isinstance(value, list):
        return "L %d" % len(value)
    raise AssertionError(type(value))


def random_value(rng):
    pick = rng.random()
    if pick < 0.55:
        return random_array(rng)
    if pick < 0.8:
        return random_scalar(rng)
    if pick < 0.85:
        return random_dtype(rng)
    if pick < 0.93:
        return [random_array(rng) if rng.random() < 0.7 else random_scalar(rng)
                for _ in range(rng.randint(1, 4))]
    return rng.choice([numpy.array([1, "a", None], dtype=object),
                       numpy.zeros(2, dtype=[("a", "<i4"), ("b", "<f8")]),
                       numpy.array(["ab", "c"]),
                       numpy.dtype([("x", "<f4")])])


def cases(seed, count):
    rng = random.Random(seed)
    for _ in range(count):
        value = random_value(rng)
        protocol = rng.randint(0, 5)
        out(protocol, pickle.dumps(value, protocol=protocol).hex(), expected(value))


class Numpy2Pickler(pickle.Pickler):
    """Pickles arrays and scalars with NumPy 2's module paths, as NumPy 2 writes them."""

    fakes = {}

    def __init__(self, file, protocol):
        super().__init__(file, protocol=protocol)
        self.protocol = protocol

    @classmethod
    def install(cls):
        for module, names in [("numpy._core.multiarray", ["_reconstruct", "scalar"]),
                              ("numpy._core.numeric", ["_frombuffer"])]:
            mod = types.ModuleType(module)
            sys.modules[module] = mod
            for name in names:
                real = getattr(sys.modules[module.replace("_core", "core")], name)

                def fake(*args, _real=real):
                    return _real(*args)

                fake.__module__, fake.__qualname__, fake.__name__ = module, name, name
                setattr(mod, name, fake)
                cls.fakes[real] = fake

    def reducer_override(self, obj):
        if isinstance(obj, (numpy.ndarray, numpy.generic)):
            rv = obj.__reduce_ex__(self.protocol)
            return (self.fakes[rv[0]],) + tuple(rv[1:])
        return NotImplemented


def numpy2(seed, count):
    Numpy2Pickler.install()
    rng = random.Random(seed)
    for _ in range(count):
        value = random_array(rng) if rng.random() < 0.7 else random_scalar(rng)
        protocol = rng.randint(2, 5)
        stream = io.BytesIO()
        Numpy2Pickler(stream, protocol=protocol).dump(value)
        out(protocol, stream.getvalue().hex(), expected(value))


def oob(seed, count):
    rng = random.Random(seed)
    for _ in range(count):
        value = random_array(rng)
        buffers = []
        data = pickle.dumps(value, protocol=5, buffer_callback=buffers.append)
        hexes = ",".join(bytes(b.raw()).hex() or "-" for b in buffers) or "none"
        out(data.hex(), hexes, expected(value))


def encode():
    for line in sys.stdin:
        protocol, kind, dtype, shape, order, data = line.split()
        raw = bytes.fromhex("" if data == "-" else data)
        dims = () if shape == "-" else tuple(int(d) for d in shape.split(","))
        if kind == "A":
            value = numpy.frombuffer(bytearray(raw), dtype=dtype).reshape(dims, order=order)
        else:
            value = numpy.frombuffer(raw, dtype=dtype)[0]
        out(pickle.dumps(value, protocol=int(protocol)).hex())


def same(a, b):
    if type(a) is not type(b):
        return "types %s and %s" % (type(a).__name__, type(b).__name__)
    if isinstance(a, numpy.ndarray):
        # NumPy's _reconstruct loads a non-native array in the machine's byte order (same values):
        # compare in native order.
        a = a.astype(a.dtype.newbyteorder("="), order="K")
        b = b.astype(b.dtype.newbyteorder("="), order="K")
        if (a.dtype.str, a.shape, layout(a)) != (b.dtype.str, b.shape, layout(b)):
            return "%s %s %s vs %s %s %s" % (a.dtype.str, a.shape, layout(a),
                                             b.dtype.str, b.shape, layout(b))
        if a.tobytes(order="A") != b.tobytes(order="A"):
            return "bytes"
        return None
    if isinstance(a, numpy.generic):
        if a.dtype.str != b.dtype.str:
            return "dtypes %s and %s" % (a.dtype.str, b.dtype.str)
        equal = a.tobytes() == b.tobytes() or (a != a and b != b) or (a == b and a.dtype.kind != "f")
        return None if equal else "values %r and %r" % (a, b)
    if isinstance(a, numpy.dtype):
        return None if a.str == b.str else "dtypes %s and %s" % (a.str, b.str)
    return None if a == b else "values %r and %r" % (a, b)


def check():
    for line in sys.stdin:
        data, expression = line.split()
        original = pickle.loads(bytes.fromhex(data))
        rebuilt = eval(bytes.fromhex(expression).decode(), {"numpy": numpy})
        problem = same(original, rebuilt)
        out("ok" if problem is None else "differ: " + problem)


def hash_lines():
    for line in sys.stdin:
        out(hash(pickle.loads(bytes.fromhex(line.strip()))))


def half():
    for line in sys.stdin:
        value = numpy.frombuffer(bytes.fromhex(line.strip()), dtype="<f8")[0]
        out(numpy.float16(value).tobytes().hex())


def main():
    command = sys.stdin.readline().split()
    if command[0] in ("cases", "numpy2", "oob"):
        {"cases": cases, "numpy2": numpy2, "oob": oob}[command[0]](int(command[1]),
                                                                     int(command[2]))
    else:
        {"encode": encode, "check": check, "hash": hash_lines, "half": half}[command[0]]()


main()
