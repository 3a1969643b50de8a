#!/usr/bin/env python3
"""Section 3 of docs/experiments/README.md: the long experiment's accuracy by epoch and the
epochs each variant needs to reach the plain twin's final mean test accuracy.

`compare`'s own table also gives wall-clock times, which other work on the machine inflates (it
did in the first run: see the README); epochs to target do not depend on it, and times the cost
ratio of an epoch measured by the paired benchmarks they give the time to accuracy. Only seeds
whose runs are complete for every variant are used. The second table pairs each variant with
plain by seed, at the last epoch and over the mean of the last five: single-epoch accuracy without
precise BN jumps by points from epoch to epoch, and the five-epoch mean is steadier. Intervals are
95% Student-t over the seeds. Standard library only.

    python3 docs/experiments/long.py docs/experiments/long-resnet20/compare-resnet20.csv

Each further argument VARIANT=RATIO gives a variant's cost of a training step relative to plain's
(the paired benchmarks' ratio); a third table then turns epochs to target into time, in units of
plain epochs: against plain's whole run and against plain's own time to the same target.
"""

import csv
import statistics
import sys

# Two-sided 95% Student-t quantiles by degrees of freedom.
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
       10: 2.228}
LAST = 5


def interval(values):
    """The mean and half the 95% Student-t interval of values (one value per seed)."""
    mean = statistics.fmean(values)
    return mean, T95[len(values) - 1] * statistics.stdev(values) / len(values) ** 0.5


def main(path, costs):
    rows = [r for r in csv.DictReader(line for line in open(path) if not line.startswith("#"))]
    epochs = max(int(r["epoch"]) for r in rows)
    runs = {}
    for r in rows:
        runs.setdefault(r["variant"], {}).setdefault(int(r["seed"]), []).append(r)
    variants = list(runs)
    unknown = [variant for variant in costs if variant not in runs]
    if unknown:
        sys.exit(f"no variant {', '.join(unknown)} in {path}; it has {', '.join(variants)}")
    seeds = sorted(s for s in runs["plain"]
                   if all(len(runs[v].get(s, [])) == epochs for v in variants))
    print(f"{len(seeds)} seeds with every run complete: {seeds}; {epochs} epochs")

    def accuracy(variant, seed, epoch):
        return float(runs[variant][seed][epoch - 1]["test_accuracy"])

    target = statistics.fmean(accuracy("plain", s, epochs) for s in seeds)
    print(f"target: the plain twin's final mean test accuracy, {100 * target:.2f}%")

    def reach_of(variant):
        """Per seed, the first epoch whose test accuracy reaches the target, or None."""
        reach = []
        for s in seeds:
            hit = [e for e in range(1, epochs + 1) if accuracy(variant, s, e) >= target - 1e-9]
            reach.append(hit[0] if hit else None)
        return reach

    print()
    print("| variant | test acc. epoch 10 | epoch 20 | epoch 30 | test loss epoch 30 |"
          " best test acc. (mean of per-seed best) | epochs to target (per seed) |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for variant in variants:
        acc = {e: statistics.fmean(accuracy(variant, s, e) for s in seeds) for e in (10, 20, epochs)}
        loss = statistics.fmean(float(runs[variant][s][epochs - 1]["test_loss"]) for s in seeds)
        best = statistics.fmean(max(accuracy(variant, s, e) for e in range(1, epochs + 1))
                                for s in seeds)
        reach = reach_of(variant)
        print(f"| {variant} | {100 * acc[10]:.2f}% | {100 * acc[20]:.2f}% | {100 * acc[epochs]:.2f}%"
              f" | {loss:.4f} | {100 * best:.2f}% | {', '.join(str(e) if e else '-' for e in reach)} |")

    def tail(variant, seed, column):
        return statistics.fmean(float(runs[variant][seed][e - 1][column])
                                for e in range(epochs - LAST + 1, epochs + 1))

    def percent(values):
        mean, half = interval([100 * v for v in values])
        return f"{mean:.2f} +- {half:.2f}%"

    def points(values):
        mean, half = interval([100 * v for v in values])
        return f"{mean:+.2f} +- {half:.2f} pp"

    print()
    print(f"paired by seed, 95% Student-t over {len(seeds)} seeds (t = {T95[len(seeds) - 1]}):")
    print()
    print(f"| variant | test acc. epoch {epochs} | minus plain | test acc. epochs"
          f" {epochs - LAST + 1}-{epochs} | minus plain | test loss epochs {epochs - LAST + 1}-{epochs}"
          " | minus plain |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for variant in variants:
        final = [accuracy(variant, s, epochs) for s in seeds]
        last = [tail(variant, s, "test_accuracy") for s in seeds]
        loss = [tail(variant, s, "test_loss") for s in seeds]
        if variant == "plain":
            minus_final = minus_last = minus_loss = "reference"
        else:
            mean, half = interval([v - tail("plain", s, "test_loss") for v, s in zip(loss, seeds)])
            minus_loss = f"{mean:+.3f} +- {half:.3f}"
            minus_final = points([a - accuracy("plain", s, epochs) for a, s in zip(final, seeds)])
            minus_last = points([a - tail("plain", s, "test_accuracy") for a, s in zip(last, seeds)])
        mean_loss, half_loss = interval(loss)
        print(f"| {variant} | {percent(final)} | {minus_final} | {percent(last)}"
              f" | {minus_last} | {mean_loss:.3f} +- {half_loss:.3f} | {minus_loss} |")

    if not costs:
        return
    plain_reach = [e for e in reach_of("plain") if e]
    print()
    print("time to target, from the epochs to target times the step-cost ratio, in plain epochs"
          " (means over the seeds that reach the target):")
    print()
    print(f"| variant | step cost vs plain | epochs to target (per seed) | time (per seed) |"
          f" vs plain's {epochs} epochs (mean) | vs plain's time to target (mean) |")
    print("|---|---:|---|---|---:|---:|")
    rows = [("plain", 1.0)] + list(costs.items())
    for variant, ratio in rows:
        reach = reach_of(variant)
        time = [e * ratio for e in reach if e]
        per_seed = ", ".join(f"{e * ratio:.1f}" if e else "-" for e in reach)
        share = statistics.fmean(time) / epochs if time else float("nan")
        versus = statistics.fmean(time) / statistics.fmean(plain_reach) if time else float("nan")
        print(f"| {variant} | {ratio:.3f} | {', '.join(str(e) if e else '-' for e in reach)}"
              f" | {per_seed} | {share:.2f} | {versus:.2f} |")


def costs_of(arguments):
    costs = {}
    for argument in arguments:
        variant, _, ratio = argument.partition("=")
        costs[variant] = float(ratio)
    return costs


if __name__ == "__main__":
    main(sys.argv[1], costs_of(sys.argv[2:]))
