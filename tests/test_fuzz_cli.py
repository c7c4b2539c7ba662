"""Process-level fuzzing: mutated files and arguments through every sub-command, each in
its own process with a timeout, as a hostile user would run them.

Whatever the input: no hang, no traceback, no numpy warning, the documented exit status
(0 success, 2 a bad command or file, 3 diverged), and on failure exactly one line on
stderr. The budget is small so CI stays fast; `pytest --fuzz-long tests/test_fuzz_cli.py`
runs many more examples.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.io.helpers import example_tree
from tests.io.test_fuzz import SMALL, mutated_trees

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 60  # seconds: far beyond any small file's work, so running out means a hang
EXIT_STATUSES = {0, 2, 3}
EDGE_NUMBERS = [0, -0.0, 1, -1, 0.5, 2.5, 5e-324, 2.2250738585072014e-308, 1e-300, 1e300,
                1.7976931348623157e308, -1.7976931348623157e308, 2 ** 53, 2 ** 53 + 1, 2 ** 63,
                10 ** 20, 1e15, -1e15]
EDGE_TEXT = ["", " ", "x1", "\u00e9\u03c3\u03b8", "\U0001F600", "a" * 300, "\x00", "\\ud800",
             "h1\u202e", "../../etc/passwd"]


def _budget(request_config, quick: int, long: int) -> settings:
    return settings(max_examples=long if request_config else quick, deadline=None,
                    derandomize=not request_config, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


LONG = "--fuzz-long" in sys.argv
QUICK = _budget(LONG, quick=6, long=300)
RENDER = _budget(LONG, quick=2, long=60)


@st.composite
def edge_trees(draw):
    """An example with a number at the edges of float64 or an odd string put somewhere."""
    from tests.io.test_fuzz import _places, node

    name = draw(st.sampled_from(SMALL))
    tree = example_tree(name)
    leaves = [p for p in _places(name) if p and not isinstance(node(tree, p), dict | list)]
    path = draw(st.sampled_from(leaves))
    value = draw(st.sampled_from(EDGE_NUMBERS + EDGE_TEXT))
    node(tree, path[:-1])[path[-1]] = value
    return tree


def _text(tree) -> str:
    # Lone surrogates written as JSON escapes, as a hostile file would hold them.
    return json.dumps(tree, allow_nan=True).replace("\\\\ud800", "\\ud800")


files = st.one_of(mutated_trees(), edge_trees()).map(_text) | st.sampled_from([
    "", "{", "[]", "null", '{"format": "backprop-playground-network", "version": 1e999}',
    "\ufeff{}", "\x00\x01", '{"a": 1, "a": 2}', "[" * 5000 + "]" * 5000])
counts = st.sampled_from(["0", "1", "3", "20", "-1", "1e3", "abc", "", " 7 ",
                          "99999999999999999999999999", "٣"])


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(cwd),
           "XDG_CONFIG_HOME": str(cwd / "config"), "PYTHONWARNINGS": "default"}
    try:
        return subprocess.run([sys.executable, "-m", "playground", *args], cwd=cwd, env=env,
                              capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"hung for {TIMEOUT} s: playground {' '.join(args)}")


def check(result: subprocess.CompletedProcess, args: list[str], text: str) -> None:
    out = result.stdout.decode("utf-8", "replace")
    err = result.stderr.decode("utf-8", "replace")
    # Qt's offscreen platform prints its own notes; they are not ours.
    lines = [line for line in err.splitlines() if "propagateSizeHints" not in line]
    where = f"playground {' '.join(args)}\nfile: {text[:300]!r}\nstderr: {err[-1500:]}"
    assert "Traceback" not in err, where
    assert "Warning" not in err, where
    assert result.returncode in EXIT_STATUSES, f"exit {result.returncode}: {where}"
    if result.returncode == 0:
        assert out, where
    elif result.returncode == 2:
        assert len(lines) == 1, where
    else:  # 3: diverged, one line (a --json report may be on stdout)
        assert len(lines) == 1, where


def _file(tmp_path_factory, text: str) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "net.json"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


@QUICK
@given(text=files, steps=counts, flags=st.lists(st.sampled_from(
    ["--json", "--out", "--seed=3", "--epochs=1"]), max_size=2, unique=True))
def test_train_answers_every_file_and_argument(tmp_path_factory, text, steps, flags):
    path = _file(tmp_path_factory, text)
    args = ["train", str(path)]
    args += ["--epochs", "1"] if "--epochs=1" in flags else ["--steps", steps]
    if "--out" in flags:
        args += ["--out", str(path.parent / "out.json")]
    args += [f for f in flags if f in ("--json", "--seed=3")]
    check(run(args, path.parent), args, text)


@QUICK
@given(text=files, json_flag=st.booleans())
def test_grad_answers_every_file(tmp_path_factory, text, json_flag):
    path = _file(tmp_path_factory, text)
    args = ["grad", str(path)] + (["--json"] if json_flag else [])
    check(run(args, path.parent), args, text)


@RENDER
@given(text=files, view=st.sampled_from(["landscape", "loss", "network", "data", "nope"]),
       out=st.sampled_from(["x.png", "x.svg", "x.txt", "missing/x.png"]),
       size=st.sampled_from([None, "64x48", "8001x16", "0x0", "axb"]), steps=counts)
def test_render_answers_every_file_and_argument(tmp_path_factory, text, view, out, size, steps):
    path = _file(tmp_path_factory, text)
    args = ["render", str(path), "--view", view, "--out", str(path.parent / out),
            "--steps", steps] + (["--size", size] if size else [])
    check(run(args, path.parent), args, text)


@QUICK
@given(args=st.lists(st.sampled_from(["train", "grad", "render", "--help", "--version",
                                      "-x", "--steps", "--view", "window", "bowl", "xor",
                                      "nope", "", "--out", "--json", "/dev/null", "/dev/zero",
                                      "."]), max_size=5))
def test_any_argument_list_gets_a_documented_answer(tmp_path, args):
    if not args or args[0] not in ("train", "grad", "render", "--help", "--version", "-x"):
        # Without a command, playground opens the app: only a bad FILE answers headless.
        args = ["/dev/zero"] if not args else args[:1] + ["--no-such-option"]
    check(run(args, tmp_path), args, "")
