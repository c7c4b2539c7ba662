"""Parameter names: `w:SRC->DST` for a connection's weight, `b:NEURON` for a neuron's bias.

These names are stable: the file format, the `playground` command's output, the
landscape's axes and the inspector all use them, so this module is the only
place that prints or reads one.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass

WEIGHT = "w"
BIAS = "b"
_ARROW = "->"
FORMS = "w:SRC->DST or b:NEURON"


class ParameterNameError(ValueError):
    """A string that is not a parameter name; the message says why."""


def _quoted(name: str, limit: int = 60) -> str:
    """`name` in double quotes as the files write strings, cut for an error message."""
    text = json.dumps(name, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit - 2] + '…"'


@dataclass(frozen=True)
class ParameterRef:
    """A weight (`kind` "w", src -> dst) or a bias (`kind` "b", the neuron in `src`)."""

    kind: str
    src: str
    dst: str = ""

    def __post_init__(self) -> None:
        if self.kind not in (WEIGHT, BIAS):
            raise ParameterNameError(f"a parameter is a weight {WEIGHT!r} or a bias {BIAS!r}, "
                                     f"not {self.kind!r}")
        if not isinstance(self.src, str) or not self.src or not isinstance(self.dst, str):
            raise ParameterNameError("a parameter names its neurons by non-empty ids")
        if (self.kind == WEIGHT) != bool(self.dst):
            raise ParameterNameError("a weight has a source and a destination, a bias only "
                                     "its neuron")

    @classmethod
    def weight(cls, src: str, dst: str) -> ParameterRef:
        return cls(WEIGHT, src, dst)

    @classmethod
    def bias(cls, neuron: str) -> ParameterRef:
        return cls(BIAS, neuron)

    @property
    def is_weight(self) -> bool:
        return self.kind == WEIGHT

    @property
    def is_bias(self) -> bool:
        return self.kind == BIAS

    @property
    def neuron(self) -> str:
        """The neuron a bias belongs to; for a weight, the neuron it feeds (its dst)."""
        return self.dst if self.kind == WEIGHT else self.src

    @property
    def name(self) -> str:
        """The stable name: `w:SRC->DST` or `b:NEURON`."""
        return weight_name(self.src, self.dst) if self.kind == WEIGHT else bias_name(self.src)

    def __str__(self) -> str:
        return self.name

    @property
    def bare(self) -> str:
        """The name without its kind: "x1->h1" for a weight, "h1" for a bias."""
        return f"{self.src}{_ARROW}{self.dst}" if self.kind == WEIGHT else self.src

    @property
    def label(self) -> str:
        """The name without its kind, arrow drawn: "x1→h1" for a weight, "h1" for a bias."""
        return f"{self.src}→{self.dst}" if self.kind == WEIGHT else self.src

    @classmethod
    def parse(cls, name: object, ids: Collection[str] | None = None) -> ParameterRef:
        """The parameter `name` stands for; ParameterNameError saying why if it is none.

        Ids in a file cannot hold ">", so `->` splits a weight's name in one place.
        A network built in code may use any id; `ids` (the network's neuron ids)
        then picks the split whose both ends are neurons.
        """
        if not isinstance(name, str):
            raise ParameterNameError(f"a parameter name is a string ({FORMS}), "
                                     f"not {type(name).__name__}")
        kind, colon, rest = name.partition(":")
        if not colon or kind not in (WEIGHT, BIAS) or not rest:
            raise ParameterNameError(f"{_quoted(name)} is not a parameter name: expected {FORMS}")
        if kind == BIAS:
            return cls(BIAS, rest)
        # A cut leaves at least one character on either side of the arrow.
        cuts = [i for i in range(1, len(rest) - len(_ARROW)) if rest.startswith(_ARROW, i)]
        if ids is not None and len(cuts) > 1:
            known = [i for i in cuts if rest[:i] in ids and rest[i + len(_ARROW):] in ids]
            cuts = known or cuts
        if not cuts:
            raise ParameterNameError(f"{_quoted(name)} is not a parameter name: a weight is "
                                     "w:SRC->DST with both neuron ids")
        if len(cuts) > 1:
            raise ParameterNameError(f"{_quoted(name)} is ambiguous: it splits into SRC->DST "
                                     f"in {len(cuts)} ways")
        return cls(WEIGHT, rest[:cuts[0]], rest[cuts[0] + len(_ARROW):])

    @classmethod
    def parse_or_none(cls, name: object, ids: Collection[str] | None = None
                      ) -> ParameterRef | None:
        """The parameter `name` stands for, or None if it is not a parameter name."""
        try:
            return cls.parse(name, ids)
        except ParameterNameError:
            return None


def kind_of(name: object) -> str | None:
    """"w" for a weight's name, "b" for a bias's, None for anything else (no split
    needed: the kind is the prefix, whatever the ids)."""
    if isinstance(name, str):
        kind, colon, rest = name.partition(":")
        if colon and rest and kind in (WEIGHT, BIAS):
            return kind
    return None


# Plain functions for the hot paths (compiling, parameter_values), where building a
# ParameterRef per parameter would cost more than the name itself.
def weight_name(src: str, dst: str) -> str:
    """The stable name of a connection's weight parameter."""
    return f"{WEIGHT}:{src}{_ARROW}{dst}"


def bias_name(neuron: str) -> str:
    """The stable name of a neuron's bias parameter."""
    return f"{BIAS}:{neuron}"
