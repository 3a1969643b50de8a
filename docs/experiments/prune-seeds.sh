#!/usr/bin/env bash
# Section 5 of docs/experiments/README.md: what each network loses as blocks are removed at
# inference. Per seed: the main job (train: ResNet-20, drop 0.5 linear, SAMPLE, 12 epochs on
# 2,000 bundled images, precise batch norm) with --save, then prune (highest rate first, batch
# norm re-estimated after every removal) and prune --precise-bn 0 (statistics of training).
# One libtorch thread pinned to one core. A seed whose results exist is skipped, so the script
# resumes; the trained models go to target/ (not committed).
#   docs/experiments/prune-seeds.sh [SEEDS] [JAR]       (SEEDS default "1 2 3")
set -euo pipefail
seeds="${1:-1 2 3}"
jar="${2:-samples/target/stochastic-depth-samples.jar}"
out=docs/experiments/prune-resnet20
export OMP_NUM_THREADS=1
run() {
    taskset -c "${CPU:-1}" java -Dai.djl.pytorch.num_threads=1 \
        -Dai.djl.pytorch.num_interop_threads=1 -jar "$jar" "$@"
}
for seed in $seeds; do
    dir="$out/seed-$seed"
    models="target/prune-models/seed-$seed"
    if [ -s "$dir/statistics-of-training/prune-resnet20.csv" ]; then
        echo "seed $seed: done"
        continue
    fi
    if [ ! -s "$models/plain.properties" ]; then
        run train --seed "$seed" --save "$models" --out "$dir"
    fi
    run prune --from "$models" --out "$dir"
    run prune --from "$models" --precise-bn 0 --out "$dir/statistics-of-training"
done
