"""The `playground` command: the GUI by default, headless sub-commands.

    playground [FILE]                         open the app (on the default example without FILE)
    playground train FILE --steps N           train without a window, report the loss
    playground grad FILE                      dL/dp by backprop next to finite differences
    playground render FILE --view V --out P   a view as a PNG or SVG picture
    playground race FILE --optimizers SPECS --steps N [--out P]   optimizers side by side
    playground curvature FILE [--steps N]     λmax, λmin of the loss Hessian against 2/lr
    playground doctor                         can the app open its window here? how to fix it

FILE is a network file or the name of a shipped example (`playground grad bowl`);
wherever FILE is accepted, `--expr "x**2 + y**2" --at x=-5,y=-5` gives a function
document instead.
Exit status: 0 success, 1 a part of the app is missing, 2 a bad command or
file (one line on stderr), 3 training diverged, 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time
import warnings
from pathlib import Path
from typing import Any, TextIO

from playground import __version__
from playground.io.animation import DEFAULT_FPS, DEFAULT_FRAMES
from playground.io.animation import DEFAULT_SIZE as ANIMATION_SIZE
from playground.io.animation import WITH_LOSS_SIZE as ANIMATION_WITH_LOSS_SIZE
from playground.workspace import views

COMMANDS = ("train", "grad", "render", "race", "curvature")
EXIT_OK, EXIT_MISSING, EXIT_USAGE, EXIT_DIVERGED = 0, 1, 2, 3
GRAD_TOLERANCE = 1e-5


class CommandError(Exception):
    """A bad command or file: one line for stderr and exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and no SystemExit)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise CommandError(f"{self.prog}: {message} (see {self.prog} --help)")


# ---------------------------------------------------------------------------- arguments

def _count(text: str) -> int:
    if not re.fullmatch(r"\d+", text.strip()):
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}")
    return int(text)


def _positive(text: str) -> int:
    value = _count(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1280x800, got {text!r}")
    w, h = int(match[1]), int(match[2])
    try:
        return views.check_size(w, h)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"width and height must be {views.MIN_SIDE} to {views.MAX_SIDE:,} (the picture "
            f"side limit), got {text!r}"
        ) from None


def add_source(parser: argparse.ArgumentParser) -> None:
    """FILE, or a function typed on the command line."""
    parser.add_argument("file", nargs="?", metavar="FILE", help="network file or example name")
    parser.add_argument("--expr", metavar="EXPR",
                        help='a function instead of FILE, e.g. "x**2 + y**2" or '
                             '"z = x*y; f = sin(z) + z**2"')
    parser.add_argument("--at", metavar="X=V,...",
                        help="with --expr: the variables (1 to 3) and where descent starts, "
                             "e.g. x=-5,y=-5")


def add_training_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--optimizer", metavar="NAME[:key=value...]",
                        help="optimizer and hyper-parameters, e.g. adam:lr=0.1:beta1=0.8 "
                             "(overrides the file's)")
    parser.add_argument("--lr", type=_rate, metavar="LR",
                        help="learning rate (overrides the file's and --optimizer's)")
    parser.add_argument("--schedule", metavar="KIND[:key=value...]",
                        help="learning-rate schedule: constant, step:every=N:gamma=G, "
                             "exponential:gamma=G, cosine:period=N:floor=F; add :warmup=N "
                             "for a linear warm-up")


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value


