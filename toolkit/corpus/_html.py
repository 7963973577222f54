"""HTML in corpus texts: :func:`strip_html` (``load_corpus(html=True)``) and the test behind the HTML warning."""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["strip_html", "looks_like_html"]

_BLOCK_TAGS = frozenset({
    "p", "br", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "thead",
    "tbody", "tfoot", "caption", "blockquote", "pre", "hr", "section", "article", "aside", "header", "footer", "nav",
    "main", "figure", "figcaption", "address",
})
_CELL_TAGS = frozenset({"td", "th"})
_DROP_TAGS = frozenset({"script", "style", "noscript", "template"})
# what makes a text look like HTML: common tags, or entities (each pattern starts with a literal: re finds it fast)
_HTML_TAG_RE = re.compile(
    r"</?(?:p|br|div|span|a|b|i|u|em|strong|li|ul|ol|h[1-6]|tr|td|th|table|img|figure|figcaption|blockquote|section"
    r"|article|script|style|iframe|hr|sup|sub|font)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_HTML_ENTITY_RE = re.compile(
    r"&(?:nbsp|amp|quot|apos|lt|gt|ndash|mdash|hellip|[lr]squo|[lr]dquo|#\d{2,7}|#x[0-9a-f]{2,6});", re.IGNORECASE)
_LINE_END_RE = re.compile(r"\r\n?")
_PARAGRAPH_BREAK_RE = re.compile(r"\n[^\S\n]*\n")


class _HTMLText(HTMLParser):
    """The text of an HTML fragment: block elements become paragraph breaks, script and style are dropped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)  # entities (&nbsp; &amp; &#8220;) arrive decoded in the data
        self.parts: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        self._tag(tag, opening=True)

    def handle_endtag(self, tag):
        self._tag(tag, opening=False)

    def _tag(self, tag: str, *, opening: bool) -> None:
        if tag in _DROP_TAGS:
            self.dropping = self.dropping + 1 if opening else max(self.dropping - 1, 0)
        elif not self.dropping and tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        elif not self.dropping and tag in _CELL_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.dropping:
            self.parts.append(data)


def strip_html(text: str) -> str:
    """The text of an HTML fragment (a scraped article), with paragraphs kept and markup removed.

    Tags are removed and entities decoded (``&nbsp;``, ``&amp;``,
    ``&#8220;``) with the standard library's :mod:`html.parser`. Block
    elements (``p``, ``br``, ``div``, ``li``, ``h1``-``h6``, ``tr``,
    ``blockquote``, ``table``, ``section``, ...) and blank lines of the
    source become paragraph breaks (a blank line, as :func:`toolkit.segment`
    reads them); table cells are separated by a space; the content of
    ``script``, ``style``, ``noscript`` and ``template`` is dropped. Inside a
    paragraph every run of white space (new lines of the source and
    non-breaking spaces included) becomes one space, as a browser shows it.

    Parameters
    ----------
    text : str
        HTML, a fragment of it, or plain text with some markup or entities.

    Returns
    -------
    str
        The paragraphs, separated by ``"\\n\\n"``, without white space at
        either end. Offsets into the result are not offsets into ``text``.

    Raises
    ------
    TypeError
        ``text`` is not a str.

    See Also
    --------
    load_corpus : ``html=True`` applies this to every text.

    Examples
    --------
    >>> strip_html("<p>Kerja sama&nbsp;RI&ndash;Tiongkok.<br>Kedua\\n negara <b>sepakat</b>.</p>"
    ...            "<script>var x = 1;</script><p>Keamanan &amp; pertahanan.</p>")
    'Kerja sama RI–Tiongkok.\\n\\nKedua negara sepakat.\\n\\nKeamanan & pertahanan.'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}.")
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    raw = _LINE_END_RE.sub("\n", "".join(parser.parts))
    paragraphs = (" ".join(p.split()) for p in _PARAGRAPH_BREAK_RE.split(raw))
    return "\n\n".join(p for p in paragraphs if p)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` holds common HTML tags (``<p>``, ``<br>``, ``<div>``) or entities (``&nbsp;``)."""
    return bool(("<" in text and _HTML_TAG_RE.search(text)) or ("&" in text and _HTML_ENTITY_RE.search(text)))
