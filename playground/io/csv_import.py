"""CSV and TSV files as data: the dialect sniffed, a role per column, classes from the target.

`read_table` reads the text into cells (the `csv` module's Sniffer finds the
delimiter and whether the first row is a header); `import_table` turns the
cells into numbers for the columns' roles and decides classification or
regression from the target; `ImportedData.spec` stores the points inline in a
document's data, so a saved file reopens with the same points to the last bit.
Every refusal is a `CsvError` naming the line and column.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from playground.engine import datasets
from playground.io import limits
from playground.io.document import DataSpec

ROLES = ("input", "target", "ignore")
KINDS = ("classification", "regression")
DELIMITERS = ",;\t|"
# The imported rows are stored inline in the document, so the file limits apply: a file
# that imports must also save and load back.
MAX_BYTES = limits.FILE_BYTES.value
MAX_ROWS = limits.INLINE_POINTS.value
MAX_COLUMNS = limits.NEURONS.value - 1  # each input column becomes an input neuron
MAX_CLASSES = 20  # one output neuron per class; more are no longer a picture
FEW_INTEGERS = 10  # a target of at most this many different whole numbers is a class label
SNIFF_CHARS = 64 * 1024  # the Sniffer reads the start of the file only
# Long C-level steps (splitting the text, converting a column) go in pieces of this size, so
# a worker reading a large file lets the GUI thread have the interpreter in between.
PIECE_CHARS = 1 << 20
PIECE_CELLS = 10_000


class CsvError(ValueError):
    """A CSV file that cannot be imported, with the line and column in the message."""


@dataclass(frozen=True)
class Table:
    """A CSV file as text cells: column names, rows, and the line each row starts on."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]
    delimiter: str
    header: bool

    def where(self, row: int, col: int) -> str:
        """`line 7, column 2 (x2)` for a message."""
        return f"line {self.lines[row]}, column {col + 1} ({self.columns[col]})"


# ---------------------------------------------------------------------------- reading

def read_text(path: str | Path) -> str:
    """The text of a CSV file (UTF-8, a byte-order mark allowed); CsvError otherwise."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise CsvError("not a file")
        if size > MAX_BYTES:
            raise CsvError(f"{size:,} bytes is more than the limit of {MAX_BYTES:,}")
        raw = path.read_bytes()
    except OSError as e:
        raise CsvError(e.strerror or str(e)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CsvError(f"byte {e.start}: the file is not UTF-8 text "
                       "(save it as UTF-8 CSV)") from None


def sniff(text: str, delimiter: str | None = None) -> tuple[str, bool]:
    """(delimiter, whether the first row is a header) as the csv module's Sniffer sees them."""
    sample = "\n".join(line for line in text[:SNIFF_CHARS].splitlines()
                       if line.strip() and not line.lstrip().startswith("#"))
    if not sample:
        raise CsvError("the file is empty: it needs rows of values separated by commas or tabs")
    sniffer = csv.Sniffer()
    if delimiter is None:
        try:
            delimiter = sniffer.sniff(sample, delimiters=DELIMITERS).delimiter
        except csv.Error:
            first = sample.splitlines()[0]
            found = [d for d in DELIMITERS if d in first]
            if not found:
                raise CsvError("line 1: found no delimiter (comma, semicolon, tab or |): "
                               "a data set needs at least an input and a target column"
                               ) from None
            delimiter = found[0]
    try:
        header = sniffer.has_header(sample)
    except csv.Error:
        header = False
    # The Sniffer compares the first row with the rest; a first row with any cell that is
    # not a number above all-number columns is a header whatever it says.
    first = next(csv.reader([sample.splitlines()[0]], delimiter=delimiter), [])
    if not header and first and not all(_is_number(c) for c in first):
        rows = list(csv.reader(sample.splitlines()[1:6], delimiter=delimiter))
        numeric = [j for j in range(len(first)) if rows and all(
            j < len(r) and (_is_number(r[j]) or _decimal_comma_hint(r[j])) for r in rows)]
        header = any(not _is_number(first[j]) for j in numeric)
    return delimiter, header


def read_table(text: str, *, delimiter: str | None = None, header: bool | None = None) -> Table:
    """The cells of CSV `text`; the delimiter and header are sniffed unless given."""
    reader = TableReader(text, delimiter=delimiter, header=header)
    while reader.feed(MAX_ROWS + 1):
        pass
    return reader.table()