def _tolerance(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The parser of the sub-commands (and of `playground --help`)."""
    parser = _Parser(
        prog="playground",
        usage="playground [-h] [--version] [FILE | --expr EXPR --at X=V,...]\n"
              "       playground {train,grad,render,race,curvature} ...\n"
              "       playground doctor [--for {app,tests}] [--install] [--quiet]",
        description="Backprop Playground: draw a small network and watch backpropagation "
                    "learn. Without a command, opens the app on FILE (or on the default "
                    "example).",
        epilog="FILE is a network file or the name of a shipped example, e.g. "
               "`playground grad sigmoid-neuron`; --expr EXPR --at x=-5,y=-5 gives a function "
               "instead. Exit status: 0 success, 2 bad command or file, 3 training diverged. "
               "`playground doctor` checks that the app can open its window here and prints "
               "the command that fixes what is missing.")
    parser.add_argument("--version", action="version", version=f"playground {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands",
                                prog="playground")

    train = sub.add_parser(
        "train", help="train without a window and report the loss",
        description="Train the network in FILE headless, starting where the file's run left "
                    "off, and report the time, the final training loss and the parameters.")
    add_source(train)
    amount = train.add_mutually_exclusive_group(required=True)
    amount.add_argument("--steps", type=_count, metavar="N", help="optimizer steps to make")
    amount.add_argument("--epochs", type=_positive, metavar="N",
                        help="passes over the training data (steps = N x batches per epoch)")
    train.add_argument("--out", metavar="OUT", help="save the trained network to OUT")
    train.add_argument("--json", action="store_true",
                       help="print one JSON object (steps, seconds, steps_per_second, loss, "
                            "parameters, ...) instead of text")
    train.add_argument("--seed", type=_count, metavar="S",
                       help="seed for shuffling mini-batches (overrides the file's)")
    _data_options(train)
    add_training_options(train)
    train.set_defaults(func=cmd_train)

    grad = sub.add_parser(
        "grad", help="loss and dL/dp of every parameter, checked by finite differences",
        description="The loss over the training data at the file's parameter values, and for "
                    "every parameter p, dL/dp by backprop next to a central finite-difference "
                    "estimate and their relative error: a derivative calculator for checking "
                    "a derivation by hand.")
    add_source(grad)
    grad.add_argument("--json", action="store_true", help="print one JSON object")
    _data_options(grad)
    grad.set_defaults(func=cmd_grad)

    render = sub.add_parser(
        "render", help="save a picture of a view (PNG or SVG), headless",
        description="Draw one view of FILE, optionally after training N steps, to a PNG or "
                    "SVG file without opening a window.")
    add_source(render)
    render.add_argument("--view", required=True, choices=list(views.VIEWS),
                        help="which view to draw")
    render.add_argument("--out", required=True, metavar="PATH",
                        help="picture file, .png or .svg (with --animate: .gif, .png (APNG) "
                             "or .mp4 when ffmpeg is on the PATH)")
    render.add_argument("--steps", type=_count, default=0, metavar="N",
                        help="train N steps first (default 0)")
    render.add_argument("--size", type=_size, metavar="WxH",
                        help="picture size in pixels (default "
                             + ", ".join(f"{v.default_size[0]}x{v.default_size[1]} for {v.name}"
                                         for v in views.VIEWS.values()) + ")")
    render.add_argument("--animate", action="store_true",
                        help="--view landscape as a movie: the path growing over the N steps")
    render.add_argument("--fps", type=float, metavar="F",
                        help=f"with --animate: frames per second (default {DEFAULT_FPS:g})")
    render.add_argument("--frames", type=_positive, metavar="K",
                        help=f"with --animate: at most K frames, evenly spread "
                             f"(default {DEFAULT_FRAMES})")
    render.add_argument("--with-loss", action="store_true",
                        help="with --animate: the loss curve beside the landscape, the step marked")
    _data_options(render)
    render.set_defaults(func=cmd_render)

    race = sub.add_parser(
        "race", help="several optimizers from the same start, side by side",
        description="Run several optimizer settings from the same starting point, batched in "
                    "one forward pass per step, and report per runner its settings, final "
                    "loss, final point and steps to reach the tolerance; optionally draw "
                    "their paths over the landscape.")
    add_source(race)
    race.add_argument("--optimizers", required=True, metavar="SPECS",
                      help="comma-separated NAME[:key=value...], e.g. "
                           '"sgd:lr=0.1,momentum:lr=0.1:momentum=0.9,adam:lr=0.1"; append '
                           "@SCHEDULE to give one runner its own schedule")
    race.add_argument("--steps", required=True, type=_positive, metavar="N",
                      help="steps per runner")
    race.add_argument("--schedule", metavar="KIND[:key=value...]",
                      help="learning-rate schedule for runners without their own")
    race.add_argument("--tolerance", type=_tolerance, default=1e-6, metavar="T",
                      help="a runner has arrived when its loss is <= T (default 1e-6)")
    race.add_argument("--batch", type=_count, metavar="N",
                      help="points per step, the same batches for every runner (default: the "
                           "file's batch size; 0: the whole training set)")
    race.add_argument("--axes", metavar="P1,P2",
                      help="draw on two parameter axes (default: a function's variables, a "
                           "network's PCA plane of all paths)")
    race.add_argument("--out", metavar="PATH", help="picture of the race, .png or .svg")
    race.add_argument("--size", type=_size, metavar="WxH", help="picture size (default 1200x560)")
    race.add_argument("--csv", metavar="PATH", help="every recorded step of every runner as CSV")
    race.add_argument("--json", action="store_true", help="print one JSON object")
    _data_options(race)
    race.set_defaults(func=cmd_race)

    curvature = sub.add_parser(
        "curvature", help="λmax and λmin of the loss Hessian, and whether lr is past 2/λmax",
        description="The largest and smallest eigenvalues of the training loss's Hessian at "
                    "the file's parameters (optionally after N training steps), by Lanczos on "
                    "exact Hessian-vector products, next to the stability edge of the "
                    "optimizer (2/lr for gradient descent): above it, a quadratic with that "
                    "curvature makes gradient descent diverge.")
    add_source(curvature)
    curvature.add_argument("--steps", type=_count, default=0, metavar="N",
                           help="train N steps first (default 0)")
    curvature.add_argument("--json", action="store_true", help="print one JSON object")
    _data_options(curvature)
    add_training_options(curvature)
    curvature.set_defaults(func=cmd_curvature)
    return parser


def _data_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--data", metavar="CSV",
                         help="the points of a CSV or TSV file instead of FILE's data; the "
                              "network's inputs and outputs follow its columns")
    command.add_argument("--target", metavar="COLUMN",
                         help="with --data: the target column, by name or number (default: "
                              "the last)")


def with_csv(prog: str, doc: Any, args: argparse.Namespace) -> Any:
    """`doc` on the points of `--data` (its network refitted if the columns need it)."""
    if args.data is not None and getattr(doc, "is_function", False):
        raise CommandError(f"{prog}: --data: a function document has no data to replace")
    if args.data is None:
        if args.target is not None:
            raise CommandError(f"{prog}: --target names a column of --data, which is missing")
        return doc
    from playground.io.csv_import import CsvError, load_csv
    from playground.workspace.data_import import with_data

    try:
        return with_data(doc, load_csv(args.data, target=args.target), seed=doc.data.seed)
    except CsvError as e:
        raise CommandError(f"{prog}: {args.data}: {e}") from None


def build_open_parser() -> argparse.ArgumentParser:
    """The parser of `playground [FILE]`, which opens the app."""
    parser = _Parser(prog="playground",
                     usage="playground [-h] [--version] [FILE | --expr EXPR --at X=V,...]",
                     description="Open Backprop Playground on FILE (a network file or an "
                                 "example name), or on the default example. Commands: "
                                 f"{', '.join(COMMANDS)} (see playground --help).")
    parser.add_argument("--version", action="version", version=f"playground {__version__}")
    add_source(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the `playground` command; returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    for stream in (sys.stdout, sys.stderr):
        # A console that cannot show σ or θ gets an escape, not a UnicodeEncodeError.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    # The app handles SIGTERM itself (ui/quit_signals); the headless commands unwind.
    previous = _terminate_as_interrupt() if argv and argv[0] in COMMANDS else None
    try:
        with warnings.catch_warnings():
            # Where numpy's floating-point warnings are expected, np.errstate silences
            # them; anywhere else in the headless maths one becomes the one-line message
            # below, not noise. Drawing (render, the app) runs pyqtgraph's own numpy code
            # in Qt callbacks, where an exception would print a traceback: ignored there.
            drawing = not argv or argv[0] not in ("train", "grad")
            warnings.simplefilter("ignore" if drawing else "error", RuntimeWarning)
            if argv and argv[0] == "doctor":  # its own parser; must not need Qt to load
                from playground.doctor import main as doctor_main

                return doctor_main(argv[1:])
            if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help")):
                args = build_parser().parse_args(argv)
                return args.func(args)
            args = build_open_parser().parse_args(argv)
            if args.expr is not None or args.at is not None:
                return open_app(None, expression_document("playground", args))
            return open_app(args.file)
    except CommandError as e:
        print(e, file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("playground: interrupted", file=sys.stderr)
        return 130
    except MemoryError:
        print("playground: out of memory", file=sys.stderr)
        return EXIT_USAGE
    except RuntimeWarning as e:
        print(f"playground: a numerical problem stopped the command: {e}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as e:  # --help, --version
        return e.code if isinstance(e.code, int) else EXIT_OK
    except BrokenPipeError:  # `playground grad big.json | head`: the reader left, stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + 13
    finally:
        _restore_terminate(previous)


def _terminate_as_interrupt() -> Any:
    """SIGTERM unwinds like Ctrl+C, so a save under way removes its temporary file;
    returns the handler it replaced (None if it could not replace it)."""
    import signal

    def interrupt(signum, frame):  # noqa: ARG001
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, interrupt)
    except (ValueError, OSError, AttributeError):  # not the main thread, or no SIGTERM
        return None


def _restore_terminate(handler: Any) -> None:
    import signal

    if handler is not None:
        signal.signal(signal.SIGTERM, handler)


# ---------------------------------------------------------------------------- files

def resolve(file: str) -> Path:
    """FILE as a path, or the example of that name when no such file exists."""
    path = Path(file)
    if not path.exists() and not path.suffix and re.fullmatch(r"[\w-]+", file):
        from playground.io.examples import EXAMPLES_DIR

        example = EXAMPLES_DIR / f"{file}.json"
        if example.is_file():
            return example
    return path


def load(prog: str, file: str) -> Any:
    """The document in FILE, or CommandError naming the file, the place and the problem."""
    from playground.io.files import FileFormatError, load_document

    try:
        return load_document(resolve(file))
    except FileFormatError as e:
        raise CommandError(f"{prog}: {file}: {e}") from None


def expression_document(prog: str, args: argparse.Namespace) -> Any:
    """The function document `--expr EXPR --at x=V,...` describes; CommandError if bad."""
    from playground.engine.expression import ExpressionError
    from playground.engine.function import FunctionModel, parse_at
    from playground.io.document import Document, ViewSettings

    if args.expr is None:
        raise CommandError(f"{prog}: --at needs --expr (see {prog} --help)")
    if getattr(args, "file", None) is not None:
        raise CommandError(f"{prog}: give FILE or --expr, not both")
    if args.at is None:
        raise CommandError(f'{prog}: --expr needs --at to name the variables and where '
                           f'descent starts, e.g. --at x=-5,y=-5')
    try:
        model = FunctionModel(args.expr, parse_at(args.at))
        model.validate()
    except ExpressionError as e:
        # The caret line points into the expression as typed, so it stays with the message.
        raise CommandError(f"{prog}: --expr: {e}") from None
    names = list(model.variables)
    axes = (names[0], names[1]) if len(names) >= 2 else None
    return Document(model, view=ViewSettings(axes=axes), name="expression",
                    title=model.lines[-1])


def load_source(prog: str, args: argparse.Namespace) -> tuple[Any, str]:
    """The document of FILE or of --expr/--at, on the points of --data when given, and how
    to name it in messages."""
    if args.expr is not None or args.at is not None:
        return with_csv(prog, expression_document(prog, args), args), f'--expr "{args.expr}"'
    if args.file is None:
        raise CommandError(f"{prog}: give a FILE or --expr EXPR --at X=V,... "
                           f"(see {prog} --help)")
    return with_csv(prog, load(prog, args.file), args), args.file


def source_fields(args: argparse.Namespace) -> dict[str, str | None]:
    """What a JSON report says it was run on: the FILE, or the --expr expression."""
    expression = getattr(args, "expr", None)
    return {"file": None if expression is not None else args.file, "expression": expression}


def apply_training_options(prog: str, doc: Any, args: argparse.Namespace) -> None:
    """--optimizer, --lr and --schedule into the document's training settings."""
    from playground.engine.race import RaceError, parse_optimizer
    from playground.engine.schedules import ScheduleError, parse_schedule

    changed_optimizer = False
    if getattr(args, "optimizer", None):
        try:
            name, hyper = parse_optimizer(args.optimizer)
        except RaceError as e:
            raise CommandError(f"{prog}: --optimizer: {e}") from None
        changed_optimizer = (name, hyper) != (doc.training.optimizer, doc.training.hyper)
        doc.training.optimizer, doc.training.hyper = name, hyper
    if getattr(args, "lr", None) is not None:
        doc.training.hyper = {**doc.training.hyper, "lr": args.lr}
    if getattr(args, "schedule", None):
        try:
            doc.training.schedule = parse_schedule(args.schedule)
        except ScheduleError as e:
            raise CommandError(f"{prog}: --schedule: {e}") from None
    if changed_optimizer and doc.run is not None:
        doc.run.optimizer_state = {}  # another optimizer's state would not fit: start it fresh


def make_run(prog: str, file: str, doc: Any) -> Any:
    try:
        return doc.make_run()
    except ValueError as e:
        raise CommandError(f"{prog}: {file}: {e}") from None


# ---------------------------------------------------------------------------- open

def open_app(file: str | None, document: Any = None) -> int:
    """Open the GUI on `file`, or on `document`, or on the default example."""
    path = None
    if file is not None:
        from playground.io.files import FileFormatError, check_regular_file

        path = resolve(file)
        if not path.exists() and not path.is_symlink():
            raise CommandError(f"playground: {file}: no such file or example "
                               "(see playground --help)")
        try:
            check_regular_file(path)
        except FileFormatError as e:
            raise CommandError(f"playground: {file}: {e}") from None
    from playground.display import display_problem, platform_env

    # Before Qt loads: with no display Qt would abort the process (SIGABRT) with a page
    # of text; a user's QT_QPA_PLATFORM is kept, a Wayland session falls back to xcb.
    problem = display_problem()
    if problem is not None:
        print(f"playground: {problem}", file=sys.stderr)
        return EXIT_MISSING
    os.environ.update(platform_env(os.environ))
    try:
        from playground.ui.app import run_app
        from playground.ui.startup import guard_platform_start
    except ImportError as e:
        print(f"playground: the app cannot start: {e} (run `playground doctor` to see what "
              "is missing)", file=sys.stderr)
        return EXIT_MISSING
    guard_platform_start()
    if document is not None:
        return int(run_app(None, document) or 0)
    return int(run_app(None if path is None else str(path)) or 0)


# ---------------------------------------------------------------------------- train

class ProgressBar:
    """tqdm's bar with the loss beside it, on a terminal only: off one (a pipe, a log,
    `--json`) nothing is written, so stderr stays free for errors."""

    def __init__(self, stream: TextIO, total: int, enabled: bool, unit: str = "step"):
        self._bar = None
        if enabled:
            from tqdm import tqdm

            # No monitor thread: train_steps updates every ~50 ms, and the command
            # (and the test suite) should leave no thread behind.
            tqdm.monitor_interval = 0
            self._bar = tqdm(total=total, file=stream, unit=unit, mininterval=0.1,
                             dynamic_ncols=True, leave=True)

    def update(self, done: int, loss: float, force: bool = False) -> None:
        if self._bar is None:
            return
        self._bar.set_postfix_str(f"loss {loss:.6g}", refresh=False)
        self._bar.update(done - self._bar.n)  # redraws at most every mininterval
        if force:
            self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def train_steps(run: Any, total: int, bar: ProgressBar) -> int:
    """Make up to `total` steps in chunks of about 50 ms; returns how many were made."""
    done, chunk = 0, 1
    while done < total:
        start = time.perf_counter()
        want = min(chunk, total - done)
        made = run.steps(want)
        done += made
        bar.update(done, run.last_loss)
        if made < want:
            break
        took = time.perf_counter() - start
        chunk = max(1, min(chunk * 4, int(chunk * 0.05 / took) if took > 0 else chunk * 4))
    bar.update(done, run.last_loss, force=True)
    return done


def cmd_train(args: argparse.Namespace) -> int:
    import numpy as np

    prog = "playground train"
    doc, args.file = load_source(prog, args)
    apply_training_options(prog, doc, args)
    if args.seed is not None:
        doc.training.seed = args.seed
    run = make_run(prog, args.file, doc)
    if run.diverged:
        print(f"{prog}: {args.file}: this run had already diverged ({run.diverged}); reset it "
              "in the app or remove its \"run\" section", file=sys.stderr)
        return EXIT_DIVERGED
    total = args.steps if args.steps is not None else args.epochs * run.batches_per_epoch
    with np.errstate(all="ignore"):  # an overflowing loss is reported as a divergence
        initial = run.train_loss()
    bar = ProgressBar(sys.stderr, total, sys.stderr.isatty() and not args.json)
    started = time.perf_counter()
    try:
        # Overflow on the way to a divergence is expected: the run reports it as `diverged`.
        with np.errstate(all="ignore"):
            done = train_steps(run, total, bar)
    except KeyboardInterrupt:
        bar.close()
        print(f"{prog}: interrupted at step {run.step_count}", file=sys.stderr)
        return 130
    seconds = time.perf_counter() - started
    bar.close()
    with np.errstate(all="ignore"):
        run.record_now()
        loss = run.train_loss()
        test_loss = run.test_loss()
    report = {
        **source_fields(args), "steps": done, "total_steps": run.step_count,
        "epochs": run.epoch, "seconds": seconds,
        "steps_per_second": done / seconds if seconds > 0 else 0.0,
        "initial_loss": _finite(initial), "loss": _finite(loss),
        "test_loss": _finite(test_loss),
        "parameters": dict(zip(run.compiled.parameter_names, run.theta.tolist())),
        "diverged": run.diverged, "out": args.out if not run.diverged else None,
        "optimizer": run.config.optimizer, "lr": run.lr,
        "schedule": run.config.schedule.describe(), "final_lr": run.current_lr,
    }
    report.update(_scores(run))
    if run.diverged:
        saved = ""
        if args.out:
            # The run keeps its last finite parameters: save those, marked as diverged, so
            # the steps up to the blow-up are not lost; or say why nothing was written.
            try:
                save(prog, doc, run, args.out)
                report["out"] = args.out
                saved = f"; saved the last finite state (step {run.step_count:,}) to {args.out}"
            except CommandError as e:
                saved = f"; {args.out} was not written: {str(e).removeprefix(prog + ': ')}"
        if args.json:
            print(json.dumps(report))
        print(f"{prog}: {args.file}: training diverged: {run.diverged}{saved}", file=sys.stderr)
        return EXIT_DIVERGED
    if args.out:
        save(prog, doc, run, args.out)
    if args.json:
        print(json.dumps(report))
    else:
        print_training(report, run)
    return EXIT_OK


def save(prog: str, doc: Any, run: Any, out: str) -> None:
    from playground.io.files import FileFormatError, save_document

    doc.capture(run)
    try:
        save_document(doc, out)
    except (FileFormatError, OSError) as e:
        raise CommandError(f"{prog}: {e}") from None


def print_training(report: dict, run: Any, limit: int = 40) -> None:
    spec = run.compiled.loss_spec
    print(f"{report['file']}: {report['steps']:,} steps in {report['seconds']:.3g} s "
          f"({report['steps_per_second']:,.0f} steps/s), now at step {report['total_steps']:,}")
    what = "the function's value" if not run.compiled.input_ids else \
        f"{spec.kind}, {spec.reduction} over {len(run.x):,} training points"
    print(f"loss {report['initial_loss']:.10g} -> {report['loss']:.10g}  ({what})")
    if report.get("accuracy") is not None:
        test = report.get("test_accuracy")
        print(f"accuracy {report['accuracy']:.1%} train"
              + (f", {test:.1%} test" if test is not None else "") + "; per class ("
              + report["scored_on"] + "): "
              + ", ".join(f"{k} {'-' if v is None else f'{v:.1%}'}"
                          for k, v in report["per_class_accuracy"].items()))
    params = list(report["parameters"].items())
    width = max((len(n) for n, _ in params[:limit]), default=0)
    for name, value in params[:limit]:
        print(f"  {name:<{width}}  {value: .10g}")
    if len(params) > limit:
        print(f"  ... and {len(params) - limit:,} more parameters (see --json)")
    if report["out"]:
        print(f"saved to {report['out']}")


def _scores(run: Any) -> dict:
    from playground.workspace.scores import run_scores, score_report

    return score_report(run_scores(run))


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


# ---------------------------------------------------------------------------- grad

def cmd_grad(args: argparse.Namespace) -> int:
    import numpy as np

    from playground.engine.gradcheck import check_network, spread_order
    from playground.io.limits import GRAD_CHECK_SECONDS

    prog = "playground grad"
    doc, args.file = load_source(prog, args)
    run = make_run(prog, args.file, doc)
    compiled = run.compiled
    n = compiled.n_params
    with np.errstate(all="ignore"):
        loss, gradient = compiled.loss_and_grad(run.theta, run.x, run.y)
        loss = float(loss)
        bar = ProgressBar(sys.stderr, n, sys.stderr.isatty() and not args.json,
                          unit="parameter")
        # Parameters in an evenly spread order, checked until the budget runs out: on a
        # large network the check is a sample of the whole range, sized by the real cost.
        started = time.monotonic()
        check = check_network(compiled, run.theta, run.x, run.y, indices=spread_order(n),
                              progress=lambda done, _: bar.update(done, loss),
                              deadline=started + GRAD_CHECK_SECONDS.value)
        took = time.monotonic() - started
        bar.close()
    if not (math.isfinite(loss) and np.isfinite(gradient).all()
            and np.isfinite(check.numeric).all()):
        print(f"{prog}: {args.file}: the loss or its gradient overflows at the file's "
              f"parameters (loss {loss:g}); nothing to check", file=sys.stderr)
        return EXIT_DIVERGED
    numeric = dict(zip(check.names, zip(check.numeric, check.relative_error)))
    total = len(check.names)
    sampled = "" if total == n else (
        f"finite differences for {total:,} of {n:,} parameters, an evenly spread sample "
        f"(the {GRAD_CHECK_SECONDS.value} s budget ran out; all of them would take about "
        f"{took / total * n / 60:.0f} min)")
    spec = compiled.loss_spec
    rows = []
    for name, v, g in zip(compiled.parameter_names, run.theta, gradient):
        d, e = numeric.get(name, (None, None))
        rows.append({"name": name, "value": float(v), "gradient": float(g),
                     "numeric": None if d is None else float(d),
                     "relative_error": None if e is None else float(e)})
    if args.json:
        print(json.dumps({
            **source_fields(args), "loss": loss, "loss_kind": spec.kind,
            "reduction": spec.reduction, "points": len(run.x),
            "parameters": {r.pop("name"): r for r in rows},
            "max_relative_error": check.max_error,
            "checked": total, "sampled": total < n,
        }))
        return EXIT_OK
    penalty = "" if spec.regularizer == "none" or spec.rate == 0 else \
        f" + {spec.regularizer} penalty at rate {spec.rate:g}"
    if run.compiled.input_ids:
        print(f"loss {loss:.10g}  ({spec.kind}, {spec.reduction} over {len(run.x):,} training "
              f"points{penalty})")
    else:
        print(f"f = {loss:.10g}  (the function's value; its parameters are its variables)")
    print()
    table = [("parameter", "value", "dL/dp (backprop)", "finite difference", "relative error")]
    for r in rows:
        if r["numeric"] is None:
            table.append((r["name"], f"{r['value']:.10g}", f"{r['gradient']:.9e}", "-", "-"))
            continue
        flag = " !" if r["relative_error"] > GRAD_TOLERANCE else ""
        table.append((r["name"], f"{r['value']:.10g}", f"{r['gradient']:.9e}",
                      f"{r['numeric']:.9e}", f"{r['relative_error']:.1e}{flag}"))
    widths = [max(len(row[i]) for row in table) for i in range(5)]
    for row in table:
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                        for i, (cell, w) in enumerate(zip(row, widths))).rstrip())
    if sampled:
        print(f"\n{sampled}")
    if check.max_error > GRAD_TOLERANCE:
        print(f"\n! relative error above {GRAD_TOLERANCE:g}: the loss has a kink there "
              "(relu at 0?) or is too flat for finite differences")
    return EXIT_OK


