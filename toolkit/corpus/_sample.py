"""The bundled sample article: :func:`load_sample` and the parser of its Beritasatu.com layout."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import _data
from ..errors import CorpusError
from . import _dates
from ._decoding import decode_bytes

__all__ = ["SAMPLE_FILE", "load_sample"]

#: File name of the bundled article (in ``data/`` and ``toolkit/data/sample/``).
SAMPLE_FILE = "beritasatu-2019-09-13-tiongkok-kazakhstan.txt"

_BYLINE_RE = re.compile(
    r"^(?P<author>.+?)\s+(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu),\s+(?P<day>\d{1,2})\s+"
    r"(?P<month>[A-Za-z]+)\s+(?P<year>\d{4})\s*\|\s*(?P<hh>\d{1,2}):(?P<mm>\d{2})\s*WIB\s*$"
)
_CAPTION_RE = re.compile(r"^(?P<caption>.*?)\s*\(\s*Foto:\s*(?P<credit>.+?)\s*\)\s*$")
_SOURCE_RE = re.compile(r"^\s*Sumber:\s*(?P<source>.+?)\s*$", re.MULTILINE)
_DATELINE_RE = re.compile(r"^(?P<place>[^,\n]+),\s*(?P<publisher>[^\s,]+\.(?:com|id|co\.id))\s*-\s*")


def _parse_beritasatu(raw: str, path: str) -> dict:
    """Split a saved Beritasatu.com article into metadata and body (raises CorpusError if the layout differs)."""

    def fail(what):
        raise CorpusError(f"{path}: not in the expected Beritasatu layout: {what}.", path=path)

    lines = raw.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    title = lines[0].strip()
    if not title:
        fail("the first line (the title) is empty")
    byline_idx = next((i for i, line in enumerate(lines) if _BYLINE_RE.match(line)), None)
    if byline_idx is None:
        fail("no byline line 'Author Day, DD Month YYYY | HH:MM WIB'")
    by = _BYLINE_RE.match(lines[byline_idx])
    month = _dates.calendar()[0].get(by["month"].lower())
    if month is None:
        fail(f"unknown month name {by['month']!r} in the byline")
    caption_line = lines[byline_idx - 1] if byline_idx >= 1 else ""
    cap = _CAPTION_RE.match(caption_line)
    src = _SOURCE_RE.search(raw)
    if src is None:
        fail("no closing 'Sumber: ...' line")
    body_start = offsets[byline_idx + 1]
    while body_start < len(raw) and raw[body_start].isspace():
        body_start += 1
    body_end = src.start()
    while body_end > body_start and raw[body_end - 1].isspace():
        body_end -= 1
    body = raw[body_start:body_end]
    dl = _DATELINE_RE.match(body)
    # WIB is UTC+7
    date = pd.Timestamp(f"{int(by['year']):04d}-{month:02d}-{int(by['day']):02d}T{int(by['hh']):02d}:{by['mm']}:00+07:00")
    return {
        "text": body,
        "title": title,
        "date": date,
        "author": by["author"].strip(),
        "publisher": dl["publisher"] if dl else None,
        "dateline": dl["place"].strip() if dl else None,
        "source": src["source"],
        "photo_caption": cap["caption"] if cap else None,
        "photo_credit": cap["credit"] if cap else None,
        "source_offset": body_start,
    }


def load_sample() -> pd.DataFrame:
    """Load the bundled article as a docs table of one document.

    Beritasatu.com, "Tiongkok-Kazakhstan Sepakati Kerja Sama Strategis
    Permanen", by Unggul Wirawan / JAI, Friday 13 September 2019, 13:17 WIB;
    source Suara Pembaruan/Xinhua. Copyright stays with the publisher; it is
    included for research and teaching demonstration (see ``data/README.md``).
    The file is shipped unchanged; this function parses its layout.

    Returns
    -------
    pandas.DataFrame
        One row: ``doc_id`` ("beritasatu-2019-09-13-tiongkok-kazakhstan"),
        ``text`` (the article body: from the dateline "Beijing,
        Beritasatu.com - ..." to the last paragraph, without the header
        lines and the closing "Sumber:" line), ``title``, ``date``
        (Timestamp, 2019-09-13 13:17 at UTC+07:00, WIB), ``author``,
        ``publisher``, ``dateline`` (place), ``source`` (the wire source),
        ``photo_caption``, ``photo_credit``, ``source_path`` (the file),
        ``source_row`` (1) and ``source_offset`` (int: the character offset
        of ``text`` in the file, so a token's ``start`` plus it is its
        offset in the file).

    Examples
    --------
    >>> doc = load_sample()
    >>> doc.loc[0, "title"]
    'Tiongkok-Kazakhstan Sepakati Kerja Sama Strategis Permanen'
    >>> doc.loc[0, "date"]
    Timestamp('2019-09-13 13:17:00+0700', tz='UTC+07:00')
    >>> doc.loc[0, "text"][:40]
    'Beijing, Beritasatu.com - Tiongkok dan K'
    """
    path = _data.data_path(f"sample/{SAMPLE_FILE}")
    raw = decode_bytes(path.read_bytes(), path, "utf-8")
    fields = _parse_beritasatu(raw, str(path))
    row = {"doc_id": Path(SAMPLE_FILE).stem, **fields}
    out = pd.DataFrame([row])
    out["doc_id"] = out["doc_id"].astype("str")
    out["text"] = out["text"].astype("str")
    offset = out.pop("source_offset")
    out["source_path"] = str(path)
    out["source_row"] = 1
    out["source_offset"] = offset.astype("int64")
    return out
