"""What a document trains: a drawn network or a typed function, compiled the same way."""

from __future__ import annotations

from playground.engine.compiled import CompiledNetwork, compile_network
from playground.engine.function import CompiledFunction, FunctionModel, compile_function
from playground.engine.losses import LossSpec
from playground.engine.network import Network

Model = Network | FunctionModel
Compiled = CompiledNetwork | CompiledFunction


def compile_model(model: Model, loss: LossSpec | None = None) -> Compiled:
    """The compiled graph of a network (with its loss) or of a function (its own value)."""
    if isinstance(model, FunctionModel):
        return compile_function(model)
    return compile_network(model, loss)


def is_function(model: Model) -> bool:
    return isinstance(model, FunctionModel)
