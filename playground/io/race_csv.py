"""A race's recorded steps as CSV: one row per runner and recorded step."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from playground.io.files import write_atomically


def race_csv_text(race) -> str:
    """Columns runner, label, step, loss, then one per parameter; rows by runner, then step."""
    names = list(race.compiled.parameter_names)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["runner", "label", "step", "loss", *names])
    for k, (spec, h) in enumerate(zip(race.runners, race.histories)):
        losses = dict(zip(h.steps, h.train_loss))
        for step, theta in zip(h.path_steps, h.path):
            loss = losses.get(step)
            writer.writerow([k, spec.label, step,
                             "" if loss is None or not math.isfinite(loss) else repr(loss),
                             *(repr(float(v)) for v in theta)])
    return buffer.getvalue()


def save_race_csv(race, path: str | Path) -> None:
    """Write `race_csv_text` to `path` atomically (SaveError if it cannot)."""
    write_atomically(Path(path), race_csv_text(race).encode("utf-8"))
