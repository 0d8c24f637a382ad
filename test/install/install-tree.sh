#!/usr/bin/env bash
# ===- install-tree.sh - Kiln from an install tree, as a user gets it -----=== #
#
# Usage: install-tree.sh BUILD_DIR SOURCE_DIR PYTHON
# Installs the build into BUILD_DIR/install-test (`cmake --install`), then
# configures, builds and tests, against that tree only, the projects a user
# would write or copy: test/cmake-consumer (find_package(Kiln),
# kiln_add_model, the C API), examples/custom-op and examples/custom-pass;
# and imports the installed Python package. CTest runs it as `install-tree`.
#
# ===----------------------------------------------------------------------=== #
set -euo pipefail
build=$(cd "$1" && pwd)
source=$(cd "$2" && pwd)
python=$3
prefix=$build/install-test
work=$build/install-test-projects

rm -rf "$prefix" "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$prefix" > /dev/null
echo "install-tree: installed into $prefix"

for project in test/cmake-consumer examples/custom-op examples/custom-pass; do
  dir=$work/$(basename "$project")
  echo "install-tree: $project"
  cmake -S "$source/$project" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$prefix" > "$dir.configure.log" 2>&1 ||
    { cat "$dir.configure.log"; exit 1; }
  cmake --build "$dir"
  ctest --test-dir "$dir" --output-on-failure
done

echo "install-tree: python"
PYTHONPATH=$prefix/lib/python3/dist-packages PYTHONDONTWRITEBYTECODE=1 \
  "$python" - "$prefix" "$source/test/cmake-consumer/tiny.onnxtxt" <<'PY'
import os, sys
import numpy as np
import kiln
prefix, model_path = sys.argv[1], sys.argv[2]
library = kiln._capi.library_path()
assert library == os.path.join(prefix, "lib", "libkiln_capi.so"), library
model = kiln.compile(model_path)
x = np.arange(4, dtype=np.float32)
out = model.run({"x": x, "y": x})
assert np.array_equal(out["product"], x * x), out
print("install-tree: python package %s from %s ok" % (kiln.__version__,
                                                    library))
PY
echo "install-tree: all passed"
