# ===- test_kiln.py - The kiln Python package -----------------------------=== #
#
# compile/run against references (torch's logits of the bundled example,
# numpy for a model built with onnx.helper), every argument check, errors
# with Kiln's messages, inspect against the CLI, save, weights placements,
# custom ops in a C library built here, cross targets and pass pipelines.
#
# ===----------------------------------------------------------------------=== #
import json
import os
import re
import subprocess

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

import kiln


def mnist_seven():
    """The input examples/mnist_cnn/app.c draws (see generate.py)."""
    image = np.zeros((1, 1, 28, 28), dtype=np.float32)
    for r in range(28):
        for c in range(28):
            bar = 5 <= r <= 7 and 6 <= c <= 21
            stem = 8 <= r <= 23 and abs(c - (21 - (r - 8) // 2)) <= 1
            if bar or stem:
                image[0, 0, r, c] = 1.0
    return image


def mlp_model():
    """y = softmax(relu(x @ w + b)), plus the integer output n = k + k."""
    rng = np.random.default_rng(7)
    w = rng.standard_normal((8, 5)).astype(np.float32)
    b = rng.standard_normal(5).astype(np.float32)
    nodes = [
        helper.make_node("MatMul", ["x", "w"], ["xw"]),
        helper.make_node("Add", ["xw", "b"], ["pre"]),
        helper.make_node("Relu", ["pre"], ["act"]),
        helper.make_node("Softmax", ["act"], ["y"], axis=-1),
        helper.make_node("Add", ["k", "k"], ["n"]),
    ]
    graph = helper.make_graph(
        nodes, "mlp",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [3, 8]),
         helper.make_tensor_value_info("k", TensorProto.INT32, [4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [3, 5]),
         helper.make_tensor_value_info("n", TensorProto.INT32, [4])],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model, w, b


def mlp_reference(x, w, b):
    act = np.maximum(x @ w + b, 0)
    e = np.exp(act - act.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def test_version():
    assert re.fullmatch(r"\d+\.\d+\.\d+", kiln.__version__)


def test_mnist_example_matches_torch(source_dir):
    example = os.path.join(source_dir, "examples", "mnist_cnn")
    model = kiln.compile(os.path.join(example, "mnist_cnn.onnx"))
    assert model.name == "mnist_cnn"
    assert model.inputs == [kiln.TensorInfo("image", np.dtype(np.float32),
                                            (1, 1, 28, 28))]
    assert model.outputs[0].name == "logits"
    assert model.outputs[0].shape == (1, 10)
    with open(os.path.join(example, "expected_output.h")) as f:
        values = f.read().split("{", 1)[1].split("}", 1)[0]
    expected = np.array([float(v) for v in values.split(",")],
                        dtype=np.float32)
    assert expected.shape == (10,)
    logits = model.run({"image": mnist_seven()})["logits"]
    tolerance = 1e-4 * np.abs(expected).max()
    np.testing.assert_allclose(logits[0], expected, atol=tolerance)


def test_model_proto_and_bytes():
    proto, w, b = mlp_model()
    x = np.random.default_rng(1).standard_normal((3, 8)).astype(np.float32)
    k = np.array([1, -2, 3, 2 ** 30], dtype=np.int32)
    for source in (proto, proto.SerializeToString()):
        model = kiln.compile(source, opt_level=3, name="mlp")
        assert model.name == "mlp"
        outputs = model.run({"k": k, "x": x})
        assert list(outputs) == ["y", "n"]
        np.testing.assert_allclose(outputs["y"], mlp_reference(x, w, b),
                                   rtol=1e-5, atol=1e-6)
        assert outputs["n"].dtype == np.int32
        np.testing.assert_array_equal(outputs["n"], k + k)
    # Bytes have no file name to take the model's name from.
    assert kiln.compile(proto.SerializeToString()).name == "model"
    # -O0 compiles the same function.
    y0 = kiln.compile(proto, opt_level=0).run({"x": x, "k": k})["y"]
    np.testing.assert_allclose(y0, mlp_reference(x, w, b), rtol=1e-5,
                               atol=1e-6)


def test_run_checks_its_arguments():
    proto, _, _ = mlp_model()
    model = kiln.compile(proto)
    x = np.zeros((3, 8), dtype=np.float32)
    k = np.zeros(4, dtype=np.int32)
    with pytest.raises(kiln.KilnError, match="input 'k' is missing"):
        model.run({"x": x})
    with pytest.raises(kiln.KilnError, match=r"has no input 'z' \(its "
                       r"inputs are: x, k\)"):
        model.run({"x": x, "k": k, "z": k})
    with pytest.raises(kiln.KilnError, match="input 'x' has dtype float64, "
                       "the model expects float32"):
        model.run({"x": x.astype(np.float64), "k": k})
    with pytest.raises(kiln.KilnError, match=r"input 'x' has shape \[8, 3\], "
                       r"the model expects \[3, 8\]"):
        model.run({"x": x.reshape(8, 3), "k": k})
    with pytest.raises(TypeError):
        model.run([x, k])
    # Non-contiguous arrays are fine: they are copied.
    wide = np.zeros((3, 16), dtype=np.float32)
    model.run({"x": wide[:, ::2], "k": k})


def test_compile_errors_carry_kilns_message(tmp_path):
    node = helper.make_node("Mystery", ["x"], ["y"], domain="com.example")
    graph = helper.make_graph(
        [node], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                                    [2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])])
    proto = helper.make_model(graph, opset_imports=[
        helper.make_opsetid("", 13), helper.make_opsetid("com.example", 1)])
    with pytest.raises(kiln.KilnError) as error:
        kiln.compile(proto)
    assert error.value.status == "compile error"
    assert ("node 'y' (com.example::Mystery, opset 1): op not supported"
            in str(error.value))
    with pytest.raises(kiln.KilnError, match="no such file") as error:
        kiln.compile(str(tmp_path / "missing.onnx"))
    assert error.value.status == "I/O error"
    with pytest.raises(kiln.KilnError, match="opt_level"):
        kiln.compile(proto, opt_level=5)
    with pytest.raises(kiln.KilnError, match="not a C identifier"):
        kiln.compile(mlp_model()[0], name="my-model")
    with pytest.raises(kiln.KilnError, match="unknown target|not a known"):
        kiln.compile(mlp_model()[0], target="no-such-target")
    with pytest.raises(TypeError):
        kiln.compile(42)


def test_inspect_matches_the_cli(tmp_path, kiln_binary):
    proto, _, _ = mlp_model()
    path = tmp_path / "mlp.onnx"
    onnx.save(proto, str(path))
    summary = kiln.inspect(str(path))
    assert [t["name"] for t in summary["inputs"]] == ["x", "k"]
    cli = subprocess.run([kiln_binary, "inspect", "--json", str(path)],
                         check=True, capture_output=True, text=True)
    assert summary == json.loads(cli.stdout)
    with pytest.raises(kiln.KilnError, match="missing.onnx"):
        kiln.inspect(str(tmp_path / "missing.onnx"))


def test_save(tmp_path):
    proto, _, _ = mlp_model()
    model = kiln.compile(proto, name="mlp")
    out = tmp_path / "out"
    assert model.save(str(out), emit=["lib", "obj", "shared"]) == str(out)
    for name in ["mlp.a", "mlp.o", "libmlp.so", "mlp.h", "kiln_runtime.h"]:
        assert (out / name).exists(), name
    assert "int32_t mlp_run(" in (out / "mlp.h").read_text()
    assert (out / "mlp.h").read_text() == model.header
    with pytest.raises(kiln.KilnError, match="unknown emit kind 'exe'"):
        model.save(str(out), emit="exe")


def test_weights_placement(tmp_path):
    proto, w, b = mlp_model()
    x = np.ones((3, 8), np.float32)
    k = np.arange(4, dtype=np.int32)
    expected = mlp_reference(x, w, b)
    default = kiln.compile(proto, name="mlp")
    assert default.weights is None

    section = kiln.compile(proto, name="mlp", weights_section=".ext_flash")
    assert section.weights is None
    assert ".ext_flash" in section.header
    np.testing.assert_allclose(section.run({"x": x, "k": k})["y"], expected,
                               rtol=1e-5, atol=1e-6)

    infile = kiln.compile(proto, name="mlp", weights_file=True)
    assert isinstance(infile.weights, bytes)
    assert len(infile.weights) > w.nbytes + b.nbytes
    assert "mlp_run_with_weights(" in infile.header
    np.testing.assert_allclose(infile.run({"x": x, "k": k})["y"], expected,
                               rtol=1e-5, atol=1e-6)
    infile.save(str(tmp_path), emit="header")
    assert (tmp_path / "mlp.weights.bin").read_bytes() == infile.weights
    assert not (tmp_path / "mlp.a").exists()

    with pytest.raises(kiln.KilnError, match="exclude each other"):
        kiln.compile(proto, weights_section=".ext_flash", weights_file=True)
    with pytest.raises(kiln.KilnError, match="is not a section name"):
        kiln.compile(proto, weights_section="bad name")


CUSTOM_OP_C = r"""
#include "kiln_custom_op.h"
/* y = x * scale + offset[i % 2]; fails when x[0] is negative. */
int32_t py_affine(const kiln_custom_tensor *in, int32_t nin,
                  kiln_custom_tensor *out, int32_t nout,
                  const kiln_custom_attrs *attrs) {
  const kiln_custom_attr *offset = kiln_custom_attr_find(attrs, "offset");
  float scale = kiln_custom_attr_float(attrs, "scale", 1.0f);
  const float *x = (const float *)in[0].data;
  float *y = (float *)out[0].data;
  int64_t i, n = kiln_custom_tensor_elements(&in[0]);
  if (nin != 1 || nout != 1 || !offset || x[0] < 0)
    return 1;
  for (i = 0; i < n; ++i)
    y[i] = x[i] * scale + offset->floats[i % 2];
  return 0;
}
"""


def test_custom_op(tmp_path, source_dir, c_compiler, kiln_binary):
    source = tmp_path / "affine.c"
    source.write_text(CUSTOM_OP_C)
    library = tmp_path / "libaffine.so"
    subprocess.run([c_compiler, "-shared", "-fPIC", "-std=c99",
                    "-I" + os.path.join(source_dir, "runtime", "include"),
                    str(source), "-o", str(library)], check=True)
    ops = tmp_path / "ops.json"
    ops.write_text(json.dumps({"custom_ops": [{
        "domain": "com.example", "op_type": "Affine", "function": "py_affine",
        "inputs": 1, "outputs": [{"like_input": 0}]}]}))
    node = helper.make_node("Affine", ["x"], ["a"], domain="com.example",
                            scale=3.0, offset=[0.5, -0.5])
    relu = helper.make_node("Relu", ["a"], ["y"])
    graph = helper.make_graph(
        [node, relu], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])])
    proto = helper.make_model(graph, opset_imports=[
        helper.make_opsetid("", 13), helper.make_opsetid("com.example", 1)])

    # inspect() takes the same descriptions and agrees with the CLI's
    # `inspect --custom-ops`; without them the op is not one Kiln knows.
    path = tmp_path / "affine.onnx"
    onnx.save(proto, str(path))
    summary = kiln.inspect(str(path), custom_ops=str(ops))
    assert [(op["op_type"], op["function"]) for op in summary["custom_ops"]] \
        == [("Affine", "py_affine")]
    cli = subprocess.run([kiln_binary, "inspect", "--json", str(path),
                          "--custom-ops", str(ops)],
                         check=True, capture_output=True, text=True)
    assert summary == json.loads(cli.stdout)
    assert kiln.inspect(str(path))["custom_ops"] == []
    with pytest.raises(kiln.KilnError, match="none.json"):
        kiln.inspect(str(path), custom_ops=[str(tmp_path / "none.json")])

    model = kiln.compile(proto, custom_ops=str(ops))
    kiln.load_library(str(library))
    x = np.array([[1, -1, 2], [0.1, 3, -4]], dtype=np.float32)
    y = model.run({"x": x})["y"]
    offsets = np.array([[0.5, -0.5, 0.5], [-0.5, 0.5, -0.5]], np.float32)
    np.testing.assert_allclose(y, np.maximum(x * 3 + offsets, 0), rtol=1e-6)
    with pytest.raises(kiln.KilnError, match="runtime error") as error:
        model.run({"x": -x})
    assert error.value.status == "run error"
    with pytest.raises(kiln.KilnError, match="cannot read custom-op"):
        kiln.compile(proto, custom_ops=str(tmp_path / "none.json"))


