#!/usr/bin/env bash
# Section 1 of docs/experiments/README.md: the main job's comparison (ResNet-20, drop 0.5 linear,
# SAMPLE, INFERENCE scaling, 2 epochs on the bundled 10,000 images) over seeds 1-10, each epoch
# also evaluated after precise batch norm over 50 training batches. One libtorch thread pinned
# to one core; resumes from its CSV.
#   docs/experiments/main-job-seeds.sh [JAR]
set -euo pipefail
jar="${1:-samples/target/stochastic-depth-samples.jar}"
export OMP_NUM_THREADS=1
exec taskset -c "${CPU:-1}" java -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
    -jar "$jar" compare --model resnet20 --epochs 2 --limit 10000 --seeds 1-10 --precise-bn 50 \
    --out docs/experiments/main-job-seeds