class TableReader:
    """`read_table` in pieces, so a worker can read a large file in short bursts and stop
    between them: `feed(n)` reads up to n more rows, `table()` gives the result."""

    def __init__(self, text: str, *, delimiter: str | None = None,
                 header: bool | None = None):
        text = text.removeprefix("\ufeff")
        self.delimiter, sniffed_header = sniff(text, delimiter)
        self.header = sniffed_header if header is None else header
        self._lines = _lines_without_comments(text)
        self._reader = csv.reader(self._lines, delimiter=self.delimiter,
                                  skipinitialspace=True)
        self._columns: tuple[str, ...] | None = None
        self._trailing = False
        self._header_line = 0
        self._rows: list[tuple[str, ...]] = []
        self._row_lines: list[int] = []
        self._done = False

    @property
    def progress(self) -> float:
        """The share of the text's lines read so far (0 to 1)."""
        return 1.0 if self._done else self._reader.line_num / max(len(self._lines), 1)

    @property
    def rows_read(self) -> int:
        return len(self._rows)

    def feed(self, n: int) -> bool:
        """Read up to `n` more rows; True while rows remain. CsvError names the place."""
        reader = self._reader
        taken = 0
        try:
            for record in reader:
                if not record or all(not c.strip() for c in record):
                    continue
                self._take(reader.line_num, tuple(c.strip() for c in record))
                taken += 1
                if taken >= n:
                    return True
        except csv.Error as e:
            raise CsvError(f"line {reader.line_num}: {e}") from None
        self._done = True
        return False

    def _take(self, line: int, cells: tuple[str, ...]) -> None:
        columns = self._columns
        if columns is None:
            self._header_line = line
            # Some exporters end every line with the delimiter: no column is there.
            self._trailing = len(cells) > 2 and cells[-1] == ""
            if self._trailing:
                cells = cells[:-1]
            if len(cells) > MAX_COLUMNS:
                raise CsvError(f"line {line}: {len(cells):,} columns is more than the "
                               f"limit of {MAX_COLUMNS:,}")
            if len(cells) < 2:
                raise CsvError(f"line {line}: only one column (delimiter "
                               f"{self.delimiter!r}): a data set needs at least an "
                               "input and a target column")
            self._columns = _column_names(cells, line) if self.header else \
                tuple(f"column {j + 1}" for j in range(len(cells)))
            if self.header:
                return
            columns = self._columns
        elif self._trailing and len(cells) == len(columns) + 1 and cells[-1] == "":
            cells = cells[:-1]
        if len(cells) != len(columns):
            raise CsvError(f"line {line}: {len(cells)} values, but line {self._header_line} "
                           f"has {len(columns)} columns")
        if len(self._rows) == MAX_ROWS:
            raise CsvError(f"line {line}: more than {MAX_ROWS:,} data rows (the limit)")
        self._rows.append(cells)
        self._row_lines.append(line)

    def table(self) -> Table:
        """The table read (call after `feed` returned False)."""
        if self._columns is None:
            raise CsvError("the file is empty: it needs rows of values separated by commas "
                           "or tabs")
        if not self._rows:
            raise CsvError(f"line {self._header_line}: no data rows after the header")
        return Table(self._columns, tuple(self._rows), tuple(self._row_lines), self.delimiter,
                     bool(self.header))


def _lines_without_comments(text: str) -> list[str]:
    # Comment lines become blank so every row keeps its line number.
    return ["" if line.lstrip().startswith("#") else line for line in _split_lines(text)]


def _split_lines(text: str) -> list[str]:
    """text.splitlines(), a megabyte at a time: each piece ends just after a newline, so no
    line break is cut in two and the lines are the same."""
    lines: list[str] = []
    start = 0
    while start < len(text):
        end = text.find("\n", start + PIECE_CHARS)
        end = len(text) if end < 0 else end + 1
        lines.extend(text[start:end].splitlines())
        start = end
    return lines


def _column_names(cells: tuple[str, ...], line: int) -> tuple[str, ...]:
    seen: dict[str, int] = {}
    for j, name in enumerate(cells):
        if not name:
            raise CsvError(f"line {line}, column {j + 1}: the header has no name here")
        if name in seen:
            raise CsvError(f"line {line}, column {j + 1}: the name {name!r} is also column "
                           f"{seen[name] + 1}")
        seen[name] = j
    return cells


def _decimal_comma_hint(cell: str) -> str:
    if re.fullmatch(r"[-+]?\d+,\d+", cell):
        return (f"; {cell!r} has a decimal comma: save the file with decimal points "
                "(e.g. 1.5) to read such columns as numbers")
    return ""


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------------------- roles and kind

def default_roles(table: Table) -> tuple[str, ...]:
    """The last column is the target; the others are inputs where the first row holds a
    number there, else ignored (an id or a name)."""
    first = table.rows[0]
    roles = ["input" if _is_number(c) else "ignore" for c in first[:-1]]
    return (*roles, "target")


