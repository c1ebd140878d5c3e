"""Percentages that add up as printed: largest-remainder rounding (Hamilton's method)."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

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
    inner = []
    for parts, printed in zip(groups, group_pcts, strict=True):
        raw = [Decimal(p) * HUNDRED / grand if grand else Decimal(0) for p in parts]
        inner.append(largest_remainder(raw, printed, places) if grand else [printed for _ in parts])
    return group_pcts, inner
