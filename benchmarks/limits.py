"""The costs at the size limits of playground/io/limits.py, against their targets.

At the limits: loading a file takes <= 2 s, one full-batch training step <= 1 s,
`playground grad` (with its finite-difference check) <= 60 s, and the network
view draws in <= 5 s within 1 GB. Cases:

- widest: a 2-H-H-1 tanh network with as many connections as allowed, with as
  many training points as the work limit allows, Adam, after a run whose history
  path is as long as the engine keeps (32 MB): the largest real saved run;
- most inline points: the inline-rows limit on a 2-4-4-1 network;
- most points: generated points up to the work limit on a 2-4-1 network;
- longest path: a file of the largest path history the file limits accept.

Each figure is measured in a fresh process (wall and CPU seconds, peak memory),
so a loaded machine shows as wall >> CPU. Run: .venv/bin/python benchmarks/limits.py
(add --quick to skip the longest-path file).
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


def child(what: str, path: Path) -> dict:
    """A figure measured inside a fresh Python process."""
    out = subprocess.run([sys.executable, "-c", CHILD, what, str(path)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
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
    print(f"{name}: {spec} ({conns:,} connections, {neurons:,} neurons), {points:,} training "
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


if __name__ == "__main__":
    main()
