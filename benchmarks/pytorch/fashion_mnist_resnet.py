#!/usr/bin/python3
"""Independent PyTorch reference of the samples' Fashion-MNIST training job.

Trains the CIFAR-layout ResNet-20/56/110 of ``samples/.../resnet`` on 28x28x1 Fashion-MNIST,
once without and once with stochastic depth (SAMPLE method, LINEAR rates, INFERENCE scaling),
the way ``FashionMnistTrainer`` and ``TrainCommand`` do with DJL, so that accuracy and speed can
be compared. Documentation tooling only: nothing in the build depends on it. See README.md.

Python 3 and PyTorch (Debian's python3-torch 1.13.1 works); nothing else.
"""

import argparse
import csv
import gzip
import math
import os
import struct
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

CLASSES = 10
SIDE = 28
FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}
# The subset bundled with the samples, relative to this file (benchmarks/pytorch/).
BUNDLED = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "samples", "src", "main",
    "resources", "dev", "stochasticdepth", "samples", "data", "fashion-mnist")
UNITS_PER_STAGE = {"resnet20": 3, "resnet56": 9, "resnet110": 18}
CSV_COLUMNS = [
    "model", "network", "drop", "seed", "epoch", "train_loss", "train_accuracy", "test_loss",
    "test_accuracy", "precise_bn_test_accuracy", "train_seconds", "eval_seconds", "threads",
    "torch_version",
]


