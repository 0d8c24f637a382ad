# ===- model.py - compile(), CompiledModel, inspect() ---------------------=== #
#
# The Python face of the C API: arguments are checked here with numpy's names
# for dtypes, everything else (compiling, running, writing artifacts) is the
# C API's, so Python and the `kiln` CLI compile alike.
#
# ===----------------------------------------------------------------------=== #
"""Compile ONNX models with Kiln and run them in process."""

import collections
import collections.abc
import contextlib
import ctypes
import json
import os

import numpy as np

from ._capi import (WEIGHTS_FILE, WEIGHTS_OBJECT, WEIGHTS_SECTION, KilnError,
                    Session, TensorC, lib)

__all__ = ["compile", "inspect", "load_library", "CompiledModel",
           "TensorInfo", "PHASES"]

#: Where `pipelines` may insert pass pipelines, in compile order.
PHASES = ("import", "graph", "schedule", "linalg", "bufferized", "llvm")

# kiln_dtype (ONNX TensorProto numbering) to numpy; bfloat16 has no numpy
# dtype.
_DTYPES = {1: np.float32, 2: np.uint8, 3: np.int8, 4: np.uint16,
           5: np.int16, 6: np.int32, 7: np.int64, 9: np.bool_,
           10: np.float16, 11: np.float64, 12: np.uint32, 13: np.uint64}
_BFLOAT16 = 16

#: One input or output of a compiled model.
TensorInfo = collections.namedtuple("TensorInfo", ["name", "dtype", "shape"])


def _text(value, what):
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError("%s must be a string or a path, got %s"
                        % (what, type(value).__name__))
    return os.fsencode(value)


def _paths(value, what):
    if value is None:
        return []
    if isinstance(value, (str, os.PathLike)):
        return [value]
    return list(value)


@contextlib.contextmanager
def _options(s, custom_ops):
    """A kiln_options of session `s` with the custom-op description files
    `custom_ops` added, destroyed on exit."""
    options = ctypes.c_void_p()
    s.check(lib.kiln_options_create(s.handle, ctypes.byref(options)))
    try:
        for path in _paths(custom_ops, "custom_ops"):
            s.check(lib.kiln_options_add_custom_ops(
                s.handle, options, _text(path, "custom_ops")))
        yield options
    finally:
        lib.kiln_options_destroy(options)


def _pipelines(value):
    if value is None:
        return []
    items = value.items() if isinstance(value, dict) else value
    result = []
    for phase, pipeline in items:
        if phase not in PHASES:
            raise KilnError("unknown phase %r for a pipeline (expected one of "
                            "%s)" % (phase, ", ".join(PHASES)))
        for text in [pipeline] if isinstance(pipeline, str) else pipeline:
            result.append((phase, text))
    return result


def _model_bytes(model):
    if isinstance(model, (bytes, bytearray, memoryview)):
        return bytes(model)
    serialize = getattr(model, "SerializeToString", None)
    if callable(serialize):
        return serialize()
    return None