def test_cross_target(tmp_path):
    proto, _, _ = mlp_model()
    model = kiln.compile(proto, target="cortex-m7", name="mlp")
    with pytest.raises(kiln.KilnError, match="cannot run on this machine") \
            as error:
        model.run({"x": np.zeros((3, 8), np.float32),
                   "k": np.zeros(4, np.int32)})
    assert error.value.status == "unsupported"
    model.save(str(tmp_path))
    assert (tmp_path / "mlp.a").exists()


def test_pipelines_and_plugins(test_plugin):
    proto, w, b = mlp_model()
    x = np.ones((3, 8), np.float32)
    k = np.ones(4, np.int32)
    model = kiln.compile(proto, pass_plugins=[test_plugin], pipelines={
        "import": "kiln-test-mark{tag=a}",
        "graph": ["canonicalize", "kiln-test-mark{tag=b}"],
        "llvm": "kiln-test-mark{tag=c}"})
    np.testing.assert_allclose(model.run({"x": x, "k": k})["y"],
                               mlp_reference(x, w, b), rtol=1e-5, atol=1e-6)
    with pytest.raises(kiln.KilnError, match="no-such-pass"):
        kiln.compile(proto, pipelines={"graph": "no-such-pass"})
    with pytest.raises(kiln.KilnError, match="unknown phase 'late'"):
        kiln.compile(proto, pipelines={"late": "cse"})
