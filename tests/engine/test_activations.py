"""Every activation is one complete registry entry; its float32 kernel matches float64."""

from dataclasses import fields

import numpy as np
import pytest

from playground.engine.activations import ACTIVATIONS, Activation, get

Z = np.concatenate([np.linspace(-30, 30, 601), [1e-6, -1e-6, 1e-3, -1e-3, 0.0]])


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_entry_is_complete(name):
    act = ACTIVATIONS[name]
    assert act.name == name and get(name) is act
    for f in fields(Activation):
        value = getattr(act, f.name)
        assert value is not None and value != "", f"{name}.{f.name} is empty"
    for text in (act.label, act.formula, act.derivative, act.glyph):
        assert "<" not in text.replace(" > ", ""), f"{name}: formula text holds markup"


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_derivative_matches_finite_differences(name):
    act = ACTIVATIONS[name]
    z = Z[np.abs(Z) > 1e-2]  # away from the kinks of relu and leaky relu
    h = 1e-6
    numeric = (act.f(z + h) - act.f(z - h)) / (2 * h)
    assert np.allclose(act.df(z, act.f(z)), numeric, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_float32_kernel_is_accurate_relative_to_float64(name):
    act = ACTIVATIONS[name]
    z32 = Z.astype(np.float32)
    out = np.empty_like(z32)
    with np.errstate(over="ignore"):
        got = act.kernel32(z32, out)
    assert got is out and out.dtype == np.float32
    ref = act.f(z32.astype(np.float64))
    big = np.abs(ref) > 1e-30
    rel = np.abs(out[big] - ref[big]) / np.abs(ref[big])
    assert rel.max() < 1e-6, f"{name}: worst relative error {rel.max():.2e}"
    assert np.all(out[~big] == 0) or np.abs(out[~big]).max() < 1e-30


def test_tanh_kernel_near_zero():
    z = np.array([1e-6, -1e-6, 1e-8], np.float32)
    out = ACTIVATIONS["tanh"].kernel32(z, np.empty_like(z))
    ref = np.tanh(z.astype(np.float64))
    assert np.all(np.abs(out - ref) / np.abs(ref) < 1e-6)


def test_unknown_activation_names_the_choices():
    with pytest.raises(ValueError, match="unknown activation 'swish'; choose one of linear"):
        get("swish")
