#!/usr/bin/env python3
"""torchvision's side of the check that ferlab imports its weights faithfully (README, "Pretrained weights").

  keys DIR    each study network's state_dict names and shapes (1,000 classes), one DIR/<model>.tsv each: the test
              fixture in common/src/test/resources/torchvision/.
  pinned DIR  each network with weights from a formula both sides compute (pinned_values below; ferlab's
              TorchvisionLogitsTest has its twin), and torchvision's logits on a formula input as
              DIR/<model>-logits.safetensors: the test fixture in models/src/test/resources/torchvision/, so that CI
              compares against torchvision without running it.
  logits DIR [SIZE]  each network built by torchvision with random weights (seeded; BatchNorm statistics drawn too), its
              state_dict as DIR/<model>.safetensors, fixed inputs and its eval-mode logits on them as
              DIR/<model>-io.safetensors; then `./ferlab bench torchvision DIR` imports each file into ferlab and
              compares ferlab's logits on the same inputs. SIZE: the inputs' side, 96 (ferlab's default) unless given.

Needs torch and torchvision only (Debian's python3-torchvision will do), no internet and no GPU; the safetensors
files are written here the way safetensors.torch.save_file writes them, so that package is not needed either.
"""
import json
import struct
import sys
from pathlib import Path

import torch
import torchvision

MODELS = {
    "resnet50": torchvision.models.resnet50,
    "vgg16": torchvision.models.vgg16,
    "mobilenetv3-large": torchvision.models.mobilenet_v3_large,
}
DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def save_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().cpu().numpy().tobytes()  # little-endian on every machine torch runs on here
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for data in blobs:
            f.write(data)


def keys(out):
    for name, build in MODELS.items():
        with open(out / f"{name}.tsv", "w") as f:
            f.write(f"# torchvision {torchvision.__version__} {build.__name__}().state_dict(): name, shape\n")
            for key, t in build().state_dict().items():
                f.write(f"{key}\t{','.join(str(d) for d in t.shape)}\n")


def pinned_values(name, shape):
    """Deterministic float32 values for a tensor, the same bit for bit as ferlab's PinnedWeights: a murmur3 mix of
    the name's FNV-1a hash and each element's index, 24 bits of it as u in [0, 1), then a range by kind of tensor."""
    import numpy as np
    h = 0x811C9DC5
    for b in name.encode():
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    n = int(np.prod(shape)) if len(shape) else 1
    x = (np.arange(n, dtype=np.uint64) * np.uint64(0x9E3779B1) ^ np.uint64(h)) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(16)
    x = (x * np.uint64(0x85EBCA6B)) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(13)
    x = (x * np.uint64(0xC2B2AE35)) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(16)
    u = (x >> np.uint64(8)).astype(np.float64) / 16777216.0
    if name == "input":
        v = (2 * u - 1) * 1.7
    elif len(shape) >= 2:
        v = (2 * u - 1) * np.sqrt(6.0 / int(np.prod(shape[1:])))
    elif name.endswith("running_var"):
        v = 1 + (2 * u - 1) * 0.25
    elif name.endswith("weight"):
        v = 1 + (2 * u - 1) * 0.1
    else:
        v = (2 * u - 1) * 0.1
    return torch.from_numpy(v.astype(np.float32).reshape(shape))


def pinned(out, size=96, batch=2):
    for name, build in MODELS.items():
        model = build()
        state = model.state_dict()
        model.load_state_dict({k: (v if k.endswith("num_batches_tracked") else pinned_values(k, list(v.shape)))
                               for k, v in state.items()})
        model.eval()
        x = pinned_values("input", [batch, 3, size, size])
        y = model(x)
        save_safetensors(out / f"{name}-logits.safetensors", {"logits": y})
        print(f"{name}: torchvision {torchvision.__version__}, logits {list(y.shape)}, std {y.std().item():.4g}, "
              f"largest {y.abs().max().item():.4g}")


def logits(out, size=96, batch=4):
    torch.manual_seed(0)
    for name, build in MODELS.items():
        model = build()
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.normal_(0, 0.1)
                m.running_var.uniform_(0.5, 1.5)
        model.eval()
        x = torch.randn(batch, 3, size, size)
        # Random networks give logits from 0.005 to 50 in spread; the classifier is scaled so that they spread like a
        # trained network's (std 5), which makes an absolute bound mean the same for the three.
        last = [m for m in model.modules() if isinstance(m, torch.nn.Linear)][-1]
        with torch.no_grad():
            scale = 5 / model(x).std().item()
            last.weight.mul_(scale)
            last.bias.mul_(scale)
            y = model(x)
        save_safetensors(out / f"{name}.safetensors", model.state_dict())
        save_safetensors(out / f"{name}-io.safetensors", {"input": x, "logits": y})
        print(f"{name}: torchvision {torchvision.__version__}, torch {torch.__version__}, input {list(x.shape)}, "
              f"logits {list(y.shape)}, std {y.std().item():.4g}")


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4) or sys.argv[1] not in ("keys", "pinned", "logits"):
        sys.exit(__doc__)
    target = Path(sys.argv[2])
    target.mkdir(parents=True, exist_ok=True)
    torch.set_grad_enabled(False)
    if sys.argv[1] == "keys":
        keys(target)
    elif sys.argv[1] == "pinned":
        pinned(target)
    else:
        logits(target, int(sys.argv[3]) if len(sys.argv) == 4 else 96)
