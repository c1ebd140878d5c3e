"""The one rounding rule for every share the product prints.

- Shares of one whole (a strategy's projects by outcome, the strategies' shares of the plan) are
  rounded together by largest remainder (Hamilton's method): printed to two decimals they add up to
  exactly 100.00, and none moves by 0.01 or more from its true value.
- Parts of a figure already printed (the แผนงาน rows under a strategy's share, the strategies'
  cells of a column whose total is printed) are rounded the same way to add up to that figure.
- A share that belongs to no such set (disbursed of budget) is rounded half up: 5.555 prints 5.56.
- A figure is computed once and passed on: the same share is never rounded twice, so it prints
  the same on the staff page, the PDF, the public page, the exports and an announcement's text.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


def largest_remainder(raw: list[Decimal], target: Decimal, places: int = 2) -> list[Decimal]:
    """Round each raw value to `places` decimals so that the rounded values sum exactly to `target`.

    Every value is first rounded down; the units still missing go, one each, to the values that
    lost the most (ties to the earlier one), so no value moves by a full unit or more.
    """
    if not raw:
        return []
    unit = Decimal(1).scaleb(-places)
    floors = [value.quantize(unit, rounding=ROUND_DOWN) for value in raw]
    missing = int(((target - sum(floors)) / unit).to_integral_value())
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - floors[i]), i))
    if missing < 0:  # the target is below the floors: take from the smallest remainders
        order = list(reversed(order))
    for i in order[: abs(missing)]:
        floors[i] += unit if missing > 0 else -unit
    return floors


def share(part: Decimal | int, whole: Decimal | int, places: int = 2) -> Decimal:
    """One part's share of a whole in percent, rounded half up; 0.00 of an empty whole."""
    unit = Decimal(1).scaleb(-places)
    if not whole:
        return Decimal(0).quantize(unit)
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(unit, rounding=ROUND_HALF_UP)


def apportion(parts: list[Decimal | int], whole: Decimal | int, printed: Decimal, places: int = 2) -> list[Decimal]:
    """Each part's share of `whole`, rounded so that they add up to `printed`: the figure already
    printed for their sum (a column's total, a strategy's share)."""
    if not whole:
        return [Decimal(0).quantize(Decimal(1).scaleb(-places)) for _ in parts]
    return largest_remainder([Decimal(p) * HUNDRED / Decimal(whole) for p in parts], printed, places)


def percentages(parts: list[Decimal | int], places: int = 2) -> list[Decimal]:
    """Shares of the whole in percent, printed to `places` decimals, adding up to exactly 100."""
    total = sum(Decimal(p) for p in parts)
    if not total:
        return [Decimal(0).quantize(Decimal(1).scaleb(-places)) for _ in parts]
    raw = [Decimal(p) * HUNDRED / total for p in parts]
    return largest_remainder(raw, HUNDRED, places)


def nested_percentages(groups: list[list[Decimal | int]], places: int = 2) -> tuple[list[Decimal], list[list[Decimal]]]:
    """Percentages of groups (adding to 100) and of each group's parts (adding to its group's printed figure).

    Both levels are shares of the same grand total, as ผด.01 prints them: a strategy's share of all
    projects, then each of its แผนงาน rows' share of all projects.
    """
    group_totals = [sum(Decimal(p) for p in parts) for parts in groups]
    grand = sum(group_totals)
    group_pcts = percentages(group_totals, places)
    inner = [apportion(parts, grand, printed, places) for parts, printed in zip(groups, group_pcts, strict=True)]
    return group_pcts, inner
