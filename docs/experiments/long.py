#!/usr/bin/env python3
"""Section 3 of docs/experiments/README.md: the long experiment's accuracy by epoch and the
epochs each variant needs to reach the plain twin's final mean test accuracy.

`compare`'s own table also gives wall-clock times, which other work on the machine inflates (it
did in the first run: see the README); epochs to target do not depend on it, and times the cost
ratio of an epoch measured by the paired benchmarks they give the time to accuracy. Only seeds
whose runs are complete for every variant are used. Standard library only.

    python3 docs/experiments/long.py docs/experiments/long-resnet20/compare-resnet20.csv
"""

import csv
import statistics
import sys


def main(path):
    rows = [r for r in csv.DictReader(line for line in open(path) if not line.startswith("#"))]
    epochs = max(int(r["epoch"]) for r in rows)
    runs = {}
    for r in rows:
        runs.setdefault(r["variant"], {}).setdefault(int(r["seed"]), []).append(r)
    variants = list(runs)
    seeds = sorted(s for s in runs["plain"]
                   if all(len(runs[v].get(s, [])) == epochs for v in variants))
    print(f"{len(seeds)} seeds with every run complete: {seeds}; {epochs} epochs")

    def accuracy(variant, seed, epoch):
        return float(runs[variant][seed][epoch - 1]["test_accuracy"])

    target = statistics.fmean(accuracy("plain", s, epochs) for s in seeds)
    print(f"target: the plain twin's final mean test accuracy, {100 * target:.2f}%")

    print("| variant | test acc. epoch 10 | epoch 20 | epoch 30 | test loss epoch 30 |"
          " best test acc. (mean of per-seed best) | epochs to target (per seed) |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for variant in variants:
        acc = {e: statistics.fmean(accuracy(variant, s, e) for s in seeds) for e in (10, 20, epochs)}
        loss = statistics.fmean(float(runs[variant][s][epochs - 1]["test_loss"]) for s in seeds)
        best = statistics.fmean(max(accuracy(variant, s, e) for e in range(1, epochs + 1))
                                for s in seeds)
        reach = []
        for s in seeds:
            hit = [e for e in range(1, epochs + 1) if accuracy(variant, s, e) >= target - 1e-9]
            reach.append(hit[0] if hit else None)
        print(f"| {variant} | {100 * acc[10]:.2f}% | {100 * acc[20]:.2f}% | {100 * acc[epochs]:.2f}%"
              f" | {loss:.4f} | {100 * best:.2f}% | {', '.join(str(e) if e else '-' for e in reach)} |")


if __name__ == "__main__":
    main(sys.argv[1])
