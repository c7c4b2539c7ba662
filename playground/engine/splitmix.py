"""The "splitmix" shuffle: each epoch's order by Fisher–Yates from a SplitMix64 stream.

The numpy reference of what engine/fast/kernels.py draws inside its training loop
(`splitmix_order`): the fast executor shuffles without returning to Python, where
numpy's generators cost about 10 ns an index (6-7 % of an R-mini step's time).

SplitMix64 (Steele, Lea and Flood 2014) is counter based: its k-th output is
mix(state + (k + 1)·γ), so a whole epoch's draws are one vectorised expression here.
An epoch's stream is seeded by the epoch-th output of a stream seeded by mix(seed):
epochs depend only on (seed, epoch), and two epochs' streams do not overlap.
"""

from __future__ import annotations

import numpy as np

GAMMA = 0x9E3779B97F4A7C15
MASK = (1 << 64) - 1


def mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser on a uint64 array (a bijection of 64-bit words)."""
    z = (z ^ (z >> 30)) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> 27)) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> 31)


def seed_key(seed: int) -> int:
    """The run's stream state: mix(seed) of the seed's low 64 bits."""
    return int(mix(np.array([seed & MASK], dtype=np.uint64))[0])


def kernel_key(seed: int) -> int:
    """seed_key(seed) as the int64 with the same bits, as the kernel takes it."""
    return int(np.uint64(seed_key(seed)).view(np.int64))


def epoch_key(key: int, epoch: int) -> int:
    """The state of `epoch`'s stream: output number `epoch` of the run's stream."""
    return int(mix(np.array([(key + (epoch + 1) * GAMMA) & MASK], dtype=np.uint64))[0])


def draws(key: int, count: int) -> np.ndarray:
    """The first `count` outputs of the stream with state `key`, as uint64."""
    k = np.arange(1, count + 1, dtype=np.uint64)
    return mix(np.uint64(key) + k * np.uint64(GAMMA))


def below(r: np.ndarray, bound: np.ndarray) -> np.ndarray:
    """floor(r·bound / 2⁶⁴) for bound < 2³²: an index below `bound` from a 64-bit draw,
    biased by at most bound/2⁶⁴ (the product's high word, in two 32-bit halves)."""
    hi, lo = r >> 32, r & np.uint64(0xFFFFFFFF)
    return (hi * bound + ((lo * bound) >> 32)) >> 32


def permutation(seed: int, epoch: int, n: int) -> np.ndarray:
    """The order of n points in `epoch`: Durstenfeld's Fisher–Yates, position i (from
    n-1 down to 1) swapped with one below i + 1 drawn from draw number n-1-i."""
    if n >= 1 << 32:
        raise ValueError(f"a splitmix shuffle draws indices below 2³², not {n:,}")
    order = list(range(n))
    if n > 1:
        bounds = np.arange(n, 1, -1, dtype=np.uint64)  # i + 1 for i = n-1 ... 1
        picks = below(draws(epoch_key(seed_key(seed), epoch), n - 1), bounds).tolist()
        for i, j in zip(range(n - 1, 0, -1), picks):
            order[i], order[j] = order[j], order[i]
    return np.array(order, dtype=np.int64)
