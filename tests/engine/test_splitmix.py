"""The splitmix shuffle's reference: SplitMix64's published outputs, exact bounded draws,
orders that are permutations, depend only on (seed, epoch) and are evenly spread."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from playground.engine import splitmix
from playground.engine.training import Permutations


def test_the_stream_is_splitmix64():
    # The first outputs of SplitMix64 from state 0, as its reference implementation
    # (Vigna's splitmix64.c) prints them.
    assert [hex(int(v)) for v in splitmix.draws(0, 3)] == \
        ["0xe220a8397b1dcdaf", "0x6e789e6aa1b965f4", "0x6c45d188009454f"]


def test_bounded_draws_are_the_high_word_of_the_product():
    rng = random.Random(3)
    words = [0, 1, 2**32 - 1, 2**32, 2**63, 2**64 - 1] + [rng.getrandbits(64) for _ in range(300)]
    bounds = [1, 2, 3, 200, 2**31 + 7, 2**32 - 1]
    for r, b in itertools.product(words, bounds):
        got = int(splitmix.below(np.array([r], dtype=np.uint64), np.array([b], dtype=np.uint64))[0])
        assert got == (r * b) >> 64, (r, b)


def test_orders_are_permutations_of_seed_and_epoch_alone():
    a, b = Permutations("splitmix", 11, 57), Permutations("splitmix", 11, 57)
    for epoch in (5, 0, 1, 64, 10**6):
        order = a.of(epoch)
        np.testing.assert_array_equal(np.sort(order), np.arange(57))
        np.testing.assert_array_equal(order, b.of(epoch))  # any order of asking
    assert not np.array_equal(a.of(0), a.of(1))
    assert not np.array_equal(a.of(0), Permutations("splitmix", 12, 57).of(0))
    assert splitmix.permutation(3, 0, 0).shape == (0,)
    assert splitmix.permutation(3, 0, 1).tolist() == [0]


def test_every_order_of_four_points_comes_up_evenly():
    counts: dict[tuple, int] = {}
    epochs = 24_000
    for epoch in range(epochs):
        key = tuple(splitmix.permutation(0, epoch, 4).tolist())
        counts[key] = counts.get(key, 0) + 1
    assert len(counts) == 24
    expected = epochs / 24
    chi2 = sum((c - expected) ** 2 / expected for c in counts.values())
    assert chi2 < 49.7  # 23 degrees of freedom: exceeded by chance once in 1,000 runs


def test_a_data_set_too_large_for_32_bit_draws_is_refused():
    with pytest.raises(ValueError, match="below 2³²"):
        splitmix.permutation(0, 0, 1 << 32)
