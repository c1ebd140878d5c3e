"""Make Thai text copied out of our PDFs come out right.

A PDF maps each glyph to the text it stands for (its ToUnicode map), one entry per glyph. Thai
shaping breaks that: SARA AM (ำ) is drawn as NIKHAHIT (ํ) + SARA AA (า), and the SARA AA glyph is
the same glyph as a plain า, so no single entry can be right for both; WeasyPrint keeps whichever
it met first, and "ดำเนินงาน" copies as "ดาเนินงาน" or "การ" as "กำร".

Two small changes fix it (SIL OFL 1.1 allows modified versions; Sarabun reserves no font name):

1. `copyable_font()` derives a copy of the font where the SARA AA that follows a NIKHAHIT is a
   glyph of its own (`uni0E32.am`, same outline), through one extra GSUB lookup run last.
2. `thai_text()` gives every Thai glyph its text from its name: `uni0E32.am` is "ำ", a NIKHAHIT
   (alone or in a ligature with a tone mark) is only its tone mark; `install()` makes WeasyPrint
   use that instead of "the text of the first cluster the glyph appeared in".
"""

from __future__ import annotations

import copy
import os
import re
import tempfile
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables

AM_GLYPH = "uni0E32.am"
NIKHAHIT = "0E4D"
_THAI_NAME = re.compile(r"^uni((?:0E[0-9A-F]{2})+)(?:\..*)?$")


def copyable_font(source: Path, target: Path) -> Path:
    """Write (once, atomically) the copy of `source` whose SARA AM's SARA AA is its own glyph."""
    if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
        return target
    font = TTFont(source)
    nikhahits = [name for name in font.getGlyphOrder() if name.startswith("uni" + NIKHAHIT)]
    if AM_GLYPH not in font.getGlyphOrder():
        font["glyf"][AM_GLYPH] = copy.deepcopy(font["glyf"]["uni0E32"])  # also appends it to the glyph order
        font["hmtx"][AM_GLYPH] = font["hmtx"]["uni0E32"]
        _add_am_lookup(font, nikhahits)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".ttf.part")
    os.close(handle)
    try:
        font.save(temporary)
        os.replace(temporary, target)  # two processes deriving at once both write whole files
    finally:
        Path(temporary).unlink(missing_ok=True)
    return target


def _coverage(glyphs: list[str]) -> otTables.Coverage:
    coverage = otTables.Coverage()
    coverage.glyphs = glyphs
    return coverage


def _add_am_lookup(font: TTFont, nikhahits: list[str]) -> None:
    gsub = font["GSUB"].table
    lookups = gsub.LookupList.Lookup

    single = otTables.Lookup()
    single.LookupType, single.LookupFlag = 1, 0
    substitution = otTables.SingleSubst()
    substitution.mapping = {"uni0E32": AM_GLYPH}
    single.SubTable, single.SubTableCount = [substitution], 1
    lookups.append(single)
    single_index = len(lookups) - 1

    tones = [name for name in font.getGlyphOrder() if re.match(r"^uni0E4[89AB](\..*)?$", name)]
    chain = otTables.Lookup()
    chain.LookupType, chain.LookupFlag = 6, 0
    chain.SubTable = []
    for backtrack in ([nikhahits], [tones, nikhahits]):  # ํา and ํ่า (backtrack lists the nearest glyph first)
        rule = otTables.ChainContextSubst()
        rule.Format = 3
        rule.BacktrackCoverage = [_coverage(glyphs) for glyphs in backtrack]
        rule.BacktrackGlyphCount = len(backtrack)
        rule.InputCoverage, rule.InputGlyphCount = [_coverage(["uni0E32"])], 1
        rule.LookAheadCoverage, rule.LookAheadGlyphCount = [], 0
        record = otTables.SubstLookupRecord()
        record.SequenceIndex, record.LookupListIndex = 0, single_index
        rule.SubstLookupRecord, rule.SubstCount = [record], 1
        chain.SubTable.append(rule)
    chain.SubTableCount = len(chain.SubTable)
    lookups.append(chain)
    gsub.LookupList.LookupCount = len(lookups)
    chain_index = len(lookups) - 1
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag == "ccmp":  # HarfBuzz runs lookups in index order: this one runs last
            record.Feature.LookupListIndex.append(chain_index)
            record.Feature.LookupCount = len(record.Feature.LookupListIndex)


def thai_text(glyph_name: str) -> str | None:
    """The text a Thai glyph stands for, from its name; None for other glyphs."""
    if glyph_name == AM_GLYPH:
        return "ำ"
    match = _THAI_NAME.match(glyph_name)
    if not match:
        return None
    codes = [match.group(1)[i : i + 4] for i in range(0, len(match.group(1)), 4)]
    return "".join(chr(int(code, 16)) for code in codes if code != NIKHAHIT)


@lru_cache(maxsize=16)
def _thai_texts(file_content: bytes) -> dict[int, str]:
    font = TTFont(BytesIO(file_content), lazy=True)
    texts = {}
    for glyph_id, name in enumerate(font.getGlyphOrder()):
        text = thai_text(name)
        if text is not None:
            texts[glyph_id] = text
    return texts


class _ThaiToUnicode(dict):
    """WeasyPrint's glyph → text map of one font, where Thai glyphs take their text from their names."""

    def __init__(self, overrides: dict[int, str]):
        super().__init__()
        self.overrides = overrides

    def __setitem__(self, glyph_id, text):
        super().__setitem__(glyph_id, self.overrides.get(glyph_id, text))


def install() -> None:
    """Hook WeasyPrint's fonts (pinned 70.0; tests/projects/test_pdf.py checks copying still works)."""
    from weasyprint.pdf import fonts

    if getattr(fonts.Font.__init__, "thai_text_layer", False):
        return
    original = fonts.Font.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if self.file_content:
            self.to_unicode = _ThaiToUnicode(_thai_texts(bytes(self.file_content)))

    __init__.thai_text_layer = True
    fonts.Font.__init__ = __init__
