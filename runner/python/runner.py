"""hogsim's Python runner: runs one call of a function from a Groundhog-style user script.

Usage: python3 runner.py SCRIPT_PATH FUNCTION_NAME PAYLOAD_IN RESULT_OUT

Does what Groundhog's runner does, with the standard library only:
- imports the user script as a module from its path (never runs it as __main__, so its
  `if __name__ == "__main__":` block stays quiet); `groundhog_hpc` is replaced by a small
  stand-in whose decorators return the function itself, so scripts written for Groundhog import
  offline;
- finds the function with operator.attrgetter, so nested names such as "Class.method" work;
- reads PAYLOAD_IN ("__PICKLE__:" + base64 of a pickle of (args, kwargs), or JSON), calls the
  function, and writes "__PICKLE__:" + base64(pickle.dumps(result, protocol=5)) to RESULT_OUT.
- resolves hogsim proxy references (hogsim.proxy.resolve(store_dir, key)): the object's pickle is
  read from the store file, which is then removed.
The function's own prints go to stdout; the runner prints nothing there. An exception propagates:
Python prints its traceback on stderr and the runner exits with status 1.
"""
import base64
import importlib.util
import io
import json
import os
import pickle
import sys
import types
from operator import attrgetter

PICKLE_MARKER = "__PICKLE__:"
PROXY_GLOBAL = ("hogsim.proxy", "resolve")


def _resolve_proxy(store_dir, key):
    if not key or key in (".", "..") or "/" in key or "\0" in key:
        raise ValueError(f"proxy key {key!r} is not a plain file name")
    path = os.path.join(store_dir, key)
    with open(path, "rb") as stored:
        data = stored.read()
    os.remove(path)
    return _loads(data)


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) == PROXY_GLOBAL:
            return _resolve_proxy
        return super().find_class(module, name)


def _loads(data):
    return _Unpickler(io.BytesIO(data)).load()


def deserialize(payload):
    if payload.startswith(PICKLE_MARKER):
        return _loads(base64.b64decode(payload[len(PICKLE_MARKER):]))
    return json.loads(payload)


def serialize(value):
    return PICKLE_MARKER + base64.b64encode(pickle.dumps(value, protocol=5)).decode("ascii")


def _install_groundhog_stand_in():
    def decorator_factory(*args, **kwargs):
        if len(args) == 1 and callable(args[0]) and not kwargs:
            return args[0]
        return lambda function: function

    stand_in = types.ModuleType("groundhog_hpc")
    stand_in.function = decorator_factory
    stand_in.method = decorator_factory
    stand_in.harness = decorator_factory
    sys.modules["groundhog_hpc"] = stand_in


def _import_script(path):
    stem = os.path.splitext(os.path.basename(path))[0]
    name = stem if stem.isidentifier() else "user_script"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main(argv):
    if len(argv) != 5:
        sys.stderr.write("usage: runner.py SCRIPT_PATH FUNCTION_NAME PAYLOAD_IN RESULT_OUT\n")
        return 2
    script_path, function_name, payload_in, result_out = argv[1:]
    _install_groundhog_stand_in()
    function = attrgetter(function_name)(_import_script(script_path))
    with open(payload_in, encoding="utf-8") as payload_file:
        args, kwargs = deserialize(payload_file.read().strip())
    result = function(*args, **kwargs)
    text = serialize(result)
    with open(result_out, "w", encoding="ascii") as result_file:
        result_file.write(text)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