# ---------------------------------------------------------------------------- render

def cmd_render(args: argparse.Namespace) -> int:
    prog = "playground render"
    if args.animate:
        return _render_animation(prog, args)
    for flag, given in (("--with-loss", args.with_loss), ("--fps", args.fps is not None),
                        ("--frames", args.frames is not None)):
        if given:
            raise CommandError(f"{prog}: {flag} goes with --animate")
    out = Path(args.out)
    if out.suffix.lower() not in (".png", ".svg"):
        raise CommandError(f"{prog}: --out {args.out}: the picture must end in .png or .svg")
    if not out.parent.is_dir():
        raise CommandError(f"{prog}: --out {args.out}: no folder {out.parent}")
    size = args.size or views.get(args.view).default_size
    doc, args.file = load_source(prog, args)
    try:
        from playground.ui.files.render import render_view
    except ImportError as e:
        print(f"{prog}: pictures need the Qt interface, which cannot load: {e}", file=sys.stderr)
        return EXIT_MISSING
    try:
        render_view(doc, view=args.view, out=out, steps=args.steps, size=size)
    except (ValueError, OSError) as e:
        raise CommandError(f"{prog}: {e}") from None
    print(f"saved the {args.view} view of {args.file} to {out}")
    return EXIT_OK


def _render_animation(prog: str, args: argparse.Namespace) -> int:
    from playground.io.animation import AnimationError, check_request

    if args.view != "landscape":
        raise CommandError(f"{prog}: --animate draws the landscape; use --view landscape")
    out = Path(args.out)
    if not out.parent.is_dir():
        raise CommandError(f"{prog}: --out {args.out}: no folder {out.parent}")
    size = args.size or (ANIMATION_WITH_LOSS_SIZE if args.with_loss else ANIMATION_SIZE)
    fps = DEFAULT_FPS if args.fps is None else args.fps
    frames = DEFAULT_FRAMES if args.frames is None else args.frames
    try:
        check_request(out, min(frames, args.steps + 1), size, fps)
    except AnimationError as e:
        raise CommandError(f"{prog}: {e}") from None
    if args.steps < 1:
        raise CommandError(f"{prog}: --animate needs --steps N of at least 1 to show a path")
    doc, args.file = load_source(prog, args)
    try:
        from playground.ui.files.render import render_animation
    except ImportError as e:
        print(f"{prog}: pictures need the Qt interface, which cannot load: {e}", file=sys.stderr)
        return EXIT_MISSING
    try:
        render_animation(doc, out, args.steps, fps=fps, frames=frames, size=size,
                         with_loss=args.with_loss)
    except (ValueError, OSError) as e:
        raise CommandError(f"{prog}: {e}") from None
    print(f"saved an animation of the landscape of {args.file} over {args.steps:,} steps to {out}")
    return EXIT_OK


