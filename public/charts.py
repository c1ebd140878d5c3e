"""A bar chart of the budget by strategy, drawn as SVG on the server: no script, readable by screen readers."""

from __future__ import annotations

from dataclasses import dataclass

from lib import thai
from projects.document import PlanDocument


@dataclass
class Bar:
    label: str
    amount: str
    percent: str
    width: float  # share of the longest bar, 0–100


def budget_bars(doc: PlanDocument) -> list[Bar]:
    lines = [block.line for block in doc.summary if block.line.count]
    largest = max((line.budget for line in lines), default=0) or 1
    return [
        Bar(
            label=f"ยุทธศาสตร์ที่ {thai.digits(block.strategy.number, doc.style)} {block.strategy.name}",
            amount=thai.format_amount(block.line.budget, doc.style, places=0),
            percent=thai.digits(f"{block.line.budget_pct}", doc.style),
            width=round(float(block.line.budget * 100 / largest), 2),
        )
        for block in doc.summary
        if block.line.count
    ]
