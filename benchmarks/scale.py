#!/usr/bin/env python3
"""The measuring half of `./ferlab bench scale` (benchmarks/scale.sh runs the stack and the bare loops).

    scale.py experiment GATEWAY TOKEN JSON_BODY PREPROCESSOR_LOG TRAINER_LOG
                                                  submit one experiment, follow its event stream until it ends,
                                                  print one JSON line: each stage's seconds, each preprocessing step's
                                                  from the preprocessor's log, the epoch's training batches and
                                                  the rest of it from the trainer's
    scale.py prepare GATEWAY TOKEN JSON_BODY PREPROCESSOR_LOG
                                                  submit one experiment, cancel it once its shard set is made, wait
                                                  for it to end (the preprocessor's warm-up); print its steps'
                                                  seconds as one JSON object: a further sample of each step
    scale.py epochs ZIP CAP [each]                the bare epochs a class-folder zip's experiments call for,
                                                  MODEL:IMAGES each (the training split raw, and raised by SMOTE to
                                                  its largest class), capped at CAP images; with "each", one for
                                                  each experiment (small-cnn raw, CLAHE+SMOTE, mobilenetv3-large raw)
                                                  even where two are the same
    scale.py bare FILE ...                        the bare loops' lines in FILEs as one JSON object: every sample of
                                                  each loop, in order
    scale.py pairs BARE_FILE RUNS.jsonl           bench pairs' figure: each run's first epoch against the mean of the bare
                                                  epochs right before and after it (BARE_FILE holds one more than
                                                  RUNS), each pair's ratio, their median, slowest and fastest
    scale.py report RESULTS.jsonl OUT.md          the table of every size: time, images/s, ratio to the bare
                                                  loop's median with the ratios to its slowest and fastest sample,
                                                  peak heap per stage; printed and written to OUT.md
"""
import json
import re
import statistics
import sys
import time
import urllib.error
import urllib.request
import zipfile

MODELS = ("small-cnn", "mobilenetv3-large")


def call(gateway, token, path, body=None):
    request = urllib.request.Request(gateway + path, data=None if body is None else body.encode(),
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"},
                                     method="GET" if body is None else "POST")
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)


def follow(gateway, token, experiment_id, start=0, marks=None, until=lambda update: update["finished"]):
    """Reads the experiment's Server-Sent Events until one satisfies `until` (by default: it ended), noting in
    `marks`, when given, when each status was first seen. A stream rather than polling: a poll every 0.2 s kept the gateway and PostgreSQL
    busy beside the timed stages."""
    while True:
        request = urllib.request.Request(gateway + "/api/experiments/%s/events" % experiment_id,
                                         headers={"Authorization": "Bearer " + token, "Accept": "text/event-stream"})
        with urllib.request.urlopen(request, timeout=3600) as stream:
            for raw in stream:
                line = raw.decode().strip()
                if not line.startswith("data:"):
                    continue
                update = json.loads(line[5:])
                if marks is not None and (not marks or marks[-1][1] != update["status"]):
                    marks.append((time.monotonic() - start, update["status"]))
                if until(update):
                    return
        time.sleep(1)  # the gateway closed the stream before the end (a restart): open it again


def steps_of(log, experiment_id):
    """Each preprocessing step's seconds, from the preprocessor's log line for the experiment; with "waiting on the
    store", the seconds its loading step waited on the object store (the stored dataset's line just before it: the
    bench preprocesses one experiment at a time)."""
    steps = {}
    marker = "experiment %s preprocessing steps (s): " % experiment_id
    waited = None
    for line in open(log, errors="replace"):
        if " s of it waiting on the store" in line:
            waited = float(line.rsplit(", ", 1)[1].split()[0])
        if marker in line:
            for part in line.split(marker, 1)[1].strip().split(", "):
                name, seconds = part.rsplit("=", 1)
                steps[name] = float(seconds)
            if waited is not None:
                steps["waiting on the store"] = waited
    return steps


def prepare(gateway, token, body, log):
    """Submits an experiment, lets the preprocessor make its shard set, then cancels it and waits for it to end:
    the preprocessor's warm-up, without a training and an evaluation that would add minutes to the bench. Prints
    the steps' seconds: a full pass over the same images, as each of the bare loop's passes is."""
    e = call(gateway, token, "/api/experiments", body)
    follow(gateway, token, e["id"],
           until=lambda update: update["finished"] or update["status"] not in ("QUEUED", "PREPROCESSING"))
    try:
        call(gateway, token, "/api/experiments/%s/cancel" % e["id"], "")
    except urllib.error.HTTPError as ended:  # 409: it ended first
        if ended.code != 409:
            raise
    follow(gateway, token, e["id"])
    print(json.dumps(steps_of(log, e["id"])))