# ---------------------------------------------------------------------------- curvature

def cmd_curvature(args: argparse.Namespace) -> int:
    import numpy as np

    from playground.engine.curvature import run_sharpness
    from playground.engine.hvp import CurvatureError

    prog = "playground curvature"
    doc, args.file = load_source(prog, args)
    apply_training_options(prog, doc, args)
    run = make_run(prog, args.file, doc)
    if args.steps:
        with np.errstate(all="ignore"):
            train_steps(run, args.steps, ProgressBar(sys.stderr, args.steps,
                                                     sys.stderr.isatty() and not args.json))
    if run.diverged:
        print(f"{prog}: {args.file}: training diverged ({run.diverged}); no curvature to "
              "measure", file=sys.stderr)
        return EXIT_DIVERGED
    try:
        with np.errstate(all="ignore"):
            s = run_sharpness(run)
    except CurvatureError as e:
        raise CommandError(f"{prog}: {args.file}: {e}") from None
    except FloatingPointError as e:
        print(f"{prog}: {args.file}: {e}", file=sys.stderr)
        return EXIT_DIVERGED
    report = {
        **source_fields(args), "step": run.step_count, "loss": _finite(s.loss),
        "parameters": run.compiled.n_params,
        "lambda_max": s.lam_max, "lambda_min": s.lam_min,
        "residual_max": s.residual_max, "residual_min": s.residual_min,
        "hessian_vector_products": s.products,
        "optimizer": s.optimizer, "lr": s.lr, "edge": s.edge,
        "lr_times_lambda_max": s.lr * s.lam_max, "past_edge": s.past_edge,
    }
    if args.json:
        print(json.dumps(report))
        return EXIT_OK
    what = "f" if not run.compiled.input_ids else "the training loss"
    print(f"{args.file} at step {run.step_count:,}: Hessian of {what} over "
          f"{run.compiled.n_params} parameter{'s' * (run.compiled.n_params != 1)} "
          f"({s.products} Hessian-vector products)")
    print(f"  λmax = {s.lam_max:.10g}   (largest eigenvalue: the sharpest direction)")
    print(f"  λmin = {s.lam_min:.10g}" + ("   (negative: a saddle or a maximum nearby)"
                                          if s.lam_min < 0 else ""))
    if s.edge is None:
        print(f"  {s.optimizer} at lr {s.lr:g} adapts its step per direction: no edge in "
              "λmax alone")
        return EXIT_OK
    name = "2/lr" if s.optimizer == "sgd" and s.edge == 2.0 / s.lr else "edge"
    print(f"  {name} = {s.edge:.10g}   ({s.optimizer}, lr {s.lr:g}; lr·λmax = "
          f"{s.lr * s.lam_max:.4g})")
    if s.past_edge:
        print(f"  past the edge: λmax > {name}; along the sharpest direction each step "
              "overshoots by more than it corrects, and gradient descent diverges")
    else:
        limit = (f"lr below 2/λmax = {2.0 / s.lam_max:.6g} for plain descent"
                 if s.lam_max > 0 else "no positive curvature: no step size overshoots")
        print(f"  below the edge: λmax ≤ {name}; stable along the sharpest direction ({limit})")
    return EXIT_OK


