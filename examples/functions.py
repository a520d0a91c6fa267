# /// script
# requires-python = ">=3.10"
# dependencies = ["numpy"]
# ///
"""A Groundhog-style user script: the Python twins of hog-runner's builtin functions.

hogsim's demo and its cross-runner conformance tests call these through the Python runner and
the same names through the C++ runner (runner/include/hog/runner/builtins.hpp), and expect equal
results and errors. numpy is imported only where an ndarray is involved, so the other functions
run on a bare python3.
"""
import time

import groundhog_hpc as hog


@hog.function(endpoint="anvil")
def echo(value):
    return value


@hog.function(endpoint="anvil")
def sum(values):  # noqa: A001 - the name the C++ runner uses
    import builtins

    return builtins.sum(values)


@hog.function(endpoint="anvil")
def mean(values):
    if hasattr(values, "dtype"):
        import numpy

        return float(numpy.mean(values))
    import builtins

    return builtins.sum(values) / len(values)


@hog.function(endpoint="anvil")
def numpy_mean(array):
    import numpy

    if not isinstance(array, numpy.ndarray):
        raise TypeError(f"numpy_mean() needs an ndarray, not {type(array).__name__}")
    return numpy.mean(array)


@hog.function(endpoint="anvil")
def sleep(seconds):
    time.sleep(seconds)


@hog.function(endpoint="anvil")
def fail(message):
    raise RuntimeError(message)


@hog.function(endpoint="anvil")
def print_lines(n):
    for i in range(n):
        print(f"line {i}")
    return n


@hog.function(endpoint="anvil")
def return_bytes(n):
    return bytes(n)


class Stats:
    """Nested names: the runner resolves "Stats.total" with operator.attrgetter."""

    @staticmethod
    def total(values):
        import builtins

        return builtins.sum(values)


if __name__ == "__main__":
    print("examples/functions.py was run as a program; the runner must only import it")
