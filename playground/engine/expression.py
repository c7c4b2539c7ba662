"""Parse a function typed by the user into a small checked expression tree.

The text is parsed by Python's `ast` and every node is checked against a
whitelist: numbers, the function's variables, names defined on earlier lines,
`+ - * / **`, unary minus and a fixed set of functions. Nothing is ever
evaluated by Python; the tree compiles to the engine's own graph
(`engine.function`). Size, nesting and constant-folding limits make
pathological input (`9**9**9**9`, thousands of nested parentheses) fail fast
with a message that points at the place.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass

import numpy as np

from playground.engine.activations import ACTIVATIONS

# Limits: generous for any function a person types, small enough to refuse at once.
MAX_CHARS = 4000  # the whole text
MAX_LINES = 32
MAX_NESTING = 40  # brackets open at once
MAX_DEPTH = 60  # operations nested inside each other
MAX_NODES = 500  # operations and leaves over all lines
MAX_CONSTANT = 1e300  # |a folded constant| above this is refused as an overflow
MAX_VARIABLES = 3
SHOWN = 72  # characters of a bad line shown above the caret

FUNCTIONS: dict[str, int] = {  # name -> number of arguments
    "sin": 1, "cos": 1, "tan": 1, "exp": 1, "log": 1, "sqrt": 1, "abs": 1,
    "tanh": 1, "sigmoid": 1, "relu": 1, "softplus": 1, "min": 2, "max": 2,
}
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}


class ExpressionError(ValueError):
    """A bad expression: the message, and where it is (1-based line and column)."""

    def __init__(self, message: str, line: int = 0, column: int = 0, text: str = ""):
        self.message = message
        self.line = line
        self.column = column
        self.text = text
        super().__init__(self.render())

    def render(self) -> str:
        """The message with its place, then the line and a caret under the column."""
        if not self.line:
            return self.message
        head = f"line {self.line}, column {self.column}: {self.message}"
        if not self.text:
            return head
        # A long line is shown as a window around the column, so the caret stays in view.
        start = max(0, self.column - 1 - SHOWN // 2) if len(self.text) > SHOWN else 0
        shown = self.text[start:start + SHOWN]
        lead = "…" if start else ""
        tail = "…" if start + SHOWN < len(self.text) else ""
        return f"{head}\n  {lead}{shown}{tail}\n  {' ' * (len(lead) + self.column - 1 - start)}^"


# ----------------------------------------------------------------------------- the tree

@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Var:
    name: str  # a variable or a name defined on an earlier line


@dataclass(frozen=True)
class Apply:
    """An operation ("+", "-", "*", "/", "**", "neg" or a function name) on arguments."""

    op: str
    args: tuple[Num | Var | Apply, ...]


Expr = Num | Var | Apply


@dataclass(frozen=True)
class Line:
    name: str
    expr: Expr
    text: str  # the line as typed, for labels and messages


@dataclass(frozen=True)
class Program:
    """Lines in order; the last one's value is the function."""

    variables: tuple[str, ...]
    lines: tuple[Line, ...]

    @property
    def output(self) -> str:
        return self.lines[-1].name


def split_lines(text: str) -> list[str]:
    """The lines of a function: newlines or semicolons separate them; blanks are dropped."""
    return [part.strip() for raw in text.splitlines() for part in raw.split(";")
            if part.strip()]


