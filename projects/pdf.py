"""The operational plan as an A4 PDF: cover, contents, Part 1, ผด.01, ผด.02 (landscape), ผด.02/1, other agencies.

Sections (and each strategy of ผด.02) are laid out in parallel by lib.pdf, then joined; the table
of contents and the page numbers are filled in once every chunk's length is known.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from lib import pdf, thai_fonts
from plans.models import OperationalPlan
from projects.document import PlanDocument, StrategyGroup, build_document

FONTS = {
    (400, "normal"): "vendor/sarabun/400Regular/Sarabun_400Regular.ttf",
    (400, "italic"): "vendor/sarabun/400Regular_Italic/Sarabun_400Regular_Italic.ttf",
    (600, "normal"): "vendor/sarabun/600SemiBold/Sarabun_600SemiBold.ttf",
    (700, "normal"): "vendor/sarabun/700Bold/Sarabun_700Bold.ttf",
}

FORMS = {
    "pd02": ("แบบ ผด.02", "บัญชีโครงการ/กิจกรรม/งบประมาณ"),
    "pd021": ("แบบ ผด.02/1", "บัญชีจำนวนครุภัณฑ์ที่ไม่ได้ดำเนินการตามโครงการพัฒนาท้องถิ่น"),
    "others": ("", "บัญชีโครงการ/กิจกรรมของหน่วยงานอื่นที่ดำเนินการในพื้นที่"),
}


def _static_path(relative: str) -> Path:
    found = finders.find(relative)
    if not found:
        raise FileNotFoundError(f"{relative} is missing: run `make run` or `make test`, which install the npm assets")
    return Path(found)


FONT_CACHE = Path(settings.BASE_DIR) / "var" / "fonts"


def _font(relative: str) -> Path:
    """The npm package's Sarabun TTF, made copyable (see lib.thai_fonts) once into var/fonts/."""
    source = _static_path(relative)
    return thai_fonts.copyable_font(source, FONT_CACHE / source.name)


@cache
def font_css() -> str:
    """Sarabun, embedded from the TTF files of @expo-google-fonts/sarabun (no other font may appear)."""
    faces = [
        f'@font-face {{ font-family: "Sarabun"; font-weight: {weight}; font-style: {style}; src: url("{_font(path).as_uri()}"); }}'
        for (weight, style), path in FONTS.items()
    ]
    return "\n".join(faces) + '\nhtml, body, table, th, td { font-family: "Sarabun"; }\n'


@cache
def document_css() -> str:
    return _static_path("css/document.css").read_text(encoding="utf-8")


def chunk_cache() -> pdf.ChunkCache:
    """Rendered chunks kept in Django's shared cache (Redis when REDIS_URL is set), so that every
    server reuses them; keyed by everything that goes into a chunk (lib.pdf.ChunkCache)."""
    from django.core.cache import cache

    return pdf.ChunkCache(cache, [path for path in (_font(relative) for relative in FONTS.values())])


def roots() -> tuple[str, ...]:
    """The folders a document may read from: the fonts' and the uploaded emblems'."""
    return (str(FONT_CACHE), str(settings.MEDIA_ROOT))


SECTION_WEIGHT = 12  # what a section costs beyond its rows, in rows (styles, headings, page set-up)


def _page(doc: PlanDocument, body: str) -> str:
    return render_to_string("projects/document/pdf.html", {"doc": doc, "body": mark_safe(body)})


def stylesheet() -> str:
    return font_css() + document_css()


CHUNK_ROWS = 80
LONG_DETAIL = 400  # characters: a row with a longer detail may break across pages (the templates' `long` rows)  # ผด.02 blocks are gathered into chunks of about this many rows (cut only between blocks)


