"""What each kind of อปท. calls its things: one table, read through `Organisation.words`.

An อบต. and an อบจ. enact their budget as a ข้อบัญญัติ, a เทศบาล as a เทศบัญญัติ, เมืองพัทยา as a
ข้อบัญญัติเมืองพัทยา; the areas of a city are ชุมชน where those of a rural organisation are หมู่บ้าน
(a setting of the organisation, defaulting by kind); the executive's title and the council's name
carry the organisation's own name (นายกเทศมนตรีตำบลนาคำ, สภาเทศบาลตำบลนาคำ).

The product's own text is written in an อบต.'s words; `Words.speak` says it in the organisation's
(form labels and help texts, the names of the staff pages). Everything else asks for the word it
needs by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VILLAGE = "village"
COMMUNITY = "community"
LOCALITY_CHOICES = [("", "ตามประเภท อปท."), (VILLAGE, "หมู่บ้าน (หมู่ที่)"), (COMMUNITY, "ชุมชน")]


@dataclass(frozen=True)
class KindWords:
    prefix: str  # of the full name: องค์การบริหารส่วนตำบล + หนองบัว
    abbreviation: str  # อบต.
    executive: str  # of the executive's title: นายกองค์การบริหารส่วนตำบล + หนองบัว
    ordinance: str  # what its budget is enacted as
    locality: str  # VILLAGE or COMMUNITY, unless the organisation says otherwise


# By Organisation.Kind value.
KINDS: dict[str, KindWords] = {
    "sao": KindWords("องค์การบริหารส่วนตำบล", "อบต.", "นายกองค์การบริหารส่วนตำบล", "ข้อบัญญัติ", VILLAGE),
    "tambon": KindWords("เทศบาลตำบล", "ทต.", "นายกเทศมนตรีตำบล", "เทศบัญญัติ", VILLAGE),
    "town": KindWords("เทศบาลเมือง", "ทม.", "นายกเทศมนตรีเมือง", "เทศบัญญัติ", COMMUNITY),
    "city": KindWords("เทศบาลนคร", "ทน.", "นายกเทศมนตรีนคร", "เทศบัญญัติ", COMMUNITY),
    "pao": KindWords("องค์การบริหารส่วนจังหวัด", "อบจ.", "นายกองค์การบริหารส่วนจังหวัด", "ข้อบัญญัติ", VILLAGE),
    # พ.ร.บ.ระเบียบบริหารราชการเมืองพัทยา 2542: its budget is a ข้อบัญญัติเมืองพัทยา เรื่อง งบประมาณรายจ่าย…
    "pattaya": KindWords("เมือง", "เมืองพัทยา", "นายกเมือง", "ข้อบัญญัติเมืองพัทยา", VILLAGE),
}


@dataclass(frozen=True)
class LocalityWords:
    noun: str  # หมู่บ้าน
    number: str  # หมู่ที่

    def place(self, number: int, name: str) -> str:
        """How a place is printed among others: "หมู่ที่ 3", or the community by its name."""
        return f"{self.number} {number}" if self.noun == "หมู่บ้าน" else _community(name)

    def label(self, number: int, name: str) -> str:
        """How it is named in a list to choose from: "หมู่ที่ 3 บ้านโคก", or "ชุมชนนาคำใต้"."""
        return f"{self.number} {number} {name}" if self.noun == "หมู่บ้าน" else _community(name)


def _community(name: str) -> str:
    return name if name.startswith("ชุมชน") else f"ชุมชน{name}"


LOCALITIES = {VILLAGE: LocalityWords("หมู่บ้าน", "หมู่ที่"), COMMUNITY: LocalityWords("ชุมชน", "ชุมชนที่")}


@dataclass(frozen=True)
class Words:
    """The words of one organisation: its kind's, its name, and its locality setting."""

    kind: KindWords
    name: str
    places: LocalityWords

    @classmethod
    def of(cls, kind: str, name: str, locality: str = "") -> Words:
        words = KINDS[kind]
        return cls(words, name, LOCALITIES[locality or words.locality])

    @property
    def full_name(self) -> str:
        return self.kind.prefix + self.name

    @property
    def abbreviation(self) -> str:
        return self.kind.abbreviation

    @property
    def executive_title(self) -> str:
        return self.kind.executive + self.name

    @property
    def council(self) -> str:
        """สภาองค์การบริหารส่วนตำบลหนองบัว, สภาเทศบาลตำบลนาคำ, สภาเมืองพัทยา."""
        return "สภา" + self.full_name

    @property
    def ordinance(self) -> str:
        return self.kind.ordinance

    def ordinance_on(self, subject: str) -> str:
        """The ordinance on `subject`: "ข้อบัญญัติงบประมาณรายจ่าย…", "ข้อบัญญัติเมืองพัทยา เรื่อง งบประมาณรายจ่าย…"."""
        return f"{self.ordinance} เรื่อง {subject}" if self.kind.abbreviation == "เมืองพัทยา" else f"{self.ordinance}{subject}"

    @property
    def budget_ordinance(self) -> str:
        """The kind of record, as menus and headings name it: ข้อบัญญัติงบประมาณ, เทศบัญญัติงบประมาณ …"""
        return self.ordinance_on("งบประมาณ")

    @property
    def locality(self) -> str:
        return self.places.noun

    @property
    def locality_number(self) -> str:
        return self.places.number

    @property
    def every_locality(self) -> str:
        return "ทุก" + self.places.noun

    def speak(self, text: str) -> str:
        """The product's text, written in an อบต.'s words, in this organisation's (idempotent)."""
        text = _BUDGET_ORDINANCE.sub(self.budget_ordinance, text)
        text = _ORDINANCE.sub(self.ordinance, text)
        text = _VILLAGE_NUMBER.sub(self.places.number, text)
        text = _VILLAGE.sub(self.places.noun, text)
        return _SAO.sub(self.kind.abbreviation, text)


# Each matches the อบต. word only, never the same word already said another way.
_BUDGET_ORDINANCE = re.compile(r"ข้อบัญญัติงบประมาณ")
_ORDINANCE = re.compile(r"ข้อบัญญัติ(?!เมืองพัทยา)")
_VILLAGE_NUMBER = re.compile(r"หมู่ที่")
_VILLAGE = re.compile(r"หมู่บ้าน")
_SAO = re.compile(r"อบต\.")
