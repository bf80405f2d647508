#!/usr/bin/env python3
"""A stratified subset of a class-folder zip (CLASS/NAME.jpg): every class keeps its share of the whole, counts
rounded by largest remainder so they sum to N, members drawn with a fixed seed. The same arguments give the same
zip, byte for byte (entries sorted, fixed timestamps), so its dataset id is the same on every machine.

    benchmarks/subset.py ZIP N OUT.zip [SEED]
"""
import random
import sys
import zipfile


def subset(source, n, out, seed=2013):
    with zipfile.ZipFile(source) as z:
        by_class = {}
        for name in sorted(z.namelist()):
            if name.endswith("/") or name.count("/") != 1:
                continue
            by_class.setdefault(name.split("/")[0], []).append(name)
        total = sum(len(v) for v in by_class.values())
        if not 0 < n <= total:
            sys.exit(f"N must be between 1 and {total}, the images in {source}")
        exact = {c: n * len(v) / total for c, v in by_class.items()}
        counts = {c: int(e) for c, e in exact.items()}
        for c in sorted(exact, key=lambda c: (counts[c] - exact[c], c))[: n - sum(counts.values())]:
            counts[c] += 1
        rng = random.Random(seed)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as w:
            for c in sorted(by_class):
                for name in sorted(rng.sample(by_class[c], counts[c])):
                    info = zipfile.ZipInfo(name, date_time=(2013, 1, 1, 0, 0, 0))
                    w.writestr(info, z.read(name))
    return counts


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    counts = subset(sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]) if len(sys.argv) == 5 else 2013)
    print(f"{sys.argv[3]}: {sum(counts.values())} images, " + ", ".join(f"{c} {k}" for c, k in sorted(counts.items())))
