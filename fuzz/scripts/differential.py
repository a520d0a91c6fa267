"""Differential mode: hog's pickle decoder against CPython's pickle.loads, input by input.

    differential.py [--decoder PATH] [--report FILE] [--examples N] CORPUS_DIR_OR_FILE...

Every file is a raw pickle (NEXT_BUFFER reads the same three out-of-band buffers on both sides,
oob_buffers()). hog decodes it with build/fuzz/fuzz/hog_decode_files (--decoder), which
prints each value as a canonical JSON tree; CPython loads it in a subprocess (this script with
--cpython-worker, run by the same interpreter) whose Unpickler.find_class allows only data globals
(ALLOWED below) and which builds the same tree. Where CPython accepts, the two must agree; the
report (markdown, stdout or --report) lists:
  - hog rejects, CPython accepts                        a finding
  - values differ                                       a finding
  - hog keeps a reduce CPython ran                      expected (see fuzz/README.md): hog reads
                                                        only the reduce shapes CPython's pickler
                                                        writes, and NumPy data it does not model
                                                        (object, structured and string dtypes,
                                                        subclasses) as reduced objects
  - hog accepts, CPython rejects (not a forbidden global)  informational
Where CPython refuses a global the two are not compared: hog accepts unknown globals and never
imports them. Exit status 1 when there is a finding. Run with /usr/bin/python3 (NumPy needed).
"""

import argparse
import io
import json
import os
import pickle
import resource
import struct
import subprocess
import sys

BATCH = 200
TIMEOUT_SECONDS = 120