def parse(text: str | list[str], variables: list[str] | tuple[str, ...],
          output: str = "f") -> Program:
    """Check and parse `text` (or its lines) over `variables`; ExpressionError if bad.

    A last line without `=` is the function itself (named `output`).
    """
    check_variables(variables)
    lines = split_lines(text) if isinstance(text, str) else [str(t).strip() for t in text]
    lines = [t for t in lines if t]
    if not lines:
        raise ExpressionError("the function is empty: write an expression such as x**2 + y**2")
    if len(lines) > MAX_LINES:
        raise ExpressionError(f"too many lines ({len(lines)}); at most {MAX_LINES}")
    for number, line in enumerate(lines, start=1):
        _check_nesting(line, number, line, 0)
    total = sum(len(t) for t in lines)
    if total > MAX_CHARS:
        raise ExpressionError(f"the function is too long ({total} characters); "
                              f"at most {MAX_CHARS}")
    defined: list[str] = []
    parsed: list[Line] = []
    budget = [MAX_NODES]
    for number, line in enumerate(lines, start=1):
        last = number == len(lines)
        name, expr_text, offset = _split_assignment(line, number, last, output)
        if name in variables:
            raise ExpressionError(f'"{name}" is a variable; give the line another name',
                                  number, 1, line)
        if name in FUNCTIONS or name in CONSTANTS:
            raise ExpressionError(f'"{name}" is a built-in name; give the line another name',
                                  number, 1, line)
        if name in defined:
            raise ExpressionError(f'"{name}" is already defined on line '
                                  f"{defined.index(name) + 1}", number, 1, line)
        try:
            tree = ast.parse(expr_text, mode="eval")
        except SyntaxError as e:
            col = offset + (e.offset or 1)
            what = (e.msg or "invalid syntax").split(" (")[0]
            raise ExpressionError(what, number, col, line) from None
        except (ValueError, RecursionError, MemoryError) as e:
            raise ExpressionError(f"cannot read this expression ({e})", number,
                                  offset + 1, line) from None
        checker = _Checker(tuple(variables), tuple(defined), number, line, offset, budget)
        expr = checker.convert(tree.body, 0)
        parsed.append(Line(name, expr, line))
        defined.append(name)
    return Program(tuple(variables), tuple(parsed))


def check_variables(variables) -> None:
    """1 to 3 distinct plain names, none of them a built-in."""
    if not 1 <= len(variables) <= MAX_VARIABLES:
        raise ExpressionError(f"a function has 1 to {MAX_VARIABLES} variables, "
                              f"got {len(variables)}")
    for v in variables:
        if not isinstance(v, str) or not v.isidentifier() or v.startswith("_"):
            raise ExpressionError(f"variable {v!r} is not a plain name (letters, digits, _)")
        if v in FUNCTIONS or v in CONSTANTS:
            raise ExpressionError(f'"{v}" is a built-in name and cannot be a variable')
    if len(set(variables)) != len(variables):
        raise ExpressionError("the variables must have different names")


def _split_assignment(line: str, number: int, last: bool, output: str) -> tuple[str, str, int]:
    """(name, expression text, column offset of the expression) of one line."""
    head, eq, rest = line.partition("=")
    # "==", "<=" and the like are not assignments: leave them to the parser's message.
    if eq and not rest.startswith("=") and head.strip().isidentifier() \
            and not head.rstrip().endswith(("<", ">", "!")):
        name = head.strip()
        if not rest.strip():
            raise ExpressionError(f'"{name} =" needs an expression after the "="', number,
                                  len(line) + 1, line)
        offset = len(head) + 1 + (len(rest) - len(rest.lstrip()))
        return name, rest.strip(), offset
    if eq and not rest.startswith("=") and not head.strip():
        raise ExpressionError('a name is missing before "="', number, 1, line)
    if not last:
        raise ExpressionError('each line but the last must be "name = expression"',
                              number, 1, line)
    return output, line, 0


