#!/usr/bin/python3
# ===- export_zoo.py - Export the benchmark zoo and single-op models -------=== #
#
# The zoo reuses test/e2e/models/export_models.py (same seeds, BatchNorm
# calibration and export settings) and adds the two models the tests do not
# run: resnet50 and a BERT-base encoder (12 layers, seq 128). Single-op
# models (GEMM 1024^3 as MatMul with a constant B, resnet50's 3x3 and 1x1
# convolutions, a mobilenet_v2 depthwise convolution) are built directly with
# onnx.helper. Each model goes to OUT/<name>/model.onnx with a stamp file;
# a model whose stamp matches (these scripts, torch's and onnx's versions) is
# not exported again.
#
# Usage: /usr/bin/python3 export_zoo.py --out DIR --models a,b,...
#
# ===----------------------------------------------------------------------=== #

import argparse
import hashlib
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
E2E = os.path.join(HERE, "..", "test", "e2e", "models")

ZOO = ["resnet18", "resnet50", "mobilenet_v2", "squeezenet1_1", "bert_base",
       "mlp"]

# name -> (input shape, weight shape, group, pads); stride 1 everywhere.
CONVS = {
    # resnet50 layer1, 3x3 bottleneck convolution.
    "conv3x3_r50": ((1, 64, 56, 56), (64, 64, 3, 3), 1, 1),
    # resnet50 layer1, 1x1 expansion convolution.
    "conv1x1_r50": ((1, 64, 56, 56), (256, 64, 1, 1), 1, 0),
    # mobilenet_v2 block 2 (t=6, 24 -> 144 channels), depthwise 3x3.
    "dwconv_mbv2": ((1, 144, 56, 56), (144, 1, 3, 3), 144, 1),
}
OPS = ["gemm1024"] + list(CONVS)


def bert_base():
    """BERT-base: 12 encoder layers of export_models.bert_layer()."""
    import torch
    import export_models
    model = torch.nn.TransformerEncoder(export_models.bert_layer(),
                                        num_layers=12, enable_nested_tensor=False)
    # TransformerEncoder deep-copies one layer: re-draw every layer's weights,
    # or the exporter merges the 12 identical copies into one set of
    # initializers (28 MB instead of BERT-base's 340 MB of weights).
    for module in model.modules():
        if isinstance(module, torch.nn.MultiheadAttention):
            module._reset_parameters()
        elif isinstance(module, (torch.nn.Linear, torch.nn.LayerNorm)):
            module.reset_parameters()
    return model


def stamp():
    h = hashlib.sha256()
    for path in (os.path.abspath(__file__),
                 os.path.join(E2E, "export_models.py")):
        with open(path, "rb") as f:
            h.update(f.read())
    import onnx
    h.update(onnx.__version__.encode())
    return h.hexdigest()


def export_torch(name, out_dir):
    sys.path.insert(0, E2E)
    import torch
    import torchvision
    import export_models
    export_models.MODELS.setdefault(
        "resnet50",
        (lambda: torchvision.models.resnet50(weights=None), (1, 3, 224, 224)))
    export_models.MODELS.setdefault("bert_base", (bert_base, (1, 128, 768)))
    # Same determinism as the model tests: one thread, fixed seeds.
    torch.set_num_threads(1)
    export_models.export_one(name, out_dir)


def export_op(name, out_dir):
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(7)
    if name == "gemm1024":
        b = rng.uniform(-1, 1, (1024, 1024)).astype(np.float32) / 32
        nodes = [helper.make_node("MatMul", ["input", "B"], ["output"])]
        inits = [numpy_helper.from_array(b, "B")]
        in_shape, out_shape = [1024, 1024], [1024, 1024]
    else:
        in_shape, w_shape, group, pad = CONVS[name]
        fan_in = w_shape[1] * w_shape[2] * w_shape[3]
        w = (rng.standard_normal(w_shape) / np.sqrt(fan_in)).astype(np.float32)
        bias = rng.uniform(-0.1, 0.1, w_shape[0]).astype(np.float32)
        nodes = [helper.make_node(
            "Conv", ["input", "W", "bias"], ["output"],
            kernel_shape=list(w_shape[2:]), pads=[pad] * 4, group=group,
            strides=[1, 1])]
        inits = [numpy_helper.from_array(w, "W"),
                 numpy_helper.from_array(bias, "bias")]
        out_shape = [1, w_shape[0], in_shape[2], in_shape[3]]
    graph = helper.make_graph(
        nodes, name, [helper.make_tensor_value_info(
            "input", TensorProto.FLOAT, list(in_shape))],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, out_shape)],
        initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="kiln-bench")
    model.ir_version = 7  # readable by any ONNX Runtime of the last years
    onnx.checker.check_model(model)
    os.makedirs(os.path.join(out_dir, name), exist_ok=True)
    onnx.save(model, os.path.join(out_dir, name, "model.onnx"))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True)
    parser.add_argument("--models", required=True,
                        help="comma-separated subset of: " + ", ".join(ZOO + OPS))
    args = parser.parse_args()
    names = [n for n in args.models.split(",") if n]
    unknown = [n for n in names if n not in ZOO + OPS]
    if unknown:
        sys.exit("export_zoo.py: unknown model(s): " + ", ".join(unknown))
    digest = stamp()
    for name in names:
        stamp_path = os.path.join(args.out, name, "stamp")
        try:
            with open(stamp_path) as f:
                if f.read() == digest:
                    continue
        except OSError:
            pass
        start = time.time()
        (export_torch if name in ZOO else export_op)(name, args.out)
        with open(stamp_path, "w") as f:
            f.write(digest)
        print("export_zoo.py: exported %-14s in %.1f s" % (name, time.time() - start),
              flush=True)


if __name__ == "__main__":
    main()
