"""HTML → PDF with WeasyPrint: chunks rendered in parallel on every core, joined, pages numbered.

A long document lays out much faster as a few independent chunks rendered in worker processes at
the same time. The chunks are joined with qpdf (pikepdf); page numbers are stamped on afterwards, since no
chunk knows where it will start; links between chunks (a table of contents) are added at the join.

This module imports no Django app: worker processes load only WeasyPrint and this file.
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import io
import logging
import multiprocessing
import os
import re
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pikepdf
import weasyprint
from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from lib import thai_fonts

THAI_DIGITS_COUNTER = "@counter-style thai-digits { system: numeric; symbols: '๐' '๑' '๒' '๓' '๔' '๕' '๖' '๗' '๘' '๙'; }"
PX_TO_PT = 0.75


class _CrossChunkLinks(logging.Filter):
    """A link to another chunk is resolved when the chunks are joined: WeasyPrint need not warn of it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("No anchor")


logging.getLogger("weasyprint").addFilter(_CrossChunkLinks())
thai_fonts.install()


class LocalFetcher(URLFetcher):
    """Fetch only local files under the allowed folders (fonts, styles, emblems) and data: URIs: no network."""

    def __init__(self, roots: tuple[str, ...]):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=False)
        self.roots = tuple(str(Path(root).resolve()) for root in roots)

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = str(Path(unquote(urlsplit(url).path)).resolve())
            if not any(path == root or path.startswith(root + os.sep) for root in self.roots):
                raise ValueError(f"refused to read {path}: outside the document's folders")
        return super().fetch(url, headers)


@dataclass
class Rendered:
    pdf: bytes
    sizes: list[tuple[float, float]]  # (width, height) of each page, in points
    anchors: dict[str, int] = field(default_factory=dict)  # anchor name → page index in this chunk
    links: list[tuple[int, str, tuple[float, float, float, float]]] = field(default_factory=list)  # internal links
    seconds: float = 0.0  # time spent laying out and writing this chunk


_font_config: FontConfiguration | None = None
_stylesheets: dict[tuple[str, tuple[str, ...]], CSS] = {}


def _stylesheet(css: str, roots: tuple[str, ...]) -> tuple[CSS, FontConfiguration]:
    """Parse a stylesheet (and load its fonts) once per process, not once per chunk."""
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    key = (css, roots)
    if key not in _stylesheets:
        _stylesheets[key] = CSS(string=css, font_config=_font_config, url_fetcher=LocalFetcher(roots), base_url=roots[0] if roots else None)
    return _stylesheets[key], _font_config


@atexit.register
def _release_fonts() -> None:
    """Drop the cached fonts while the interpreter is whole: left to the final teardown, Pango's
    font map could be freed after the libraries it needs, a crash at exit (seen with a Redis client
    loaded in the same process)."""
    global _font_config
    _stylesheets.clear()
    _font_config = None
    gc.collect()


def render(html: str, roots: tuple[str, ...], css: str = "") -> Rendered:
    """One chunk: lay it out and write it; report page sizes, anchors and internal links.

    A table row marked `data-split` that the layout breaks across pages is cut into pieces, one a
    page, and the chunk laid out again: each later piece repeats the cells marked `data-repeat`
    (number and name, the name marked "(ต่อ)") and carries on the cell marked `data-flow`; so every
    page of the table starts with its header row and says whose detail it continues."""
    started = time.perf_counter()
    document = lay_out(html, roots, css)
    anchors: dict[str, int] = {}
    links = []
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
        for kind, target, (x, y, width, height), _box in page.links:
            if kind == "internal":
                top = page.height - y  # PDF space grows upwards from the bottom of the page
                rect = (x * PX_TO_PT, (top - height) * PX_TO_PT, (x + width) * PX_TO_PT, top * PX_TO_PT)
                links.append((index, target, rect))
    sizes = [(page.width * PX_TO_PT, page.height * PX_TO_PT) for page in document.pages]
    return Rendered(document.write_pdf(), sizes, anchors, links, time.perf_counter() - started)


