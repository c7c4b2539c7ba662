"""Formula text as rich text (the HTML subset Qt shows): numbers, symbols and registry formulas.

The engine gives numbers and markup-free formula text (`_{…}` a subscript,
`^{…}` a superscript); this is the one place that turns them into HTML.
"""

from __future__ import annotations

import html
import re

import numpy as np

from playground.engine.activations import ACTIVATIONS
from playground.engine.losses import LOSSES

_MARK = re.compile(r"([_^])\{([^{}]*)\}")


def rich(text: str, output: str | None = None) -> str:
    """Markup-free formula text as HTML; with `output`, the subscript `o` becomes its id."""
    def tag(m: re.Match) -> str:
        name = "sub" if m[1] == "_" else "sup"
        inner = html.escape(output) if output is not None and m[2] == "o" else m[2]
        return f"<{name}>{inner}</{name}>"

    return _MARK.sub(tag, html.escape(text, quote=False))


def num(v: float) -> str:
    """A number to 4 significant digits, with a true minus sign and ×10 powers."""
    v = float(v)
    if not np.isfinite(v):
        return "NaN" if np.isnan(v) else ("∞" if v > 0 else "−∞")
    s = f"{v:.4g}"
    if "e" in s:
        mantissa, exponent = s.split("e")
        s = f"{mantissa}·10<sup>{int(exponent)}</sup>"
    return s.replace("-", "−")


def operand(v: float) -> str:
    """A number ready to be multiplied: negative ones in parentheses."""
    s = num(v)
    return f"({s})" if s.startswith("−") else s


def sym(base: str, index: str) -> str:
    """A symbol with a neuron or connection subscript, e.g. a<sub>h1</sub>."""
    return f"{base}<sub>{html.escape(index)}</sub>"


def weight_sym(src: str, dst: str) -> str:
    return sym("w", f"{src}→{dst}")


def parameter_sym(source: str | None, neuron: str) -> str:
    """w<sub>src→dst</sub> for a weight (source given), b<sub>neuron</sub> for a bias."""
    return weight_sym(source, neuron) if source is not None else sym("b", neuron)


def activation_formula(name: str) -> str:
    """f(z) of an activation, e.g. 1 / (1 + e<sup>−z</sup>)."""
    return rich(ACTIVATIONS[name].formula)


def derivative_formula(name: str) -> str:
    """f′ of an activation in terms of z and a, e.g. a(1 − a)."""
    return rich(ACTIVATIONS[name].derivative)


def loss_formula(name: str) -> str:
    """The per-sample loss of an output o, e.g. ½(a<sub>o</sub> − y<sub>o</sub>)<sup>2</sup>."""
    return rich(LOSSES[name].formula)


def loss_derivative(name: str, output: str, mean_over: int | None = None) -> str:
    """∂L/∂a of an output, with the mean's 1/n when the loss averages over n samples."""
    expr = rich(LOSSES[name].derivative, output)
    return f"({expr}) / {mean_over}" if mean_over is not None else expr


def penalty_derivative(regularizer: str, w: str) -> str:
    """The regulariser's derivative for weight symbol `w` (HTML)."""
    return f"λ·{w}" if regularizer == "l2" else f"λ·sign({w})"


def penalty_sum(regularizer: str) -> str:
    """The regulariser's term of the loss."""
    return "½λΣw<sup>2</sup>" if regularizer == "l2" else "λΣ|w|"