def _check_nesting(text: str, number: int, line: str, offset: int) -> None:
    """Refuse deep bracket nesting before the parser sees it."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
            if depth > MAX_NESTING:
                raise ExpressionError(f"brackets are nested too deeply (more than "
                                      f"{MAX_NESTING})", number, offset + i + 1, line)
        elif ch in ")]}":
            depth -= 1


class _Checker:
    """Turns a Python ast into Num/Var/Apply, refusing anything off the whitelist."""

    def __init__(self, variables: tuple[str, ...], defined: tuple[str, ...], number: int,
                 line: str, offset: int, budget: list[int]):
        self.variables = variables
        self.defined = defined
        self.number = number
        self.line = line
        self.offset = offset
        self.budget = budget

    def fail(self, node: ast.AST, message: str) -> ExpressionError:
        col = self.offset + getattr(node, "col_offset", 0) + 1
        return ExpressionError(message, self.number, col, self.line)

    def allowed_names(self) -> str:
        return ", ".join([*self.variables, *self.defined, *CONSTANTS])

    def convert(self, node: ast.AST, depth: int) -> Expr:
        if depth > MAX_DEPTH:
            raise self.fail(node, f"the expression is nested too deeply (more than "
                                  f"{MAX_DEPTH} operations inside each other)")
        self.budget[0] -= 1
        if self.budget[0] < 0:
            raise self.fail(node, f"the function is too large (more than {MAX_NODES} parts)")
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise self.fail(node, f"only numbers are allowed here, not {type(v).__name__}")
            return self.number_node(node, v)
        if isinstance(node, ast.Name):
            return self.name_node(node)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.UAdd):
                return self.convert(node.operand, depth + 1)
            if isinstance(node.op, ast.USub):
                inner = self.convert(node.operand, depth + 1)
                return self.fold(node, Apply("neg", (inner,)))
            raise self.fail(node, f'"{_symbol(node.op)}" is not allowed; use + - * / **')
        if isinstance(node, ast.BinOp):
            op = BINARY.get(type(node.op))
            if op is None:
                raise self.fail(node, f'"{_symbol(node.op)}" is not allowed; use + - * / **')
            a = self.convert(node.left, depth + 1)
            b = self.convert(node.right, depth + 1)
            return self.fold(node, Apply(op, (a, b)))
        if isinstance(node, ast.Call):
            return self.call_node(node, depth)
        raise self.fail(node, _refusal(node))

    def number_node(self, node: ast.AST, v: int | float) -> Num:
        try:
            value = float(v)
        except OverflowError:
            value = math.inf
        if not math.isfinite(value) or abs(value) > MAX_CONSTANT:
            raise self.fail(node, "this number is too large")
        return Num(value)

    def name_node(self, node: ast.Name) -> Expr:
        name = node.id
        if name in self.variables or name in self.defined:
            return Var(name)
        if name in CONSTANTS:
            return Num(CONSTANTS[name])
        if name in FUNCTIONS:
            raise self.fail(node, f'"{name}" is a function: call it, as in {name}(x)')
        raise self.fail(node, f'unknown name "{name}"; allowed names are '
                              f"{self.allowed_names()}, and the functions "
                              f"{', '.join(FUNCTIONS)}")

    def call_node(self, node: ast.Call, depth: int) -> Expr:
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, "only the built-in functions can be called: "
                                  f"{', '.join(FUNCTIONS)}")
        name = node.func.id
        if name not in FUNCTIONS:
            raise self.fail(node, f'unknown function "{name}"; the functions are '
                                  f"{', '.join(FUNCTIONS)}")
        if node.keywords:
            raise self.fail(node, f"{name}() takes no named arguments")
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise self.fail(node, f"{name}() takes plain arguments, not *")
        want = FUNCTIONS[name]
        if len(node.args) != want:
            raise self.fail(node, f"{name}() takes {want} argument{'s' if want > 1 else ''}, "
                                  f"got {len(node.args)}")
        args = tuple(self.convert(a, depth + 1) for a in node.args)
        return self.fold(node, Apply(name, args))

    def fold(self, node: ast.AST, expr: Apply) -> Expr:
        """Replace an operation on numbers by its value; refuse overflows."""
        if not all(isinstance(a, Num) for a in expr.args):
            return expr
        try:
            value = constant_value(expr.op, [a.value for a in expr.args])
        except (OverflowError, ZeroDivisionError, ValueError) as e:
            raise self.fail(node, f"this constant cannot be computed ({_why(e)})") from None
        if not math.isfinite(value) or abs(value) > MAX_CONSTANT:
            raise self.fail(node, "this constant is too large (it overflows)")
        return Num(value)


def constant_value(op: str, args: list[float]) -> float:
    """The value of an operation on plain numbers (float arithmetic, never Python ints)."""
    if op in ("+", "-", "*", "/", "**"):
        a, b = args
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            return a / b
        if a < 0 and not float(b).is_integer():
            raise ValueError("a negative number to a fractional power")
        return math.pow(a, b)  # floats: 9.0 ** 1e9 overflows at once
    if op == "neg":
        return -args[0]
    if op in ("min", "max"):
        return min(args) if op == "min" else max(args)
    if op in ("tanh", "sigmoid", "relu", "softplus"):
        return float(ACTIVATIONS[op].f(np.float64(args[0])))
    (a,) = args
    if op == "log" and a <= 0:
        raise ValueError("log of a number ≤ 0")
    if op == "sqrt" and a < 0:
        raise ValueError("square root of a negative number")
    return {"sin": math.sin, "cos": math.cos, "tan": math.tan, "exp": math.exp,
            "log": math.log, "sqrt": math.sqrt, "abs": abs}[op](a)


def _why(e: Exception) -> str:
    if isinstance(e, OverflowError):
        return "it overflows"
    if isinstance(e, ZeroDivisionError):
        return "division by zero"
    return str(e)


def _symbol(op: ast.AST) -> str:
    return {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.BitAnd: "&",
            ast.BitOr: "|", ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>",
            ast.Invert: "~", ast.Not: "not"}.get(type(op), type(op).__name__)


def _refusal(node: ast.AST) -> str:
    """Why a kind of Python syntax is not allowed, in the user's terms."""
    if isinstance(node, ast.Attribute):
        return 'attribute access (".") is not allowed'
    if isinstance(node, ast.Lambda):
        return "lambda is not allowed"
    if isinstance(node, ast.Compare):
        return "comparisons are not allowed"
    if isinstance(node, ast.BoolOp):
        return '"and"/"or" are not allowed'
    if isinstance(node, ast.Subscript):
        return "indexing ([...]) is not allowed"
    if isinstance(node, ast.IfExp):
        return '"if ... else" is not allowed'
    if isinstance(node, ast.List | ast.Tuple | ast.Set | ast.Dict):
        return "lists, tuples, sets and dicts are not allowed"
    return f"{type(node).__name__} is not allowed; use numbers, names, + - * / ** and " \
           f"the functions {', '.join(FUNCTIONS)}"


PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "**": 4}


def to_text(expr: Expr) -> str:
    """The expression written back in the same syntax, with only the brackets it needs."""
    if isinstance(expr, Num):
        v = expr.value
        return repr(v).removesuffix(".0") if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(expr, Var):
        return expr.name
    if expr.op == "neg":
        return f"-{_wrap(expr.args[0], 3, False)}"
    if expr.op in PRECEDENCE:
        a, b = expr.args
        p = PRECEDENCE[expr.op]
        space = " " if p == 1 else ""
        # ** groups to the right; - and / do not regroup on the right.
        left = _wrap(a, p, expr.op == "**")
        right = _wrap(b, p, expr.op in ("-", "/"))
        return f"{left}{space}{expr.op}{space}{right}"
    return f"{expr.op}({', '.join(to_text(a) for a in expr.args)})"


def _wrap(expr: Expr, parent: int, strict: bool) -> str:
    """`expr` in brackets when it binds less tightly than its parent operation."""
    text = to_text(expr)
    if isinstance(expr, Num) and expr.value < 0:
        own = 3
    elif isinstance(expr, Apply) and expr.op in PRECEDENCE:
        own = PRECEDENCE[expr.op]
    else:
        return text
    return f"({text})" if own < parent or (strict and own == parent) else text
