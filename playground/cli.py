"""The `playground` command: the GUI by default, headless sub-commands."""

from __future__ import annotations

import argparse

from playground import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="playground", description=__doc__)
    parser.add_argument("--version", action="version", version=f"playground {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    build_parser().parse_args(argv)
    return 0
