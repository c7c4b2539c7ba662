"""The costs at the size limits of playground/io/limits.py, against their targets.

At the limits: loading a file takes <= 2 s, one full-batch training step <= 1 s,
`playground grad` (with its finite-difference check) <= 60 s, and the network
view draws in <= 5 s within 1 GB. Cases:

- widest: a 2-H-H-1 tanh network with as many connections as allowed, with as
  many training points as the work limit allows, Adam, after a run whose history
  path is as long as the engine keeps (32 MB): the largest real saved run;
- most inline points: the inline-rows limit on a 2-4-4-1 network;
- most points: generated points up to the work limit on a 2-4-1 network;
- longest path: a file of the largest path history the file limits accept;
- most neurons: the neurons limit as a chain 2-1-1-...-1 (the only shape that
  reaches it within the connections limit), with a saved run;
- most history: every history list at the entry limit (load);
- biggest file: inline rows of as many columns as a network can take, up to the
  file-size limit (load, step);
- most generated values: linear-regression at the generated-values limit;
- landscape: one surface at the resolution limit, computed as the landscape
  worker thread does (small network; the widest network measured at 64x64 and
  scaled, as the full grid takes far longer), and how promptly it cancels;
- picture: `render --view landscape` at the picture-side limit.

Each figure is measured in a fresh process (wall and CPU seconds, peak memory),
so a loaded machine shows as wall >> CPU. Run: .venv/bin/python benchmarks/limits.py
(add --quick to skip the longest-path file and the largest picture).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playground.io import limits  # noqa: E402

CHILD = r"""
import json, resource, sys, time
what, path = sys.argv[1], sys.argv[2]
t0, c0 = time.perf_counter(), time.process_time()
if what == "load":
    from playground.io.files import load_document
    t0, c0 = time.perf_counter(), time.process_time()
    load_document(path)
elif what in ("surface", "cancel"):
    # One landscape surface as the app's landscape worker thread computes it
    # (LandscapeProblem.surfaces, one resolution per turn of its loop).
    import numpy as np
    from playground.io.files import load_document
    from playground.ui.views.landscape_worker import LandscapeProblem, LandscapeRequest
    doc = load_document(path)
    problem = LandscapeProblem(doc)
    theta = doc.make_run().theta
    res = int(sys.argv[3])
    request = LandscapeRequest(0, "random", theta, theta[None, :], resolutions=(res,))
    calls = []  # when the worker asked whether to stop: the gaps bound the cancel latency
    def cancelled():
        calls.append(time.perf_counter())
        return what == "cancel" and calls[-1] - t0 > float(sys.argv[4])
    t0, c0 = time.perf_counter(), time.process_time()
    _, surfaces = problem.surfaces(request, cancelled)
    try:
        surface = next(surfaces)
        assert surface.z.shape == (res, res)
    except Exception as e:
        if type(e).__name__ != "Cancelled":
            raise
    late = max(b - a for a, b in zip([t0] + calls, calls + [time.perf_counter()]))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall": wall, "cpu": cpu, "rss_mb": rss, "late": late}))
    sys.exit(0)
elif what == "step":
    import numpy as np
    from playground.io.files import load_document
    run = load_document(path).make_run()
    run.step()  # the first step allocates; the figure is a step after it
    times = []
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        run.step()
        times.append((time.perf_counter() - t0, time.process_time() - c0))
    wall, cpu = sorted(times)[1]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall": wall, "cpu": cpu, "rss_mb": rss}))
    sys.exit(0)
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"wall": wall, "cpu": cpu, "rss_mb": rss}))
"""


def child(what: str, path: Path, *extra: str) -> dict:
    """A figure measured inside a fresh Python process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", CHILD, what, str(path), *extra], cwd=ROOT,
                         capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout)


RUN_COMMAND = r"""
import json, os, resource, sys, time
from playground.cli import main
t0, c0 = time.perf_counter(), time.process_time()
code = main(sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_SELF)
with open(os.environ["LIMITS_FIGURES"], "w") as f:
    json.dump({"code": code, "wall": time.perf_counter() - t0,
               "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}, f)
sys.exit(code)
"""


