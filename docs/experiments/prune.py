#!/usr/bin/env python3
"""Section 5 of docs/experiments/README.md: the pruning curves of docs/experiments/prune-seeds.sh
over seeds.

For each number of blocks removed (highest drop rate first), the mean test accuracy of the
stochastic network and of its plain twin over the seeds, each with its 95% Student-t interval, and
the paired difference (stochastic - plain) with its interval. Standard library only.

    python3 docs/experiments/prune.py docs/experiments/prune-resnet20 [statistics-of-training]
"""

import csv
import math
import os
import statistics
import sys

T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228]


def interval(values):
    n = len(values)
    mean = statistics.fmean(values)
    if n < 2:
        return mean, float("nan")
    return mean, T975[n - 2] * statistics.stdev(values) / math.sqrt(n)


def main(folder, sub=""):
    curves = {}
    seeds = sorted(d for d in os.listdir(folder) if d.startswith("seed-"))
    used = []
    for seed in seeds:
        path = os.path.join(folder, seed, sub, "prune-resnet20.csv")
        if not os.path.exists(path):
            continue
        used.append(seed)
        with open(path) as f:
            for row in csv.DictReader(f):
                k = int(row["removed"])
                curves.setdefault(k, []).append(
                    (float(row["stochastic_accuracy"]), float(row["plain_accuracy"]),
                     row["layer"], row["left_in_place"]))
    print(f"{len(used)} seeds: {', '.join(s[5:] for s in used)}"
          f"; batch norm {'statistics of training' if sub else 're-estimated after every removal'}")
    print("| blocks removed | last removed | stochastic | plain | stochastic - plain (paired) |")
    print("|---:|---|---:|---:|---:|")
    for k in sorted(curves):
        rows = curves[k]
        s_mean, s_half = interval([100 * r[0] for r in rows])
        p_mean, p_half = interval([100 * r[1] for r in rows])
        d_mean, d_half = interval([100 * (r[0] - r[1]) for r in rows])
        last = "-" if k == 0 else f"block {rows[0][2]} ({rows[0][3]})"
        print(f"| {k} | {last} | {s_mean:.2f} +- {s_half:.2f} | {p_mean:.2f} +- {p_half:.2f} "
              f"| {d_mean:+.2f} +- {d_half:.2f} pp |")


if __name__ == "__main__":
    main(*sys.argv[1:])
