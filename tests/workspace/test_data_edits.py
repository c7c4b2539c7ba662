"""Point edits keep every other point where it was and on its side of the split; the split
is a stored per-point list, so an edit never reshuffles."""

from __future__ import annotations

import numpy as np

from playground.engine.network import layered
from playground.io.codec import document_from_tree, tree_from_document
from playground.io.document import DataSpec, Document
from playground.workspace import data_edits as de


def xor_doc() -> Document:
    return Document(layered("2-4-1", seed=1), DataSpec("xor", n_points=40))


def test_adding_a_point_to_generated_data_keeps_every_point_and_its_side():
    doc = xor_doc()
    ds = doc.data.build()
    after = de.add_point(doc, [0.5, -0.25], [1.0])
    new = after.data.build()
    assert after.data.generator is None and after.data.kind == "classification"
    assert np.array_equal(new.x_train[:-1], ds.x_train)  # same order: the run's batches too
    assert np.array_equal(new.x_test, ds.x_test)
    assert new.x_train[-1].tolist() == [0.5, -0.25] and new.y_train[-1].tolist() == [1.0]


def test_inline_data_without_a_stored_split_keep_the_seeded_one():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, 2))
    y = (x[:, :1] > 0).astype(float)
    doc = Document(layered("2-3-1", seed=1), DataSpec(None, x=x.tolist(), y=y.tolist(),
                                                     kind="classification",
                                                     train_fraction=0.7, seed=4))
    ds = doc.data.build()
    after = de.move_points(doc, [("test", 2)], [[9.0, 9.0]])
    new = after.data.build()
    assert after.data.x[:5] != [] and len(after.data.test_rows) == len(ds.x_test)
    assert sorted(map(tuple, new.x_train.tolist())) == sorted(map(tuple, ds.x_train.tolist()))
    moved = [r for r in map(tuple, new.x_test.tolist()) if r not in map(tuple, ds.x_test.tolist())]
    assert moved == [(9.0, 9.0)]


def test_deleting_points_renumbers_the_held_out_rows():
    doc = de.add_point(xor_doc(), [0.0, 0.0], [1.0])
    ds = doc.data.build()
    after = de.delete_points(doc, [("train", 0), ("test", 1)])
    new = after.data.build()
    assert np.array_equal(new.x_train, ds.x_train[1:])
    assert np.array_equal(new.x_test, np.delete(ds.x_test, 1, axis=0))
    rows = after.data.test_rows
    assert rows == sorted(rows) and rows[-1] < len(after.data.x)


def test_a_new_ratio_splits_drawn_points_anew_by_the_seed_and_reopens_to_the_bit():
    doc = de.add_point(xor_doc(), [1.25, 2.5], [0.0])
    after = de.set_train_fraction(doc, 0.6)
    n = len(after.data.x)
    assert len(after.data.test_rows) == n - round(0.6 * n)
    again = document_from_tree(tree_from_document(after))
    a, b = after.data.build(), again.data.build()
    for part in ("x_train", "y_train", "x_test", "y_test"):
        assert getattr(a, part).tobytes() == getattr(b, part).tobytes()


def test_clear_leaves_a_document_waiting_for_points_and_it_saves():
    doc = de.clear_points(xor_doc())
    assert doc.waits_for_points() and doc.data.sizes() == (0, 0)
    again = document_from_tree(tree_from_document(doc))
    assert again.waits_for_points() and again.data.kind == "classification"
    first = de.add_point(again, [1.0, 1.0], [1.0])
    assert len(first.data.build().x_train) == 1


def test_typed_data_fit_the_network_to_one_or_two_inputs():
    curve = de.set_typed_data(xor_doc(), "curve", "sin(3*x)")
    assert [n.id for n in curve.network.neurons if n.role == "input"] == ["x1"]
    assert curve.data.build().kind == "regression"
    boundary = de.set_typed_data(curve, "boundary", "abs(x1)")
    ins = [n.feature or n.id for n in boundary.network.neurons if n.role == "input"]
    assert ins == ["x1", "x2"] and boundary.data.build().kind == "classification"
    again = document_from_tree(tree_from_document(boundary))
    assert again.data.expression == "abs(x1)" and again.data.generator == "boundary"


def test_display_settings_are_saved_only_when_set():
    doc = xor_doc()
    assert "data_view" not in tree_from_document(doc)
    shown = de.set_display(doc, discretize=True, show_test=False)
    tree = tree_from_document(shown)
    assert tree["data_view"] == {"discretize": True, "show_test": False}
    assert document_from_tree(tree).data_view == shown.data_view


def test_drawing_on_more_generated_points_than_a_file_holds_is_refused_before_any_work():
    import pytest

    from playground.io.limits import INLINE_POINTS

    doc = Document(layered("2-4-1", seed=1), DataSpec("xor", n_points=INLINE_POINTS.value + 1))
    with pytest.raises(ValueError, match="drawing stores every point in the file.*limit"):
        de.add_point(doc, [0.5, -0.25], [1.0])
