"""Who says what: attributing segments to the speakers that news quotes.

Indonesian news attributes speech in a few regular ways, all handled here
with cues read from ``toolkit/data/speech-cues-id.csv`` (card:
``speech-cues-id.md``):

- a quote followed by a reporting verb and a name: ``"...," kata Xi.``,
  ``"...," ujar Xi`` (verbs of kind ``verb_after_quote``, also with -nya:
  ``katanya`` refers back to the last speaker);
- a name followed by a reporting verb: ``Tokayev mengatakan ...``,
  ``Xi juga meminta ...``, ``Tokayev, yang ..., menyatakan ...``, at the
  start of a sentence or after a comma (kind ``verb_after_name``, with the
  adverbs of kind ``adverb`` allowed in between);
- ``Menurut Xi, ...`` (kind ``preposition``);
- the pronouns dia, ia, beliau in those places refer back to the last named
  speaker of the same document.

A name may open with a job title, commas and ``dan`` included
(``Menteri Koordinator Bidang Politik, Hukum, dan Keamanan Wiranto``).
Which words of it are the speaker is decided by the rules and word lists of
``toolkit/data/speakers/name-words.csv`` (card: ``README.md`` in that
folder): titles are stripped (``Wiranto``), organisation names are kept
whole (``Organisasi Kerja Sama Shanghai``), places are nobody
(``Kecamatan Senen``), and other names of three or more words keep their
last two. A short name is resolved to the longest capitalised name of the
document that contains it as a word (``Xi`` → ``Xi Jinping``, ``Tokayev`` →
``Kassym-Jomart Tokayev``). A segment whose cues name two different
speakers, or none, gets no speaker.
"""

from __future__ import annotations

import functools
import re

import pandas as pd

from . import _data
from ._validate import check_columns
from .errors import ResourceError

__all__ = ["attribute_speakers", "load_speech_cues"]

_KINDS = ("verb_after_quote", "verb_after_name", "preposition", "pronoun", "adverb")
_NAME_KINDS = ("title", "organisation", "place")
_CAP = r"[A-Z][\w'\u2019]*(?:-[A-Za-z][\w'\u2019]*)*"
_NAME = rf"{_CAP}(?:\s+{_CAP}){{0,7}}"
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


@functools.lru_cache(maxsize=1)
def load_speech_cues() -> pd.DataFrame:
    """The cues used to attribute speech: reporting verbs, pronouns and adverbs.

    Read from ``toolkit/data/speech-cues-id.csv`` (columns ``cue``, ``kind``,
    ``note``; kinds: verb_after_quote, verb_after_name, preposition,
    pronoun, adverb). The words that decide which part of a name is the
    speaker (titles, organisations, places) are in
    ``toolkit/data/speakers/name-words.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``cue`` (str, lower case), ``kind`` and ``note`` (str), in
        file order.

    Raises
    ------
    ResourceError
        A malformed line (names the file, line and field).

    Examples
    --------
    >>> cues = load_speech_cues()
    >>> sorted(cues.loc[cues["kind"] == "pronoun", "cue"])
    ['beliau', 'dia', 'ia']
    """
    path = _data.data_path("speech-cues-id.csv")
    rows = _data.read_csv_records(path, what="speech cues", required=["cue", "kind"], optional=["note"])
    seen = set()
    for r in rows:
        cue, kind = r["cue"].strip(), r["kind"].strip()
        if not re.fullmatch(r"[a-z]+", cue):
            raise ResourceError(f"{path}: line {r['_line']}: field 'cue' is {cue!r}; use one lower-case word.",
                                path=str(path), line=r["_line"])
        if kind not in _KINDS:
            raise ResourceError(f"{path}: line {r['_line']}: field 'kind' is {kind!r}; allowed: {', '.join(_KINDS)}.",
                                path=str(path), line=r["_line"])
        if (cue, kind) in seen:
            raise ResourceError(f"{path}: line {r['_line']}: cue {cue!r} ({kind}) is listed twice.",
                                path=str(path), line=r["_line"])
        seen.add((cue, kind))
    return pd.DataFrame([{"cue": r["cue"].strip(), "kind": r["kind"].strip(), "note": r.get("note", "")} for r in rows])