def column_index(table: Table, column: str) -> int:
    """The index of a column given by name or by its 1-based number."""
    if column in table.columns:
        return table.columns.index(column)
    if re.fullmatch(r"\d+", column.strip()) and 1 <= int(column) <= len(table.columns):
        return int(column) - 1
    raise CsvError(f"no column {column!r}; the columns are {', '.join(table.columns)}")


def roles_with_target(table: Table, column: str) -> tuple[str, ...]:
    """The default roles with `column` (a name or 1-based number) as the one target."""
    target = column_index(table, column)
    roles = list(default_roles(table))
    roles[-1] = "input" if _is_number(table.rows[0][-1]) else "ignore"
    roles[target] = "target"
    return tuple(roles)


def guess_kind(values: Sequence[str]) -> str:
    """Classification when the target holds words or a few whole numbers, else regression."""
    distinct: set[str] = set()
    for i in range(0, len(values), PIECE_CELLS):
        distinct.update(values[i:i + PIECE_CELLS])
    if not all(_is_number(v) for v in distinct):
        return "classification"
    numbers = {float(v) for v in distinct}
    if len(numbers) <= FEW_INTEGERS and all(math.isfinite(v) and v == int(v) for v in numbers):
        return "classification"
    return "regression"


# ---------------------------------------------------------------------------- import

@dataclass(frozen=True)
class ImportedData:
    """The numbers of an imported table: inputs, targets and what they mean."""

    x: np.ndarray
    y: np.ndarray  # regression: the target columns; classification: 0/1 or one-hot rows
    kind: str
    input_names: tuple[str, ...]
    target_names: tuple[str, ...]
    classes: tuple[str, ...]  # classification: the class names, in output order

    @property
    def n_outputs(self) -> int:
        return self.y.shape[1]

    def spec(self, train_fraction: float = 0.8, seed: int = 0) -> DataSpec:
        """Inline data for a document: these points, split by `seed`."""
        try:  # the checks DataSpec.build makes, on the arrays (faster than on lists)
            datasets.from_arrays(self.x, self.y, train_fraction=train_fraction, seed=seed,
                                 kind=self.kind, classes=self.classes)
        except datasets.DataError as e:
            raise CsvError(str(e)) from None
        return DataSpec(generator=None, train_fraction=float(train_fraction), seed=int(seed),
                        x=self.x.tolist(), y=self.y.tolist(), kind=self.kind,
                        classes=list(self.classes) or None)


def import_table(table: Table, roles: Sequence[str] | None = None,
                 kind: str | None = None, columns: Columns | None = None) -> ImportedData:
    """Numbers for the inputs and targets of `table`; `kind` None guesses it from the target.
    `columns` keeps each column's conversion for the next call (the preview's role changes)."""
    columns = columns if columns is not None else Columns(table)
    roles = tuple(default_roles(table) if roles is None else roles)
    if len(roles) != len(table.columns):
        raise CsvError(f"{len(roles)} roles for {len(table.columns)} columns")
    for j, role in enumerate(roles):
        if role not in ROLES:
            raise CsvError(f"column {j + 1} ({table.columns[j]}): unknown role {role!r}; "
                           f"choose one of {', '.join(ROLES)}")
    inputs = [j for j, r in enumerate(roles) if r == "input"]
    targets = [j for j, r in enumerate(roles) if r == "target"]
    if not inputs:
        raise CsvError("choose at least one input column"
                       + _decimal_comma_hint(next(iter(table.rows[0]), "")))
    if not targets:
        raise CsvError("choose a target column")
    if kind is None:
        kind = columns.kind(targets[0]) if len(targets) == 1 else "regression"
    if kind not in KINDS:
        raise CsvError(f"unknown kind {kind!r}; choose classification or regression")
    x = np.column_stack([columns.numbers(j, "an input") for j in inputs])
    if kind == "regression":
        y = np.column_stack([columns.numbers(j, "the target of a regression")
                             for j in targets])
        classes: tuple[str, ...] = ()
    else:
        if len(targets) != 1:
            raise CsvError("a classification has one target column; "
                           f"{len(targets)} are chosen")
        y, classes = columns.classes(targets[0])
    return ImportedData(x, y, kind, tuple(table.columns[j] for j in inputs),
                        tuple(table.columns[j] for j in targets), classes)


