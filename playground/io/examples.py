"""The example networks shipped in resources/examples: list them, find them by name."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from playground.io.resources import RESOURCES_DIR

EXAMPLES_DIR = RESOURCES_DIR / "examples"

# Small, fast to learn and interesting to watch: what `playground` opens with no FILE.
DEFAULT_EXAMPLE = "xor"

# Menu order: the articles' worked examples first, then the playground classics.
ORDER = ("sigmoid-neuron", "bowl", "two-two-two", "four-three-two", "linear-regression",
         "xor", "circle", "spiral", "regression-plane")


@dataclass(frozen=True)
class ExampleInfo:
    """One example: its file name without .json, a title, a one-line description, its path."""

    name: str
    title: str
    description: str
    path: Path


def list_examples() -> list[ExampleInfo]:
    """Every example in menu order; reads only each file's name, title and description."""
    infos = []
    for path in EXAMPLES_DIR.glob("*.json"):
        try:
            head = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a broken example shows up when opened, not as a missing menu entry
        if not isinstance(head, dict):
            continue
        title = head.get("title") or path.stem.replace("-", " ").capitalize()
        infos.append(ExampleInfo(path.stem, str(title), str(head.get("description", "")), path))
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(infos, key=lambda e: (rank.get(e.name, len(rank)), e.name))


def example_path(name: str) -> Path:
    """The file of the example called `name`; ValueError naming the choices if there is none."""
    path = EXAMPLES_DIR / f"{name}.json"
    if "/" in name or "\\" in name or not path.is_file():
        names = ", ".join(e.name for e in list_examples())
        raise ValueError(f"no example called {name!r}; the examples are: {names}")
    return path