@functools.lru_cache(maxsize=1)
def _name_words() -> dict[str, frozenset[str]]:
    """The name rules' word lists: ``toolkit/data/speakers/name-words.csv``, by kind.

    Columns ``word`` (one lower-case word), ``kind`` (title, organisation or
    place; one kind per word) and ``note``; errors name the file and line.
    """
    path = _data.data_path("speakers/name-words.csv")
    rows = _data.read_csv_records(path, what="speaker name words", required=["word", "kind"], optional=["note"])
    kinds: dict[str, set[str]] = {k: set() for k in _NAME_KINDS}
    seen: dict[str, int] = {}
    for r in rows:
        word, kind = r["word"].strip(), r["kind"].strip()
        problem = (f"field 'word' is {word!r}; use one lower-case word" if not re.fullmatch(r"[a-z]+", word)
                   else f"field 'kind' is {kind!r}; allowed: {', '.join(_NAME_KINDS)}" if kind not in kinds
                   else f"{word!r} is already listed on line {seen[word]}" if word in seen else None)
        if problem:
            raise ResourceError(f"{path}: line {r['_line']}: {problem}.", path=str(path), line=r["_line"])
        seen[word] = r["_line"]
        kinds[kind].add(word)
    return {k: frozenset(v) for k, v in kinds.items()}


@functools.lru_cache(maxsize=1)
def _patterns():
    cues = load_speech_cues()
    by_kind = {k: sorted(cues.loc[cues["kind"] == k, "cue"], key=len, reverse=True) for k in _KINDS}
    alt = lambda k: "|".join(map(re.escape, by_kind[k]))  # noqa: E731
    pronoun = alt("pronoun")
    titles = "|".join(sorted(_name_words()["title"], key=len, reverse=True))
    # a name after any job title: Menteri Koordinator Bidang Politik, Hukum, dan Keamanan Wiranto
    titled = rf"(?:(?i:{titles})\b(?:\s*,\s*(?:dan\s+)?|\s+dan\s+|\s+))*{_NAME}"
    who = rf"(?P<who>{titled}|(?i:{pronoun}))"
    quote_verb = re.compile(
        rf"[{_QUOTES}]\s*,?\s*(?i:(?P<verb>{alt('verb_after_quote')}))(?:(?P<nya>nya)\b|\s+{who})"
    )
    name_verb = re.compile(
        rf"(?:^|(?<=[.!?{_QUOTES}])\s+|(?<=,)\s+|(?<=\n))\s*{who}"
        rf"(?:\s*,\s+[^,.]{{1,150}}?,)?(?:\s+(?i:{alt('adverb')}))*\s+(?P<verb>(?i:{alt('verb_after_name')}))\b"
    )
    menurut = re.compile(rf"\b(?i:{alt('preposition')})\s+{who}\s*,")
    return quote_verb, name_verb, menurut, set(by_kind["pronoun"])


def _clean_name(name: str) -> str:
    """The speaker a name stands for, by the rules of toolkit/data/speakers/README.md; "" for nobody."""
    words = _name_words()
    parts = [w for w in re.split(r"[\s,]+", name) if w]
    titled = False
    while parts and (parts[0].lower() in words["title"] or (titled and parts[0] == "dan")):
        parts, titled = parts[1:], True
    if not parts:
        return ""
    first = parts[0].lower()
    if first in words["organisation"] and not titled:
        return " ".join(parts)
    if first in words["place"] and (not titled or len(parts) <= 2):
        return ""
    return " ".join(parts[-2:])


def _sentence_word(word: str) -> bool:
    """A capitalised first word of a sentence that is an ordinary word, not a name (Dibeberkan, Menurut)."""
    from .stemming import stem_word
    from .stopwords import load_stopwords

    low = word.lower()
    return low in load_stopwords() or stem_word(low) != low


def _registry(text: str) -> list[str]:
    """Capitalised names of two or more words in a document, in order of appearance.

    A run that opens a sentence loses its first word when that word is an
    ordinary Indonesian word (a stop word, or one that Sastrawi stems), so
    "Dibeberkan Dedi, ..." registers "Dedi", not "Dibeberkan Dedi".
    """
    names = []
    for m in re.finditer(rf"{_CAP}(?:\s+{_CAP})+", text):
        run = m.group()
        before = text[: m.start()].rstrip(" \t\"'\u201c\u2018(")
        if (not before or before[-1] in ".!?\n\r") and _sentence_word(run.split()[0]):
            run = " ".join(run.split()[1:])
        name = _clean_name(run)
        if len(name.split()) >= 2 or "-" in name:
            names.append(name)
    return list(dict.fromkeys(names))


