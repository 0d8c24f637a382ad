# ===- __init__.py - The kiln Python package ------------------------------=== #
"""Kiln: compile ONNX models ahead of time to native code, and run them here.

    import kiln
    model = kiln.compile("net.onnx", opt_level=2)
    outputs = model.run({"image": image})      # {"logits": ndarray}
    model.save("out/")                         # out/net.a, out/net.h
    kiln.inspect("net.onnx")                   # as `kiln inspect --json`

Everything goes through Kiln's C API (libkiln_capi.so); errors raise
kiln.KilnError with Kiln's message. docs/python.md has the details.
"""

from ._capi import KilnError, lib as _lib
from .model import (PHASES, CompiledModel, TensorInfo, compile, inspect,
                    load_library)

__version__ = _lib.kiln_version().decode("ascii")

__all__ = ["KilnError", "CompiledModel", "TensorInfo", "PHASES", "compile",
           "inspect", "load_library", "__version__"]
