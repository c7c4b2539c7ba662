"""The chain rule behind every number backprop computes, read from a compiled network's trace.

Nothing here differentiates the network a second time: δ (dL/dz per sample) and
dL/dθ come from `CompiledNetwork.trace`, the grad_table walk over the compiled
graph. This package explains those numbers as values and structure (which
neuron, which connection, which activation or loss); the text and HTML built
from them is `playground.workspace.explanations`. The maths and how it maps to
the graph are in docs/chain-rule.md.

    topology   the drawn network recovered from the graph; values a trace used
    samples    which trace and which samples an explanation covers
    weights    dL/dw of a connection: δ·a, and every path to the loss
    neurons    z, a, σ′(z) and δ of a neuron
    jacobians  level Jacobians and their product, and the direct one
"""

from playground.engine.chainrule.jacobians import (
    JacobianChain,
    JacobianFactor,
    direct_jacobian,
    jacobian_chain,
    level_jacobian,
)
from playground.engine.chainrule.neurons import NeuronExplanation, explain_neuron
from playground.engine.chainrule.samples import (
    check_neuron,
    check_trace,
    reduction_note,
    sample_count,
    selection,
)
from playground.engine.chainrule.topology import (
    Link,
    Topology,
    activation_slope,
    active_regularizer,
    bias_value,
    penalty_gradient,
    topology,
    weight_value,
)
from playground.engine.chainrule.weights import (
    FACTOR_KINDS,
    MAX_PATHS,
    DeltaTerm,
    Factor,
    Path,
    WeightExplanation,
    explain_weight,
    successor_terms,
)

__all__ = [
    "FACTOR_KINDS", "MAX_PATHS", "DeltaTerm", "Factor", "JacobianChain", "JacobianFactor",
    "Link", "NeuronExplanation", "Path", "Topology", "WeightExplanation", "activation_slope",
    "active_regularizer", "bias_value", "check_neuron", "check_trace", "direct_jacobian",
    "explain_neuron", "explain_weight", "jacobian_chain", "level_jacobian", "penalty_gradient",
    "reduction_note", "sample_count", "selection", "successor_terms", "topology", "weight_value",
]