def lay_out(html: str, roots: tuple[str, ...], css: str = ""):
    """The chunk laid out (a WeasyPrint document), its broken `data-split` rows cut into pieces."""
    stylesheet, font_config = _stylesheet(css, roots)
    document = _layout(html, roots, stylesheet, font_config)
    for _ in range(12):
        cuts = split_rows(document) if "data-split" in html else {}
        if not cuts:
            break
        html = cut_rows(html, cuts)
        document = _layout(html, roots, stylesheet, font_config)
    return document


def _layout(html: str, roots: tuple[str, ...], stylesheet: CSS, font_config: FontConfiguration):
    source = HTML(string=html, base_url=roots[0] if roots else None, url_fetcher=LocalFetcher(roots))
    return source.render(stylesheets=[stylesheet], font_config=font_config)


# --- rows that continue onto the next page ------------------------------------------------------------

_SPACE = re.compile(r"\s")


def _text(box) -> str:
    return "".join(child.text for child in box.descendants() if isinstance(child, boxes.TextBox))


def split_rows(document) -> dict[str, list[int]]:
    """For the first `data-split` row the layout broke across pages: how many non-space characters
    of its `data-flow` cell go in each piece, so that each piece fills one page below the header row
    (a leading 0: the row should start on the next page)."""
    seen: dict[str, list[tuple[int, object, object]]] = {}
    header = 0.0
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            if isinstance(box, boxes.TableRowGroupBox) and box.is_header and not header:
                header = box.margin_height()
            if isinstance(box, boxes.TableRowBox) and box.element is not None and box.element.get("data-split"):
                seen.setdefault(box.element.get("data-split"), []).append((index, page, box))
    cuts = {}
    for key, parts in seen.items():
        if len({index for index, _, _ in parts}) < 2:
            continue
        lines: list[list[tuple[int, float, float]]] = []  # per page: (non-space characters, height, top) of each line
        cell = None
        for _index, _page, row in parts:
            for candidate in row.children:
                if candidate.element is not None and candidate.element.get("data-flow") is not None:
                    cell = candidate
                    lines.append(
                        [(len(_SPACE.sub("", _text(line))), line.margin_height(), line.position_y) for line in _line_boxes(candidate)]
                    )
        if cell is None or len(lines) < 2 or not lines[1]:
            continue
        page_box = parts[1][1]._page_box
        bottom = page_box.content_box_y() + page_box.height
        below = cell.padding_bottom + cell.border_bottom_width + 2
        # On a page of its own a piece starts below the header row, where this part started above it.
        room = bottom - lines[1][0][2] - header - below
        # The first piece is whole where it was cut: it needs its bottom padding and border too.
        first = lines[0][:-1] if lines[0] and lines[0][-1][2] + lines[0][-1][1] + below > bottom else lines[0]
        rest = lines[0][len(first) :] + [line for page in lines[1:] for line in page]
        if len(first) < 2:  # hardly anything fits where it starts: start it on the next page
            rest, first = first + rest, []
        pieces = [sum(count for count, _, _ in first)] if first else []
        filled, count = 0.0, 0
        for characters, height, _top in rest:
            if filled and filled + height > room:
                pieces.append(count)
                filled, count = 0.0, 0
            filled += height
            count += characters
        if count:
            pieces.append(count)
        cuts[key] = pieces if first else [0, *pieces]
        break  # one row at a time: cutting it moves everything after it, so the next is measured again
    return cuts


def _line_boxes(cell) -> list:
    found = []
    for box in cell.descendants():
        if isinstance(box, boxes.LineBox):
            found.append(box)
    return found


_ROW = re.compile(r'<tr(?P<attrs>[^>]*?)data-split="(?P<key>[^"]+)"(?P<rest>[^>]*)>(?P<body>.*?)</tr>', re.S)
_CELL = re.compile(r"<td(?P<attrs>[^>]*)>(?P<body>.*?)</td>", re.S)
_TOKENS = re.compile(r"(<br\s*/?>|&[#\w]+;|\s+|[^<&\s]+|<[^>]*>)")


