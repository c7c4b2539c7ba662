"""The example networks shipped in resources/examples: list them, find them by name."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from playground.io.resources import RESOURCES_DIR

EXAMPLES_DIR = RESOURCES_DIR / "examples"

# Small, fast to learn and interesting to watch: what `playground` opens with no FILE.
DEFAULT_EXAMPLE = "xor"

# Menu order: the articles' worked examples first, then the playground classics.
ORDER = ("sigmoid-neuron", "bowl", "fn-article", "two-two-two", "four-three-two",
         "linear-regression", "xor", "circle", "spiral", "blobs", "regression-plane",
         "fn-bowl", "fn-elongated-bowl-10", "fn-elongated-bowl-100", "fn-rosenbrock",
         "fn-himmelblau", "fn-beale", "fn-booth", "fn-saddle", "fn-monkey-saddle",
         "fn-rastrigin", "fn-ackley")


# What to try with each example, shown beside its description when it opens.
TRY_THIS = {
    "sigmoid-neuron": "Press Play: the red dot crawls along the flat valley of the landscape. "
                      "Then Reset and compare a larger learning rate, or Adam, with plain "
                      "gradient descent.",
    "bowl": "Press S once: one step of 0.5 lands exactly on (0, 0). Reset, set the learning "
            "rate to 0.9 and step again (the path zig-zags in), then 1.1 (it zig-zags out).",
    "two-two-two": "Select the connection x1 → h1 and read the Inspector: its gradient "
                   "reuses the terms of h1 → o1 and h1 → o2. Inspect › Step through "
                   "backprop fills the gradient table one entry at a time.",
    "four-three-two": "Step through backprop (Inspect menu) and count the gradient table's "
                      "parameters: 18 weights and 5 biases.",
    "linear-regression": "Press Play at 0.1: the path zig-zags into the least-squares "
                         "solution. Reset, set the learning rate to 0.11 and Play again.",
    "xor": "Press Play and watch the Data view bend the boundary into four quadrants. Then "
           "try the single input feature x1·x2 with no hidden layer (New: 1-1).",
    "circle": "Press Play; then tick x1² and x2² as inputs, or try fewer hidden neurons "
              "(File › New, 2-2-1), and see whether a closed boundary still fits.",
    "spiral": "Press Play and watch the Data view untangle the arms; then add sin x1 and "
              "sin x2 as inputs, or take neurons away, and compare the loss curves.",
    "fn-article": "Press S once: one step of 0.5 from (−5, −5) lands exactly on (0, 0). "
                  "Open Run › Race optimizers to compare rates side by side.",
    "fn-rosenbrock": "Press Play and watch the path reach the valley fast, then crawl along "
                     "it. Run › Race optimizers: SGD, momentum and Adam from the same start.",
    "regression-plane": "Press Play: the loss falls smoothly. Reset and raise the learning "
                        "rate tenfold, or switch the reduction to sum, and watch the steps "
                        "change size on the landscape.",
}


@dataclass(frozen=True)
class ExampleInfo:
    """One example: its file name without .json, a title, a one-line description, its path,
    and what to try with it."""

    name: str
    title: str
    description: str
    path: Path
    try_this: str = ""


def list_examples() -> list[ExampleInfo]:
    """Every example in menu order; reads only each file's name, title and description."""
    infos = []
    for path in EXAMPLES_DIR.glob("*.json"):
        try:
            head = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a broken example shows up when opened, not as a missing menu entry
        if not isinstance(head, dict):
            continue
        title = head.get("title") or path.stem.replace("-", " ").capitalize()
        infos.append(ExampleInfo(path.stem, str(title), str(head.get("description", "")), path,
                                 TRY_THIS.get(path.stem, "")))
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(infos, key=lambda e: (rank.get(e.name, len(rank)), e.name))


def shipped_example(path: str | Path) -> ExampleInfo | None:
    """The example whose shipped file `path` is (however it is spelled), else None: the app
    opens it as an untitled copy, so saving never writes over the example."""
    try:
        resolved = Path(path).resolve()
        if resolved.parent != EXAMPLES_DIR.resolve():
            return None
    except OSError:
        return None
    return next((e for e in list_examples() if e.path.resolve() == resolved), None)


def example_path(name: str) -> Path:
    """The file of the example called `name`; ValueError naming the choices if there is none."""
    path = EXAMPLES_DIR / f"{name}.json"
    if "/" in name or "\\" in name or not path.is_file():
        names = ", ".join(e.name for e in list_examples())
        raise ValueError(f"no example called {name!r}; the examples are: {names}")
    return path


def function_example_document(name: str):
    """The example document of the built-in test function `name` (see engine.testfunctions).

    The shipped `fn-NAME.json` files are these documents saved; a test keeps them equal.
    """
    from playground.engine.testfunctions import TEST_FUNCTIONS
    from playground.engine.training import TrainingConfig
    from playground.io.document import Document, ViewSettings

    f = TEST_FUNCTIONS[name]
    minima = ", ".join(f"({x:g}, {y:g})" for x, y in f.minima) or "none (no minimum)"
    return Document(
        network=f.model(),
        training=TrainingConfig(optimizer=f.optimizer, hyper=dict(f.hyper)),
        # A log colour scale needs a bounded-below surface; the saddles have none.
        view=ViewSettings(axes=("x", "y"), range=f.range, resolution=96,
                          log_color=f.min_value is not None),
        name=f"fn-{f.name}", title=f.title,
        description=f"{f.description} Global minima: {minima}. {f.watch}".rstrip())


def article_function_document():
    """The article's example: f = x² + y² from (−5, −5); one step of rate 0.5 lands on (0, 0)."""
    from playground.engine.function import FunctionModel
    from playground.engine.training import TrainingConfig
    from playground.io.document import Document, ViewSettings

    return Document(
        network=FunctionModel(["f = x**2 + y**2"], {"x": -5.0, "y": -5.0}, [(0.0, 0.0)]),
        training=TrainingConfig(optimizer="sgd", hyper={"lr": 0.5}),
        view=ViewSettings(axes=("x", "y"), range=(-6.0, 6.0, -6.0, 6.0), resolution=96),
        name="fn-article", title="Gradient descent on x² + y² (the article)",
        description="The article's example: at (−5, −5) the gradient is (−10, −10); one "
                    "step with learning rate 0.5 lands exactly on the minimum (0, 0), where "
                    "the gradient is zero. Watch: press Step (S) once: the point jumps "
                    "from (−5, −5) straight onto (0, 0) and the arrow vanishes.")
