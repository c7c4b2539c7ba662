"""A neuron's forward and backward numbers: z, a, σ′(z) and δ."""

from __future__ import annotations

from dataclasses import dataclass

from playground.engine.chainrule.samples import (
    check_neuron,
    check_trace,
    reduction_note,
    sample_count,
    selection,
)
from playground.engine.chainrule.topology import (
    activation_slope,
    bias_value,
    topology,
    weight_value,
)
from playground.engine.chainrule.weights import DeltaTerm, successor_terms
from playground.engine.compiled import CompiledNetwork, Trace


@dataclass(frozen=True)
class NeuronExplanation:
    """A neuron's forward and backward numbers for a sample or as batch means."""

    neuron: str
    role: str
    activation: str
    feature: str | None  # the input feature an input neuron reads; None for the others
    sample: int | None
    note: str  # "sample 3" or "mean over 8 samples"
    z: float
    a: float
    slope: float  # σ'(z)
    delta: float | None  # dL/dz; None for inputs (the engine does not differentiate x)
    delta_sum: float | None  # Σ over the samples of δ: dL/db when the neuron has a bias
    dloss_da: float | None
    bias: float | None
    incoming: tuple[tuple[str, float, float], ...]  # (source, weight, a(source)) shown
    successors: tuple[DeltaTerm, ...]


def explain_neuron(compiled: CompiledNetwork, trace: Trace, nid: str,
                   sample: int | None = None) -> NeuronExplanation:
    """z, a, σ'(z) and δ of a neuron, with what they were computed from."""
    check_trace(compiled, trace)
    check_neuron(compiled, nid)
    topo = topology(compiled)
    sel = selection(trace, sample)
    n = sample_count(trace)
    is_input = nid in compiled.input_ids
    role = "input" if is_input else ("output" if nid in compiled.output_ids else "hidden")
    z, a = trace.z(nid)[sel], trace.a(nid)[sel]
    slope = activation_slope(topo, trace, nid)[sel]
    delta = None if is_input else trace.delta(nid)[sel]
    dloss = None if is_input else trace.dloss_da(nid)[sel]
    incoming = tuple((k.src, weight_value(topo, trace, k), float(trace.a(k.src)[sel].mean()))
                     for k in topo.incoming[nid])
    feature = compiled.input_features[compiled.input_ids.index(nid)] if is_input else None
    def shown(v):  # the sample's own value (a −0 stays −0), or the batch mean
        return None if v is None else float(v[0] if sample is not None else v.mean())

    return NeuronExplanation(
        neuron=nid, role=role, activation=topo.activation[nid].name, feature=feature,
        sample=sample, note=reduction_note(n, sample, "mean"), z=shown(z), a=shown(a),
        slope=shown(slope), delta=shown(delta),
        delta_sum=None if delta is None else float(delta.sum()), dloss_da=shown(dloss),
        bias=bias_value(topo, trace, nid), incoming=incoming,
        successors=successor_terms(topo, trace, nid, sel))