def _cut_text(body: str, counts: list[int]) -> list[str]:
    """The cell's HTML cut after the given numbers of non-space characters (the last piece takes the rest)."""
    pieces, current, taken = [], [], 0
    targets = list(counts[:-1])
    for token in _TOKENS.findall(body):
        if token.startswith("&"):
            width = 1
        elif token.startswith("<") or token.isspace():
            width = 0
        else:
            width = len(token)
        while targets and width and taken + width > targets[0]:
            keep = targets[0] - taken  # the cut falls inside this word
            current.append(token[:keep])
            pieces.append(current)
            current, token, width, taken = [], token[keep:], width - keep, 0
            targets.pop(0)
        current.append(token)
        taken += width
    pieces.append(current)
    while len(pieces) < len(counts):
        pieces.append([])
    return [_trim("".join(piece)) for piece in pieces]


def _trim(piece: str) -> str:
    return re.sub(r"^(\s|<br\s*/?>)+|(\s|<br\s*/?>)+$", "", piece)


def cut_rows(html: str, cuts: dict[str, list[int]]) -> str:
    """Rewrite each row of `cuts` as its pieces (see `split_rows`)."""

    def rewrite(match: re.Match) -> str:
        key = match["key"]
        if key not in cuts:
            return match[0]
        counts = cuts[key]
        start_next = counts and counts[0] == 0
        if start_next:
            counts = counts[1:]
        flow = next((cell["body"] for cell in _CELL.finditer(match["body"]) if "data-flow" in cell["attrs"]), "")
        texts = _cut_text(flow, counts) if len(counts) > 1 else [flow]
        rows = []
        for index, text in enumerate(texts):
            attrs = match["attrs"]
            if start_next and index == 0:  # kept whole so that it moves to the next page
                attrs = attrs.replace(" long", "")
            if index:
                attrs = attrs.replace('class="', 'class="cont ') if "class=" in attrs else attrs + ' class="cont"'
            rows.append(
                f'<tr{attrs}data-split="{key}.{index}"{match["rest"]}>{_piece_cells(match["body"], text, continued=index > 0)}</tr>'
            )
        return "".join(rows)

    return _ROW.sub(rewrite, html)


def _piece_cells(body: str, flow: str, continued: bool) -> str:
    def cell(match: re.Match) -> str:
        attrs, content = match["attrs"], match["body"]
        if "data-flow" in attrs:
            return f"<td{attrs}>{flow}</td>"
        if not continued:
            return match[0]
        if "data-repeat" in attrs:
            return f"<td{attrs}>{content}</td>" if 'class="num"' in attrs or "(ต่อ)" in content else f"<td{attrs}>{content} (ต่อ)</td>"
        return f"<td{attrs}></td>"

    return _CELL.sub(cell, body)


def _render_job(job: tuple[str, tuple[str, ...], str]) -> Rendered:
    html, roots, css = job
    return render(html, roots, css)


_executor: Executor | None = None


def workers() -> int:
    """Processes that render one document's chunks together; 1 inside a daemonic process (a Celery
    prefork worker), which may not start processes of its own: there the queue spreads the chunks."""
    if multiprocessing.current_process().daemon:
        return 1
    configured = int(os.environ.get("PDF_WORKERS", "0") or 0)
    return max(1, configured or min(os.cpu_count() or 1, 4))


def _pool() -> Executor:
    global _executor
    if _executor is None:
        # forkserver: workers start from a clean process that has imported WeasyPrint once,
        # not from a forked copy of a threaded web server.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["lib.pdf"])
        _executor = ProcessPoolExecutor(max_workers=workers(), mp_context=context)
    return _executor


class ChunkCache:
    """Rendered chunks in a shared cache (any object with Django's cache `get_many`/`set_many`), keyed
    by a hash of everything that goes into one: its HTML, the stylesheet, the allowed folders, the
    font files' bytes, the WeasyPrint version and this module's own version. Any server reuses what
    another rendered; a changed chunk has a new key, so nothing is ever invalidated by hand."""

    VERSION = "2"  # raise when this module changes what a chunk's PDF is made of
    TIMEOUT = 14 * 24 * 3600

    def __init__(self, backend, fonts: list[Path]):
        self.backend = backend
        self.salt = "|".join((self.VERSION, weasyprint.__version__, pikepdf.__version__, _files_digest(tuple(map(str, fonts)))))

    def key(self, html: str, css: str, roots: tuple[str, ...]) -> str:
        digest = hashlib.sha256()
        for part in (self.salt, "\0".join(roots), css, html):
            digest.update(part.encode())
            digest.update(b"\0")
        return "pdf-chunk:" + digest.hexdigest()

    def get_many(self, keys: list[str]) -> dict[str, Rendered]:
        try:
            return self.backend.get_many(keys)
        except Exception:  # a cache that is down makes the render slower, not impossible
            logging.getLogger(__name__).warning("PDF chunk cache unavailable", exc_info=True)
            return {}

    def set_many(self, values: dict[str, Rendered]) -> None:
        try:
            self.backend.set_many(values, timeout=self.TIMEOUT)
        except Exception:
            logging.getLogger(__name__).warning("PDF chunk cache unavailable", exc_info=True)


