"""What an import will do, shown before it does it: the same preview on the web page and from the command line.

Every importer (development-plan projects, budget lines, activities, progress) fills one `Preview`:
the sheets it read and skipped, every column and what it fills (and every column it did not read),
what will be created, updated or left alone, counts and totals per strategy and แผนงาน beside the
file's own subtotal rows, the names it could not resolve, the matches staff must choose, and every
error by row and column. Nothing is saved until the preview is clean and staff confirm it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from lib import thai
from lib.spreadsheets import CellError

ZERO = Decimal("0")


@dataclass
class SheetUse:
    name: str
    read: bool
    note: str = ""  # why it was skipped, or what its rows were read as
    rows: int = 0


@dataclass
class ColumnUse:
    sheet: str
    letter: str
    header: str
    fills: str  # what it fills, in Thai; "" when the column is not read
    note: str = ""  # why not, or how


@dataclass
class Subtotal:
    """A subtotal or total row of the file, checked against the rows above it (and not imported)."""

    sheet: str
    row: int
    label: str
    amounts: dict[str, Decimal]
    count: int | None = None  # "รวม 12 โครงการ"
    computed: dict[str, Decimal] = field(default_factory=dict)
    computed_count: int = 0
    ok: bool = False
    group: tuple = ()  # (strategy label,) or (strategy label, programme label) its rows all belong to
    file_values: list[Decimal] = field(default_factory=list)  # in the preview's amount-column order
    computed_values: list[Decimal] = field(default_factory=list)


@dataclass
class Line:
    label: str
    count: int = 0
    amounts: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    subtotals: list[Subtotal] = field(default_factory=list)
    values: list[Decimal] = field(default_factory=list)  # in the preview's amount-column order

    def add(self, amounts: dict[str, Decimal]) -> None:
        self.count += 1
        for key, value in amounts.items():
            self.amounts[key] += value or ZERO


@dataclass
class StrategyGroup:
    line: Line
    programmes: list[Line]


@dataclass
class Choice:
    """A match the importer will not guess (namesake projects): staff choose one of `options`."""

    ref: str  # stable within the file: "sheet!row"
    sheet: str
    row: int
    text: str
    reason: str
    options: list[tuple[str, str]]  # (value, label); "none" = link to nothing
    chosen: str = ""


@dataclass
class Preview:
    title: str  # what is imported: "โครงการในแผนพัฒนา"
    target: str  # where to: the plan's or the ordinance's title
    amount_columns: list[tuple[str, str]]  # (key, label): a year each for a development plan, else one
    filename: str = ""
    sheets: list[SheetUse] = field(default_factory=list)
    columns: list[ColumnUse] = field(default_factory=list)
    rows_read: int = 0
    counts: list[tuple[str, int]] = field(default_factory=list)
    groups: list[StrategyGroup] = field(default_factory=list)
    total: Line = field(default_factory=lambda: Line("รวมทั้งสิ้น"))
    subtotals: list[Subtotal] = field(default_factory=list)
    unresolved: list = field(default_factory=list)  # plans.names.Unresolved
    remembered: list = field(default_factory=list)  # names mapped by an earlier choice (shown, can be changed)
    choices: list[Choice] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    saved: bool = False

    @property
    def open_choices(self) -> list[Choice]:
        return [c for c in self.choices if not c.chosen]

    @property
    def blocked(self) -> bool:
        """Nothing can be saved: errors, names to map or matches to choose remain."""
        return bool(self.errors or self.unresolved or self.open_choices)

    @property
    def subtotal_mismatches(self) -> list[Subtotal]:
        return [s for s in self.subtotals if not s.ok]

    @property
    def matching_subtotals(self) -> list[Subtotal]:
        return [s for s in self.subtotals if s.ok]

    @property
    def is_clean(self) -> bool:
        return not self.blocked and not self.warnings and not self.subtotal_mismatches

    def count(self, label: str) -> int:
        return dict(self.counts).get(label, 0)


# --- totals per strategy and แผนงาน ----------------------------------------------------------------------


class Tally:
    """Counts and totals per strategy and แผนงาน, in the order the plan prints them."""

    def __init__(self) -> None:
        self._strategies: dict[tuple, Line] = {}
        self._programmes: dict[tuple, dict[tuple, Line]] = defaultdict(dict)
        self.total = Line("รวมทั้งสิ้น")

    def add(self, strategy: tuple[tuple, str], programme: tuple[tuple, str], amounts: dict[str, Decimal]) -> None:
        """`strategy` and `programme` are (sort key, label)."""
        (s_sort, s_label), (p_sort, p_label) = strategy, programme
        self._strategies.setdefault(s_sort, Line(s_label)).add(amounts)
        self._programmes[s_sort].setdefault(p_sort, Line(p_label)).add(amounts)
        self.total.add(amounts)

    def groups(self) -> list[StrategyGroup]:
        return [
            StrategyGroup(self._strategies[s], [self._programmes[s][p] for p in sorted(self._programmes[s])])
            for s in sorted(self._strategies)
        ]

    def fill(self, preview: Preview) -> None:
        preview.groups = self.groups()
        preview.total = self.total
        by_label = {(g.line.label,): g.line for g in preview.groups}
        by_label |= {(g.line.label, p.label): p for g in preview.groups for p in g.programmes}
        for subtotal in preview.subtotals:
            by_label.get(subtotal.group, preview.total).subtotals.append(subtotal)
        keys = [key for key, _ in preview.amount_columns]
        for line in [*by_label.values(), preview.total]:
            line.values = [line.amounts.get(k, ZERO) for k in keys]
        for subtotal in preview.subtotals:
            subtotal.file_values = [subtotal.amounts.get(k) or ZERO for k in keys]
            subtotal.computed_values = [subtotal.computed.get(k, ZERO) for k in keys]


# --- the file's own subtotal rows ------------------------------------------------------------------------


@dataclass
class Entry:
    """A row of one sheet in order: a data row (its amounts and group) or a subtotal row."""

    amounts: dict[str, Decimal]
    group: tuple = ()  # (strategy label, programme label)
    subtotal: Subtotal | None = None


def check_subtotals(entries: list[Entry], keys: list[str], starts: set[int] | None = None) -> list[Subtotal]:
    """Check each subtotal row against the data rows above it.

    A subtotal may sum the rows since the previous subtotal, since the start of a sheet, or since
    any earlier subtotal (a แผนงาน's subtotal, then a strategy's over several sheets, then the grand
    total): it is right when one of those runs adds up to it, in every amount column and in its
    count of projects if it states one. `starts` are the positions where sheets begin.
    """
    prefix = [{k: ZERO for k in keys}]  # sums of the data rows before each position
    counts = [0]
    for entry in entries:
        data = entry.subtotal is None
        prefix.append({k: prefix[-1][k] + ((entry.amounts.get(k) or ZERO) if data else ZERO) for k in keys})
        counts.append(counts[-1] + data)
    checked, boundaries = [], sorted({0, *(starts or ())})
    for position, entry in enumerate(entries):
        subtotal = entry.subtotal
        if subtotal is None:
            continue
        candidates = sorted((b for b in boundaries if b <= position), reverse=True)
        chosen = candidates[0]
        for start in candidates:
            sums = {k: prefix[position][k] - prefix[start][k] for k in keys}
            count = counts[position] - counts[start]
            if all(sums[k] == (subtotal.amounts.get(k) or ZERO) for k in keys) and subtotal.count in (None, count):
                subtotal.ok, chosen = True, start
                break
        subtotal.computed = {k: prefix[position][k] - prefix[chosen][k] for k in keys}
        subtotal.computed_count = counts[position] - counts[chosen]
        groups = {e.group for e in entries[chosen:position] if e.subtotal is None}
        if len(groups) == 1:
            subtotal.group = next(iter(groups))
        elif groups and len({g[:1] for g in groups}) == 1:
            subtotal.group = next(iter(groups))[:1]
        boundaries.append(position + 1)
        checked.append(subtotal)
    return checked


# --- as text, for the command line -------------------------------------------------------------------


def baht(value: Decimal | None) -> str:
    return thai.format_amount(value or ZERO, thai.ARABIC)


def as_text(preview: Preview) -> str:
    out = [f"{preview.title} → {preview.target}" + (f" จากไฟล์ {preview.filename}" if preview.filename else "")]
    read = [s for s in preview.sheets if s.read]
    skipped = [s for s in preview.sheets if not s.read]
    if preview.sheets:
        out.append(f"แผ่นงานที่อ่าน {len(read)} แผ่น" + (f", ข้าม {len(skipped)} แผ่น" if skipped else ""))
        out += [f"  ข้ามแผ่นงาน “{s.name}”: {s.note}" for s in skipped]
    out.append(f"แถวข้อมูลที่อ่าน {preview.rows_read:,} แถว: " + ", ".join(f"{label} {n:,}" for label, n in preview.counts))
    unread = [c for c in preview.columns if not c.fills]
    if unread:
        out.append("คอลัมน์ที่ไม่ได้นำเข้า:")
        out += [f"  {c.sheet} {c.letter} “{c.header or '(ไม่มีหัวตาราง)'}”: {c.note}" for c in unread]
    labels = [label for _, label in preview.amount_columns]
    out.append("ยอดรวมตามยุทธศาสตร์และแผนงาน (จำนวน | " + " | ".join(labels) + "):")
    for group in preview.groups:
        out.append(_line_text(group.line, preview, "  "))
        out += [_line_text(p, preview, "      ") for p in group.programmes]
    out.append(_line_text(preview.total, preview, "  "))
    if preview.subtotals:
        good = len(preview.subtotals) - len(preview.subtotal_mismatches)
        out.append(f"แถวยอดรวมในไฟล์ {len(preview.subtotals)} แถว ตรงกับแถวข้อมูล {good} แถว")
        for s in preview.subtotal_mismatches:
            file_amounts = " | ".join(baht(s.amounts.get(k)) for k, _ in preview.amount_columns)
            computed = " | ".join(baht(s.computed.get(k)) for k, _ in preview.amount_columns)
            out.append(f"  ไม่ตรง: {s.sheet} แถวที่ {s.row} “{s.label}” ในไฟล์ {file_amounts} แต่แถวข้อมูลรวมได้ {computed}")
    out += [f"หมายเหตุ: {note}" for note in preview.notes]
    out += [f"คำเตือน: {warning}" for warning in preview.warnings]
    for name in preview.unresolved:
        out.append(f"ยังไม่รู้จัก{name.kind_label} “{name.text}” ({name.where_text()})")
    for choice in preview.open_choices:
        out.append(f"ต้องเลือก: {choice.sheet} แถวที่ {choice.row} “{choice.text}”: {choice.reason}")
        out += [f"    - {label}" for value, label in choice.options if value != "none"]
    out += [f"ผิดพลาด: {error}" for error in preview.errors]
    return "\n".join(out)


def _line_text(line: Line, preview: Preview, indent: str) -> str:
    amounts = " | ".join(baht(line.amounts.get(k)) for k, _ in preview.amount_columns)
    file_totals = "".join(f" [ยอดในไฟล์ {s.sheet} แถว {s.row}: {'ตรง' if s.ok else 'ไม่ตรง'}]" for s in line.subtotals)
    return f"{indent}{line.label}: {line.count:,} | {amounts}{file_totals}"
