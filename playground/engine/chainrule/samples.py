"""Which trace and which samples an explanation covers, checked."""

from __future__ import annotations

import numpy as np

from playground.engine.compiled import CompiledNetwork, Trace


def check_trace(compiled: CompiledNetwork, trace: Trace) -> None:
    """Refuse a trace of another network or of a batch of parameter settings."""
    if trace.compiled is not compiled:
        raise ValueError("the trace was made by a different compiled network")
    if np.ndim(trace.loss) != 0:
        raise ValueError("explanations need the trace of one parameter setting, "
                         f"not of a batch of {np.shape(trace.loss)[0]}")


def check_neuron(compiled: CompiledNetwork, nid: str) -> None:
    if nid not in compiled.position:
        raise ValueError(f'no neuron "{nid}"')


def sample_count(trace: Trace) -> int:
    return int(trace.values[trace.compiled.x_leaf].shape[-2])


def selection(trace: Trace, sample: int | None) -> slice | list[int]:
    """Index picking one sample (as a length-1 axis) or all of them."""
    if sample is None:
        return slice(None)
    n = sample_count(trace)
    if isinstance(sample, bool) or not isinstance(sample, int | np.integer) \
            or not 0 <= sample < n:
        raise ValueError(f"sample must be an index from 0 to {n - 1}, not {sample!r}")
    return [int(sample)]


def reduction_note(n: int, sample: int | None, how: str) -> str:
    """Which samples a shown number covers, e.g. "sample 2" or "mean over 8 samples"."""
    if sample is not None:
        return f"sample {sample}"
    return f"{how} over {n} sample{'s' if n != 1 else ''}"