def f32(x):
    """Rounds a Python float to the nearest float32, as a Java float holds it."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


# DJL's constants are Java floats; these are their exact values.
BN_EPSILON = f32(1e-5)                # BatchNorm.optEpsilon(1e-5f)
BN_MOMENTUM = f32(1.0 - f32(0.9))     # DJL momentum 0.9f; its engine passes 1f - 0.9f to torch


# --- java.util.Random ----------------------------------------------------------------------

class JavaRandom:
    """java.util.Random: the 48-bit LCG of its specification, and nextInt(bound)."""

    MULTIPLIER = 0x5DEECE66D
    MASK = (1 << 48) - 1

    def __init__(self, seed):
        self.seed = (seed ^ self.MULTIPLIER) & self.MASK

    def next(self, bits):
        self.seed = (self.seed * self.MULTIPLIER + 0xB) & self.MASK
        r = self.seed >> (48 - bits)
        return r - (1 << 32) if r >= (1 << 31) else r   # (int) cast

    def next_int(self, bound):
        if bound <= 0:
            raise ValueError("bound must be positive")
        r = self.next(31)
        m = bound - 1
        if bound & m == 0:                               # a power of two
            return (bound * r) >> 31
        u = r
        while True:
            r = u % bound
            s = (u - r + m) & 0xFFFFFFFF                 # int arithmetic, overflow included
            if s < (1 << 31):                            # not negative as an int
                return r
            u = self.next(31)


class SeededShuffle:
    """SeededShuffle: a Fisher-Yates permutation per epoch, all from one java.util.Random."""

    def __init__(self, seed):
        self.random = JavaRandom(seed)

    def sample(self, size):
        order = list(range(size))
        for i in range(size - 1, 0, -1):
            j = self.random.next_int(i + 1)
            order[i], order[j] = order[j], order[i]
        return order


# --- data ----------------------------------------------------------------------------------

def read_idx(path, rank):
    """Reads a gzip idx file of unsigned bytes, with IdxReader's checks."""
    name = os.path.basename(path)
    try:
        with gzip.open(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as e:              # not gzip, or cut short
        raise ValueError(f"{name}: {e}") from None
    if len(raw) < 4 + 4 * rank:
        raise ValueError(f"{name}: truncated header")
    magic = struct.unpack(">I", raw[:4])[0]
    if magic != (0x08 << 8) | rank:
        raise ValueError(f"{name}: magic number 0x{magic:08X}, expected 0x{(0x08 << 8) | rank:08X}")
    dims = list(struct.unpack(">" + "i" * rank, raw[4:4 + 4 * rank]))
    size = math.prod(dims)
    data = raw[4 + 4 * rank:]
    if len(data) != size:
        raise ValueError(f"{name}: {len(data)} data bytes for dimensions {dims}")
    return dims, data


def read_split(directory, images_name, labels_name):
    dims, pixels = read_idx(os.path.join(directory, images_name), 3)
    if dims[1:] != [SIDE, SIDE]:
        raise ValueError(f"{images_name}: images of {dims[1]}x{dims[2]}")
    (count,), labels = read_idx(os.path.join(directory, labels_name), 1)
    if count != dims[0]:
        raise ValueError(f"{labels_name}: {count} labels for {dims[0]} images")
    images = torch.frombuffer(bytearray(pixels), dtype=torch.uint8).reshape(dims[0], 1, SIDE, SIDE)
    targets = torch.frombuffer(bytearray(labels), dtype=torch.uint8).long()
    if targets.numel() and int(targets.max()) >= CLASSES:
        raise ValueError(f"{labels_name}: a label is not in [0, {CLASSES})")
    # FashionMnist.toDataset: byte / 255f in float32, no other normalisation.
    return images.float() / 255.0, targets


def load_data(directory, limit):
    for name in FILES.values():
        if not os.path.isfile(os.path.join(directory, name)):
            raise ValueError(f"data folder {directory} has no {name}")
    train = read_split(directory, FILES["train_images"], FILES["train_labels"])
    test = read_split(directory, FILES["test_images"], FILES["test_labels"])
    if limit is not None:                       # Split.first(limit): the first N of each file
        train = (train[0][:limit], train[1][:limit])
        test = (test[0][:limit], test[1][:limit])
    return train, test


def batches(size, batch, order=None):
    """The index batches of DJL's BatchSampler(order, batch, dropLast = false)."""
    order = torch.arange(size) if order is None else torch.tensor(order, dtype=torch.long)
    return [order[i:i + batch] for i in range(0, size, batch)]


# --- network -------------------------------------------------------------------------------

def conv(in_channels, filters, kernel, stride):
    return nn.Conv2d(in_channels, filters, kernel, stride=stride, padding=kernel // 2, bias=False)


def batch_norm(channels):
    return nn.BatchNorm2d(channels, eps=BN_EPSILON, momentum=BN_MOMENTUM)


class BasicUnit(nn.Module):
    """BasicUnit as a StochasticResidualBlock: relu(shortcut(x) + keep * branch(x))."""

    def __init__(self, in_channels, filters, stride, drop_rate):
        super().__init__()
        self.branch = nn.Sequential(
            conv(in_channels, filters, 3, stride), batch_norm(filters), nn.ReLU(),
            conv(filters, filters, 3, 1), batch_norm(filters))
        # Layers.shortcut: a 1x1 projection where the unit halves the resolution.
        self.shortcut = (nn.Sequential(conv(in_channels, filters, 1, stride), batch_norm(filters))
                         if stride != 1 else nn.Identity())
        self.drop_rate = drop_rate                 # a float32 value, like the generated rates

    def forward(self, x, masks):
        shortcut = self.shortcut(x)
        p = self.drop_rate
        if p == 0.0:                               # exactly the plain residual
            return F.relu(shortcut + self.branch(x))
        keep = f32(1.0 - p)                        # 1f - p
        if not masks:                              # INFERENCE scaling
            return F.relu(self.branch(x) * keep + shortcut)
        # KeepMasks.perSample: uniform [0, 1) of shape (N, 1, 1, 1), drawn after the shortcut and
        # before the branch, kept where u < keep.
        uniform = torch.empty((x.shape[0], 1, 1, 1), dtype=x.dtype).uniform_(0.0, 1.0)
        mask = (uniform < keep).to(x.dtype)
        return F.relu(self.branch(x) * mask + shortcut)


class CifarResNet(nn.Module):
    def __init__(self, units_per_stage, drop_rates):
        super().__init__()
        self.stem = nn.Sequential(conv(1, 16, 3, 1), batch_norm(16), nn.ReLU())
        units, channels, index = [], 16, 0
        for stage in range(3):
            filters = 16 << stage
            for i in range(units_per_stage):
                stride = 2 if stage > 0 and i == 0 else 1
                units.append(BasicUnit(channels, filters, stride, drop_rates[index]))
                channels, index = filters, index + 1
        self.units = nn.ModuleList(units)
        self.fc = nn.Linear(64, CLASSES)

    def forward(self, x, masks=None):
        """masks: draw keep masks (training form); None means self.training."""
        masks = self.training if masks is None else masks
        x = self.stem(x)
        for unit in self.units:
            x = unit(x, masks)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))

    def weights_in_djl_order(self):
        """The WEIGHT parameters in the order DJL initialises them: depth first, a unit's branch
        before its shortcut, each conv and the linear layer once."""
        yield self.stem[0].weight
        for unit in self.units:
            yield unit.branch[0].weight
            yield unit.branch[3].weight
            if not isinstance(unit.shortcut, nn.Identity):
                yield unit.shortcut[0].weight
        yield self.fc.weight


