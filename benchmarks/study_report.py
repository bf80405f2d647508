#!/usr/bin/env python3
"""The reduced study's report from the API's JSON (benchmarks/fer2013_study.sh saved it): summary.md with Table 1,
per-class recall, time per run and the cross-dataset table; comparison.svg (test accuracy and macro F1 per model
and variant, the majority baseline drawn); curves.svg (validation accuracy and training loss per epoch). Plain SVG,
no plotting library, so it runs wherever python3 does.

    benchmarks/study_report.py SAVED_DIR OUT_DIR DATASET_NAME OTHER_NAME GRID_SECONDS
"""
import glob
import json
import os
import sys

MODELS = ["resnet50", "vgg16", "mobilenetv3-large"]
VARIANTS = ["raw", "undersampled", "clahe+smote"]
COLOURS = {"raw": "#4c72b0", "undersampled": "#dd8452", "clahe+smote": "#55a868"}


def load(saved):
    runs = []
    for path in sorted(glob.glob(os.path.join(saved, "experiment-*.json"))):
        e = json.load(open(path))
        ev = json.load(open(path.replace("experiment-", "evaluations-")))
        runs.append((e, [x for x in ev if x.get("result")]))
    runs.sort(key=lambda r: (MODELS.index(r[0]["spec"]["model"]), VARIANTS.index(r[0]["variant"])))
    return runs


def f(x):
    return "" if x is None else "%.3f" % x


def summary(runs, out, name, other, seconds, table1):
    s = runs[0][0]["spec"]
    lines = [
        "# The study on FER-2013, reduced: %s" % name, "",
        "Written by `./ferlab bench study` (benchmarks/fer2013_study.sh); every figure from the gateway's API.", "",
        "- **Data:** `%s`, a stratified subset of `fer2013-train.zip` (benchmarks/subset.py, seed 2013), "
        "split by the preprocessor into train / validation / test (the validation and test images never trained)."
        % name,
        "- **Runs:** preset `fer2013-reduced`: %s from scratch x raw / undersampled / CLAHE+SMOTE, %dx%d, "
        "%d epochs, batch %d, learning rate %s, seed %d." % (", ".join(MODELS), s["preprocessing"]["imageSize"],
                                                           s["preprocessing"]["imageSize"], s["epochs"],
                                                           s["batchSize"], s["learningRate"], s["seed"]),
        "- **Wall time:** %d s for the grid and the cross-dataset evaluations, on this machine's two cores." % seconds,
        "", "## Table 1", "", table1.strip(), "",
        "## Against the majority baseline, and where the time went", "",
        "| Model | Preprocessing | Test accuracy | Majority baseline | Test macro F1 | Training s | Images/s |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for e, _ in runs:
        r = e.get("result") or {}
        curve = e.get("curve") or []
        secs = sum(c.get("epochSeconds") or 0 for c in curve)
        ips = [c.get("imagesPerSecond") for c in curve if c.get("imagesPerSecond")]
        lines.append("| %s | %s | %s | %s | %s | %.0f | %s |" % (
            e["spec"]["model"], e["variant"], f(r.get("accuracy")), f(r.get("majorityBaseline")),
            f(r.get("macroF1")), secs, "%.1f" % (sum(ips) / len(ips)) if ips else ""))
    lines += ["", "## Recall per class on the test split", ""]
    classes = (runs[0][0].get("result") or {}).get("classes") or []
    lines += ["| Model | Preprocessing | " + " | ".join(classes) + " |",
              "| --- | --- | " + " | ".join("---:" for _ in classes) + " |"]
    for e, _ in runs:
        per = {c["label"]: c for c in (e.get("result") or {}).get("perClass") or []}
        lines.append("| %s | %s | %s |" % (e["spec"]["model"], e["variant"], " | ".join(
            f((per.get(c) or {}).get("recall")) for c in classes)))
    lines += ["", "## The same models on %s (cross-dataset API, every image)" % other, "",
              "| Model | Preprocessing | Scored images | Unreachable share | Accuracy | Majority baseline | "
              "Macro F1 |", "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for e, evs in runs:
        for ev in evs:
            r = ev["result"]
            cov = r.get("coverage") or {}
            lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                e["spec"]["model"], e["variant"], r.get("size"), f(cov.get("unreachableShare")),
                f(r.get("accuracy")), f(r.get("majorityBaseline")), f(r.get("macroF1"))))
    open(os.path.join(out, "summary.md"), "w").write("\n".join(lines) + "\n")


def svg(width, height, body):
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
            'font-family="sans-serif" font-size="12"><rect width="100%%" height="100%%" fill="white"/>%s</svg>\n'
            % (width, height, width, height, "".join(body)))


