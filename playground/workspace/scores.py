"""A classifier's scores on its training and test points: accuracy, per class, confusion."""

from __future__ import annotations

from typing import Any

import numpy as np

from playground.engine.confusion import Confusion, confusion


def run_scores(run: Any) -> dict[str, Confusion] | None:
    """{"train": …, "test": …} confusion tables of a TrainingRun at its current parameters
    ("test" only when there are test points); None when the data are no classification."""
    ds = run.raw_dataset
    if ds.kind != "classification":
        return None
    kind = run.compiled.loss_spec.kind
    out: dict[str, Confusion] = {}
    for part, x, y in (("train", run.x, run.y), ("test", run.x_test, run.y_test)):
        if len(x):
            with np.errstate(all="ignore"):
                outputs = run.compiled.forward(run.theta, x)
            out[part] = confusion(outputs, y, kind, ds.class_names)
    return out


def score_report(scores: dict[str, Confusion] | None) -> dict[str, Any]:
    """The JSON fields of `playground train` for a classifier: accuracy and test_accuracy,
    per_class_accuracy and confusion (of the test points when there are some)."""
    if scores is None:
        return {}
    shown = scores.get("test", scores["train"])
    table = shown.to_dict()
    return {"accuracy": scores["train"].to_dict()["accuracy"],
            "test_accuracy": scores["test"].to_dict()["accuracy"] if "test" in scores else None,
            "per_class_accuracy": table["per_class"], "classes": table["classes"],
            "confusion": table["confusion"],
            "scored_on": "test" if "test" in scores else "train"}