def linear_rates(drop, depth):
    """Distribution.LINEAR, p_l = drop * l / L in double, stored as float (StochasticBlocks)."""
    return [f32(drop * layer / depth) for layer in range(1, depth + 1)]


def he_initialise(model):
    """XavierInitializer(GAUSSIAN, IN, 2) on every weight: torch.normal(0, std) with
    std = (float) sqrt(2f / fanIn), fanIn = shape[1] * prod(shape[2:]) in float; biases 0,
    gamma 1, beta 0, running mean 0, running variance 1."""
    with torch.no_grad():
        for weight in model.weights_in_djl_order():
            shape = weight.shape
            fan_in = f32(shape[1] * math.prod(shape[2:]))
            std = f32(math.sqrt(f32(f32(2.0) / fan_in)))
            weight.copy_(torch.normal(0.0, std, tuple(shape)))
        model.fc.bias.zero_()
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.reset_parameters()               # gamma 1, beta 0, mean 0, var 1


class DjlAdam:
    """DJL's Adam on its PyTorch engine: the bias corrections folded into the learning rate,
    lr_t = (float) (lr * sqrt(1 - beta2^t) / (1 - beta1^t)) in double from the float settings,
    then w -= lr_t * m / (sqrt(v) + eps), with eps outside the correction (torch.optim.Adam
    adds eps to sqrt(v / (1 - beta2^t)) instead)."""

    def __init__(self, params, lr):
        self.params = [p for p in params if p.requires_grad]
        self.lr, self.beta1, self.beta2, self.eps = f32(lr), f32(0.9), f32(0.999), f32(1e-8)
        self.one_minus_beta1 = f32(1.0 - self.beta1)    # 1 - beta1 in float, as in the JNI code
        self.one_minus_beta2 = f32(1.0 - self.beta2)
        self.mean = [torch.zeros_like(p) for p in self.params]
        self.variance = [torch.zeros_like(p) for p in self.params]
        self.t = 0

    def zero_grad(self):
        for p in self.params:
            if p.grad is not None:
                p.grad.zero_()

    @torch.no_grad()
    def step(self):
        self.t += 1
        coef1 = 1.0 - math.pow(self.beta1, self.t)
        coef2 = 1.0 - math.pow(self.beta2, self.t)
        lr_t = f32(self.lr * math.sqrt(coef2) / coef1)
        for p, mean, variance in zip(self.params, self.mean, self.variance):
            grad = p.grad.clone() if p.grad is not None else torch.zeros_like(p)
            mean.mul_(self.beta1).add_(grad, alpha=self.one_minus_beta1)
            variance.mul_(self.beta2).addcmul_(grad, grad, value=self.one_minus_beta2)
            p.sub_(mean.mul(lr_t).div(variance.sqrt().add(self.eps)))


# --- training and evaluation ---------------------------------------------------------------

@torch.no_grad()
def evaluate(model, images, labels, batch):
    """Test pass in file order. Loss as DJL's Loss evaluator reports it: the mean of the
    per-batch mean losses (a last partial batch counts as one batch), summed in float32."""
    model.eval()
    loss_sum, correct, count = 0.0, 0, 0
    for index in batches(len(labels), batch):
        x, y = images[index], labels[index]
        logits = model(x)
        loss_sum = f32(loss_sum + F.cross_entropy(logits, y).item())
        correct += int((logits.argmax(1) == y).sum())
        count += 1
    return loss_sum / max(count, 1), correct / max(len(labels), 1)