_digests: dict[tuple, str] = {}


def _files_digest(paths: tuple[str, ...]) -> str:
    """A hash of the files' bytes, read again only when a file's size or time changes."""
    stamp = tuple((path, os.stat(path).st_mtime_ns, os.stat(path).st_size) for path in paths)
    if stamp not in _digests:
        digest = hashlib.sha256()
        for path in paths:
            digest.update(Path(path).read_bytes())
        _digests[stamp] = digest.hexdigest()
    return _digests[stamp]


def render_all(
    jobs: list[tuple[str, str]], roots: tuple[str, ...], weights: list[float] | None = None, cache: ChunkCache | None = None
) -> list[Rendered]:
    """Render (html, css) jobs in parallel, heaviest first so the cores finish together; results in
    input order. With a `cache`, a job rendered before (same key) is taken from it, not rendered."""
    if cache is None:
        return _render_many(jobs, roots, weights)
    keys = [cache.key(html, css, roots) for html, css in jobs]
    found = cache.get_many(list(dict.fromkeys(keys)))
    missing = [i for i, key in enumerate(keys) if key not in found]
    if missing:
        fresh = _render_many([jobs[i] for i in missing], roots, [weights[i] for i in missing] if weights else None)
        new = {keys[i]: result for i, result in zip(missing, fresh, strict=True)}
        cache.set_many(new)
        found.update(new)
    return [found[key] for key in keys]


def _render_many(jobs: list[tuple[str, str]], roots: tuple[str, ...], weights: list[float] | None = None) -> list[Rendered]:
    global _executor
    if not jobs:
        return []
    if workers() == 1 or len(jobs) == 1:
        return [render(html, roots, css) for html, css in jobs]
    order = sorted(range(len(jobs)), key=lambda i: -(weights[i] if weights else len(jobs[i][0])))
    try:
        futures = {i: _pool().submit(_render_job, (jobs[i][0], roots, jobs[i][1])) for i in order}
        return [futures[i].result() for i in range(len(jobs))]
    except BrokenProcessPool:
        _executor = None  # a worker died (out of memory?): render here rather than fail the download
        return [render(html, roots, css) for html, css in jobs]


def worker_peak_mb() -> list[float]:
    """Peak resident memory of each PDF worker process (Linux), for the benchmarks."""
    peaks = []
    for pid in getattr(_executor, "_processes", None) or {}:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(round(int(line.split()[1]) / 1024, 1))
    return peaks


def partition(weights: list[float], parts: int) -> list[list[int]]:
    """Split consecutive items into at most `parts` runs, making the heaviest run as light as possible."""
    if not weights:
        return []
    parts = max(1, min(parts, len(weights)))

    def runs_for(capacity: float) -> list[list[int]]:
        runs: list[list[int]] = [[]]
        filled = 0.0
        for index, weight in enumerate(weights):
            if runs[-1] and filled + weight > capacity:
                runs.append([])
                filled = 0.0
            runs[-1].append(index)
            filled += weight
        return runs

    low, high = max(weights), sum(weights)
    for _ in range(40):  # bisect the capacity: the smallest one that needs no more than `parts` runs
        middle = (low + high) / 2
        if len(runs_for(middle)) <= parts:
            high = middle
        else:
            low = middle
    return runs_for(high)


