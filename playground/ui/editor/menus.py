"""Context menus of the network canvas: on a neuron, on a connection, on empty space."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, QPointF
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from playground.engine.activations import ACTIVATIONS
from playground.engine.datasets import FEATURE_LABELS
from playground.engine.parameters import ParameterRef, bias_name
from playground.ui.editor.editor import Editor
from playground.ui.names import tr_name
from playground.workspace import network_edits as ne


def _popup(menu: QMenu, where: QPoint) -> None:
    menu.exec(where)
    menu.deleteLater()


def _title(menu: QMenu, text: str) -> None:
    """A greyed first line naming what the menu is about."""
    act = menu.addAction(text)
    act.setEnabled(False)
    menu.addSeparator()


class EditorMenus:
    """Builds the canvas's context menus; each choice calls an editor method."""

    def __init__(self, editor: Editor):
        self.editor = editor
        view = editor.view
        view.neuron_menu.connect(lambda nid, where: _popup(self.neuron(nid), where))
        view.connection_menu.connect(lambda name, where: _popup(self.connection(name), where))
        view.canvas_menu.connect(lambda pos, where: _popup(self.canvas(pos), where))

    def _targets(self, nid: str) -> list[str]:
        """The clicked neuron, or the whole selection when the neuron is part of it."""
        selected = self.editor.scene.selected_neurons()
        return selected if nid in selected else [nid]

    def neuron(self, nid: str) -> QMenu:
        """Activation, bias (value, on/off, landscape axis), input feature, delete."""
        e = self.editor
        n = e.network.neuron(nid)
        menu = QMenu(e.view)
        _title(menu, f"{nid} ({tr_name(n.role)})")
        if n.role == "input":
            self._feature_menu(menu, nid, n.feature or n.id)
        else:
            self._activation_menu(menu, nid, n.activation)
            name = bias_name(nid)
            value = e.value_of(name)
            has_bias = n.bias is not None
            act = menu.addAction(
                QCoreApplication.translate("EditorMenus", "Bias value… ({value:.4g})").format(
                    value=value
                )
                if has_bias
                else QCoreApplication.translate("EditorMenus", "Bias value…")
            )
            act.setEnabled(has_bias)
            act.triggered.connect(
                lambda: self._ask_value(
                    name, QCoreApplication.translate("EditorMenus", "Bias of {nid}").format(nid=nid)
                )
            )
            toggle = menu.addAction(QCoreApplication.translate("EditorMenus", "Has bias"))
            toggle.setCheckable(True)
            toggle.setChecked(has_bias)
            toggle.toggled.connect(lambda on: e.set_bias_enabled(nid, on))
            self._axis_actions(menu, name, "bias", has_bias)
        menu.addSeparator()
        delete = menu.addAction(QCoreApplication.translate("EditorMenus", "Delete"))
        delete.triggered.connect(lambda: self._delete_neurons(nid))
        return menu

    def connection(self, name: str) -> QMenu:
        """Weight value, landscape axis, delete."""
        e = self.editor
        value = e.value_of(name)
        edge = ParameterRef.parse(name, e.network.ids()).bare
        menu = QMenu(e.view)
        _title(menu, edge + ("" if value is None else f" = {value:.4g}"))
        act = menu.addAction(QCoreApplication.translate("EditorMenus", "Weight value…"))
        act.triggered.connect(
            lambda: self._ask_value(
                name, QCoreApplication.translate("EditorMenus", "Weight {edge}").format(edge=edge)
            )
        )
        self._axis_actions(menu, name, "weight", True)
        menu.addSeparator()
        delete = menu.addAction(QCoreApplication.translate("EditorMenus", "Delete"))
        delete.triggered.connect(lambda: self._delete_connection(name))
        return menu

    def canvas(self, pos: QPointF) -> QMenu:
        """Add neurons, lay out, fit."""
        e = self.editor
        menu = QMenu(e.view)
        here = menu.addAction(QCoreApplication.translate("EditorMenus", "Add hidden neuron here"))
        here.triggered.connect(lambda: e.add_neuron("hidden", ne.snap(pos.x(), pos.y())))
        menu.addAction(
            QCoreApplication.translate("EditorMenus", "Add input neuron"),
            lambda: e.add_neuron("input"),
        )
        menu.addAction(
            QCoreApplication.translate("EditorMenus", "Add output neuron"),
            lambda: e.add_neuron("output"),
        )
        menu.addSeparator()
        menu.addAction(QCoreApplication.translate("EditorMenus", "Auto layout"), e.auto_layout)
        menu.addAction(QCoreApplication.translate("EditorMenus", "Fit to view"), e.view.fit_to_view)
        menu.addAction(QCoreApplication.translate("EditorMenus", "Select all"), e.select_all)
        return menu

    # ------------------------------------------------------------------ parts
    def _activation_menu(self, menu: QMenu, nid: str, current: str) -> None:
        sub = menu.addMenu(QCoreApplication.translate("EditorMenus", "Activation"))
        group = QActionGroup(sub)
        targets = self._targets(nid)
        for key, act_info in ACTIVATIONS.items():
            act = QAction(act_info.label, sub)
            act.setCheckable(True)
            act.setChecked(key == current)
            act.triggered.connect(lambda _=False, k=key: self.editor.set_activation(targets, k))
            group.addAction(act)
            sub.addAction(act)

    def _feature_menu(self, menu: QMenu, nid: str, current: str) -> None:
        e = self.editor
        doc = e.controller.document
        allowed = ne.allowed_features(doc.data) if doc is not None else []
        used = set(ne.input_features(e.network))
        sub = menu.addMenu(QCoreApplication.translate("EditorMenus", "Input feature"))
        group = QActionGroup(sub)
        for f in allowed:
            act = QAction(FEATURE_LABELS.get(f, f), sub)
            act.setCheckable(True)
            act.setChecked(f == current)
            act.setEnabled(f == current or f not in used)
            act.triggered.connect(lambda _=False, f=f: e.set_feature(nid, f))
            group.addAction(act)
            sub.addAction(act)

    def _axis_actions(self, menu: QMenu, name: str, what: str, enabled: bool) -> None:
        axes = self.editor.landscape_axes()
        for which, axis in enumerate(("x", "y")):
            act = menu.addAction(
                QCoreApplication.translate(
                    "EditorMenus", "Use {what} as landscape {axis} axis"
                ).format(what=what, axis=axis)
            )
            act.setCheckable(True)
            act.setChecked(len(axes) == 2 and axes[which] == name)
            act.setEnabled(enabled)
            act.triggered.connect(lambda _=False, w=which: self.editor.use_as_axis(name, w))

    def _ask_value(self, name: str, title: str) -> None:
        e = self.editor
        start = e.value_of(name)
        value = e.ask_value(title, f"{name} =", 0.0 if start is None else start)
        if value is not None:
            e.set_value(name, value)

    def _delete_neurons(self, nid: str) -> None:
        e = self.editor
        if nid in e.scene.selected_neurons():
            e.delete_selected()
        else:
            e.delete({nid}, set())

    def _delete_connection(self, name: str) -> None:
        e = self.editor
        item = e.scene.connections.get(name)
        if item is not None and item.isSelected():
            e.delete_selected()
            return
        ref = ParameterRef.parse(name, e.network.ids())
        e.delete(set(), {(ref.src, ref.dst)})
