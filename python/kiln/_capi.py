# ===- _capi.py - ctypes bindings of libkiln_capi (include/kiln-c/Kiln.h) -=== #
#
# The only module that touches the C library. Each public call opens its own
# kiln_session (a session belongs to one thread), so the package is safe to
# use from several threads.
#
# ===----------------------------------------------------------------------=== #
"""ctypes bindings of Kiln's C API."""

import ctypes
import os

__all__ = ["KilnError", "lib", "Session", "TensorInfoC", "ModelInfoC",
           "TensorC", "library_path"]

# kiln_weights_placement
WEIGHTS_OBJECT, WEIGHTS_SECTION, WEIGHTS_FILE = range(3)

# kiln_api_status
OK, INVALID_ARGUMENT, COMPILE_ERROR, IO_ERROR, RUN_ERROR, UNSUPPORTED = range(6)
_STATUS_NAMES = {
    INVALID_ARGUMENT: "invalid argument",
    COMPILE_ERROR: "compile error",
    IO_ERROR: "I/O error",
    RUN_ERROR: "run error",
    UNSUPPORTED: "unsupported",
}


class KilnError(Exception):
    """An error reported by Kiln; the message is Kiln's own.

    `status` names the kind of failure: "invalid argument", "compile error",
    "I/O error", "run error" or "unsupported".
    """

    def __init__(self, message, status="invalid argument"):
        super().__init__(message)
        self.status = status


def library_path():
    """Where libkiln_capi.so is: $KILN_CAPI_LIBRARY, else next to the package
    in an install (<prefix>/lib, three levels above
    <prefix>/lib/python3/dist-packages/kiln), else the build tree (build/lib,
    two levels above build/python/kiln)."""
    override = os.environ.get("KILN_CAPI_LIBRARY")
    if override:
        return override
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [
        os.path.join(here, "libkiln_capi.so"),
        os.path.join(here, "..", "..", "..", "libkiln_capi.so"),
        os.path.join(here, "..", "..", "lib", "libkiln_capi.so"),
    ]
    for candidate in candidates:
        if os.path.exists(candidate):
            return os.path.normpath(candidate)
    raise ImportError(
        "kiln: cannot find libkiln_capi.so (looked in %s); set "
        "KILN_CAPI_LIBRARY to its path" % ", ".join(
            os.path.normpath(c) for c in candidates))


class TensorInfoC(ctypes.Structure):
    """kiln_tensor_info of kiln_runtime.h."""
    _fields_ = [("name", ctypes.c_char_p), ("dtype", ctypes.c_int32),
                ("rank", ctypes.c_int32),
                ("shape", ctypes.POINTER(ctypes.c_int64)),
                ("size_bytes", ctypes.c_uint64)]


class ModelInfoC(ctypes.Structure):
    """kiln_model_info of kiln_runtime.h."""
    _fields_ = [("abi_version", ctypes.c_uint32),
                ("num_inputs", ctypes.c_uint32),
                ("num_outputs", ctypes.c_uint32),
                ("reserved", ctypes.c_uint32), ("name", ctypes.c_char_p),
                ("inputs", ctypes.POINTER(TensorInfoC)),
                ("outputs", ctypes.POINTER(TensorInfoC)),
                ("workspace_size", ctypes.c_uint64),
                ("workspace_align", ctypes.c_uint64),
                ("run", ctypes.c_void_p)]


class TensorC(ctypes.Structure):
    """kiln_tensor of kiln-c/Kiln.h."""
    _fields_ = [("name", ctypes.c_char_p), ("data", ctypes.c_void_p),
                ("dtype", ctypes.c_int32), ("rank", ctypes.c_int32),
                ("shape", ctypes.POINTER(ctypes.c_int64)),
                ("size_bytes", ctypes.c_uint64)]


def _load():
    # RTLD_GLOBAL: pass plugins loaded by Kiln resolve the graph dialect's
    # classes in this library.
    library = ctypes.CDLL(library_path(), mode=ctypes.RTLD_GLOBAL)
    p = ctypes.c_void_p
    status = ctypes.c_int
    s = ctypes.c_char_p
    signatures = {
        "kiln_api_version": (ctypes.c_uint32, []),
        "kiln_version": (s, []),
        "kiln_session_create": (status, [ctypes.POINTER(p)]),
        "kiln_session_destroy": (None, [p]),
        "kiln_session_error": (s, [p]),
        "kiln_load_library": (status, [p, s]),
        "kiln_options_create": (status, [p, ctypes.POINTER(p)]),
        "kiln_options_destroy": (None, [p]),
        "kiln_options_set_name": (status, [p, p, s]),
        "kiln_options_set_target": (status, [p, p, s]),
        "kiln_options_set_cpu": (status, [p, p, s]),
        "kiln_options_set_opt_level": (status, [p, p, ctypes.c_int32]),
        "kiln_options_set_fast_math": (status, [p, p, ctypes.c_int32]),
        "kiln_options_add_custom_ops": (status, [p, p, s]),
        "kiln_options_add_pass_plugin": (status, [p, p, s]),
        "kiln_options_add_pipeline": (status, [p, p, s, s]),
        "kiln_options_set_weights_placement": (status, [p, p, ctypes.c_int32,
                                                        s]),
        "kiln_compile_file": (status, [p, s, p, ctypes.POINTER(p)]),
        "kiln_compile_buffer": (status, [p, ctypes.c_char_p, ctypes.c_size_t,
                                         p, ctypes.POINTER(p)]),
        "kiln_inspect_file": (status, [p, s, ctypes.POINTER(s)]),
        "kiln_inspect_file_with_options": (status,
                                           [p, s, p, ctypes.POINTER(s)]),
        "kiln_model_destroy": (None, [p]),
        "kiln_model_get_info": (ctypes.POINTER(ModelInfoC), [p]),
        "kiln_model_get_header": (s, [p]),
        "kiln_model_get_weights": (p, [p, ctypes.POINTER(ctypes.c_uint64)]),
        "kiln_model_run": (status, [p, p, ctypes.POINTER(TensorC),
                                    ctypes.c_size_t, ctypes.POINTER(TensorC),
                                    ctypes.c_size_t]),
        "kiln_model_save": (status, [p, p, s, s]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(library, name)
        function.restype = restype
        function.argtypes = argtypes
    return library


lib = _load()
if lib.kiln_api_version() != 1:
    raise ImportError("kiln: libkiln_capi.so has C API version %d, this "
                      "package expects 1" % lib.kiln_api_version())


class Session:
    """A kiln_session for the duration of one call (`with Session() as s`);
    `s.check(status)` raises KilnError with the session's message."""

    def __enter__(self):
        handle = ctypes.c_void_p()
        if lib.kiln_session_create(ctypes.byref(handle)) != OK:
            raise KilnError("cannot create a Kiln session")
        self.handle = handle
        return self

    def __exit__(self, *exc):
        lib.kiln_session_destroy(self.handle)
        return False

    def check(self, status):
        if status != OK:
            message = lib.kiln_session_error(self.handle).decode(
                "utf-8", "replace")
            raise KilnError(message, _STATUS_NAMES.get(status, "error"))
