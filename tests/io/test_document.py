"""Document copies: independent where it matters, cheap for large inline data."""

from __future__ import annotations

from playground.engine.network import layered
from playground.io.codec import document_from_tree, tree_from_document
from playground.io.document import DataSpec, Document


def inline_document() -> Document:
    x = [[0.1 * i, -0.2 * i] for i in range(50)]
    y = [[float(i % 2)] for i in range(50)]
    return Document(layered("2-3-1", seed=2), DataSpec(None, x=x, y=y, kind="classification",
                                                      train_fraction=0.8, seed=4))


def test_copy_shares_the_inline_points_and_copies_everything_else():
    doc = inline_document()
    doc.data.params["extra"] = 1.0
    twin = doc.copy()
    assert twin.data.x is doc.data.x and twin.data.y is doc.data.y  # no per-point copying
    assert twin.data is not doc.data and twin.data.params is not doc.data.params
    twin.data.params["extra"] = 2.0
    twin.data.seed = 9
    twin.network.neurons[-1].bias = 123.0
    assert doc.data.params == {"extra": 1.0} and doc.data.seed == 4
    assert doc.network.neurons[-1].bias != 123.0


def test_a_copy_round_trips_exactly_through_the_file_format():
    doc = inline_document()
    tree = tree_from_document(doc.copy())
    assert tree == tree_from_document(doc)
    back = document_from_tree(tree)
    assert back.data.x == doc.data.x and back.data.y == doc.data.y
    assert back.data.build().x_train.tolist() == doc.copy().data.build().x_train.tolist()
