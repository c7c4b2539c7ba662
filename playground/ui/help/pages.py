"""Short pages, one per view, saying what its axes, colours, arrow and markers mean.

Plain data (title and HTML body) so the Help dialog, What's This on each dock
and the tests read the same words; marked for translation (context "Pages") and
translated when shown (`page_title`, `page_html`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication


@dataclass(frozen=True)
class Page:
    key: str  # the window's dock name, or "landscape" for the central view
    title: str
    html: str


PAGES: tuple[Page, ...] = (
    Page(
        "landscape",
        QT_TRANSLATE_NOOP("Pages", "Loss landscape"),
        QT_TRANSLATE_NOOP(
            "Pages",
            """
<p>The loss over a flat slice through parameter space, with every parameter
not on the slice held where training has it now.</p>
<ul>
<li><b>Axes</b>: two parameters (<code>w:x1-&gt;h1</code> is the weight from x1 to h1,
<code>b:h1</code> the bias of h1), or two directions: a random filter-normalised
plane, the plane the descent path has moved in most (PCA of the path), or the
curvature plane: the two directions in which the loss curves most at the current point
(the Hessian's top eigenvectors, their curvatures λ₁, λ₂ in the legend).</li>
<li><b>Colour</b>: the loss, dark low and yellow high; the colour bar gives the values
(log colour spreads out small differences near a minimum). Thin lines are contours:
points of equal loss.</li>
<li><b>Path</b>: where gradient descent has been; the green dot is the start, the red
dot the current parameters.</li>
<li><b>Arrow</b>: the negative gradient at the current point on this slice, the way a
plain gradient step goes. Its length is the gradient's size times the factor the legend
states (−k × gradient, one k per view), so a steeper slope draws a longer arrow and it
vanishes at a minimum; the legend says when it is too short to show.</li>
</ul>
<p>Try: press Play and watch the red dot follow the arrow downhill; raise the learning
rate until the path overshoots and zig-zags across the valley. Double-click the landscape
(or right-click, Start here) to start descent from that point; Undo goes back.</p>
<p><b>Timeline</b> (under the landscape): paused, drag it to see every view as it was at
an earlier step of the run: the path up to it, the weights, the model's output, a red
mark on the loss curve. It only looks back; Live or Play returns to the run.</p>""",
        ),
    ),
    Page(
        "network",
        QT_TRANSLATE_NOOP("Pages", "Network"),
        QT_TRANSLATE_NOOP(
            "Pages",
            """
<p>The network you are training, inputs on the left, outputs on the right.</p>
<ul>
<li><b>Lines</b>: connections. Blue is a positive weight, orange a negative one; the
wider the line, the larger the weight compared with the others.</li>
<li><b>Discs</b>: neurons, with their activation (tanh, σ, ReLU, lin) inside and their
id below. The ring's colour is the sign of the bias, its width its size.</li>
<li>A connection that skips a level is drawn as a curve around the neurons it passes.
In a big network the labels hide until they are readable: hover a neuron or a line to
see its numbers.</li>
</ul>
<p>Try: select a connection to see its gradient worked out in the Inspector; drag
from a neuron's edge to another to add a connection.</p>
<p>For a function document this panel shows the function instead: its lines, its
computational graph (one box per operation with its value and gradient), a step-through
of backprop on it, and ∂f/∂x written as the sum over every path from x to f.</p>""",
        ),
    ),
    Page(
        "data",
        QT_TRANSLATE_NOOP("Pages", "Data"),
        QT_TRANSLATE_NOOP(
            "Pages",
            """
<p>The training data and what the network makes of it.</p>
<ul>
<li><b>Two inputs</b>: the axes are x1 and x2; the pale background is the network's
output at every point of the plane, blue where it is high (positive), orange where it
is low, white in between: the decision boundary.</li>
<li><b>Points</b>: filled circles are training points, hollow ones test points,
coloured by their true value.</li>
<li><b>One input</b>: the points and the curve the network fits through them;
<b>more</b>: the prediction against the target for each point.</li>
</ul>
<p>Try: add noise in the Controls and watch the test points; turn on more input
features (x1², sin x1 …) and see the boundary bend.</p>""",
        ),
    ),
    Page(
        "loss",
        QT_TRANSLATE_NOOP("Pages", "Loss per step"),
        QT_TRANSLATE_NOOP(
            "Pages",
            """
<p>How the loss has changed during training.</p>
<ul>
<li><b>x axis</b>: training steps (updates of the parameters).</li>
<li><b>y axis</b>: the loss, on a log scale when <i>log scale</i> is ticked.</li>
<li><b>Blue</b>: the loss on the training points; <b>red</b>: on the test points. A
widening gap between them is overfitting.</li>
<li><b>Purple, right axis</b>: the sharpness λmax, the largest curvature of the loss at
the current point, measured every few steps. <b>Dashed</b>: the edge 2/lr. Gradient
descent settles along the sharpest direction only while λmax stays below 2/lr; above
it each step overshoots further, and the status bar says <i>past edge</i>.</li>
</ul>
<p>Hover the curve for the values at a step. While the timeline shows an earlier
step, a red line marks it. View ▸ Sharpness hides the purple curve.</p>""",
        ),
    ),
    Page(
        "surface",
        QT_TRANSLATE_NOOP("Pages", "3-D surface"),
        QT_TRANSLATE_NOOP(
            "Pages",
            """
<p>The landscape's current slice as a surface you can turn: the same grid, colours and
path as the 2-D view.</p>
<ul>
<li><b>Height and colour</b>: the loss (its logarithm when <i>log colour</i> is ticked),
clipped where the 2-D colour bar is; thin lines are its contours.</li>
<li><b>Path</b>: white, from the green start to the red current point, drawn over the
surface so a hill in front does not hide it.</li>
<li><b>Mouse</b>: drag to turn, the wheel to zoom.</li>
</ul>
<p>It needs OpenGL; where there is none the panel says so.</p>""",
        ),
    ),
    Page(
        "line",
        QT_TRANSLATE_NOOP("Pages", "Loss along a line"),
        QT_TRANSLATE_NOOP(
            "Pages",
            """
<p>The loss on a straight line through parameter space: a one-dimensional slice.</p>
<ul>
<li><b>Start → current point</b>: α = 0 is where training started (green), α = 1
where it is now (red), extended to −0.5 and 1.5. A curve that falls all the way from
0 to 1 with no bump says the run met no barrier on the straight way (Goodfellow et al.
2015).</li>
<li><b>Sharpest direction</b>: the line through the current point along the Hessian's
top eigenvector, the direction a too-large learning rate blows up first. The dashed
curve is the quadratic model the curvature λ predicts; where the two part, the loss
is no longer a parabola.</li>
</ul>
<p>Try: raise the learning rate past 2/λmax and watch the current point climb the
walls of the sharpest direction.</p>""",
        ),
    ),
    Page(
        "controls",
        QT_TRANSLATE_NOOP("Pages", "Controls"),
        QT_TRANSLATE_NOOP(
            "Pages",
            """
<p>Everything that decides how the network learns. Changes apply at once; the learning
rate and the speed even while training runs.</p>
<ul>
<li><b>Run</b>: Play/Pause (Space), one Step (S), one Epoch (Shift+Space), Reset (R).
The speed slows training down to a pace you can follow.</li>
<li><b>Loss and optimizer</b>: what is minimised and how each step is taken.</li>
<li><b>Network</b> and <b>Data</b>: activations, the data set, noise, and which input
features feed the network.</li>
</ul>
<p>The mouse wheel changes a setting only after you click it; otherwise it scrolls
the panel. Shift+F1 then a click on a control says what it does.</p>""",
        ),
    ),
    Page(
        "inspector",
        QT_TRANSLATE_NOOP("Pages", "Inspector: chain rule"),
        QT_TRANSLATE_NOOP(
            "Pages",
            """
<p>How backpropagation computes the gradient of the selected connection or neuron.</p>
<ul>
<li><b>dL/dw = Σ δ·a</b>: the error signal δ of the neuron the connection feeds, times
the activation a flowing along it, summed (or averaged) over the samples.</li>
<li><b>Paths</b>: every route from the weight to the loss, each a product of local
derivatives; their sum is the gradient.</li>
<li><b>One sample / all samples</b>: the numbers for one training point, or over the
whole training set as a full-batch step uses them.</li>
</ul>""",
        ),
    ),
    Page(
        "race",
        QT_TRANSLATE_NOOP("Pages", "Optimizer race"),
        QT_TRANSLATE_NOOP(
            "Pages",
            """
<p>Several optimizer settings started from the same point and stepped side by side
(one batched pass per step for all of them).</p>
<ul>
<li><b>Runners</b>: <code>NAME:key=value</code> separated by commas, e.g.
<code>sgd:lr=0.1,momentum:lr=0.1:momentum=0.9,adam:lr=0.1</code>; add
<code>@cosine:period=200</code> to give one its own learning-rate schedule.</li>
<li><b>Playback</b>: the race plays at the pace chosen beside it (the same steps per
second as a single run); Pause, Play and Step work as for training, and the paths, the
loss curves and the table grow as the runners go.</li>
<li><b>Start</b>: the run's start point (double-click the landscape to set it) or where
training is now. <b>Batch</b>: points per step, the same batch for every runner.</li>
<li><b>Picture</b>: each runner's path over the landscape of the plane they share (a
function's own variables, the PCA plane of all paths, or two parameters you choose),
its loss by step beside it.</li>
<li><b>Table</b>: loss, the step at which the loss first reached the tolerance,
and where a runner diverged.</li>
</ul>""",
        ),
    ),
    Page(
        "jacobians",
        QT_TRANSLATE_NOOP("Pages", "Jacobians by level"),
        QT_TRANSLATE_NOOP(
            "Pages",
            """
<p>How the activations of one level change with those of an earlier level, as a
matrix of partial derivatives (a Jacobian) per level. Multiplying them gives the
Jacobian across several levels: the chain rule written as a matrix product.</p>""",
        ),
    ),
    Page(
        "stepthrough",
        QT_TRANSLATE_NOOP("Pages", "Step-through: backprop"),
        QT_TRANSLATE_NOOP(
            "Pages",
            """
<p>One round of training, one operation at a time.</p>
<ul>
<li><b>Forward</b>: each neuron's weighted sum and activation.</li>
<li><b>Loss</b>: the error at the outputs.</li>
<li><b>Backward</b>: the gradient table filling in from the loss back to the inputs,
each entry reusing the ones after it.</li>
<li><b>Update</b>: every parameter moving against its gradient.</li>
</ul>
<p>The drawing highlights the neuron the current step is about. Left/Right arrows move
through the steps; Escape leaves.</p>""",
        ),
    ),
)

PAGES_BY_KEY = {p.key: p for p in PAGES}


def page_title(page: Page) -> str:
    """The page's title in the interface's language."""
    return QCoreApplication.translate("Pages", page.title)


def page_html(page: Page) -> str:
    """The page's title and text in the interface's language."""
    return f"<h3>{page_title(page)}</h3>{QCoreApplication.translate('Pages', page.html)}"
