"""What an edit does to a running training: one rule for canvas and panel edits alike.

Parameters that still exist keep their values and their optimizer state; the run goes
on from the same step, at the same place in its mini-batch order; the loss history is
kept and the edit is marked on the loss curve. The descent path is kept while the
parameters are the same ones, and restarts at the edit when they change (the old path
lies in another parameter space). Reset is the only thing that starts over.
"""

from __future__ import annotations

import numpy as np

from playground.engine.training import TrainingRun

MAX_MARKS = 200  # edit marks kept on the loss curve (the oldest go first)


def carry_over(old: TrainingRun, new: TrainingRun) -> bool:
    """Continue `old` in `new` by the rule above; True if the parameters are the same ones
    (and so the descent path goes on too)."""
    old_names = old.compiled.parameter_names
    new_names = new.compiled.parameter_names
    old_index = {name: i for i, name in enumerate(old_names)}
    shared = [(i, old_index[name]) for i, name in enumerate(new_names) if name in old_index]
    for i, j in shared:
        new.theta[i] = old.theta[j]
    same = list(old_names) == list(new_names)
    new.resume_at(old.step_count)
    new.diverged = None
    if same:
        new.history = old.history
    else:
        history = new.history
        history.stride = max(history.stride, old.history.stride)
        history.steps = list(old.history.steps)
        history.train_loss = list(old.history.train_loss)
        history.test_loss = list(old.history.test_loss)
    _carry_optimizer_state(old, new, shared)
    return same


def _carry_optimizer_state(old: TrainingRun, new: TrainingRun,
                           shared: list[tuple[int, int]]) -> None:
    """Per-parameter buffers (momentum, Adam's moments) follow their parameter by name."""
    if type(new.optimizer) is not type(old.optimizer):
        return  # another optimizer starts fresh
    state = old.optimizer.state_dict()
    fresh = new.optimizer.state_dict()
    n_old = old.compiled.n_params
    buffers = {}
    for key, values in fresh["buffers"].items():
        target = np.asarray(values, dtype=float)
        source = np.asarray(state["buffers"].get(key, []), dtype=float)
        if source.shape == (n_old,) and target.ndim == 1:
            for i, j in shared:
                target[i] = source[j]
        buffers[key] = target.tolist()
    try:
        new.optimizer.load_state_dict({"t": state["t"], "buffers": buffers})
    except ValueError:
        pass  # a state that does not fit is dropped: the optimizer starts fresh