@torch.no_grad()
def precise_bn_accuracy(model, train_images, test_images, test_labels, batch, k):
    """Re-estimates every BN's running statistics pycls-style (cumulative average of the batch
    mean and unbiased variance over the first k training batches in file order; BN in train
    mode, stochastic depth in its inference form), evaluates, then restores the statistics."""
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    saved = [(bn.running_mean.clone(), bn.running_var.clone(), bn.num_batches_tracked.clone(),
              bn.momentum) for bn in bns]
    for bn in bns:
        bn.reset_running_stats()
        bn.momentum = None                         # cumulative moving average
    model.train()
    for index in batches(len(train_images), batch)[:k]:
        model(train_images[index], masks=False)
    accuracy = evaluate(model, test_images, test_labels, batch)[1]
    for bn, (mean, var, tracked, momentum) in zip(bns, saved):
        bn.running_mean.copy_(mean)
        bn.running_var.copy_(var)
        bn.num_batches_tracked.copy_(tracked)
        bn.momentum = momentum
    return accuracy


def train_network(args, network, drop, seed, data, writer, lines):
    (train_images, train_labels), (test_images, test_labels) = data
    depth = 3 * UNITS_PER_STAGE[args.model]
    rates = [0.0] * depth if network == "plain" else linear_rates(drop, depth)
    model = CifarResNet(UNITS_PER_STAGE[args.model], rates)
    torch.manual_seed(seed)                        # Engine.setRandomSeed: weights, then masks
    he_initialise(model)
    optimizer = DjlAdam(model.parameters(), args.lr)
    shuffle = SeededShuffle(seed)
    results = []

    def record(epoch, train_loss, train_acc, test_loss, test_acc, precise, train_s, eval_s):
        row = [args.model, network, drop, seed, epoch, f"{train_loss:.6f}", f"{train_acc:.6f}",
               f"{test_loss:.6f}", f"{test_acc:.6f}", "" if precise is None else f"{precise:.6f}",
               f"{train_s:.3f}", f"{eval_s:.3f}", args.threads, torch.__version__]
        if writer is not None:
            writer.writerow(row)
            lines.flush()

    for epoch in range(1, args.epochs + 1):
        train_seconds, eval_seconds = 0.0, 0.0
        start = time.perf_counter()
        model.train()
        index_batches = batches(len(train_labels), args.batch, shuffle.sample(len(train_labels)))
        loss_sum, correct, seen = 0.0, 0, 0
        for b, index in enumerate(index_batches, 1):
            x, y = train_images[index], train_labels[index]
            logits = model(x)
            loss = F.cross_entropy(logits, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum = f32(loss_sum + loss.item())
            correct += int((logits.detach().argmax(1) == y).sum())
            seen += len(y)
            if args.eval_every and b % args.eval_every == 0 and b < len(index_batches):
                train_seconds += time.perf_counter() - start
                eval_start = time.perf_counter()
                test_loss, test_acc = evaluate(model, test_images, test_labels, args.batch)
                mid_eval = time.perf_counter() - eval_start
                record(round(epoch - 1 + b / len(index_batches), 6), loss_sum / b, correct / seen,
                       test_loss, test_acc, None, train_seconds, mid_eval)
                model.train()
                start = time.perf_counter()
        train_seconds += time.perf_counter() - start
        train_loss, train_acc = loss_sum / len(index_batches), correct / seen

        eval_start = time.perf_counter()
        test_loss, test_acc = evaluate(model, test_images, test_labels, args.batch)
        eval_seconds = time.perf_counter() - eval_start
        precise, precise_note = None, ""
        if args.precise_bn:
            precise_start = time.perf_counter()
            precise = precise_bn_accuracy(model, train_images, test_images, test_labels,
                                          args.batch, args.precise_bn)
            precise_note = (f", precise-BN({args.precise_bn}) accuracy {precise:.4f}"
                            f" ({time.perf_counter() - precise_start:.1f} s)")
        record(epoch, train_loss, train_acc, test_loss, test_acc, precise, train_seconds,
               eval_seconds)
        print(f"{args.model} {network:10s} drop {drop} seed {seed} epoch {epoch}: train loss"
              f" {train_loss:.4f} accuracy {train_acc:.4f}, test loss {test_loss:.4f} accuracy"
              f" {test_acc:.4f}{precise_note}; train {train_seconds:.1f} s, eval"
              f" {eval_seconds:.1f} s", flush=True)
        results.append((test_acc, precise, train_seconds))
    return results


# --- summary -------------------------------------------------------------------------------

T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def t975(df):
    """The 0.975 quantile of Student's t: a table to 30 degrees of freedom, then the
    Cornish-Fisher expansion (error below 1e-4)."""
    if df <= len(T975):
        return T975[df - 1]
    z = 1.959964
    return (z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)
            + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3))


