#!/usr/bin/env bash
# The long experiment of docs/experiments/README.md: per network, 30 epochs on the first 2,000
# bundled training images (the bundled 2,000 test images for evaluation), seeds 1-3, the plain
# twin against SAMPLE, SAMPLE + skipDropped and BLOCK at the paper's rate (0.5) and at 0.1.
# One libtorch thread pinned to one core (taskset), so that the figures do not depend on what
# else the machine runs; it resumes from its CSV when started again.
#   docs/experiments/long.sh [resnet20|resnet56] [JAR]
# CPU picks the core (default 0); SEEDS and OUT split the seeds over processes, one per core,
# for example SEEDS=3 OUT=docs/experiments/long-resnet56-seed3; append the finished rows of such a
# CSV (without its # header) to the main one and long.sh skips them.
set -euo pipefail
model="${1:-resnet20}"
jar="${2:-samples/target/stochastic-depth-samples.jar}"
cpu="${CPU:-0}"
seeds="${SEEDS:-1-3}"
out="${OUT:-docs/experiments/long-$model}"
export OMP_NUM_THREADS=1
exec taskset -c "$cpu" java -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
    -jar "$jar" compare --model "$model" --epochs 30 --limit 2000 --seeds "$seeds" --precise-bn 0 \
    --variant label=SAMPLE-0.5,drop=0.5,method=SAMPLE \
    --variant label=SAMPLE-skip-0.5,drop=0.5,method=SAMPLE,skip=true \
    --variant label=BLOCK-0.5,drop=0.5,method=BLOCK \
    --variant label=SAMPLE-0.1,drop=0.1,method=SAMPLE \
    --variant label=SAMPLE-skip-0.1,drop=0.1,method=SAMPLE,skip=true \
    --variant label=BLOCK-0.1,drop=0.1,method=BLOCK \
    --out "$out"
