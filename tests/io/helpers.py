"""Shared helpers for the file tests: example trees and text."""

from __future__ import annotations

import copy
import json
from functools import cache

from playground.io.examples import example_path


@cache
def _example_text(name: str) -> str:
    return example_path(name).read_text(encoding="utf-8")


def example_text(name: str) -> str:
    """The text of a shipped example."""
    return _example_text(name)


def example_tree(name: str) -> dict:
    """A fresh (mutable) parsed copy of a shipped example."""
    return copy.deepcopy(_parsed(name))


@cache
def _parsed(name: str) -> dict:
    return json.loads(_example_text(name))


def text_of(tree: object) -> str:
    """JSON text of a tree, NaN and Infinity allowed (to test that the loader refuses them)."""
    return json.dumps(tree, allow_nan=True)