def describe(values):
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return f"{mean:.4f} (n = 1, no sd or interval)"
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = t975(n - 1) * sd / math.sqrt(n)
    return f"{mean:.4f}, sd {sd:.4f}, 95% t-interval [{mean - half:.4f}, {mean + half:.4f}] (n = {n})"


# --- command line --------------------------------------------------------------------------

def parse_seeds(text):
    seeds = []
    for part in text.split(","):
        part = part.strip()
        if "-" in part:
            low, high = part.split("-", 1)
            seeds.extend(range(int(low), int(high) + 1))
        elif part:
            seeds.append(int(part))
    if not seeds:
        raise argparse.ArgumentTypeError("no seeds in " + repr(text))
    return seeds


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=sorted(UNITS_PER_STAGE), default="resnet20")
    parser.add_argument("--epochs", type=positive, default=2)
    parser.add_argument("--batch", type=positive, default=64)
    parser.add_argument("--lr", type=float, default=0.001)
    parser.add_argument("--drop", type=float, default=0.5,
                        help="drop rate of the deepest unit, LINEAR schedule; 0 = plain")
    parser.add_argument("--seeds", type=parse_seeds, default=[42],
                        help="e.g. 1-10 or 1,2,3 (default 42, the Java job's seed)")
    parser.add_argument("--limit", type=positive, help="first N training and N test images")
    parser.add_argument("--data", help="folder with the four original idx .gz files"
                        " (default: the subset bundled with the samples)")
    parser.add_argument("--threads", type=positive, default=2)
    parser.add_argument("--precise-bn", type=positive, metavar="K",
                        help="also evaluate with BN statistics re-estimated over K batches")
    parser.add_argument("--eval-every", type=positive, metavar="B",
                        help="also evaluate every B training batches")
    parser.add_argument("--csv", help="append one row per evaluation to this file")
    args = parser.parse_args()
    if not 0.0 <= args.drop < 1.0:
        parser.error(f"--drop must be in [0, 1), got {args.drop}")

    torch.set_num_threads(args.threads)
    directory = args.data or os.path.normpath(BUNDLED)
    try:
        data = load_data(directory, args.limit)
    except (OSError, ValueError) as e:       # a missing or damaged file: one line, status 2
        parser.error(str(e))
    depth = 3 * UNITS_PER_STAGE[args.model]
    rates = linear_rates(args.drop, depth)
    print(f"{args.model}: {depth} residual units, LINEAR drop {args.drop} (p_1 {rates[0]:.6g} .."
          f" p_L {rates[-1]:.6g}), SAMPLE, INFERENCE scaling; {len(data[0][1])} training and"
          f" {len(data[1][1])} test images from {directory}; batch {args.batch}, Adam lr"
          f" {args.lr}, {args.epochs} epochs, seeds {args.seeds}; torch {torch.__version__},"
          f" {torch.get_num_threads()} threads", flush=True)

    lines = writer = None
    if args.csv:
        new = not os.path.exists(args.csv) or os.path.getsize(args.csv) == 0
        lines = open(args.csv, "a", newline="")
        writer = csv.writer(lines)
        if new:
            writer.writerow(CSV_COLUMNS)
    finals = {"plain": [], "stochastic": []}
    try:
        for seed in args.seeds:
            for network in ("plain", "stochastic"):
                results = train_network(args, network, args.drop, seed, data, writer, lines)
                finals[network].append(results)
    finally:
        if lines is not None:
            lines.close()

    print(f"summary over {len(args.seeds)} seed(s), final epoch {args.epochs}:")
    for network, runs in finals.items():
        print(f"  {network:10s} test accuracy {describe([r[-1][0] for r in runs])}")
        if args.precise_bn:
            print(f"  {'':10s} precise-BN    {describe([r[-1][1] for r in runs])}")
        seconds = [epoch[2] for r in runs for epoch in r]
        print(f"  {'':10s} train seconds per epoch, mean {sum(seconds) / len(seconds):.2f}")


if __name__ == "__main__":
    main()
