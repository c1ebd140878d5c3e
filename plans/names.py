"""Names as people write them in their spreadsheets, resolved to the organisation's records.

A name is resolved, in this order, by: the choice staff made for it at this import's mapping step;
the choice remembered from an earlier import of the organisation (`NameMapping`); the rules below;
else it is unresolved, and the import stops at the mapping step (on the web) or creates it or
reports it (from the command line). A spelling variant resolves to the record it varies, so it
never creates a duplicate:

- แผนงาน: with or without "แผนงาน", "การ", "และ", spaces and numbering; a unique shortening
  ("แผนงานเคหะ"); the standard code ("00240").
- strategies: by number ("1", "๑", "ยุทธศาสตร์ที่ 1", "1. ยุทธศาสตร์…"), or by name with or
  without "ยุทธศาสตร์", "การพัฒนา", "ด้าน" or the organisation's name; a name that is part of only
  one strategy's name (or holds it) is that strategy.
- กลยุทธ์/แนวทาง: within the row's strategy, by number ("1.2", "กลยุทธ์ที่ 2") or name likewise.
- units: the first line of the cell names the unit (the rest is its section, kept apart); with or
  without the organisation's name ("สำนักปลัดเทศบาล") or a trailing "ฯ"; a unique shortening; a
  unit followed by its section on one line ("กองช่าง ฝ่ายโยธา").
- villages: by number.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.db import transaction

from lib import spreadsheets
from lib.spreadsheets import CellError
from plans.models import Guideline, NameMapping, Organisation, Programme, StrategicPlan, Strategy, Unit, User, Village

Where = tuple[str, int, str]  # sheet, row, column
NEW = "new"
KIND_LABELS = dict(NameMapping.Kind.choices)


@dataclass(frozen=True)
class New:
    """A record the import will create when it is saved."""

    kind: str
    key: str

    @property
    def ref(self) -> str:
        return f"{self.kind}|{self.key}"


@dataclass
class Unresolved:
    """A name the import cannot resolve by itself: staff map it to a record or ask for a new one."""

    kind: str
    key: str
    text: str
    options: list[tuple[str, str]]  # (pk, label) of the records it may be
    can_create: bool = True
    suggestion: str = ""  # the option that looks closest
    chosen: str = ""  # for a remembered name: what it maps to now
    context: str = ""  # for a กลยุทธ์: its strategy
    where: list[Where] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return f"{self.kind}|{self.key}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def selected(self) -> str:
        return self.chosen or self.suggestion or (NEW if self.can_create else "")

    def where_text(self, limit: int = 5) -> str:
        places = [f"{sheet + ' ' if sheet else ''}แถวที่ {row}" for sheet, row, _ in self.where[:limit]]
        more = f" และอีก {len(self.where) - limit} แถว" if len(self.where) > limit else ""
        return ", ".join(places) + more


# --- comparable forms of names ---------------------------------------------------------------------

_PUNCTUATION = re.compile(r"[\s.,:;()\[\]\"'“”‘’\-–—/]")


def squash(text: str) -> str:
    """Names compared without spaces, dots or the word แผนงาน: "แผนงานการศาสนา วัฒนธรรม และนันทนาการ" ~ "การศาสนาวัฒนธรรมและนันทนาการ"."""
    text = spreadsheets.normalise(text)
    text = re.sub(r"^แผนงาน", "", text.replace(" ", ""))
    return re.sub(r"[\s.,]", "", text)


def plain(text: str) -> str:
    return _PUNCTUATION.sub("", spreadsheets.normalise(text))


def first_line(text: str) -> str:
    return spreadsheets.normalise(text).split("\n", 1)[0]


def organisation_names(organisation: Organisation) -> list[str]:
    """How files write the organisation: longest first, so the whole name goes before its parts."""
    name = organisation.name
    names = [organisation.full_name, *(prefix + name for prefix in ("อบต.", "ทต.", "ทม.", "ทน.", "อบจ.", "ตำบล", "เมือง"))]
    names += ["องค์การบริหารส่วนตำบล", "องค์การบริหารส่วนจังหวัด", "เทศบาลตำบล", "เทศบาลเมือง", "เทศบาลนคร", "เทศบาล", "อบต", "อปท"]
    return sorted({plain(n) for n in names}, key=len, reverse=True)


def _without_organisation(key: str, organisation: Organisation | None) -> str:
    if organisation is None:
        return key
    for name in organisation_names(organisation):
        key = key.replace(name, "")
    return re.sub(r"(ของ|ใน|ให้)$", "", key)


def programme_key(text: str) -> str:
    key = plain(re.sub(r"^[\d.\s]+", "", first_line(text)))
    key = re.sub(r"\d{5}", "", key).removeprefix("แผนงาน")
    return re.sub("การ|และ|ของ", "", key)


def strategy_parts(text: str) -> tuple[int | None, str]:
    """("ยุทธศาสตร์ที่ 1 การพัฒนาโครงสร้างพื้นฐาน") → (1, "การพัฒนาโครงสร้างพื้นฐาน"); "1. ยุทธศาสตร์การพัฒนาด้าน…", "๑", a name alone."""
    text = spreadsheets.normalise(text).replace("\n", " ")
    number = None
    leading = re.match(r"^(\d+)(?:\s*[.)]\s*(?!\d)|\s+|$)", text)
    if leading:
        number, text = int(leading.group(1)), text[leading.end() :]
    word = re.match(r"^ยุทธศาสตร์\s*(?:ที่\s*(\d+))?[\s.:)]*", text)
    if word:
        number = int(word.group(1)) if word.group(1) else number
        text = text[word.end() :]
    return number, text.strip()


def without_organisation(name: str, organisation: Organisation) -> str:
    """A name as a record keeps it: without the organisation's name that files add to it
    ("การพัฒนาคุณภาพชีวิตของประชาชนเทศบาลเมืองท่าพระ" → "การพัฒนาคุณภาพชีวิตของประชาชน")."""
    for written in (organisation.full_name, organisation.name):
        name = re.sub(rf"\s*(?:ของ|ใน)?\s*{re.escape(written)}\s*$", "", name)
    return name.strip() or name


def strategy_key(name: str, organisation: Organisation | None = None) -> str:
    key = _without_organisation(plain(name), organisation).removeprefix("ยุทธศาสตร์")
    return re.sub("การพัฒนา|ด้าน", "", key)


def guideline_parts(text: str) -> tuple[int | None, int | None, str]:
    """("1.2 กลยุทธ์การพัฒนาแหล่งน้ำ") → (1, 2, "การพัฒนาแหล่งน้ำ"); "กลยุทธ์ที่ 2 …" → (None, 2, …)."""
    text = spreadsheets.normalise(text).replace("\n", " ")
    strategy = number = None
    dotted = re.match(r"^(\d+)\.(\d+)(?:\.\d+)*\s*[.)]?\s*", text)
    if dotted:
        strategy, number, text = int(dotted.group(1)), int(dotted.group(2)), text[dotted.end() :]
    word = re.match(r"^(?:กลยุทธ์|แนวทาง(?:การพัฒนา)?)\s*(?:ที่\s*)?(?:(\d+)\.(\d+)|(\d+))?[\s.:)]*", text)
    if word:
        if word.group(1):
            strategy, number = int(word.group(1)), int(word.group(2))
        elif word.group(3):
            number = int(word.group(3))
        text = text[word.end() :]
    return strategy, number, text.strip()


def guideline_key(name: str) -> str:
    key = plain(name)
    key = re.sub(r"^(กลยุทธ์|แนวทางการพัฒนา|แนวทาง)", "", key)
    return re.sub("การพัฒนา|ด้าน", "", key)


SECTION_WORDS = ("ฝ่าย", "งาน", "ส่วน", "กลุ่มงาน", "หน่วย")


def unit_key(name: str, organisation: Organisation | None = None) -> str:
    return _without_organisation(plain(first_line(name)).rstrip("ฯ"), organisation)


def unit_detail(text: str) -> str:
    """What a unit cell says after the unit's name: its section ("ฝ่ายแบบแผนและก่อสร้าง")."""
    lines = spreadsheets.normalise(text).split("\n")
    return " ".join(lines[1:]).strip()


