"""ParameterRef: the one reader and printer of `w:SRC->DST` and `b:NEURON`."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from playground.engine.network import Connection, Network, NetworkError, Neuron
from playground.engine.parameters import (
    ParameterNameError,
    ParameterRef,
    bias_name,
    kind_of,
    weight_name,
)

# The ids a file may hold (resources/network.schema.json): letters, digits, _ . -,
# not starting with . or -.
FILE_ID = st.from_regex(re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]{0,20}"), fullmatch=True)


def test_prints_the_stable_names():
    assert ParameterRef.weight("x1", "h1").name == "w:x1->h1" == weight_name("x1", "h1")
    assert str(ParameterRef.bias("h1")) == "b:h1" == bias_name("h1")
    assert ParameterRef.weight("x1", "h1").label == "x1→h1"
    assert ParameterRef.weight("x1", "h1").bare == "x1->h1"
    assert ParameterRef.bias("h1").bare == ParameterRef.bias("h1").label == "h1"


def test_parses_weights_and_biases():
    w = ParameterRef.parse("w:x1->h1")
    assert (w.kind, w.src, w.dst, w.is_weight, w.is_bias, w.neuron) == \
        ("w", "x1", "h1", True, False, "h1")
    b = ParameterRef.parse("b:o1")
    assert (b.kind, b.src, b.dst, b.is_weight, b.is_bias, b.neuron) == \
        ("b", "o1", "", False, True, "o1")
    assert w == ParameterRef.weight("x1", "h1") and hash(b) == hash(ParameterRef.bias("o1"))


@given(FILE_ID, FILE_ID)
def test_round_trip_of_every_file_id(src, dst):
    for ref in (ParameterRef.weight(src, dst), ParameterRef.bias(src)):
        assert ParameterRef.parse(ref.name) == ref
        assert ParameterRef.parse(ref.name).name == ref.name


@pytest.mark.parametrize("src, dst", [
    ("a-", "b"),      # w:a-->b: the arrow is the only ">"
    ("a", "b-"),      # w:a->b-
    ("a--", "-"),     # ids the engine accepts even if a file would not
    ("x.1", "h_2.3"),
    ("_", "9"),
    ("σ", "ĥ1"),      # non-ASCII ids built in code
])
def test_odd_ids_split_in_the_right_place(src, dst):
    ref = ParameterRef.parse(weight_name(src, dst))
    assert (ref.src, ref.dst) == (src, dst)


def test_ids_with_an_arrow_need_the_network_to_split():
    name = weight_name("a->b", "c")  # w:a->b->c
    with pytest.raises(ParameterNameError, match=r'"w:a->b->c" is ambiguous: it splits into '
                                                 r"SRC->DST in 2 ways"):
        ParameterRef.parse(name)
    assert ParameterRef.parse(name, {"a->b", "c", "a"}) == ParameterRef.weight("a->b", "c")
    assert ParameterRef.parse(name, {"a", "b->c"}) == ParameterRef.weight("a", "b->c")


@pytest.mark.parametrize("name, message", [
    ("x1->h1", '"x1->h1" is not a parameter name: expected w:SRC->DST or b:NEURON'),
    ("", '"" is not a parameter name: expected w:SRC->DST or b:NEURON'),
    ("b:", '"b:" is not a parameter name: expected w:SRC->DST or b:NEURON'),
    ("W:x1->h1", '"W:x1->h1" is not a parameter name: expected w:SRC->DST or b:NEURON'),
    ("w:x1-h1", '"w:x1-h1" is not a parameter name: a weight is w:SRC->DST with both neuron '
                "ids"),
    ("w:->h1", '"w:->h1" is not a parameter name: a weight is w:SRC->DST'),
    ("w:x1->", '"w:x1->" is not a parameter name: a weight is w:SRC->DST'),
    ("w:->", '"w:->" is not a parameter name: a weight is w:SRC->DST'),
    ('say "hi"', r'"say \"hi\"" is not a parameter name'),
    (3, "a parameter name is a string (w:SRC->DST or b:NEURON), not int"),
    (None, "a parameter name is a string (w:SRC->DST or b:NEURON), not NoneType"),
])
def test_a_bad_name_says_what_is_wrong(name, message):
    with pytest.raises(ParameterNameError) as info:
        ParameterRef.parse(name)
    assert str(info.value).startswith(message)
    assert isinstance(info.value, ValueError)
    assert ParameterRef.parse_or_none(name) is None
    assert kind_of(name) is None or name.startswith("w:")


def test_a_long_bad_name_is_cut_in_the_message():
    with pytest.raises(ParameterNameError) as info:
        ParameterRef.parse("x" * 10_000)
    assert len(str(info.value)) < 150 and '…"' in str(info.value)


@pytest.mark.parametrize("args", [("q", "a"), ("w", "a"), ("w", "", "b"), ("b", "a", "c"),
                                  ("b", "")])
def test_a_ref_is_whole_or_refused(args):
    with pytest.raises(ParameterNameError):
        ParameterRef(*args)


def test_kind_of_reads_only_the_prefix():
    assert kind_of("w:a->b->c") == "w" and kind_of("b:h1") == "b"
    assert kind_of("w:") is None and kind_of("a:h1") is None and kind_of(None) is None


def test_network_sets_parameters_by_name_with_odd_ids():
    net = Network([Neuron("a->b", "input", bias=None), Neuron("a", "input", bias=None),
                   Neuron("b", "output"), Neuron("c", "output")],
                  [Connection("a->b", "c", 1.0), Connection("a", "b", 2.0)])
    net.set_parameter("w:a->b->c", 5.0)
    assert net.connection("a->b", "c").weight == 5.0
    assert net.connection("a", "b").weight == 2.0
    net.set_parameter("b:c", -1.0)
    assert net.neuron("c").bias == -1.0
    for bad in ("w:a->c", "b:a", "h1", "w:->c"):
        with pytest.raises(NetworkError, match="no parameter"):
            net.set_parameter(bad, 0.0)
