"""Text decoding of corpus files: a whole file in memory, or a file streamed block by block.

Both give the same text and, for bytes that are not valid in the encoding,
the same :class:`~toolkit.errors.CorpusError` (byte offset, line and
column). With the default encoding (UTF-8) a UTF-8 byte order mark is
skipped and a UTF-16 or UTF-32 byte order mark names the file's encoding.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from pathlib import Path

from ..errors import CorpusError

__all__ = ["BLOCK", "BOMS", "is_utf8", "decode_bytes", "DecodedText", "check_not_empty"]

BLOCK = 1 << 16  # bytes read from a file at a time (pandas asks for 256 Ki characters per read)

#: Byte order marks that name their encoding without doubt (UTF-32 first: its LE mark starts like UTF-16's).
BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"))


def is_utf8(encoding: str) -> bool:
    """Whether ``encoding`` names UTF-8 (``utf-8``, ``UTF8``, ``utf_8``)."""
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8")


def _unknown_encoding(encoding: str) -> ValueError:
    return ValueError(f"encoding={encoding!r} is not a known text encoding (try 'utf-8', 'cp1252' or 'latin-1').")


def _not_valid(path: Path, encoding: str, offset: int, line: int, col: int, reason: str) -> CorpusError:
    return CorpusError(
        f"{path}: the bytes at offset {offset} (line {line}, column {col}) are not valid "
        f"{encoding} ({reason}). If the file uses another encoding, pass it as "
        "encoding=..., for example encoding='cp1252' or encoding='latin-1'; or re-save the file as UTF-8.",
        path=str(path),
    )


def decode_bytes(raw: bytes, path: Path, encoding: str) -> str:
    """The text of a whole file's bytes; CorpusError naming the offset, line and column of bad bytes."""
    codec = "utf-8-sig" if is_utf8(encoding) else encoding
    if codec == "utf-8-sig":  # the default: a UTF-16 or UTF-32 file with a byte order mark is read as such
        codec = next((name for bom, name in BOMS if raw.startswith(bom)), codec)
    try:
        return raw.decode(codec)
    except LookupError:
        raise _unknown_encoding(encoding) from None
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if codec == "utf-8-sig" and raw.startswith(b"\xef\xbb\xbf") else 0)
        line = raw[:start].count(b"\n") + 1
        col = start - (raw.rfind(b"\n", 0, start) + 1) + 1
        raise _not_valid(path, encoding, start, line, col, exc.reason) from None


def _line_col(path: Path, offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset, scanning the file in blocks (as decode_bytes counts them)."""
    line, last_nl, pos = 1, -1, 0
    with open(path, "rb") as f:
        while pos < offset:
            block = f.read(min(BLOCK, offset - pos))
            if not block:
                break
            n = block.count(b"\n")
            if n:
                line += n
                last_nl = pos + block.rfind(b"\n")
            pos += len(block)
    return line, offset - (last_nl + 1) + 1


class DecodedText(io.TextIOBase):
    """A file decoded incrementally (strictly), holding one block at a time.

    Bad bytes give the error :func:`decode_bytes` gives for the same file.
    A UTF-8 byte order mark is skipped, as ``utf-8-sig`` does.
    """

    def __init__(self, path: Path, encoding: str):
        super().__init__()
        self.path, self._encoding = path, encoding
        utf8 = is_utf8(encoding)
        try:
            self._decoder = codecs.getincrementaldecoder("utf-8" if utf8 else encoding)(errors="strict")
        except LookupError:
            raise _unknown_encoding(encoding) from None
        self._file = open(path, "rb")
        self._fed = 0  # bytes handed to the decoder so far (absolute offset in the file)
        if utf8:  # the default: a UTF-8 mark is skipped; a UTF-16 or UTF-32 mark names the file's encoding
            head = self._file.read(4)
            wide = next((name for bom, name in BOMS if head.startswith(bom)), None)
            if wide:
                self._decoder = codecs.getincrementaldecoder(wide)(errors="strict")  # (it reads the mark itself)
            self._fed = 3 if head[:3] == codecs.BOM_UTF8 else 0
            self._file.seek(self._fed)
        self._buffer = ""
        self._eof = False

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._file.close()
        super().close()

    def _more(self) -> str:
        """Decode the next block; '' only at the end of the file."""
        while not self._eof:
            raw = self._file.read(BLOCK)
            final = not raw
            pending = self._decoder.getstate()[0]
            try:
                text = self._decoder.decode(raw, final)
            except UnicodeDecodeError as exc:
                offset = self._fed - len(pending) + exc.start
                raise _not_valid(self.path, self._encoding, offset, *_line_col(self.path, offset), exc.reason) from None
            self._fed += len(raw)
            self._eof = final
            if text:
                return text
        return ""

    def read(self, size: int | None = -1) -> str:
        if size is None or size < 0:
            parts = [self._buffer]
            self._buffer = ""
            while chunk := self._more():
                parts.append(chunk)
            return "".join(parts)
        size = min(size, BLOCK)  # a short read is allowed: it keeps pandas' buffer (256 Ki characters) small
        if not self._buffer:
            self._buffer = self._more()
        out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out

    def lines(self) -> Iterator[str]:
        """The lines split at "\\n" only (as ``str.split("\\n")``: U+2028 may sit inside a JSON string)."""
        rest = ""
        while chunk := self._more():
            pieces = (rest + chunk).split("\n")
            rest = pieces.pop()
            yield from pieces
        yield rest

    def lines_with_ends(self) -> Iterator[str]:
        """The lines with their ends, split at "\\n", "\\r\\n" or a lone "\\r" (as pandas and csv read CSV)."""
        rest = ""
        while chunk := self._more():
            lines = io.StringIO(rest + chunk, newline="").readlines()
            rest = lines.pop() if not lines[-1].endswith("\n") else ""  # a final "\r" may be half of "\r\n"
            yield from lines
        if rest:
            yield rest

    def has_text(self) -> bool:
        """Whether anything but white space follows (consumes the stream)."""
        while chunk := self._more():
            if chunk.strip():
                return True
        return False


def check_not_empty(path: Path, kind: str, encoding: str, text: str | None = None) -> None:
    """CorpusError if the file (or its decoded ``text``, when given) is only white space."""
    if text is None:
        with DecodedText(path, encoding) as stream:
            empty = not stream.has_text()
    else:
        empty = not text.strip()
    if empty:
        raise CorpusError(f"{path}: the file is empty; a {kind.upper()} corpus needs a header and rows.",
                          path=str(path))