def _units(doc: PlanDocument) -> list[tuple[str, list[StrategyGroup], float]]:
    """What follows the contents as (section, groups, weight) in print order.

    ผด.02 comes one แผนงาน block at a time: every block starts a page anyway (the page rule), so a
    chunk may end only where a block ends, and a chunk's last page is always its block's last.
    """
    units: list[tuple[str, list[StrategyGroup], float]] = [
        ("part1", [], SECTION_WEIGHT),
        ("pd01", [], SECTION_WEIGHT + 2 * len(doc.summary)),
    ]
    for group in doc.projects:
        for programme in group.programmes:
            long_rows = sum(len(row.activity.details or "") // 400 for row in programme.rows)
            units.append(("pd02", [StrategyGroup(group.strategy, [programme])], 3 + len(programme.rows) + long_rows))
    for key, groups in (("pd021", doc.equipment), ("others", doc.others)):
        if groups:  # wider rows than ผด.02's
            units.append((key, groups, SECTION_WEIGHT + 1.3 * sum(group.count for group in groups)))
    if any(section.key == "changes" for section in doc.sections):
        changes = doc.changes
        units.append(("changes", [], SECTION_WEIGHT + sum(len(c.fields) for c in changes.changed) + len(changes.removed)))
    return units


def _merge(groups: list[StrategyGroup]) -> list[StrategyGroup]:
    """Consecutive pieces of the same strategy become one group again."""
    merged: list[StrategyGroup] = []
    for group in groups:
        if merged and merged[-1].strategy.pk == group.strategy.pk:
            merged[-1] = StrategyGroup(group.strategy, merged[-1].programmes + group.programmes)
        else:
            merged.append(group)
    return merged


def _body(doc: PlanDocument, run: list[tuple[str, list[StrategyGroup], float]]) -> str:
    parts, index = [], 0
    while index < len(run):
        key, groups, _ = run[index]
        if key in ("part1", "pd01", "changes"):
            parts.append(render_to_string(f"projects/document/{key}.html", {"doc": doc}))
            index += 1
            continue
        pieces = list(groups)
        while index + 1 < len(run) and run[index + 1][0] == key:
            index += 1
            pieces += run[index][1]
        code, name = FORMS[key]
        first = key != "pd02" or pieces[0].programmes[0] is doc.projects[0].programmes[0]
        context = {
            "doc": doc, "key": key, "anchor": first, "groups": _merge(pieces), "others": key == "others", "form_code": code, "form_name": name,
        }  # fmt: skip
        parts.append(render_to_string("projects/document/section.html", context))
        index += 1
    return "".join(parts)


def _has_long_rows(groups: list[StrategyGroup]) -> bool:
    return any(len(row.activity.details or "") > LONG_DETAIL for group in groups for p in group.programmes for row in p.rows)


def runs(units: list[tuple[str, list[StrategyGroup], float]]) -> list[list[int]]:
    """Cut the units into chunks where the document breaks anyway, at places that do not move when a
    row is edited: every section apart; ผด.02 blocks of one strategy gathered until about
    CHUNK_ROWS rows. An edit to one activity then changes one chunk, and only that one renders again."""
    result: list[list[int]] = []
    filled, strategy = 0.0, None
    for index, (key, groups, weight) in enumerate(units):
        if key == "pd02":
            this = groups[0].strategy.pk
            if _has_long_rows(groups):  # laid out twice (lib.pdf.split_rows): alone, so that only it is
                result.append([index])
                strategy = None
                continue
            if result and units[result[-1][-1]][0] == "pd02" and this == strategy and filled + weight <= CHUNK_ROWS + 3:
                result[-1].append(index)
                filled += weight
                continue
            strategy, filled = this, weight
        result.append([index])
    return result


def chunks(doc: PlanDocument, parts: int | None = None) -> list[tuple[str, float]]:
    """The document after its contents as chunks cut at its page breaks: (full html, weight).
    With `parts`, into at most that many runs of about equal weight instead (for tests and benchmarks
    that want the whole document in one piece)."""
    units = _units(doc)
    if parts is None:
        cut = runs(units)
    else:
        cut = pdf.partition([weight for _, _, weight in units], parts)
    return [(_page(doc, _body(doc, [units[i] for i in run])), sum(units[i][2] for i in run)) for run in cut]


def emblem_uri(organisation) -> str | None:
    emblem = organisation.emblem
    if emblem and Path(emblem.path).is_file():
        return Path(emblem.path).as_uri()
    return None


BOOKMARKS = {
    "part1": "ส่วนที่ 1 บทนำ",
    "pd01": "ส่วนที่ 2 บัญชีสรุปจำนวนโครงการและงบประมาณ (ผด.01)",
    "pd02": "บัญชีโครงการ/กิจกรรม/งบประมาณ (ผด.02)",
    "pd021": "บัญชีครุภัณฑ์ (ผด.02/1)",
    "others": "โครงการของหน่วยงานอื่น",
    "changes": "รายการที่แก้ไขและยกเลิก",
}


# What the document is made by: a change to any of these files is a new document, whatever the data.
SOURCES = ("projects/pdf.py", "projects/document.py", "projects/introduction.py", "lib/pdf.py", "lib/thai.py", "lib/templatetags/thai.py")


def _sources_digest() -> str:
    base = Path(settings.BASE_DIR)
    paths = [base / name for name in SOURCES] + sorted((base / "templates" / "projects" / "document").glob("*.html"))
    return pdf._files_digest(tuple(map(str, paths)))


def _values(obj) -> tuple:
    return (type(obj).__name__, *(getattr(obj, f.attname) for f in obj._meta.concrete_fields)) if obj is not None else ()


def fingerprint(doc: PlanDocument, preface: list[pdf.Rendered] = ()) -> str:
    """A hash of everything the PDF prints and of the code and files that print it: an unchanged
    plan has the same fingerprint, so its whole PDF comes from the cache without laying out a page."""
    digest = hashlib.sha256()

    def feed(*values) -> None:
        digest.update(repr(values).encode())
        digest.update(b"\0")

    store = chunk_cache()
    emblem = emblem_uri(doc.organisation) and Path(doc.organisation.emblem.path)
    feed(store.salt, _sources_digest(), stylesheet(), emblem and (emblem.name, emblem.stat().st_mtime_ns, emblem.stat().st_size))
    feed(_values(doc.plan), _values(doc.organisation), doc.introduction)
    for groups in (doc.projects, doc.equipment, doc.others):
        for group in groups:
            feed(_values(group.strategy))
            for programme in group.programmes:
                feed(_values(programme.programme))
                for row in programme.rows:
                    a = row.activity
                    feed(_values(a), a.place, str(a.unit or ""), str(a.category or ""), str(a.guideline or ""), str(a.strategy))
    feed([(b.line, b.programmes) for b in doc.summary], doc.summary_total, doc.others_summary, doc.others_total)
    if doc.changes is not None:
        feed(
            [(c.fields, _values(c.after)) for c in doc.changes.changed],
            [(_values(a), str(a.strategy), str(a.programme)) for a in doc.changes.removed],
        )
    for part in preface:
        feed(hashlib.sha256(part.pdf).hexdigest())
    return "plan-pdf:" + digest.hexdigest()


def render_plan_pdf(plan: OperationalPlan, preface: list[pdf.Rendered] = ()) -> bytes:
    """The plan's PDF; `preface` (the signed announcement) goes before its cover, unnumbered.

    Rendered once for what it prints: the whole PDF is cached by its `fingerprint`, and each chunk by
    its HTML (lib.pdf.ChunkCache), so that after one edit only that edit's chunk is laid out again."""
    from django.core.cache import cache as django_cache

    doc = build_document(plan)
    key = fingerprint(doc, preface)
    try:
        cached = django_cache.get(key)
    except Exception:
        cached = None
    if cached is not None:
        return cached
    data = _render(doc, preface)
    try:
        django_cache.set(key, data, timeout=pdf.ChunkCache.TIMEOUT)
    except Exception:
        pass  # a cache that is down: the next download renders again (its chunks may still be cached)
    return data


def _render(doc: PlanDocument, preface: list[pdf.Rendered] = ()) -> bytes:
    plan = doc.plan
    css = stylesheet()
    parts = chunks(doc)
    store = chunk_cache()
    rendered = pdf.render_all([(html, css) for html, _ in parts], roots(), weights=[weight for _, weight in parts], cache=store)

    # Page 1 is the first page of Part 1; the cover and the contents carry no number.
    toc: dict[str, int] = {}
    page = 1
    for result in rendered:
        for key, index in result.anchors.items():
            toc.setdefault(key, page + index)
        page += len(result.sizes)
    cover = render_to_string("projects/document/cover.html", {"doc": doc, "toc": toc, "emblem_url": emblem_uri(plan.organisation)})
    sizes = [size for result in rendered for size in result.sizes]
    front, numbers = pdf.render_all([(_page(doc, cover), css), (pdf.page_numbers(sizes, doc.style), font_css())], roots(), cache=store)

    before = sum(len(part.sizes) for part in preface)
    first = before + len(front.sizes)
    bookmarks = [pdf.Bookmark("ประกาศ", 0)] if preface else []
    bookmarks += [pdf.Bookmark("สารบัญ", first - 1)] + [
        pdf.Bookmark(title, first + toc[key] - 1) for key, title in BOOKMARKS.items() if key in toc
    ]
    return pdf.join(
        [*preface, front, *rendered],
        numbers=numbers.pdf,
        first_numbered=first,
        title=f"{doc.plan.title} {doc.organisation.full_name}",
        author=doc.organisation.full_name,
        bookmarks=bookmarks,
    )