def _unique(candidates: list) -> object | None:
    distinct = list({id(c): c for c in candidates}.values())
    return distinct[0] if len(distinct) == 1 else None


def _closest(key: str, keyed: dict[str, list]) -> object | None:
    best = difflib.get_close_matches(key, list(keyed), n=1, cutoff=0.6)
    return keyed[best[0]][0] if best else None


# --- the matcher ----------------------------------------------------------------------------------


class Matcher:
    """The organisation's records by the names and numbers its people write.

    `choices` are this import's mapping-step answers ("kind|key" → a record's pk, or "new");
    `create_missing` (the command line's --create-missing) creates what is unknown instead of
    asking. Errors go to `errors`; unresolved names to `unresolved`; records to create to `new`.
    """

    def __init__(self, organisation: Organisation, strategic_plan: StrategicPlan | None, *, create_missing: bool = False,
                 choices: dict[str, str] | None = None):  # fmt: skip
        self.organisation = organisation
        self.strategic_plan = strategic_plan
        self.create_missing = create_missing
        self.choices = choices or {}
        self.errors: list[CellError] = []
        self.notes: list[str] = []
        self.unresolved: dict[str, Unresolved] = {}
        self.remembered: dict[str, Unresolved] = {}
        self.new: dict[str, dict] = {}  # ref → what to create
        self.created: dict[str, object] = {}
        self.decided: dict[str, tuple[str, str, str]] = {}  # ref → (kind, key, text) chosen at the mapping step
        self.aliases: dict[str, str] = {}  # ref of a spelling variant → ref of the new record it is
        self._cache: dict[tuple, object] = {}
        self.strategies: dict[int, Strategy] = {}
        self.guidelines: dict[int, list[Guideline]] = {}
        if strategic_plan is not None and strategic_plan.pk:
            self.strategies = {s.number: s for s in strategic_plan.strategies.all()}
            for guideline in Guideline.objects.filter(strategy__strategic_plan=strategic_plan).order_by("number"):
                self.guidelines.setdefault(guideline.strategy_id, []).append(guideline)
        self.units = list(Unit.objects.filter(organisation=organisation))
        self.programmes = list(Programme.objects.all())
        self.villages = {v.number: v for v in Village.objects.filter(organisation=organisation)}
        self.mappings = {(m.kind, m.key): m for m in NameMapping.objects.filter(organisation=organisation)} if organisation.pk else {}
        self._strategy_keys = self._keyed(self.strategies.values(), lambda s: strategy_key(s.name, organisation))
        self._unit_keys = self._keyed(self.units, lambda u: unit_key(u.name, organisation))
        self._programme_keys = self._keyed(self.programmes, lambda p: programme_key(p.name))

    @staticmethod
    def _keyed(records, key) -> dict[str, list]:
        keyed: dict[str, list] = {}
        for record in records:
            keyed.setdefault(key(record), []).append(record)
        return keyed

    # --- the shared steps: a choice, a remembered choice, or unknown ---------------------------------

    def _decided(self, kind: str, key: str, text: str, options: dict[str, object], where: Where | None, **context):
        """The record chosen for this name at the mapping step or remembered from before; None when neither."""
        ref = f"{kind}|{key}"
        choice = self.choices.get(ref)
        if choice == NEW and context.get("can_create", True) or choice and choice in options:
            self.decided[ref] = (kind, key, text)
            shown = self.remembered.setdefault(ref, self._unresolved(kind, key, text, options, **context))
            shown.chosen = choice
            if where:
                shown.where.append(where)
            return self._create(kind, key, text, **context) if choice == NEW else options[choice]
        mapping = self.mappings.get((kind, key))
        target = options.get(str(getattr(mapping, f"{kind}_id", ""))) if mapping else None
        if target is not None:
            shown = self.remembered.setdefault(ref, self._unresolved(kind, key, text, options, **context))
            shown.chosen = str(target.pk)
            if where:
                shown.where.append(where)
            return target
        return None

    def _unresolved(self, kind: str, key: str, text: str, options: dict[str, object], suggestion=None, can_create: bool = True,
                    context: str = "", **_) -> Unresolved:  # fmt: skip
        return Unresolved(
            kind, key, text, [(pk, str(record)) for pk, record in options.items()], can_create,
            str(suggestion.pk) if suggestion is not None else "", "", context,
        )  # fmt: skip

    def _unknown(self, kind: str, key: str, text: str, options: dict[str, object], where: Where | None, **context):
        if self.create_missing and context.get("can_create", True):
            return self._create(kind, key, text, **context)
        ref = f"{kind}|{key}"
        entry = self.unresolved.setdefault(ref, self._unresolved(kind, key, text, options, **context))
        if where:
            entry.where.append(where)
        return None

    def _create(self, kind: str, key: str, text: str, **context) -> New:
        """A record to create; a spelling variant of one already to be created is that one (never a duplicate)."""
        same = self._same_new(kind, key, context)
        if same is not None:
            self.aliases[f"{kind}|{key}"] = same.ref
            return same
        new = New(kind, key)
        self.new.setdefault(new.ref, {"kind": kind, "text": text, **context})
        return new

    def _same_new(self, kind: str, key: str, context: dict) -> New | None:
        scope, _, name = key.rpartition(":")  # a กลยุทธ์'s key starts with its strategy's
        for ref, info in self.new.items():
            other = ref.split("|", 1)[1]
            other_scope, _, other_name = other.rpartition(":")
            if info["kind"] != kind or other == key or other_scope != scope:
                continue
            number = context.get("number")
            if kind in ("strategy", "guideline") and number is not None and info.get("number") == number:
                return New(kind, other)
            plain_name, plain_other = name.lstrip("#"), other_name.lstrip("#")
            if (
                kind != "village"
                and min(len(plain_name), len(plain_other)) >= 4
                and (plain_name in plain_other or plain_other in plain_name)
            ):
                return New(kind, other)
        return None

    def _error(self, where: Where | None, message: str) -> None:
        sheet, row, column = where or ("", 0, "")
        self.errors.append(CellError(row, column, message, sheet))

    # --- strategies ----------------------------------------------------------------------------------

    def strategy(self, text: str, where: Where | None = None) -> Strategy | New | None:
        text = spreadsheets.normalise(text).replace("\n", " ")
        if not text:
            return None
        return self._once("strategy", text, None, where, lambda: self._strategy(text, where))

    def _strategy(self, text: str, where: Where | None):
        number, name = strategy_parts(text)
        key = strategy_key(name, self.organisation) if name else f"#{number}"
        options = {str(s.pk): s for s in self.strategies.values()}
        info = {"number": number, "name": name or f"ยุทธศาสตร์ที่ {number}"}
        found = self._decided("strategy", key, text, options, where, **info)
        if found is not None:
            return key, found
        by_name = self._by_name(key, self._strategy_keys) if name else None
        by_number = self.strategies.get(number)
        if by_name is not None and by_number is not None and by_name != by_number:
            return key, self._unknown("strategy", key, text, options, where, suggestion=by_name, **info)
        if by_name is not None:
            return key, by_name
        if by_number is not None:
            if name and key:
                self.notes.append(f"ยุทธศาสตร์ “{text}” ในไฟล์ ใช้ยุทธศาสตร์ที่ {number} “{by_number.name}” ตามเลขที่ (ชื่อเขียนต่างกัน)")
            return key, by_number
        suggestion = _closest(key, self._strategy_keys) if key else None
        return key, self._unknown("strategy", key, text, options, where, suggestion=suggestion, **info)

    def strategy_named(self, text: str) -> Strategy | None:
        """The strategy a heading names by its name alone ("การพัฒนาคุณภาพชีวิต"), asking nothing when none does."""
        number, name = strategy_parts(text)
        return self._by_name(strategy_key(name, self.organisation), self._strategy_keys) if name and number is None else None

    @staticmethod
    def _by_name(key: str, keyed: dict[str, list]):
        if not key:
            return None
        if key in keyed:
            return _unique(keyed[key])
        if len(key) >= 4:
            return _unique([r for k, records in keyed.items() if len(k) >= 4 and (key in k or k in key) for r in records])
        return None

    def _once(self, kind: str, text: str, context, where: Where | None, resolve):
        """Resolve each distinct name once; later rows that write it only add where it appears."""
        marker = (kind, text, context)
        if marker not in self._cache:
            self._cache[marker] = resolve()
            return self._cache[marker][1]
        key, result = self._cache[marker]
        ref = f"{kind}|{key}"
        if where:
            for listing in (self.unresolved, self.remembered):
                if ref in listing:
                    listing[ref].where.append(where)
        return result

    # --- กลยุทธ์ / แนวทางการพัฒนา -----------------------------------------------------------------------

    def guideline(self, text: str, strategy, where: Where | None = None) -> Guideline | New | None:
        text = spreadsheets.normalise(text).replace("\n", " ")
        if not text or strategy is None:
            return None
        context = strategy.ref if isinstance(strategy, New) else strategy.pk
        return self._once("guideline", text, context, where, lambda: self._guideline(text, strategy, where))

    def _guideline(self, text: str, strategy, where: Where | None):
        strategy_number, number, name = guideline_parts(text)
        context = f"n{strategy.key}" if isinstance(strategy, New) else f"s{strategy.pk}"
        key = f"{context}:{guideline_key(name) if name else f'#{number}'}"
        info = {
            "strategy": strategy,
            "number": number,
            "name": name or text,
            "context": str(strategy) if not isinstance(strategy, New) else "",
        }
        if isinstance(strategy, New):
            return key, self._create("guideline", key, text, **info)  # a new strategy's กลยุทธ์ are new too
        candidates = self.guidelines.get(strategy.pk, [])
        options = {str(g.pk): g for g in candidates}
        found = self._decided("guideline", key, text, options, where, **info)
        if found is not None:
            return key, found
        if strategy_number is not None and strategy_number != strategy.number:
            self._error(where, f"แนวทาง {strategy_number}.{number} ไม่อยู่ในยุทธศาสตร์ที่ {strategy.number} ของแถวนี้")
            return key, None
        by_name = self._by_name(guideline_key(name), self._keyed(candidates, lambda g: guideline_key(g.name))) if name else None
        by_number = next((g for g in candidates if g.number == number), None)
        if by_name is not None and by_number is not None and by_name != by_number:
            return key, self._unknown("guideline", key, text, options, where, suggestion=by_name, **info)
        if by_name is not None or by_number is not None:
            return key, by_name or by_number
        return key, self._unknown("guideline", key, text, options, where, **info)

    # --- แผนงาน --------------------------------------------------------------------------------------

    def programme(self, text: str, where: Where | None = None) -> Programme | None:
        text = first_line(text)
        if not text:
            return None
        return self._once("programme", text, None, where, lambda: self._programme(text, where))

    def _programme(self, text: str, where: Where | None):
        key = programme_key(text)
        code = re.search(r"(?<!\d)(00\d{3})(?!\d)", text)
        options = {str(p.pk): p for p in self.programmes}
        found = self._decided("programme", key, text, options, where, can_create=False)
        if found is not None:
            return key, found
        if code:
            by_code = next((p for p in self.programmes if p.code == code.group(1)), None)
            if by_code is not None:
                return key, by_code
        if key in self._programme_keys:
            return key, _unique(self._programme_keys[key])
        if len(key) >= 2:
            shortened = _unique([p for k, ps in self._programme_keys.items() if k.startswith(key) for p in ps])
            longer = _unique([p for k, ps in self._programme_keys.items() if len(k) >= 4 and key.startswith(k) for p in ps])
            if shortened or longer:
                return key, shortened or longer
        suggestion = _closest(key, self._programme_keys) if key else None
        return key, self._unknown("programme", key, text, options, where, suggestion=suggestion, can_create=False)

    # --- units ---------------------------------------------------------------------------------------

    def unit(self, text: str, where: Where | None = None) -> Unit | New | None:
        """The unit a cell names (its first line; see `unit_detail` for the rest)."""
        text = spreadsheets.normalise(text)
        if not text:
            return None
        return self._once("unit", first_line(text), None, where, lambda: self._unit(first_line(text), where))

    def unit_section(self, text: str) -> str:
        """The section a unit cell names after its unit: on the next lines, or after the unit on one line."""
        detail = unit_detail(text)
        if detail:
            return detail
        line = first_line(text)
        for unit in self.units:
            rest = line.removeprefix(unit.name).strip()
            if rest != line and rest.startswith(SECTION_WORDS):
                return rest
        return ""

    def _unit(self, text: str, where: Where | None):
        key = unit_key(text, self.organisation)
        options = {str(u.pk): u for u in self.units}
        info = {"name": text}
        found = self._decided("unit", key, text, options, where, **info)
        if found is not None:
            return key, found
        if key in self._unit_keys:
            return key, _unique(self._unit_keys[key])
        if len(key) >= 4:
            shortened = _unique([u for k, us in self._unit_keys.items() if k.startswith(key) for u in us])
            if shortened is not None:
                return key, shortened
        # "กองสาธารณสุขฯ" kept in the system is the "กองสาธารณสุขและสิ่งแวดล้อม" a file writes in full
        abbreviated = _unique([u for u in self.units if u.name.endswith("ฯ") and key.startswith(unit_key(u.name, self.organisation))])
        if abbreviated is not None:
            return key, abbreviated
        with_section = _unique(
            [u for k, us in self._unit_keys.items() if key.startswith(k) and key[len(k) :].startswith(SECTION_WORDS) for u in us]
        )
        if with_section is not None:
            return key, with_section
        suggestion = _closest(key, self._unit_keys) if key else None
        return key, self._unknown("unit", key, text, options, where, suggestion=suggestion, **info)

    # --- villages ------------------------------------------------------------------------------------

    def village_list(self, text: str, where: Where | None = None) -> list[Village | New]:
        """Villages by number ("หมู่ที่ 1, 3"); unknown numbers are asked about, or created with create_missing."""
        numbers = [int(n) for n in re.findall(r"\d+", spreadsheets.normalise(text))]
        if 0 in numbers:
            self._error(where, f"{self.organisation.words.locality_number}ต้องเป็นเลขตั้งแต่ ๑ ขึ้นไป")
            return []
        found = []
        for number in dict.fromkeys(numbers):
            village = self.villages.get(number)
            if village is None:
                options = {str(v.pk): v for v in self.villages.values()}
                key = str(number)
                village = self._decided("village", key, f"หมู่ที่ {number}", options, where, number=number)
                village = village or self._unknown("village", key, f"หมู่ที่ {number}", options, where, number=number)
            if village is not None:
                found.append(village)
        return found

    # --- what remains ------------------------------------------------------------------------------

    def unresolved_errors(self, hint: str = "") -> list[CellError]:
        """The unresolved names as errors of the rows that write them (for the command line and tests)."""
        errors = []
        for name in self.unresolved.values():
            message = f"ไม่พบ{name.kind_label} “{name.text}” ในระบบ{hint if name.can_create else ''}"
            if name.kind == "programme":
                message = f"ไม่รู้จักแผนงาน “{name.text}” (ใช้ชื่อแผนงานมาตรฐาน ๑๒ แผนงาน เช่น แผนงานการศึกษา)"
            errors += [CellError(row, column, message, sheet) for sheet, row, column in name.where or [("", 0, "")]]
        return errors

    @transaction.atomic
    def create_missing_records(self, user: User | None = None) -> None:
        """Create the strategies, กลยุทธ์, units and villages the file named that do not exist yet."""
        for ref, info in self.new.items():
            kind = info["kind"]
            if kind == "strategy":
                name = without_organisation(info["name"], self.organisation)
                record = Strategy(strategic_plan=self.strategic_plan, number=self._free_strategy_number(info["number"]), name=name[:300])
            elif kind == "guideline":
                strategy = self.resolve(info["strategy"])
                record = Guideline(strategy=strategy, number=self._free_guideline_number(strategy, info["number"]), name=info["name"][:300])
            elif kind == "unit":
                record = Unit(organisation=self.organisation, name=info["name"][:150])
            else:
                record = Village(
                    organisation=self.organisation,
                    number=info["number"],
                    name=f"{self.organisation.words.locality_number} {info['number']}",
                )
            record._history_user = user
            record.save()
            self.created[ref] = record
            if kind == "strategy":
                self.strategies[record.number] = record
            elif kind == "guideline":
                self.guidelines.setdefault(record.strategy_id, []).append(record)
            elif kind == "village":
                self.villages[record.number] = record

    def _free_strategy_number(self, wanted: int | None) -> int:
        if wanted and wanted not in self.strategies:
            return wanted
        return max([*self.strategies, 0]) + 1

    def _free_guideline_number(self, strategy: Strategy, wanted: int | None) -> int:
        taken = {g.number for g in self.guidelines.get(strategy.pk, [])}
        if wanted and wanted not in taken:
            return wanted
        return max([*taken, 0]) + 1

    def resolve(self, value):
        """The record in place of a New one, once `create_missing_records` has run."""
        return self.created[value.ref] if isinstance(value, New) else value

    def remember(self, user: User | None = None) -> None:
        """Keep the mapping step's choices for the organisation's next files."""
        for ref, (kind, key, text) in self.decided.items():
            choice = self.choices[ref]
            target = self.created.get(self.aliases.get(ref, ref)) if choice == NEW else self._chosen_record(kind, choice)
            if target is None:
                continue
            mapping = NameMapping.objects.filter(organisation=self.organisation, kind=kind, key=key[:300]).first()
            mapping = mapping or NameMapping(organisation=self.organisation, kind=kind, key=key[:300])
            for name in ("strategy", "guideline", "programme", "unit", "village"):
                setattr(mapping, name, target if name == kind else None)
            mapping.text = text[:300]
            mapping._history_user = user
            mapping.save()

    def _chosen_record(self, kind: str, pk: str):
        records = {
            "strategy": self.strategies.values(), "guideline": [g for gs in self.guidelines.values() for g in gs],
            "programme": self.programmes, "unit": self.units, "village": self.villages.values(),
        }[kind]  # fmt: skip
        return next((r for r in records if str(r.pk) == pk), None)
