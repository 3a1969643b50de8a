#!/usr/bin/env python3
"""Section 1 of docs/experiments/README.md: this project's main job against the PyTorch reference,
over seeds, with and without precise batch norm.

Reads the CSV of `compare` (docs/experiments/main-job-seeds.sh) and the CSV of
benchmarks/pytorch/fashion_mnist_resnet.py (--precise-bn), and prints, per implementation, network
and epoch: the mean test accuracy over seeds, its sample sd and 95% Student-t interval, the same
after precise batch norm, and Welch's t statistic for the difference between the implementations.
Standard library only.

    python3 docs/experiments/seeds.py docs/experiments/main-job-seeds/compare-resnet20.csv \
        docs/experiments/pytorch-resnet20-2epochs.csv
"""

import csv
import math
import statistics
import sys

# Two-sided 95% Student-t quantiles, df 1..30 (larger df: 1.96 plus the first correction term).
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042]


def t975(df):
    return T975[df - 1] if df <= 30 else 1.96 + 2.4 / df


def summary(values):
    n = len(values)
    mean = statistics.fmean(values)
    sd = statistics.stdev(values) if n > 1 else float("nan")
    half = t975(n - 1) * sd / math.sqrt(n) if n > 1 else float("nan")
    return n, mean, sd, half


def welch(a, b):
    """Welch's t statistic and its degrees of freedom for mean(a) - mean(b)."""
    va, vb = statistics.variance(a) / len(a), statistics.variance(b) / len(b)
    t = (statistics.fmean(a) - statistics.fmean(b)) / math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    return t, df


def read_project(path):
    """network (plain|stochastic) -> epoch -> seed -> (accuracy, precise accuracy)."""
    runs = {}
    with open(path) as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        for row in rows:
            network = "plain" if row["variant"] == "plain" else "stochastic"
            runs.setdefault(network, {}).setdefault(int(row["epoch"]), {})[int(row["seed"])] = (
                float(row["test_accuracy"]), float(row["precise_bn_test_accuracy"]))
    return runs


def read_reference(path):
    runs = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            epoch = float(row["epoch"])
            if epoch != int(epoch) or not row["precise_bn_test_accuracy"]:
                continue
            runs.setdefault(row["network"], {}).setdefault(int(epoch), {})[int(row["seed"])] = (
                float(row["test_accuracy"]), float(row["precise_bn_test_accuracy"]))
    return runs


def main(project_csv, reference_csv):
    sides = {"DJL (this project)": read_project(project_csv),
             "PyTorch reference": read_reference(reference_csv)}
    print("| network | epoch | implementation | seeds | test accuracy, mean +- 95% CI (sd) |"
          " after precise BN, mean +- 95% CI (sd) | precise BN gain, paired |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for network in ("plain", "stochastic"):
        for epoch in (1, 2):
            for name, runs in sides.items():
                by_seed = runs.get(network, {}).get(epoch, {})
                if len(by_seed) < 2:
                    continue
                usual = [v[0] for v in by_seed.values()]
                precise = [v[1] for v in by_seed.values()]
                gain = [p - u for u, p in zip(usual, precise)]
                n, m, sd, h = summary(usual)
                _, pm, psd, ph = summary(precise)
                _, gm, _, gh = summary(gain)
                print(f"| {network} | {epoch} | {name} | {n} | {100 * m:.2f} +- {100 * h:.2f}"
                      f" ({100 * sd:.2f}) | {100 * pm:.2f} +- {100 * ph:.2f} ({100 * psd:.2f}) |"
                      f" {100 * gm:+.2f} +- {100 * gh:.2f} pp |")
    print()
    print("Welch's t for DJL minus PyTorch (same network, epoch and evaluation):")
    project, reference = sides.values()
    for network in ("plain", "stochastic"):
        for epoch in (1, 2):
            a = project.get(network, {}).get(epoch, {})
            b = reference.get(network, {}).get(epoch, {})
            if len(a) < 2 or len(b) < 2:
                continue
            for index, evaluation in ((0, "usual"), (1, "precise BN")):
                t, df = welch([v[index] for v in a.values()], [v[index] for v in b.values()])
                diff = statistics.fmean(v[index] for v in a.values()) - statistics.fmean(
                    v[index] for v in b.values())
                print(f"  {network} epoch {epoch} {evaluation}: {100 * diff:+.2f} pp,"
                      f" t = {t:+.2f} ({df:.1f} df)")


if __name__ == "__main__":
    main(*sys.argv[1:3])
