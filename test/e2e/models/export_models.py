#!/usr/bin/python3
# ===- export_models.py - Export Kiln's end-to-end test models -------------=== #
#
# Writes, for each model, OUT/<model>/model.onnx (torch.onnx.export, opset 13,
# static shapes, constants folded), a fixed random input and torch's output as
# raw little-endian float32 files (input_0.bin, output_0.bin) and meta.json
# with names and shapes; then OUT/manifest.json, which lists the models and
# the hash of this script and torch's version: when they match, the export is
# skipped. Weights are random (seeded): the network is closed and the tests
# check Kiln against torch, not accuracy.
#
# Usage: /usr/bin/python3 export_models.py --out DIR [--models a,b] [--force]
#
# ===----------------------------------------------------------------------=== #

import argparse
import hashlib
import json
import os
import sys
import time

import torch
import torchvision

OPSET = 13


class MLP(torch.nn.Module):
    """784-512-512-10 with ReLU: the classic MNIST multilayer perceptron."""

    def __init__(self):
        super().__init__()
        self.layers = torch.nn.Sequential(
            torch.nn.Linear(784, 512), torch.nn.ReLU(),
            torch.nn.Linear(512, 512), torch.nn.ReLU(),
            torch.nn.Linear(512, 10))

    def forward(self, x):
        return self.layers(x)


def bert_layer():
    # One BERT-base encoder layer. batch_first matches BERT's (batch, seq,
    # hidden) layout; GELU as in BERT.
    return torch.nn.TransformerEncoderLayer(
        d_model=768, nhead=12, dim_feedforward=3072, dropout=0.1,
        activation="gelu", batch_first=True)


# name -> (constructor, input shape)
MODELS = {
    "mlp": (MLP, (1, 784)),
    "resnet18": (lambda: torchvision.models.resnet18(weights=None), (1, 3, 224, 224)),
    "mobilenet_v2": (lambda: torchvision.models.mobilenet_v2(weights=None), (1, 3, 224, 224)),
    "squeezenet1_1": (lambda: torchvision.models.squeezenet1_1(weights=None), (1, 3, 224, 224)),
    "bert_layer": (bert_layer, (1, 128, 768)),
}


def calibrate_batch_norm(model, shape, generator):
    """Gives BatchNorm layers real running statistics.

    Freshly initialized, they hold mean 0 and variance 1, so in eval mode
    they do nothing: activations of a random MobileNetV2 then shrink to 1e-9
    at the output, and Kiln's BatchNorm folding would only ever see identity
    parameters. A few training-mode passes over random batches (cumulative
    averages) fix both.
    """
    norms = [m for m in model.modules()
             if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    if not norms:
        return
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # cumulative moving average
    model.train()
    with torch.no_grad():
        for _ in range(2):
            model(torch.randn((4,) + tuple(shape[1:]), generator=generator))


def export_hash():
    """What decides the exported files: this script and torch's version."""
    h = hashlib.sha256()
    with open(os.path.abspath(__file__), "rb") as f:
        h.update(f.read())
    h.update(torch.__version__.encode())
    h.update(torchvision.__version__.encode())
    return h.hexdigest()


def write_f32(tensor, path):
    tensor.detach().contiguous().numpy().astype("<f4").tofile(path)


def export_one(name, out_dir):
    make, shape = MODELS[name]
    # Every model gets the same seeds whatever else was exported before, so
    # one model's files do not depend on which others were asked for.
    torch.manual_seed(0)
    model = make()
    generator = torch.Generator().manual_seed(1234)
    calibrate_batch_norm(model, shape, generator)
    model.eval()
    x = torch.randn(shape, generator=generator)
    # Autograd stays on: in eval mode without it, TransformerEncoderLayer takes
    # a fused "fast path" (aten::_transformer_encoder_layer_fwd) that ONNX
    # cannot express. The reference output comes from the same path as the
    # export.
    y = model(x).detach()
    model_dir = os.path.join(out_dir, name)
    os.makedirs(model_dir, exist_ok=True)
    onnx_path = os.path.join(model_dir, "model.onnx")
    torch.onnx.export(model, (x,), onnx_path, opset_version=OPSET,
                      do_constant_folding=True, input_names=["input"],
                      output_names=["output"])
    write_f32(x, os.path.join(model_dir, "input_0.bin"))
    write_f32(y, os.path.join(model_dir, "output_0.bin"))
    meta = {
        "name": name,
        "opset": OPSET,
        "inputs": [{"name": "input", "dtype": "f32", "shape": list(x.shape),
                    "file": "input_0.bin"}],
        "outputs": [{"name": "output", "dtype": "f32", "shape": list(y.shape),
                     "file": "output_0.bin"}],
    }
    with open(os.path.join(model_dir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")


def up_to_date(out_dir, names, digest):
    try:
        with open(os.path.join(out_dir, "manifest.json")) as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        return False
    if manifest.get("hash") != digest or manifest.get("models") != names:
        return False
    return all(
        os.path.exists(os.path.join(out_dir, n, f))
        for n in names
        for f in ("model.onnx", "input_0.bin", "output_0.bin", "meta.json"))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True, help="output directory")
    parser.add_argument("--models", default=",".join(MODELS),
                        help="comma-separated subset of: " + ", ".join(MODELS))
    parser.add_argument("--force", action="store_true",
                        help="export even if the files are up to date")
    args = parser.parse_args()

    names = [n for n in args.models.split(",") if n]
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        sys.exit("export_models.py: unknown model(s): " + ", ".join(unknown))
    digest = export_hash()
    if not args.force and up_to_date(args.out, names, digest):
        print("export_models.py: %s is up to date" % args.out)
        return
    os.makedirs(args.out, exist_ok=True)
    # The manifest goes last and only on success, so an interrupted export is
    # redone next time.
    manifest_path = os.path.join(args.out, "manifest.json")
    if os.path.exists(manifest_path):
        os.remove(manifest_path)
    # One thread: the same reduction order, hence the same bits, on every
    # machine.
    torch.set_num_threads(1)
    for name in names:
        start = time.time()
        export_one(name, args.out)
        print("export_models.py: %-14s %.1f s" % (name, time.time() - start))
    with open(manifest_path, "w") as f:
        json.dump({"hash": digest, "torch": torch.__version__,
                   "models": names}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