def compile(model, *, target=None, cpu=None, opt_level=2, name=None,
            fast_math=False, custom_ops=None, pass_plugins=None,
            pipelines=None, weights_section=None, weights_file=False):
    """Compiles an ONNX model with Kiln; returns a CompiledModel.

    `model` is a path to a .onnx (or ONNX text) file, an onnx.ModelProto, or
    the model's serialized bytes. The keywords are `kiln compile`'s options:
    `target` (an LLVM triple or short name such as "cortex-m7"; default this
    machine), `cpu`, `opt_level` (0..3), `name` (the C prefix of NAME_run;
    default the file's stem, "model" for bytes), `fast_math`, `custom_ops`
    (custom-op description files), `pass_plugins` (plugin libraries) and
    `pipelines` ({phase: pipeline or [pipelines]}, phases in PHASES),
    `weights_section` (put the weights in this linker section) and
    `weights_file` (leave them out of the object: CompiledModel.weights holds
    NAME.weights.bin, which save() writes and run() passes to the model).
    Raises KilnError with Kiln's message when the model cannot be compiled.
    """
    if not isinstance(opt_level, int) or not 0 <= opt_level <= 3:
        raise KilnError("opt_level must be an integer from 0 to 3, got %r"
                        % (opt_level,))
    steps = _pipelines(pipelines)
    if weights_section is not None and weights_file:
        raise KilnError("weights_section and weights_file exclude each other")
    data = _model_bytes(model)
    if data is None and not isinstance(model, (str, os.PathLike)):
        raise TypeError("model must be a path, an onnx.ModelProto or bytes, "
                        "got %s" % type(model).__name__)
    with Session() as s, _options(s, custom_ops) as options:
        if name is not None:
            s.check(lib.kiln_options_set_name(s.handle, options,
                                              _text(name, "name")))
        if target is not None:
            s.check(lib.kiln_options_set_target(s.handle, options,
                                                _text(target, "target")))
        if cpu is not None:
            s.check(lib.kiln_options_set_cpu(s.handle, options,
                                             _text(cpu, "cpu")))
        s.check(lib.kiln_options_set_opt_level(s.handle, options,
                                               opt_level))
        s.check(lib.kiln_options_set_fast_math(s.handle, options,
                                               1 if fast_math else 0))
        for path in _paths(pass_plugins, "pass_plugins"):
            s.check(lib.kiln_options_add_pass_plugin(
                s.handle, options, _text(path, "pass_plugins")))
        if weights_section is not None:
            s.check(lib.kiln_options_set_weights_placement(
                s.handle, options, WEIGHTS_SECTION,
                _text(weights_section, "weights_section")))
        elif weights_file:
            s.check(lib.kiln_options_set_weights_placement(
                s.handle, options, WEIGHTS_FILE, None))
        else:
            s.check(lib.kiln_options_set_weights_placement(
                s.handle, options, WEIGHTS_OBJECT, None))
        for phase, text in steps:
            s.check(lib.kiln_options_add_pipeline(
                s.handle, options, phase.encode(), text.encode()))
        handle = ctypes.c_void_p()
        if data is None:
            s.check(lib.kiln_compile_file(s.handle, os.fsencode(model),
                                          options, ctypes.byref(handle)))
        else:
            s.check(lib.kiln_compile_buffer(s.handle, data, len(data),
                                            options,
                                            ctypes.byref(handle)))
    return CompiledModel(handle, target)


def inspect(path, *, custom_ops=None):
    """What `kiln inspect --json PATH` prints, as a dict: inputs, outputs,
    operators, parameters, MACs and the nodes Kiln cannot compile.
    `custom_ops` (custom-op description files, as for compile()) makes their
    ops supported, as `kiln inspect --custom-ops` does."""
    with Session() as s, _options(s, custom_ops) as options:
        text = ctypes.c_char_p()
        s.check(lib.kiln_inspect_file_with_options(
            s.handle, _text(path, "path"), options, ctypes.byref(text)))
        return json.loads(text.value.decode("utf-8"))


def load_library(path):
    """Loads a shared library into the process so that models run here find
    the custom-op functions it defines (docs/custom-ops.md)."""
    with Session() as s:
        s.check(lib.kiln_load_library(s.handle, _text(path, "path")))


def _describe(infos, count):
    tensors = []
    for i in range(count):
        info = infos[i]
        dtype = _DTYPES.get(info.dtype)
        tensors.append(TensorInfo(
            info.name.decode("utf-8"),
            np.dtype(dtype) if dtype else "bfloat16",
            tuple(info.shape[d] for d in range(info.rank))))
    return tensors