# Data-only globals: containers and value types hog models, the reconstruction helpers CPython's
# pickler writes for them, and NumPy's array and scalar reconstruction (1.x and 2.x paths).
ALLOWED = {
    ("builtins", name) for name in (
        "list", "tuple", "dict", "set", "frozenset", "bytearray", "bytes", "complex",
        "Ellipsis", "NotImplemented")
} | {
    ("copyreg", "_reconstructor"), ("_codecs", "encode"),
    ("numpy", "ndarray"), ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"), ("numpy.core.multiarray", "scalar"),
    ("numpy.core.numeric", "_frombuffer"),
    ("numpy._core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "scalar"),
    ("numpy._core.numeric", "_frombuffer"),
}

MAX_NODES = 200000

# The element types hog models as NumPy values (numpy.hpp); others (object, structured, strings,
# datetimes, subclasses) stay reduced objects on hog's side and "other" here.
NUMPY_TYPES = {"b1", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "c8", "c16"}


class ForbiddenGlobal(pickle.UnpicklingError):
    pass


class RestrictedUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        # fix_imports has already mapped Python 2 names (__builtin__ -> builtins) at this point.
        if (module, name) not in ALLOWED:
            raise ForbiddenGlobal(f"global {module}.{name} is not allowed")
        return super().find_class(module, name)


def float_bits(value):
    return struct.pack(">d", value).hex()


class Canonical:
    """The JSON tree hog_decode_files prints, built from a Python object."""

    def __init__(self):
        self.path = []
        self.nodes = 0

    def of(self, obj):
        import numpy
        self.nodes += 1
        if self.nodes > MAX_NODES:
            return ["truncated"]
        kind = type(obj)
        if obj is None:
            return ["None"]
        if kind is bool:
            return ["bool", obj]
        if kind is int:
            return ["int", format(obj, "x")]
        if kind is float:
            return ["float", float_bits(obj)]
        if kind is complex:
            return ["complex", float_bits(obj.real), float_bits(obj.imag)]
        if kind is str:
            return ["str", obj.encode("utf-8", "surrogatepass").hex()]
        if kind in (bytes, bytearray):
            return [kind.__name__, bytes(obj).hex()]
        if obj is Ellipsis or obj is NotImplemented:
            return ["global", "builtins", repr(obj)]
        if isinstance(obj, type) or callable(obj) and hasattr(obj, "__qualname__"):
            return ["global", obj.__module__, obj.__qualname__]
        if type(obj) is numpy.ndarray and obj.dtype.str[1:] in NUMPY_TYPES:
            # Values, not byte order: NumPy's _reconstruct itself loads a non-native array of its
            # own pickle in native order, so both sides compare the native-order bytes.
            if not obj.dtype.isnative:
                obj = obj.astype(obj.dtype.newbyteorder("="), order="K")
            order = "F" if obj.flags.f_contiguous and not obj.flags.c_contiguous else "C"
            return ["ndarray", obj.dtype.str, list(obj.shape), order, obj.tobytes(order="A").hex()]
        if isinstance(obj, numpy.generic) and obj.dtype.str[1:] in NUMPY_TYPES:
            return ["numpy_scalar", obj.dtype.str, obj.tobytes().hex()]
        if isinstance(obj, numpy.dtype) and obj.str[1:] in NUMPY_TYPES and obj.fields is None:
            return ["numpy_dtype", obj.str]
        if kind in (list, tuple, dict, set, frozenset):
            for up, outer in enumerate(reversed(self.path), 1):
                if outer is obj:
                    return ["cycle", up]
            self.path.append(obj)
            if kind is dict:
                items = [[self.of(k), self.of(v)] for k, v in obj.items()]
            else:
                items = [self.of(item) for item in obj]
            self.path.pop()
            return [kind.__name__, items]
        return ["other", repr(type(obj))]


def canonical_sets(tree):
    """Sorts set and frozenset items (CPython iterates in hash order, hog in insertion order)."""
    if not isinstance(tree, list) or not tree:
        return tree
    head = tree[0]
    if head in ("list", "tuple", "set", "frozenset"):
        items = [canonical_sets(item) for item in tree[1]]
        if head in ("set", "frozenset"):
            items.sort(key=lambda item: json.dumps(item))
        return [head, items]
    if head == "dict":
        return [head, [[canonical_sets(k), canonical_sets(v)] for k, v in tree[1]]]
    return tree


def contains_reduced(tree):
    if not isinstance(tree, list) or not tree:
        return False
    if tree[0] == "reduced":
        return True
    return any(contains_reduced(item) for item in tree[1:] if isinstance(item, list))


def oob_buffers():
    """The out-of-band buffers hog_decode_files (and fuzz_numpy) give NEXT_BUFFER: 48 bytes, a
    16-byte bytearray and 8 bytes; byte i of buffer k is (k + 1 + 7i) mod 256."""
    def pattern(size, seed):
        return bytes((seed + 7 * i) % 256 for i in range(size))
    return [pattern(48, 1), bytearray(pattern(16, 2)), pattern(8, 3)]


def cpython_worker():
    """Reads file paths (one a line) on stdin; prints one JSON line per file."""
    sys.setrecursionlimit(10000)
    for line in sys.stdin:
        path = line.rstrip("\n")
        result = {"file": path}
        try:
            with open(path, "rb") as f:
                data = f.read()
            value = RestrictedUnpickler(io.BytesIO(data), buffers=oob_buffers()).load()
            result.update(ok=True, value=Canonical().of(value))
        except ForbiddenGlobal as error:
            result.update(ok=False, forbidden=True, error="ForbiddenGlobal", message=str(error))
        except BaseException as error:  # pickle raises many types on bad input
            if isinstance(error, KeyboardInterrupt):
                raise
            result.update(ok=False, forbidden=False, error=type(error).__name__,
                          message=str(error)[:300])
        print(json.dumps(result), flush=True)


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def hog_command(decoder):
    # No RLIMIT_AS here: the decoder is an ASan build, which reserves terabytes of shadow memory.
    return lambda files: ([decoder] + files, None, None)


def cpython_command(files):
    return ([sys.executable, os.path.abspath(__file__), "--cpython-worker"],
            "".join(path + "\n" for path in files), limit_memory)


def run_lines(make_command, files):
    """JSON lines by file from one run of make_command(files) -> (argv, stdin text, preexec). When
    the run dies or times out, each file is run alone to find the one responsible."""
    argv, stdin_text, preexec = make_command(files)
    try:
        done = subprocess.run(argv, input=stdin_text, capture_output=True, text=True,
                              timeout=TIMEOUT_SECONDS, preexec_fn=preexec)
        lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode == 0 and len(lines) == len(files):
            return {line["file"]: line for line in lines}
        failure = f"exit {done.returncode}: {done.stderr.strip()[-300:]}"
    except subprocess.TimeoutExpired:
        failure = f"timed out after {TIMEOUT_SECONDS} s"
    if len(files) > 1:
        result = {}
        for path in files:
            result.update(run_lines(make_command, [path]))
        return result
    return {files[0]: {"file": files[0], "ok": False, "crashed": True, "error": "Crash",
                       "message": failure}}


def collect(paths):
    files = []
    for path in paths:
        if os.path.isdir(path):
            for root, _, names in os.walk(path):
                files += [os.path.join(root, n) for n in sorted(names) if not n.startswith(".")]
        else:
            files.append(path)
    return sorted(set(files))


def default_decoder():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "..", "..", "build", "fuzz", "fuzz", "hog_decode_files")