def command(*args: str) -> dict:
    """`playground ARGS` in a fresh process: its wall and CPU seconds (imports included)
    and its own peak memory."""
    with tempfile.NamedTemporaryFile(suffix=".json") as figures:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LIMITS_FIGURES": figures.name}
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", RUN_COMMAND, *args], cwd=ROOT, env=env,
                                capture_output=True, text=True)
        wall = time.perf_counter() - started
        if result.returncode != 0:
            raise SystemExit(f"playground {' '.join(args)} failed: {result.stderr.strip()}")
        out = json.loads(Path(figures.name).read_text())
    return {"wall": wall, "cpu": out["cpu"], "rss_mb": out["rss_mb"], "stdout": result.stdout}


def widest_spec() -> str:
    """The 2-H-H-1 network with the most connections the limit allows."""
    h = int((-3 + math.sqrt(9 + 4 * limits.CONNECTIONS.value)) / 2)
    while 2 * h + h * h + h > limits.CONNECTIONS.value:
        h -= 1
    return f"2-{h}-{h}-1"


def make_file(folder: Path, name: str, spec: str, points: int, steps: int,
              inline: bool = False) -> Path:
    """The case's file, written by a separate process: this one stays small, as a child
    inherits its parent's peak memory figure."""
    path = folder / f"{name}.json"
    subprocess.run([sys.executable, __file__, "--make", str(path), spec, str(points),
                    str(steps), str(int(inline))], cwd=ROOT, check=True)
    return path


def write_file(path: Path, spec: str, points: int, steps: int, inline: bool) -> None:
    from playground.engine.datasets import generate
    from playground.engine.network import layered
    from playground.engine.training import TrainingConfig
    from playground.io.document import DataSpec, Document
    from playground.io.files import save_document

    net = layered(spec, "tanh", "linear", seed=0)
    if inline:
        data = generate("xor", n_points=points, train_fraction=1.0, seed=0)
        spec_ = DataSpec(None, x=data.x_train.tolist(), y=data.y_train.tolist(),
                         train_fraction=1.0,
                         kind="classification")
    else:
        spec_ = DataSpec("xor", n_points=points, train_fraction=1.0)
    doc = Document(net, spec_, TrainingConfig(optimizer="adam", hyper={"lr": 1e-3}))
    if steps:
        run = doc.make_run()
        run.steps(steps)
        run.record_now()
        doc.capture(run)
    save_document(doc, path)


def make_special(folder: Path, kind: str) -> Path:
    """A file for a case that is not a trained layered network, written by a separate
    process (see make_file)."""
    path = folder / f"{kind}.json"
    subprocess.run([sys.executable, __file__, "--make-special", kind, str(path)], cwd=ROOT,
                   check=True)
    return path


