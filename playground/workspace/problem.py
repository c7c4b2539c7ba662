"""The problem being trained: one immutable object per version of a document.

The network is compiled once per edit, here, and every part of the app reads that
one compilation: training, the landscape, the data view, the chain-rule views, the
editor's check. `compiled` belongs to the thread that built the problem (the GUI);
any other thread takes `for_thread()`, a deep copy of a pristine copy nobody computes
with, so no engine object with working buffers is ever shared or copied while in
use. The data arrays are shared: a Dataset's arrays are read-only.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

from playground.engine.compiled import CompiledNetwork
from playground.engine.datasets import Dataset
from playground.engine.function import function_dataset
from playground.engine.training import TrainingRun, prepare
from playground.io.document import Document


@dataclass(frozen=True, eq=False)
class Problem:
    """A document with its network compiled and its data built, checked to fit."""

    document: Document  # private: nobody changes it
    compiled: CompiledNetwork  # for the thread that built the problem
    dataset: Dataset  # as generated: the raw inputs the data view draws
    data: Dataset  # in the network's input features: what training and landscapes use
    pristine: CompiledNetwork  # never computed with: the source of every thread's copy

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(self.compiled.parameter_names)

    def for_thread(self) -> Problem:
        """A copy another thread may own: its own compiled network and document."""
        return replace(self, document=self.document.copy(),
                       compiled=copy.deepcopy(self.pristine))

    def make_run(self) -> TrainingRun:
        """A run of this problem (the document's saved run restored); it owns this
        problem's compiled network, so call it on a `for_thread` copy."""
        return self.document.make_run(self.dataset, (self.compiled, self.data))


class ProblemError(ValueError):
    """Why a document cannot train, in one line."""


def build_problem(document: Document, previous: Problem | None = None) -> Problem:
    """Compile `document` (a copy is kept); the data set of `previous` is reused when the
    data are the same. ProblemError says why the document cannot train."""
    doc = document.copy()
    try:
        if doc.is_function:
            dataset = function_dataset()  # a function has no data (its DataSpec is unused)
        elif previous is not None and previous.document.data == doc.data \
                and not previous.document.is_function:
            dataset = previous.dataset
        else:
            dataset = doc.data.build()
        compiled, data = prepare(doc.network, dataset, doc.training.loss)
        # The optimizer and its settings are checked where a run is made: make one cheaply.
        doc.make_run(dataset, (copy.copy(compiled), data))
    except ProblemError:
        raise
    except Exception as e:  # noqa: BLE001  (any refusal is a message for the user)
        raise ProblemError(str(e) or type(e).__name__) from e
    return Problem(doc, compiled, dataset, data, copy.deepcopy(compiled))

