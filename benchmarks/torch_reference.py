"""PyTorch reference for the trainers' speed on a GPU (docs/scaling.md): the study's three networks as torchvision
builds them, at ferlab's input (3x96x96, 7 classes), trained with Adam on random batches in float32, PyTorch's
defaults otherwise (what DJL's PyTorch engine runs). Prints training and inference images per second per model and
transfer mode; "partial" freezes the leading parameters until about 30% (by count) stay trainable, as ferlab's
TransferLearning.freezeForPartial does by layers.

    python3 benchmarks/torch_reference.py [--batch 32] [--steps 60]

ferlab's own trainers cannot run on the lent GPU machines (no JDK there, and DJL 0.36's CUDA libtorch is not on Maven
Central): these are the same models' figures on the same library underneath, a reference, not ferlab's measurement.
"""
import argparse
import json
import time

import torch
import torchvision


def build(name):
    if name == "resnet50":
        return torchvision.models.resnet50(weights=None, num_classes=7)
    if name == "vgg16":
        return torchvision.models.vgg16(weights=None, num_classes=7)
    return torchvision.models.mobilenet_v3_large(weights=None, num_classes=7)


def freeze_partial(model, share=0.30):
    params = list(model.parameters())
    total = sum(p.numel() for p in params)
    trainable = 0
    for p in reversed(params):
        if trainable < share * total:
            trainable += p.numel()
        else:
            p.requires_grad_(False)
    return trainable / total


def timed(fn, steps):
    for _ in range(10):
        fn()
    torch.cuda.synchronize()
    best = float("inf")
    for _ in range(3):  # best of three rounds: the figure the card gives when nothing else interferes
        start = time.perf_counter()
        for _ in range(steps):
            fn()
        torch.cuda.synchronize()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=60)
    args = ap.parse_args()
    dev = torch.device("cuda")
    print(f"# {torch.cuda.get_device_name(0)}, torch {torch.__version__}, batch {args.batch}, float32")
    rows = []
    for name in ["resnet50", "vgg16", "mobilenetv3-large"]:
        for mode in ["full", "partial"]:
            torch.manual_seed(1)
            model = build(name).to(dev)
            share = freeze_partial(model) if mode == "partial" else 1.0
            opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-4)
            loss_fn = torch.nn.CrossEntropyLoss()
            # Several batches in turn, so the timing does not ride on one batch staying in cache.
            xs = [torch.randn(args.batch, 3, 96, 96, device=dev) for _ in range(4)]
            ys = [torch.randint(0, 7, (args.batch,), device=dev) for _ in range(4)]
            i = [0]

            def step():
                k = i[0] % 4
                i[0] += 1
                opt.zero_grad(set_to_none=True)
                loss = loss_fn(model(xs[k]), ys[k])
                loss.backward()
                opt.step()

            model.train()
            train_s = timed(step, args.steps)
            model.eval()

            def infer():
                k = i[0] % 4
                i[0] += 1
                with torch.no_grad():
                    model(xs[k])

            infer_s = timed(infer, args.steps)
            row = {"model": name, "mode": mode, "trainable_share": round(share, 3), "batch": args.batch,
                   "train_images_per_s": round(args.steps * args.batch / train_s, 1),
                   "infer_images_per_s": round(args.steps * args.batch / infer_s, 1)}
            rows.append(row)
            print(f"{name:18s} {mode:8s} trainable {share:5.1%}  train {row['train_images_per_s']:9.1f} img/s"
                  f"  inference {row['infer_images_per_s']:9.1f} img/s", flush=True)
            del model, opt
            torch.cuda.empty_cache()
    print("JSON " + json.dumps(rows))


if __name__ == "__main__":
    main()