def write_special(kind: str, path: Path) -> None:
    import numpy as np

    from playground.engine.network import layered
    from playground.engine.training import TrainingConfig
    from playground.io.codec import tree_from_document
    from playground.io.document import DataSpec, Document
    from playground.io.files import loads_document, save_document
    from playground.io.jsontext import dumps

    if kind == "history":
        # Every history list at the entry limit, and its path at the path-number limit.
        net = layered("2-2-1", "tanh", "linear", seed=0)
        doc = Document(net, DataSpec("xor", n_points=200, train_fraction=1.0),
                       TrainingConfig(optimizer="sgd", hyper={"lr": 1e-3}))
        run = doc.make_run()
        run.steps(2)
        run.record_now()
        doc.capture(run)
        tree = tree_from_document(doc)
        n = limits.HISTORY.value
        params = limits.PATH_NUMBERS.value // n
        assert len(tree["run"]["history"]["path"][0]) <= params
        rng = np.random.default_rng(0)
        last = n - 1
        theta = np.asarray(tree["run"]["history"]["path"][-1])
        tree["run"]["step"] = last
        tree["run"]["optimizer_state"]["t"] = last
        h = tree["run"]["history"]
        h["steps"] = h["path_steps"] = list(range(n))
        h["train_loss"] = (0.25 + rng.random(n) * 0.01).tolist()
        h["test_loss"] = [None] * n
        h["path"] = (theta + rng.normal(0, 0.01, (n, theta.size))).tolist()
        text = dumps(tree)
        loads_document(text)  # a file the loader accepts
        path.write_text(text)
    elif kind in ("biggest-file", "generated-values"):
        cols = generator_columns()
        net = layered(f"{cols}-1", "tanh", "linear", seed=0)
        if kind == "generated-values":
            rows = min(limits.GENERATOR_CELLS.value // cols, limits.POINTS.value)
            spec = DataSpec("linear-regression", params={"n_rows": rows, "n_cols": cols},
                            train_fraction=1.0)
            save_document(Document(net, spec, TrainingConfig()), path)
            return
        # Inline rows of `cols` numbers, as many as fit just under the file-size limit.
        rng = np.random.default_rng(0)

        def write(rows: int) -> int:
            x = rng.normal(size=(rows, cols)).tolist()
            y = rng.normal(size=(rows, 1)).tolist()
            spec = DataSpec(None, x=x, y=y, train_fraction=1.0, kind="regression")
            save_document(Document(net, spec, TrainingConfig()), path)
            return path.stat().st_size

        small = write(100)
        per_row = (write(200) - small) / 100
        rows = int(100 + (limits.FILE_BYTES.value * 0.99 - small) / per_row)
        while write(rows) > limits.FILE_BYTES.value:
            rows -= rows // 100
    else:
        raise SystemExit(f"no special file {kind!r}")


def generator_columns() -> int:
    """The most input columns a network can take: the generator-columns limit, or fewer
    when the neurons limit leaves no room for them and an output."""
    return min(limits.GENERATOR_COLUMNS.value, limits.NEURONS.value - 1)


def size_of(spec: str) -> tuple[int, int]:
    from playground.engine.network import layered

    net = layered(spec, "tanh", "linear", seed=0)
    return len(net.connections), len(net.neurons)


def line(what: str, figure: dict, target: str) -> None:
    print(f"  {what:<34} wall {figure['wall']:7.2f} s  CPU {figure['cpu']:7.2f} s  "
          f"peak {figure['rss_mb']:6.0f} MB   target {target}")


def case(folder: Path, name: str, spec: str, points: int, steps: int, inline: bool,
         views: bool) -> None:
    conns, neurons = size_of(spec)
    path = make_file(folder, name, spec, points, steps, inline)
    shown = spec if len(spec) < 40 else f"{spec[:12]}...{spec[-6:]} ({spec.count('-') + 1} levels)"
    print(f"{name}: {shown} ({conns:,} connections, {neurons:,} neurons), {points:,} training "
          f"points{' inline' if inline else ''}, {steps:,} steps saved; "
          f"file {path.stat().st_size / 2**20:.1f} MB")
    line("load", child("load", path), "<= 2 s")
    line("one full-batch training step", child("step", path), "<= 1 s")
    grad = command("grad", str(path), "--json")
    report = json.loads(grad["stdout"])
    line(f"grad ({report['checked']:,} of {len(report['parameters']):,} checked)", grad,
         "<= 60 s")
    if views:
        line("render --view network", command("render", str(path), "--view", "network",
                                              "--out", str(folder / f"{name}.png")),
             "<= 5 s, <= 1 GB")


def main() -> None:
    if sys.argv[1:2] == ["--make-special"]:
        write_special(sys.argv[2], Path(sys.argv[3]))
        return
    if sys.argv[1:2] == ["--make"]:
        path, spec, points, steps, inline = sys.argv[2:7]
        write_file(Path(path), spec, int(points), int(steps), inline == "1")
        return
    quick = "--quick" in sys.argv
    print(f"limits: {limits.CONNECTIONS.value:,} connections, {limits.NEURONS.value:,} "
          f"neurons, {limits.POINTS.value:,} points ({limits.INLINE_POINTS.value:,} inline), "
          f"work {limits.WORK.value:,} "
          f"point-connections, file {limits.FILE_BYTES.value >> 20} MB, path "
          f"{limits.PATH_NUMBERS.value:,} numbers; {time.strftime('%Y-%m-%d %H:%M')}, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        spec = widest_spec()
        conns, neurons = size_of(spec)
        case(folder, "widest", spec, limits.WORK.value // (conns + neurons), 300, False, True)
        small = "2-4-4-1"
        conns, neurons = size_of(small)
        points = min(limits.INLINE_POINTS.value, limits.WORK.value // (conns + neurons))
        case(folder, "most-inline-points", small, points, 0, True, False)
        tiny = "2-4-1"
        conns, neurons = size_of(tiny)
        points = min(limits.POINTS.value, limits.WORK.value // (conns + neurons))
        case(folder, "most-points", tiny, points, 0, False, False)
        if not quick:
            case(folder, "longest-path", widest_spec(), 200, 3000, False, False)
        deepest = "2-" + "1-" * (limits.NEURONS.value - 3) + "1"
        conns, neurons = size_of(deepest)
        case(folder, "most-neurons", deepest, limits.WORK.value // (conns + neurons), 300,
             False, True)
        special(folder)
        landscapes(folder)
        if not quick:
            picture(folder)


def special(folder: Path) -> None:
    """The limits reached by files other than a trained layered network."""
    path = make_special(folder, "history")
    print(f"most history: {limits.HISTORY.value:,} entries in every history list, a path of "
          f"{limits.PATH_NUMBERS.value:,} numbers at most (2-2-1); "
          f"file {path.stat().st_size / 2**20:.1f} MB")
    line("load", child("load", path), "<= 2 s")
    path = make_special(folder, "biggest-file")
    cols = generator_columns()
    print(f"biggest file: inline rows of {cols:,} numbers on a {cols}-1 network, up to the "
          f"file-size limit; "
          f"file {path.stat().st_size / 2**20:.1f} MB of {limits.FILE_BYTES.value >> 20} MB")
    line("load", child("load", path), "<= 2 s")
    line("one full-batch training step", child("step", path), "<= 1 s")
    path = make_special(folder, "generated-values")
    print(f"most generated values: linear-regression, {limits.GENERATOR_CELLS.value:,} values "
          f"({cols:,} columns) on a {cols}-1 network")
    line("load", child("load", path), "<= 2 s")
    line("one full-batch training step", child("step", path), "<= 1 s")


def landscapes(folder: Path) -> None:
    """One surface at the resolution limit, as the landscape worker thread computes it
    (a random plane; the worker asks to cancel between chunks)."""
    res = limits.RESOLUTION.value
    small = make_file(folder, "small", "2-4-4-1", 200, 100)
    print(f"landscape at {res}x{res}, one surface on the landscape worker thread:")
    line("2-4-4-1, 200 points", child("surface", small, str(res)), "(none; cancellable)")
    spec = widest_spec()
    conns, neurons = size_of(spec)
    points = limits.WORK.value // (conns + neurons)
    widest = make_file(folder, "widest-surface", spec, points, 0)
    part = 64
    figure = child("surface", widest, str(part))
    scale = (res / part) ** 2
    print(f"  {spec}, {points:,} points: a {part}x{part} surface, x{scale:.0f} for {res}x{res}")
    line(f"{part}x{part}", figure, "")
    line(f"{res}x{res} (extrapolated)", {**figure, "wall": figure["wall"] * scale,
                                         "cpu": figure["cpu"] * scale}, "(none; cancellable)")
    cancel = child("cancel", widest, str(res), "2.0")
    print(f"  {res}x{res} cancelled after 2 s: stopped after {cancel['wall']:.2f} s; the "
          f"longest gap between two checks for cancellation {cancel['late'] * 1000:.0f} ms "
          f"(target ~50 ms)")


def picture(folder: Path) -> None:
    side = limits.PICTURE_SIDE.value
    small = folder / "small.json"
    line(f"render --view landscape {side}x{side}",
         command("render", str(small), "--view", "landscape", "--size", f"{side}x{side}",
                 "--out", str(folder / "big.png")), "(none)")


if __name__ == "__main__":
    main()