def page_numbers(sizes: list[tuple[float, float]], digit_style: str, bottom_mm: float = 8) -> str:
    """The HTML of blank pages of the given sizes carrying only the page numbers 1, 2, … at their foot."""
    counter = "thai-digits" if digit_style == "thai" else "decimal"
    rules = {}
    for width, height in sizes:
        name = f"p{round(width)}x{round(height)}"
        rules.setdefault(
            name,
            f"@page {name} {{ size: {width}pt {height}pt; margin: 0 0 {bottom_mm}mm 0;"
            f" @bottom-center {{ content: counter(page, {counter}); font-family: Sarabun; font-size: 12pt; vertical-align: top; }} }}"
            f" .{name} {{ page: {name}; }}",
        )
    pages = "".join(f'<div class="p{round(w)}x{round(h)} blank"></div>' for w, h in sizes)
    styles = THAI_DIGITS_COUNTER + "".join(rules.values()) + " .blank { break-after: page; height: 1px; }"
    return f"<html><head><style>{styles}</style></head><body>{pages}</body></html>"


@dataclass
class Bookmark:
    title: str
    page: int  # index in the joined document


def join(chunks: list[Rendered], *, numbers: bytes | None = None, first_numbered: int = 0, title: str = "", author: str = "",
         bookmarks: list[Bookmark] | None = None) -> bytes:  # fmt: skip
    """Join rendered chunks (qpdf, through pikepdf); stamp `numbers` from page `first_numbered` on;
    resolve the links between chunks; add the outline and the document's title and language."""
    output = pikepdf.Pdf.new()
    anchors: dict[str, int] = {}
    links = []
    sources = []  # kept open until the output is saved: its pages refer to their objects
    for chunk in chunks:
        start = len(output.pages)
        source = pikepdf.Pdf.open(io.BytesIO(chunk.pdf))
        sources.append(source)
        output.pages.extend(source.pages)
        for name, index in chunk.anchors.items():
            anchors.setdefault(name, start + index)
        links += [(start + index, target, rect) for index, target, rect in chunk.links]
    if numbers is not None:
        stamps = pikepdf.Pdf.open(io.BytesIO(numbers))
        sources.append(stamps)
        for index, stamp in enumerate(stamps.pages):
            _overlay(output.pages[first_numbered + index], stamp, index)
    for page, target, rect in links:
        if target in anchors:
            _add_link(output, output.pages[page], rect, output.pages[anchors[target]])
    if bookmarks:
        with output.open_outline() as outline:
            outline.root.extend(pikepdf.OutlineItem(mark.title, mark.page) for mark in bookmarks)
    output.docinfo["/Title"] = title
    output.docinfo["/Author"] = author
    output.docinfo["/Creator"] = "ระบบแผนการดำเนินงาน อปท."
    output.Root.Lang = pikepdf.String("th")
    buffer = io.BytesIO()
    output.save(buffer, deterministic_id=True)  # the same document, the same bytes (whichever server made it)
    for source in sources:
        source.close()
    return buffer.getvalue()


def _overlay(page: pikepdf.Page, stamp: pikepdf.Page, number: int) -> None:
    """`page.add_overlay(stamp)` under a fixed resource name (pikepdf's is random, so the bytes would differ each time)."""
    formx = stamp.as_form_xobject()
    name = page.add_resource(formx, pikepdf.Name.XObject, pikepdf.Name(f"/PageNumber{number}"))
    placement = page.calc_form_xobject_placement(formx, name, pikepdf.Rectangle(page.trimbox), allow_shrink=True, allow_expand=True)
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"Q\n", prepend=False)
    page.contents_add(placement, prepend=False)
    page.contents_coalesce()


def _add_link(pdf: pikepdf.Pdf, page: pikepdf.Page, rect, target: pikepdf.Page) -> None:
    """A link to another chunk's page (links inside one chunk WeasyPrint made already)."""
    existing = [list(map(round, map(float, a.Rect))) for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
    if list(map(round, rect)) in existing:
        return
    annotation = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=list(rect),
            Border=[0, 0, 0],
            Dest=[target.obj, pikepdf.Name.XYZ, None, None, None],
        )  # fmt: skip
    )
    if "/Annots" not in page.obj:
        page.obj.Annots = pdf.make_indirect(pikepdf.Array())
    page.obj.Annots.append(annotation)
