"""The classic optimisation test functions, with their known minima and a range to view them.

Each becomes an example document (`resources/examples/fn-NAME.json`); the
numbers here are the single source the examples and their tests are checked
against.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playground.engine.function import FunctionModel


@dataclass(frozen=True)
class TestFunction:
    """A function of x and y, where descent starts, where its minima are, what to view."""

    name: str
    title: str
    lines: tuple[str, ...]
    start: tuple[float, float]
    range: tuple[float, float, float, float]  # x0, x1, y0, y1
    minima: tuple[tuple[float, float], ...]  # global minima (none for the saddles)
    min_value: float | None
    optimizer: str = "sgd"
    hyper: dict[str, float] = field(default_factory=dict)
    description: str = ""
    watch: str = ""  # what a learner sees within a minute at the default pace

    def model(self) -> FunctionModel:
        return FunctionModel(list(self.lines), {"x": self.start[0], "y": self.start[1]},
                             [tuple(m) for m in self.minima])


TEST_FUNCTIONS: dict[str, TestFunction] = {f.name: f for f in [
    TestFunction("bowl", "Bowl x² + y²", ("f = x**2 + y**2",), (-4.0, 3.0),
                 (-5.0, 5.0, -5.0, 5.0), ((0.0, 0.0),), 0.0, hyper={"lr": 0.1},
                 description="Round: the gradient points straight at the minimum.",
                 watch="Watch: the path runs straight to the centre, each step 0.8 times the last "
                       "at rate 0.1; it arrives within two seconds."),
    TestFunction("elongated-bowl-10", "Elongated bowl, condition number 10",
                 ("f = x**2 + 10*y**2",), (-4.5, 1.5), (-5.0, 5.0, -2.0, 2.0),
                 ((0.0, 0.0),), 0.0, hyper={"lr": 0.09},
                 description="Curvatures 2 and 20: a rate near 2/20 zig-zags across the "
                             "valley while crawling along it.",
                 watch="Watch: at rate 0.09 the path zig-zags across the narrow direction while it"
                       " slides along the long one; above 0.1 it blows up."),
    TestFunction("elongated-bowl-100", "Elongated bowl, condition number 100",
                 ("f = x**2 + 100*y**2",), (-4.5, 0.5), (-5.0, 5.0, -1.0, 1.0),
                 ((0.0, 0.0),), 0.0, hyper={"lr": 0.0095},
                 description="Curvatures 2 and 200: the rate must stay below 2/200, so "
                             "progress along x is a hundred times slower.",
                 watch="Watch: the steep direction settles at once while the path creeps along x "
                       "for about ten seconds; any rate above 0.01 diverges."),
    TestFunction("rosenbrock", "Rosenbrock's banana",
                 ("f = (1 - x)**2 + 100*(y - x**2)**2",), (-1.2, 1.0),
                 (-2.0, 2.0, -1.0, 3.0), ((1.0, 1.0),), 0.0, "adam", {"lr": 0.02},
                 description="A curved, flat-bottomed valley: easy to reach, slow to follow.",
                 watch="Watch: Adam drops to the valley floor within seconds, then needs about a "
                       "minute to follow the curved valley to (1, 1)."),
    TestFunction("himmelblau", "Himmelblau's function",
                 ("f = (x**2 + y - 11)**2 + (x + y**2 - 7)**2",), (-0.5, 0.5),
                 (-5.0, 5.0, -5.0, 5.0),
                 ((3.0, 2.0), (-2.805118086952745, 3.131312518250573),
                  (-3.779310253377747, -3.283185991286170),
                  (3.584428340330492, -1.848126526964404)), 0.0, hyper={"lr": 0.01},
                 description="Four minima of equal depth: where you start decides which one "
                             "you reach.",
                 watch="Watch: from (−0.5, 0.5) the first steps choose the valley: the path falls "
                       "into the minimum near (−2.81, 3.13) within a second."),
    TestFunction("beale", "Beale's function",
                 ("f = (1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2",),
                 (1.0, 1.4), (-4.5, 4.5, -4.5, 4.5), ((3.0, 0.5),), 0.0, "adam", {"lr": 0.05},
                 description="Flat plateaus and steep walls near the corners.",
                 watch="Watch: Adam crosses the plateau, turns along the valley and reaches (3, "
                       "0.5) within about ten seconds."),
    TestFunction("booth", "Booth's function", ("f = (x + 2*y - 7)**2 + (2*x + y - 5)**2",),
                 (-8.0, -6.0), (-10.0, 10.0, -10.0, 10.0), ((1.0, 3.0),), 0.0,
                 hyper={"lr": 0.05},
                 description="A tilted bowl with curvatures 4 and 36.",
                 watch="Watch: at rate 0.05 the steep direction overshoots and zig-zags while the "
                       "shallow one glides; the path lands on (1, 3) within a second."),
    TestFunction("saddle", "Saddle x² − y²", ("f = x**2 - y**2",), (-1.8, 0.01),
                 (-2.0, 2.0, -2.0, 2.0), (), None, hyper={"lr": 0.05},
                 description="No minimum: (0, 0) is a saddle point. Starting just off the "
                             "ridge, descent slows near the saddle, then escapes along y.",
                 watch="Watch: descent slows near the saddle at (0, 0), then escapes along y ever "
                       "faster until, after about six seconds, the run stops: there is no "
                       "minimum."),
    TestFunction("monkey-saddle", "Monkey saddle x³ − 3xy²", ("f = x**3 - 3*x*y**2",),
                 (1.2, 0.05), (-2.0, 2.0, -2.0, 2.0), (), None, hyper={"lr": 0.005},
                 description="Three valleys meet at a flat saddle where the gradient and the "
                             "curvature both vanish.",
                 watch="Watch: the path slides towards the flat centre, then escapes down a valley"
                       " and the run stops after about seven seconds: there is no minimum."),
    TestFunction("rastrigin", "Rastrigin's function",
                 ("f = 20 + x**2 - 10*cos(2*pi*x) + y**2 - 10*cos(2*pi*y)",), (2.2, -3.3),
                 (-5.12, 5.12, -5.12, 5.12), ((0.0, 0.0),), 0.0, hyper={"lr": 0.001},
                 description="A bowl covered in bumps: gradient descent stops in the nearest "
                             "local minimum.",
                 watch="Watch: within a second the path settles in the nearest dip, near (1.99, "
                       "−2.98), far from the global minimum at (0, 0): plain descent cannot leave "
                       "a local minimum."),
    TestFunction("ackley", "Ackley's function",
                 ("r = sqrt(0.5*(x**2 + y**2))",
                  "f = -20*exp(-0.2*r) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20"),
                 (1.6, -2.3), (-5.0, 5.0, -5.0, 5.0), ((0.0, 0.0),), 0.0, "adam",
                 {"lr": 0.05},
                 description="Nearly flat far out, a deep narrow funnel in the middle and "
                             "ripples everywhere.",
                 watch="Watch: Adam slides down the outer slope and stops in a ripple's dip near "
                       "(0.98, −1.97) within ten seconds, short of the funnel at (0, 0)."),
]}