class Columns:
    """A table's columns, each read as numbers, classes or a guessed kind at most once."""

    def __init__(self, table: Table):
        self.table = table
        self._numbers: dict[int, np.ndarray | tuple[int, str]] = {}
        self._classes: dict[int, tuple[np.ndarray, tuple[str, ...]] | str] = {}
        self._kinds: dict[int, str] = {}

    def cells(self, j: int) -> list[str]:
        return [row[j] for row in self.table.rows]

    def prepare(self, j: int, target: bool = False) -> None:
        """Convert column j now (its kind, its numbers, and as a target its classes), so a
        worker does the slow part and later calls only read what it kept."""
        self.kind(j)  # converts the numbers too
        if target and self.kind(j) == "classification":
            try:
                self.classes(j)
            except CsvError:
                pass  # kept as its message: the preview shows it when the column is chosen

    def kind(self, j: int) -> str:
        """`guess_kind` of column j; from its numbers when they all convert (one numpy pass
        instead of a Python test per distinct cell: seconds on 250,000 rows)."""
        if j not in self._kinds:
            if j not in self._numbers:
                self._numbers[j] = _column_numbers(self.cells(j))
            got = self._numbers[j]
            if isinstance(got, np.ndarray):
                distinct = np.unique(got)
                few = len(distinct) <= FEW_INTEGERS and bool(np.all(distinct == np.trunc(distinct)))
                self._kinds[j] = "classification" if few else "regression"
            else:
                self._kinds[j] = guess_kind(self.cells(j))
        return self._kinds[j]

    def numbers(self, j: int, what: str) -> np.ndarray:
        """Column j as float64; CsvError naming the first cell that is no finite number."""
        if j not in self._numbers:
            self._numbers[j] = _column_numbers(self.cells(j))
        got = self._numbers[j]
        if isinstance(got, tuple):
            i, cell = got
            where = self.table.where(i, j)
            if _is_number(cell):
                raise CsvError(f"{where}: {cell!r} is not a finite number")
            problem = "empty cell" if not cell else f"{cell!r} is not a number"
            raise CsvError(f"{where}: {problem} ({what} column)" + _decimal_comma_hint(cell))
        return got

    def classes(self, j: int) -> tuple[np.ndarray, tuple[str, ...]]:
        """Column j as classes: 0/1 or one-hot targets and the class names."""
        if j not in self._classes:
            try:
                self._classes[j] = _classes(self.table, j)
            except CsvError as e:
                self._classes[j] = str(e)
        got = self._classes[j]
        if isinstance(got, str):
            raise CsvError(got)
        return got


def _column_numbers(cells: list[str]) -> np.ndarray | tuple[int, str]:
    """The cells as numbers, or (row, cell) of the first that is no finite number."""
    try:
        # Python's float() rounds correctly, so the saved file holds the very same bits.
        out = np.empty(len(cells))
        for i in range(0, len(cells), PIECE_CELLS):
            out[i:i + PIECE_CELLS] = list(map(float, cells[i:i + PIECE_CELLS]))
    except ValueError:
        i = next(i for i, c in enumerate(cells) if not _is_number(c))
        return i, cells[i]
    bad = ~np.isfinite(out)
    if bad.any():
        i = int(np.argmax(bad))
        return i, cells[i]
    return out


def _classes(table: Table, col: int) -> tuple[np.ndarray, tuple[str, ...]]:
    cells = [row[col] for row in table.rows]
    spelled = {cell: _label(cell) for cell in set(cells)}  # each spelling read once
    if "" in spelled:
        i = cells.index("")
        raise CsvError(f"{table.where(i, col)}: empty cell (the target column)")
    names = sorted(set(spelled.values()), key=_label_order)
    name = table.columns[col]
    if len(names) < 2:
        raise CsvError(f"column {col + 1} ({name}): every row has the class {names[0]!r}: "
                       "a classification needs at least two classes")
    if len(names) > MAX_CLASSES:
        raise CsvError(f"column {col + 1} ({name}): {len(names):,} different values is more "
                       f"than {MAX_CLASSES} classes; import it as regression or choose "
                       "another target")
    index = {cell: names.index(label) for cell, label in spelled.items()}
    return datasets.one_hot([index[c] for c in cells], len(names)), tuple(names)


def _label(cell: str) -> str:
    """A class label as written, whole numbers in one spelling ("1.0" and "1" are one class)."""
    if _is_number(cell):
        value = float(cell)
        if math.isfinite(value) and value == int(value):
            return str(int(value))
    return cell


def _label_order(label: str) -> tuple[int, float, str]:
    # Numbers in numeric order (so 0/1 targets keep 0 and 1), then words alphabetically.
    return (0, float(label), "") if _is_number(label) else (1, 0.0, label)


def load_csv(path: str | Path, *, target: str | None = None,
             kind: str | None = None) -> ImportedData:
    """A CSV file imported with the default roles (or `target` as the one target column)."""
    table = read_table(read_text(path))
    roles = None if target is None else roles_with_target(table, target)
    return import_table(table, roles, kind)