def experiment(gateway, token, body, log, trainer_log):
    start = time.monotonic()
    e = call(gateway, token, "/api/experiments", body)
    marks = [(time.monotonic() - start, e["status"])]
    follow(gateway, token, e["id"], start, marks)
    end = time.monotonic() - start
    e = call(gateway, token, "/api/experiments/" + e["id"])
    at = {}
    for t, status in marks:
        at.setdefault(status, t)
    # The shards are ready when it waits for a trainer (or trains, if the stream skipped WAITING): training's
    # stage runs from there, a free trainer's claim included.
    ready = min(at.get("WAITING", end), at.get("TRAINING", end))
    steps = steps_of(log, e["id"])
    epoch = {"trainedEach": [], "trainSecondsEach": [], "restSecondsEach": []}
    pattern = re.compile(r"experiment %s epoch \d+: (\d+) training images in ([\d.]+) s .*then ([\d.]+) s of"
                         % re.escape(e["id"]))
    # A batch whose gradients were not finite is computed, then left out: its time is in the epoch's, its images
    # are not among those trained.
    left_out = re.compile(r"experiment %s: (\d+) batch\(es\) left out" % re.escape(e["id"]))
    for line in open(trainer_log, errors="replace"):
        m = pattern.search(line)
        if m:
            epoch["trainedEach"].append(int(m.group(1)))
            epoch["trainSecondsEach"].append(float(m.group(2)))
            epoch["restSecondsEach"].append(float(m.group(3)))
        m = left_out.search(line)
        if m:
            epoch["leftOut"] = int(m.group(1))
    curve = (e.get("curve") or [{}])[-1]
    result = e.get("result") or {}
    print(json.dumps({
        "id": e["id"], "status": e["status"], "failure": e.get("failure"),
        "preprocessing": ready, "steps": steps,
        "training": at.get("EVALUATING", end) - ready,
        "evaluation": end - at.get("EVALUATING", end),
        "loopImagesPerSecond": curve.get("imagesPerSecond"), "epochSeconds": curve.get("epochSeconds"),
        "epochs": len(epoch["trainedEach"]), "trainedEach": epoch["trainedEach"],
        "trainSecondsEach": epoch["trainSecondsEach"], "restSecondsEach": epoch["restSecondsEach"],
        "leftOut": epoch.get("leftOut", 0),
        "testAccuracy": result.get("accuracy")}))


def epochs(zip_path, cap, each=None):
    """As StratifiedSplitter splits: a tenth of each class (rounded half up) to validation, a tenth to test."""
    per_class = {}
    for name in zipfile.ZipFile(zip_path).namelist():
        if not name.endswith("/") and name.count("/") == 1:
            per_class[name.split("/")[0]] = per_class.get(name.split("/")[0], 0) + 1
    train = [k - 2 * int(k * 0.1 + 0.5) for k in per_class.values()]
    raw, smote = min(sum(train), int(cap)), min(len(train) * max(train), int(cap))
    wanted = ["small-cnn:%d" % raw, "small-cnn:%d" % smote, "mobilenetv3-large:%d" % raw]
    print(" ".join(wanted if each else dict.fromkeys(wanted)))


def bare(*files):
    print(json.dumps(samples_of(*files)))


def samples_of(*files):
    """In images/s: OpenCV's "bare STEPS IMAGES SECONDS", the preprocessor's steps in one process "load STEPS IMAGES
    SECONDS" (their key "load STEPS"), DJL's "bare epoch MODEL IMAGES IPS" (key "epoch MODEL IMAGES") and "bare infer
    MODEL IPS"."""
    samples = {}
    for f in files:
        for line in open(f):
            words = line.split()
            if words[:1] not in (["bare"], ["load"]):
                continue
            if words[:2] == ["bare", "epoch"]:
                key, ips = "epoch %s %s" % (words[2], words[3]), float(words[4])
            elif words[:2] == ["bare", "infer"]:
                key, ips = "infer " + words[2], float(words[3])
            else:
                key = words[1] if words[0] == "bare" else "load " + words[1]
                ips = int(words[2]) / float(words[3])
            samples.setdefault(key, []).append(ips)
    return samples