# ---------------------------------------------------------------------------- race

def cmd_race(args: argparse.Namespace) -> int:
    import numpy as np

    from playground.engine import landscape
    from playground.engine.race import Race, RaceError, parse_runners, race_view
    from playground.engine.schedules import ScheduleError, parse_schedule

    prog = "playground race"
    out = Path(args.out) if args.out else None
    if out is not None:
        if out.suffix.lower() not in (".png", ".svg"):
            raise CommandError(f"{prog}: --out {args.out}: the picture must end in .png or .svg")
        if not out.parent.is_dir():
            raise CommandError(f"{prog}: --out {args.out}: no folder {out.parent}")
    if args.csv and not Path(args.csv).parent.is_dir():
        raise CommandError(f"{prog}: --csv {args.csv}: no folder {Path(args.csv).parent}")
    axes = None
    if args.axes:
        parts = [p.strip() for p in args.axes.split(",")]
        if len(parts) != 2 or not all(parts) or parts[0] == parts[1]:
            raise CommandError(f"{prog}: --axes: expected two different parameter names "
                               f"P1,P2, got {args.axes!r}")
        axes = (parts[0], parts[1])
    doc, args.file = load_source(prog, args)
    try:
        schedule = parse_schedule(args.schedule) if args.schedule else doc.training.schedule
        runners = parse_runners(args.optimizers, schedule)
    except (RaceError, ScheduleError) as e:
        raise CommandError(f"{prog}: --optimizers: {e}") from None
    run = make_run(prog, args.file, doc)
    try:
        batch = doc.training.batch_size if args.batch is None else args.batch
        race = Race(run.compiled, run.theta, run.x, run.y, runners, args.tolerance,
                    batch_size=batch, seed=doc.training.seed, shuffle=doc.training.shuffle)
    except RaceError as e:
        raise CommandError(f"{prog}: {e}") from None
    started = time.perf_counter()
    try:
        done = race.run(args.steps)
    except KeyboardInterrupt:
        print(f"{prog}: interrupted at step {race.step_count}", file=sys.stderr)
        return 130
    seconds = time.perf_counter() - started
    results = race.results()
    if args.csv:
        from playground.io.files import SaveError
        from playground.io.race_csv import save_race_csv

        try:
            save_race_csv(race, args.csv)
        except (SaveError, OSError) as e:
            raise CommandError(f"{prog}: --csv: {e}") from None
    if out is not None:
        model = doc.network
        is_function = bool(getattr(doc, "is_function", False))
        view_range = doc.view.range if is_function and axes is None else None
        try:
            view = race_view(race, axes, view_range)
            with np.errstate(all="ignore"):
                surface = landscape.evaluate(run.compiled, view.plane, run.x, run.y, view.range,
                                             160 if is_function else 96)
        except (RaceError, ValueError) as e:
            raise CommandError(f"{prog}: {e}") from None
        try:
            from playground.ui.files.render import render_race
        except ImportError as e:
            print(f"{prog}: pictures need the Qt interface, which cannot load: {e}",
                  file=sys.stderr)
            return EXIT_MISSING
        minima = getattr(model, "minima", []) if is_function and axes is None else []
        title = doc.title or doc.name
        try:
            render_race(race, view, surface, out, args.size, title=title, minima=minima,
                        log_color=doc.view.log_color)
        except (ValueError, OSError) as e:
            raise CommandError(f"{prog}: {e}") from None
    report = {**source_fields(args), "steps": done, "seconds": seconds,
              "tolerance": args.tolerance, "batch_size": race.batch_size,
              "parameters": list(run.compiled.parameter_names),
              "start": dict(zip(run.compiled.parameter_names, race.start.tolist())),
              "runners": results, "out": args.out, "csv": args.csv}
    all_diverged = all(r["diverged"] for r in results)
    if args.json:
        print(json.dumps(report))
    else:
        print_race(report)
    return EXIT_DIVERGED if all_diverged else EXIT_OK


def print_race(report: dict) -> None:
    print(f"{report['file']}: {len(report['runners'])} runners, {report['steps']:,} steps in "
          f"{report['seconds']:.3g} s; tolerance {report['tolerance']:g}")
    rows = [("runner", "final loss", "steps to tolerance", "final point")]
    for r in report["runners"]:
        loss = "diverged" if r["diverged"] else f"{r['final_loss']:.6g}"
        reached = "-" if r["steps_to_tolerance"] is None else f"{r['steps_to_tolerance']:,}"
        point = ", ".join(f"{k}={v:.6g}" for k, v in list(r["final_point"].items())[:3])
        if len(r["final_point"]) > 3:
            point += ", …"
        rows.append((r["label"], loss, reached, point))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
    for r in report["runners"]:
        if r["diverged"]:
            print(f"  {r['label']}: {r['diverged']}")
    for what in ("out", "csv"):
        if report[what]:
            print(f"saved to {report[what]}")
