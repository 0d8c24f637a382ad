# ===- lit.cfg.py - Kiln lit test suite configuration ---------------------=== #
#
# Test formats, PATH and substitutions shared by every lit test in test/.
# Run through the build tree: `lit build/test` (or `ninja check-kiln-lit`),
# which loads lit.site.cfg.py written by CMake first.
#
# ===----------------------------------------------------------------------=== #

import os
import shutil

import lit.formats

if not hasattr(config, "kiln_obj_root"):
    lit_config.fatal(
        "run lit on the build tree (lit build/test), not on the source tree: "
        "the configuration comes from build/test/lit.site.cfg.py"
    )

config.name = "Kiln"
# The internal shell: same behaviour on every host, and `not`, pipes and
# redirections are all a RUN line needs.
config.test_format = lit.formats.ShTest(execute_external=False)

# .mlir: IR tests driven by kiln-opt. .onnxtxt: ONNX models in ONNX's textual
# syntax (`#` comments carry the RUN lines), driven by the kiln CLI. .test:
# scripts around the CLI and a C compiler (test/c). C sources and Python
# helpers next to the tests are inputs, not tests.
config.suffixes = [".mlir", ".onnxtxt", ".test"]
# Inputs/ directories hold files that tests read, never tests themselves.
config.excludes = ["Inputs"]

config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.kiln_obj_root, "test")

# Tools: Kiln's own first (test/bin holds test drivers such as
# kiln-target-test), then LLVM's (FileCheck, not, count, llvm-nm, ...).
tool_dirs = [
    os.path.join(config.kiln_obj_root, "tools", "kiln"),
    os.path.join(config.kiln_obj_root, "tools", "kiln-opt"),
    os.path.join(config.kiln_obj_root, "tools", "kiln-translate"),
    os.path.join(config.kiln_obj_root, "test", "bin"),
    config.llvm_tools_dir,
]
config.environment["PATH"] = os.pathsep.join(
    tool_dirs + [config.environment.get("PATH", os.environ.get("PATH", ""))]
)
# Diagnostics and tool output must not depend on the user's locale or colors.
config.environment["LC_ALL"] = "C"
config.environment.pop("TERM", None)

config.substitutions.append(
    ("%mlir_runner_utils",
     os.path.join(config.llvm_lib_dir, "libmlir_runner_utils.so")))
config.substitutions.append(
    ("%mlir_c_runner_utils",
     os.path.join(config.llvm_lib_dir, "libmlir_c_runner_utils.so")))
config.substitutions.append(("%cc", config.c_compiler))
config.substitutions.append(
    ("%kiln_runtime_include",
     os.path.join(config.kiln_src_root, "runtime", "include")))
config.substitutions.append(("%kiln_runtime_lib", config.kiln_runtime_lib))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%testdata", config.onnx_testdata_dir))
config.substitutions.append(("%kiln_src_root", config.kiln_src_root))
# The pass plugin built from test/Plugins/TestPlugin.cpp.
config.substitutions.append(
    ("%kiln_test_plugin",
     os.path.join(config.kiln_obj_root, "test", "lib", "KilnTestPlugin.so")))

# Cross-target tools (scripts/setup.sh installs them). Each feature needs a
# whole tool chain: a C compiler to link the model library and an emulator to
# run the result. Tests that need one say `REQUIRES: <feature>`; when
# KILN_REQUIRE_CROSS_TOOLS is set (scripts/test.sh, hence CI, sets it) a
# missing tool is an error, so those tests can never be skipped silently.
cross_features = {
    "qemu-aarch64": ["aarch64-linux-gnu-gcc", "qemu-aarch64"],
    "qemu-riscv64": ["riscv64-linux-gnu-gcc", "qemu-riscv64"],
    "arm-none-eabi": ["arm-none-eabi-gcc", "qemu-system-arm"],
}
missing_cross_tools = []
for feature, tools in sorted(cross_features.items()):
    missing = [tool for tool in tools
               if shutil.which(tool, path=config.environment["PATH"]) is None]
    if missing:
        missing_cross_tools += missing
    else:
        config.available_features.add(feature)
if missing_cross_tools:
    message = ("cross-target tools not found: %s (scripts/setup.sh installs "
               "them)" % ", ".join(missing_cross_tools))
    if os.environ.get("KILN_REQUIRE_CROSS_TOOLS"):
        lit_config.fatal(message)
    lit_config.note(message + "; tests that need them are unsupported")