class CompiledModel:
    """A model compiled by kiln.compile().

    `name`, `inputs` and `outputs` (lists of TensorInfo: name, numpy dtype,
    shape), `workspace_size` and `header` (the generated NAME.h) describe it;
    `weights` is NAME.weights.bin (bytes) for a model compiled with
    weights_file=True, else None. run() runs it here (host targets), save()
    writes its library and header.
    """

    def __init__(self, handle, target):
        self._handle = handle
        self.target = target
        info = lib.kiln_model_get_info(handle).contents
        self.name = info.name.decode("utf-8")
        self.inputs = _describe(info.inputs, info.num_inputs)
        self.outputs = _describe(info.outputs, info.num_outputs)
        self.workspace_size = info.workspace_size
        self.header = lib.kiln_model_get_header(handle).decode("utf-8")
        size = ctypes.c_uint64()
        data = lib.kiln_model_get_weights(handle, ctypes.byref(size))
        self.weights = ctypes.string_at(data, size.value) if data else None

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle:
            lib.kiln_model_destroy(handle)
            self._handle = None

    def __repr__(self):
        def show(tensors):
            return ", ".join("%s: %s%s" % (t.name, t.dtype, list(t.shape))
                             for t in tensors)
        return "<kiln.CompiledModel %s (%s) -> (%s)>" % (
            self.name, show(self.inputs), show(self.outputs))

    def _bind(self, info, array):
        shape = (ctypes.c_int64 * max(len(info.shape), 1))(*info.shape)
        tensor = TensorC(info.name.encode("utf-8"),
                         array.ctypes.data_as(ctypes.c_void_p),
                         _dtype_code(info.dtype), len(info.shape),
                         shape, array.nbytes)
        return tensor, shape

    def run(self, feeds):
        """Runs the model on `feeds`, {input name: array}; returns
        {output name: numpy array} in the model's output order.

        Every input must be given, with exactly the model's dtype and shape
        (numpy scalars and lists are converted; nothing is cast). Raises
        KilnError on a missing, unknown or mismatched input, on a model
        compiled for another machine, and when the model fails at run time.
        """
        if not isinstance(feeds, collections.abc.Mapping):
            raise TypeError("run() takes a dict {input name: array}, got %s"
                            % type(feeds).__name__)
        names = [t.name for t in self.inputs]
        unknown = [n for n in feeds if n not in names]
        if unknown:
            raise KilnError("model '%s' has no input %s (its inputs are: %s)"
                            % (self.name, ", ".join(map(repr, unknown)),
                               ", ".join(names)))
        keep = []
        inputs = []
        for info in self.inputs:
            if info.name not in feeds:
                raise KilnError("input '%s' is missing (the model's inputs "
                                "are: %s)" % (info.name, ", ".join(names)))
            if isinstance(info.dtype, str):
                raise KilnError("input '%s' is bfloat16, which numpy cannot "
                                "hold" % info.name)
            value = feeds[info.name]
            array = np.asarray(value)
            if array.dtype != info.dtype:
                raise KilnError("input '%s' has dtype %s, the model expects "
                                "%s" % (info.name, array.dtype, info.dtype))
            if array.shape != info.shape:
                raise KilnError("input '%s' has shape %s, the model expects "
                                "%s" % (info.name, list(array.shape),
                                        list(info.shape)))
            array = np.ascontiguousarray(array)
            tensor, shape = self._bind(info, array)
            keep += [array, shape]
            inputs.append(tensor)
        results = collections.OrderedDict()
        outputs = []
        for info in self.outputs:
            if isinstance(info.dtype, str):
                raise KilnError("output '%s' is bfloat16, which numpy cannot "
                                "hold" % info.name)
            array = np.empty(info.shape, dtype=info.dtype)
            tensor, shape = self._bind(info, array)
            keep.append(shape)
            outputs.append(tensor)
            results[info.name] = array
        in_array = (TensorC * max(len(inputs), 1))(*inputs)
        out_array = (TensorC * max(len(outputs), 1))(*outputs)
        with Session() as s:
            s.check(lib.kiln_model_run(s.handle, self._handle, in_array,
                                       len(inputs), out_array, len(outputs)))
        return dict(results)

    def save(self, directory, emit="lib"):
        """Writes the model's artifacts into `directory` as `kiln compile -o
        DIRECTORY --emit EMIT` does: "lib" (NAME.a), "obj" (NAME.o), "shared"
        (libNAME.so, host only), "header"; a comma-separated string or a list.
        NAME.h and kiln_runtime.h are always written, and NAME.weights.bin
        for a model compiled with weights_file=True. Returns `directory`."""
        kinds = emit if isinstance(emit, str) else ",".join(emit)
        with Session() as s:
            s.check(lib.kiln_model_save(s.handle, self._handle,
                                        _text(directory, "directory"),
                                        kinds.encode()))
        return directory


def _dtype_code(dtype):
    for code, numpy_type in _DTYPES.items():
        if np.dtype(numpy_type) == dtype:
            return code
    raise KilnError("dtype %s has no Kiln equivalent" % dtype)