def pairs(bare_file, runs_file):
    epochs = [v for k, v in samples_of(bare_file).items() if k.startswith("epoch ")]
    if len(epochs) != 1:
        sys.exit("%s: bare epochs of %d models or sizes, one expected" % (bare_file, len(epochs)))
    bare = epochs[0]
    runs = [json.loads(line) for line in open(runs_file) if line.strip()]
    if len(bare) != len(runs) + 1:
        sys.exit("%d bare epochs for %d runs: one more than the runs expected" % (len(bare), len(runs)))
    print("| pair | bare before, images/s | trainer's epoch | bare after | ratio to the mean of before and after |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    ratios, trainer = [], []
    for i, run in enumerate(runs):
        if run["status"] != "COMPLETED" or not run["trainedEach"]:
            sys.exit("run %s: %s (%s)" % (run["id"], run["status"], run.get("failure")))
        ips = run["trainedEach"][0] / run["trainSecondsEach"][0]
        ratio = ips / ((bare[i] + bare[i + 1]) / 2)
        trainer.append(ips)
        ratios.append(ratio)
        print("| %d | %.1f | %.1f | %.1f | %.3f |" % (i + 1, bare[i], ips, bare[i + 1], ratio))
    print()
    print("trainer %.1f images/s (median of %d epochs, %.1f-%.1f), bare %.1f (median of %d, %.1f-%.1f)"
          % (statistics.median(trainer), len(trainer), min(trainer), max(trainer), statistics.median(bare),
             len(bare), min(bare), max(bare)))
    print("ratio: median of the pairs %.3f (slowest-fastest pair %.3f-%.3f; %d of %d pairs at 0.95 or more); "
          "median against median %.3f" % (statistics.median(ratios), min(ratios), max(ratios),
                                          sum(r >= 0.95 for r in ratios), len(ratios),
                                          statistics.median(trainer) / statistics.median(bare)))


def report(results, out):
    rows = [json.loads(line) for line in open(results) if line.strip()]
    lines = ["| images | stage | seconds | images/s | bare loop images/s: median (slowest-fastest, samples) "
             "| ratio to the median (to the fastest-slowest) | peak heap in use / live after GC, MB |",
             "| ---: | --- | ---: | ---: | ---: | ---: | --- |"]

    def row(n, stage, seconds, images, bare, heap, ips=None):
        """bare: the loop's samples in images/s (a list), or None; ips: images/s given rather than computed."""
        given = ips is not None
        ips = ips if given else images / seconds if seconds else 0
        mid = statistics.median(bare) if bare else 0
        spread = bare and len(bare) > 1
        lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            "{:,}".format(n), stage, "" if given else "%.2f" % seconds if seconds < 10 else "%.1f" % seconds,
            "%.0f" % ips if images or given else "",
            ("%.0f" % mid if bare else "") + (" (%.0f-%.0f, %d)" % (min(bare), max(bare), len(bare)) if spread else ""),
            ("**%.2f**" % (ips / mid) if bare else "")
            + (" (%.2f-%.2f)" % (ips / max(bare), ips / min(bare)) if spread else ""), heap))

    for r in rows:
        n, heap, bare = r["images"], r["heap"], r["bare"]
        raw, smote = r["small-cnn raw"], r["small-cnn clahe+smote"]
        row(n, "import (upload, check, store)", r["import"], n, None, heap["gateway"])
        # Each step as the bare loop is taken, the best of full passes over the same images: the measured
        # experiment's and the preprocessor's two warm-up passes (scale.py prepare) of the same variant.
        passes = r.get("passes", {})

        def best(e, variant, names):
            samples = [sum(p.get(k, 0) for k in names) for p in [e["steps"]] + passes.get(variant, [])]
            return min(samples), len(samples)

        load, k = best(raw, "raw", ["loading images"])
        row(n, "preprocessing raw: decode + resize step (best of %d passes)" % k, load, n, bare["decode+resize"], "")
        # In the order they ran: the warm-up passes, then the measured experiment's.
        loads = [p for p in passes.get("raw", []) + [raw["steps"]] if "waiting on the store" in p]
        streamed = [p for p in loads if p["waiting on the store"] > 0]
        if streamed and len(streamed) < len(loads):
            # The first load streamed the stored zip and left the preprocessor its local copy; the others read that.
            first = streamed[0]
            row(n, "preprocessing raw: the first load only, streamed from the object store (%.3f s of it waiting "
                "on the store); the %d later passes read the preprocessor's local copy" % (
                    first["waiting on the store"], len(loads) - len(streamed)), first["loading images"], n,
                bare["decode+resize"], "")
        elif loads:
            row(n, "preprocessing raw: of a load step, the seconds waiting on the object store (the least of %d "
                "passes)" % len(loads), min(p["waiting on the store"] for p in loads), 0, None, "")
        if bare.get("load decode+resize"):
            # The same step's code in one process on a local copy of the stored zip, timed in the bare loop's rounds:
            # what the code costs, apart from the object store's stream and the stack sharing the cores.
            row(n, "preprocessing raw: the same step's code alone (ImageArchive + BatchDecoder, a local copy of the "
                "stored zip, in the bare loop's rounds; median)", 0, 0, bare["decode+resize"], "",
                ips=statistics.median(bare["load decode+resize"]))
        row(n, "preprocessing raw: whole stage", raw["preprocessing"], n, bare["decode+resize"], "")
        cl, k = best(smote, "clahe+smote", ["loading images", "CLAHE"])
        row(n, "preprocessing CLAHE+SMOTE: decode + resize + CLAHE steps (best of %d passes)" % k, cl, n,
            bare["decode+resize+clahe"], "")
        if bare.get("load decode+resize+clahe"):
            row(n, "preprocessing CLAHE+SMOTE: the same steps' code alone (as above, then ClaheStage; median)", 0, 0,
                bare["decode+resize+clahe"], "", ips=statistics.median(bare["load decode+resize+clahe"]))
        row(n, "preprocessing CLAHE+SMOTE: SMOTE (split and balance step)",
            smote["steps"].get("splitting and balancing", 0), n, None, "")
        row(n, "preprocessing CLAHE+SMOTE: whole stage", smote["preprocessing"], n,
            bare["decode+resize+clahe"], heap["preprocess-service"])
        for name, key, model in (("small-cnn", "small-cnn raw", "small-cnn"),
                                 ("small-cnn CLAHE+SMOTE", "small-cnn clahe+smote", "small-cnn"),
                                 ("mobilenetv3-large", "mobilenetv3-large raw", "mobilenetv3-large")):
            e = r[key]
            # The epoch of median speed when there are several (one bare epoch moves by a tenth or more between
            # runs; so does the trainer's).
            order = sorted(range(e["epochs"]), key=lambda i: e["trainedEach"][i] / e["trainSecondsEach"][i])
            mid = order[len(order) // 2] if order else None
            trained = e["trainedEach"][mid] if order else 0
            seconds = e["trainSecondsEach"][mid] if order else 0
            # The bare epoch timed for this run (scale.py epochs): the one nearest the images it trained, which are
            # fewer when batches were left out.
            sizes = [int(k.split()[2]) for k in bare if k.startswith("epoch %s " % model)]
            if not sizes:
                sys.exit("%s images: no bare epoch of %s was timed: %s" % (n, model, sorted(bare)))
            wanted = "epoch %s %d" % (model, min(sizes, key=lambda k: abs(k - min(trained or 1, r["bareEpochMax"]))))
            alone = bare[wanted]
            # The baseline: the bare epochs right before and right after this experiment, beside the warm stack
            # (scale.sh); the samples alone, before and after the size's experiments, on a row of their own.
            near = r.get("near", {}).get(key, {}).get(wanted)
            row(n, "training %s: the epoch's training batches (%s images%s%s)%s" % (
                name, "{:,}".format(trained), ", %d batches left out, not finite" % e["leftOut"]
                if e.get("leftOut") else "", "; the median of %d epochs" % e["epochs"] if e["epochs"] > 1 else "",
                "; bare: right before and after the experiment" if near else ""),
                seconds, trained, near or alone, "")
            if near:
                row(n, "training %s: the same against the bare epochs alone (the services stopped, before and after "
                    "the size's experiments)" % name, seconds, trained, alone, "")
            row(n, "training %s: the rest of the epoch (validation pass, checkpoint%s)" % (
                name, "; median" if e["epochs"] > 1 else ""),
                statistics.median(e["restSecondsEach"]) if order else 0, 0, None, "")
            row(n, "training %s: whole stage%s" % (name, " (%d epochs)" % e["epochs"] if e["epochs"] > 1 else ""),
                e["training"], sum(e["trainedEach"]), near or alone,
                heap["trainer-service"] if key == "mobilenetv3-large raw" else "")
        for name, key, model in (("small-cnn", "small-cnn raw", "small-cnn"),
                                 ("mobilenetv3-large", "mobilenetv3-large raw", "mobilenetv3-large")):
            e = r[key]
            near = r.get("near", {}).get(key, {}).get("infer " + model)
            last = key == "mobilenetv3-large raw"
            row(n, "evaluation %s, raw: three splits%s" % (name, "; bare: right before and after the experiment"
                                                            if near else ""),
                e["evaluation"], n, near or bare["infer " + model], "" if near else heap["evaluator-service"] if last
                else "")
            if near:
                row(n, "evaluation %s, raw: the same against bare inference alone" % name, e["evaluation"], n,
                    bare["infer " + model], heap["evaluator-service"] if last else "")
    text = "\n".join(lines) + "\n"
    open(out, "w").write(text)
    print(text)


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(*sys.argv[2:6])
    elif sys.argv[1] == "experiment":
        experiment(*sys.argv[2:7])
    elif sys.argv[1] == "epochs":
        epochs(*sys.argv[2:5])
    elif sys.argv[1] == "bare":
        bare(*sys.argv[2:])
    elif sys.argv[1] == "pairs":
        pairs(*sys.argv[2:4])
    elif sys.argv[1] == "report":
        report(*sys.argv[2:4])
    else:
        sys.exit(__doc__)