def comparison(runs, out, name):
    body, w, h, left, top, plot_h = [], 760, 360, 50, 40, 240
    body.append('<text x="%d" y="22" font-size="14">Test accuracy (solid) and macro F1 (light) on %s; dashed: '
                'majority baseline</text>' % (left, name))
    for v in range(0, 11, 2):
        y = top + plot_h - plot_h * v / 10
        body.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/><text x="%d" y="%.1f" '
                    'text-anchor="end">%.1f</text>' % (left, w - 20, y, y, left - 6, y + 4, v / 10))
    group = (w - left - 40) / len(MODELS)
    bar = group / (len(VARIANTS) * 2 + 2)
    by = {(e["spec"]["model"], e["variant"]): e for e, _ in runs}
    for m, model in enumerate(MODELS):
        x0 = left + 10 + m * group
        body.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>' % (x0 + group / 2 - 10,
                                                                            top + plot_h + 20, model))
        for v, variant in enumerate(VARIANTS):
            r = (by.get((model, variant)) or {}).get("result") or {}
            for k, (metric, opacity) in enumerate((("accuracy", 1), ("macroF1", 0.45))):
                value = r.get(metric) or 0
                x = x0 + (v * 2 + k) * bar
                body.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" fill-opacity="%s"/>' % (
                    x, top + plot_h - plot_h * value, bar - 1, plot_h * value, COLOURS[variant], opacity))
                if k == 0:
                    body.append('<text x="%.1f" y="%.1f" text-anchor="middle" font-size="10">%.2f</text>' % (
                        x + bar / 2, top + plot_h - plot_h * value - 3, value))
            base = r.get("majorityBaseline")
            if base is not None:
                y = top + plot_h - plot_h * base
                body.append('<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="black" stroke-dasharray="3,2"/>'
                            % (x0 + v * 2 * bar, x0 + (v * 2 + 2) * bar, y, y))
    for v, variant in enumerate(VARIANTS):
        x = left + 10 + v * 150
        body.append('<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d">%s</text>' % (
            x, h - 28, COLOURS[variant], x + 16, h - 18, variant))
    open(os.path.join(out, "comparison.svg"), "w").write(svg(w, h, body))


def curves(runs, out):
    panels = [("validationAccuracy", "validation accuracy", 1.0), ("trainLoss", "training loss", None)]
    pw, ph, w = 230, 150, 780
    h = 60 + len(panels) * (ph + 60)
    body = ['<text x="20" y="22" font-size="14">Learning curves per epoch (validation accuracy, training loss)'
            '</text>']
    for p, (key, label, fixed) in enumerate(panels):
        top = 50 + p * (ph + 60)
        values = [c.get(key) for e, _ in runs for c in e.get("curve") or [] if c.get(key) is not None]
        hi = fixed or (max(values) * 1.1 if values else 1)
        for m, model in enumerate(MODELS):
            left = 50 + m * (pw + 25)
            body.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#999"/>' % (
                left, top, pw, ph))
            body.append('<text x="%d" y="%d">%s: %s</text>' % (left, top - 6, model, label))
            body.append('<text x="%d" y="%d" text-anchor="end" font-size="10">%.2f</text><text x="%d" y="%d" '
                        'text-anchor="end" font-size="10">0</text>' % (left - 4, top + 10, hi, left - 4, top + ph))
            for e, _ in runs:
                if e["spec"]["model"] != model:
                    continue
                c = [x for x in e.get("curve") or [] if x.get(key) is not None]
                n = max(1, e["spec"]["epochs"] - 1)
                pts = " ".join("%.1f,%.1f" % (left + pw * (x["epoch"] - 1) / n, top + ph - ph * x[key] / hi)
                               for x in c)
                body.append('<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>' % (
                    pts, COLOURS[e["variant"]]))
                for x in c:
                    body.append('<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"/>' % (
                        left + pw * (x["epoch"] - 1) / n, top + ph - ph * x[key] / hi, COLOURS[e["variant"]]))
            body.append('<text x="%d" y="%d" font-size="10">epoch 1</text><text x="%d" y="%d" font-size="10" '
                        'text-anchor="end">epoch %d</text>' % (left, top + ph + 14, left + pw, top + ph + 14,
                                                               runs[0][0]["spec"]["epochs"]))
    for v, variant in enumerate(VARIANTS):
        x = 50 + v * 150
        body.append('<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d">%s</text>' % (
            x, h - 24, COLOURS[variant], x + 16, h - 14, variant))
    open(os.path.join(out, "curves.svg"), "w").write(svg(w, h, body))


if __name__ == "__main__":
    saved, out, name, other, seconds = sys.argv[1:6]
    runs = load(saved)
    table1 = open(os.path.join(out, "table1.md")).read()
    summary(runs, out, name, other, int(seconds), table1)
    comparison(runs, out, name)
    curves(runs, out)