def _resolve(name: str, registry: list[str]) -> str:
    if len(name.split()) > 1:
        return name
    best = None
    for full in registry:
        if name in full.replace("-", " ").split() + full.split() and full != name:
            if best is None or len(full) > len(best):
                best = full
    return best or name


def attribute_speakers(segments: pd.DataFrame, *, docs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add ``speaker`` and ``speaker_cue`` columns to a segments table.

    Parameters
    ----------
    segments : pandas.DataFrame
        From :func:`toolkit.segment` (paragraphs or sentences), in text order.
    docs : pandas.DataFrame, optional
        The docs table; when given, names are resolved against the whole
        document text (otherwise against the document's segments).

    Returns
    -------
    pandas.DataFrame
        A copy of ``segments`` with ``speaker`` (str, or missing where no
        attribution is clear) and ``speaker_cue`` (str: the text of the cue
        or cues found, such as ``'," kata Xi'``, or missing), the rules as
        in the module docstring. With sentence segments (``para_id``
        column), a sentence without a cue takes the speaker of its paragraph
        when the paragraph's cues name exactly one. The input is not
        modified.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": [
    ...     "Presiden Tiongkok, Xi Jinping, tiba di Astana.\\n\\n"
    ...     "\\"Kami siap bekerja sama,\\" kata Xi.\\n\\n"
    ...     "Tokayev mengatakan Kazakhstan setuju.\\n\\n"
    ...     "Menurut dia, hubungan kedua negara erat.\\n\\n"
    ...     "Cuaca cerah."]})
    >>> attribute_speakers(tk.segment(docs))[["seg_id", "speaker"]]
       seg_id     speaker
    0       0         NaN
    1       1  Xi Jinping
    2       2     Tokayev
    3       3     Tokayev
    4       4         NaN
    """
    check_columns(segments, ["doc_id", "seg_id", "text"], table_name="segments", hint="Make one with tk.segment(docs).")
    quote_verb, name_verb, menurut, pronouns = _patterns()
    if docs is not None:
        check_columns(docs, ["doc_id", "text"], table_name="docs")
        full_text = dict(zip(docs["doc_id"], docs["text"]))
    else:
        full_text = segments.groupby("doc_id", sort=False)["text"].agg("\n\n".join).to_dict()
    registries: dict = {}
    last: dict = {}
    speakers, cue_texts = [], []
    for doc_id, text in zip(segments["doc_id"].tolist(), segments["text"].tolist()):
        if doc_id not in registries:
            registries[doc_id] = _registry(str(full_text.get(doc_id, "")))
        registry = registries[doc_id]
        found = []  # (start, name, cue text)
        text = text if isinstance(text, str) else ""
        for pattern in (quote_verb, name_verb, menurut):
            for m in pattern.finditer(text):
                who = m.groupdict().get("who")
                if who is None:  # katanya, ujarnya: the last speaker
                    found.append((m.start(), None, m.group().strip()))
                    continue
                found.append((m.start(), who, m.group().strip()))
        names = []
        for _start, who, _cue in sorted(found):
            if who is None or who.lower() in pronouns:
                resolved = names[-1] if names else last.get(doc_id)
            else:
                cleaned = _clean_name(who)
                if not cleaned or cleaned.lower() in pronouns:
                    continue
                resolved = _resolve(cleaned, registry)
            if resolved:
                names.append(resolved)
        distinct = list(dict.fromkeys(names))
        if len(distinct) == 1:
            speakers.append(distinct[0])
            last[doc_id] = distinct[0]
        else:
            speakers.append(None)
        cue_texts.append(" | ".join(c for _, _, c in sorted(found)) or None)
    out = segments.copy()
    out["speaker"] = pd.Series(speakers, index=segments.index, dtype="str")
    if "para_id" in out.columns:  # sentences inherit the one speaker their paragraph names
        named = out.dropna(subset=["speaker"]).groupby(["doc_id", "para_id"])["speaker"].agg(lambda s: set(s))
        single = {k: next(iter(v)) for k, v in named.items() if len(v) == 1}
        keys = list(zip(out["doc_id"], out["para_id"]))
        fill = pd.Series([single.get(k) for k in keys], index=out.index, dtype="str")
        out["speaker"] = out["speaker"].fillna(fill)
    out["speaker_cue"] = pd.Series(cue_texts, index=segments.index, dtype="str")
    return out