def compare(files, decoder):
    groups = {"hog_rejects": [], "differ": [], "hog_reduced": [], "cpython_rejects": [],
              "hog_crash": [], "cpython_crash": []}
    counts = {"inputs": len(files), "both_reject": 0, "forbidden": 0, "agree": 0}
    for start in range(0, len(files), BATCH):
        batch = files[start:start + BATCH]
        hog = run_lines(hog_command(decoder), batch)
        cpython = run_lines(cpython_command, batch)
        for path in batch:
            h, c = hog[path], cpython[path]
            if h.get("crashed"):
                groups["hog_crash"].append((path, h["message"], ""))
            elif c.get("crashed"):
                groups["cpython_crash"].append((path, "", c["message"]))
            elif c.get("forbidden"):
                counts["forbidden"] += 1
            elif not c["ok"]:
                if h["ok"]:
                    groups["cpython_rejects"].append((path, h["repr"][:200],
                                                      f'{c["error"]}: {c["message"]}'))
                else:
                    counts["both_reject"] += 1
            elif not h["ok"]:
                groups["hog_rejects"].append((path, f'{h["error"]}: {h["message"]}',
                                              json.dumps(c["value"])[:200]))
            elif canonical_sets(h["value"]) == canonical_sets(c["value"]):
                counts["agree"] += 1
            else:
                group = "hog_reduced" if contains_reduced(h["value"]) else "differ"
                groups[group].append((path, h["repr"][:200], json.dumps(c["value"])[:200]))
    return counts, groups


TITLES = [
    ("hog_crash", "hog_decode_files crashed or timed out (finding)", True),
    ("hog_rejects", "hog rejects, CPython accepts (finding)", True),
    ("differ", "values differ (finding)", True),
    ("hog_reduced", "hog keeps a reduce CPython ran (expected, see fuzz/README.md)", False),
    ("cpython_rejects", "hog accepts, CPython rejects for a reason other than a global "
                        "(informational)", False),
    ("cpython_crash", "CPython's loader died or timed out (not compared)", False),
]


def report(counts, groups, examples):
    out = ["# Differential: hog vs CPython pickle.loads", "",
           f"{counts['inputs']} inputs: {counts['agree']} agree, {counts['both_reject']} rejected "
           f"by both, {counts['forbidden']} not compared (CPython's loader refused a global).", ""]
    for key, title, _ in TITLES:
        items = groups[key]
        out.append(f"## {title}: {len(items)}")
        out.append("")
        for path, hog_side, cpython_side in items[:examples]:
            out.append(f"- `{path}`")
            out.append(f"  - hog: `{hog_side}`")
            if cpython_side:
                out.append(f"  - CPython: `{cpython_side}`")
        if len(items) > examples:
            out.append(f"- ... and {len(items) - examples} more")
        out.append("")
    return "\n".join(out)


def main():
    if sys.argv[1:] == ["--cpython-worker"]:
        cpython_worker()
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+", help="corpus directories or pickle files")
    parser.add_argument("--decoder", default=default_decoder(), help="hog_decode_files binary")
    parser.add_argument("--report", help="write the markdown report here (default: stdout)")
    parser.add_argument("--examples", type=int, default=20, help="inputs listed per group")
    args = parser.parse_args()
    if not os.access(args.decoder, os.X_OK):
        sys.exit(f"differential: no decoder at {args.decoder}; build it with "
                 "cmake --preset fuzz && cmake --build --preset fuzz")
    import numpy  # noqa: F401  (fail here, loudly, rather than in every worker)
    files = collect(args.paths)
    if not files:
        sys.exit("differential: no input files")
    counts, groups = compare(files, args.decoder)
    text = report(counts, groups, args.examples)
    if args.report:
        with open(args.report, "w") as f:
            f.write(text + "\n")
    else:
        print(text)
    return 1 if any(groups[key] for key, _, finding in TITLES if finding) else 0


if __name__ == "__main__":
    sys.exit(main())
