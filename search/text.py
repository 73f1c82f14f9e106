"""Small text helpers shared by the readers and the chunker: decoding files, reading lines of
JSON, and making slugs."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from .errors import ContentError


def decode_utf8(data: bytes, shown_as: str) -> str:
    """A file's bytes as text, decoded as UTF-8 (a leading byte-order mark is dropped).

    Raises ContentError naming the line of the first byte that is not UTF-8, and
    for a file with nothing but whitespace in it.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ContentError(
            shown_as,
            f"is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8 and rebuild",
            line,
        ) from None
    if not text.strip():
        raise ContentError(shown_as, "is empty; add content or remove the file")
    # Normalise line endings so line numbers and paragraph breaks mean the same on every platform.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def json_lines(path: Path) -> Iterator[tuple[int, object]]:
    """(line number, value) for each non-blank line of a JSON-lines file.

    Raises ValueError naming the file, and the line of a line that is not JSON.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot be read ({error})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}, line {number}: not valid JSON ({error.msg})") from None


def slugify(text: str) -> str:
    """A readable, URL-safe id fragment: 'Late Arrival & Leaving' -> 'late-arrival-leaving'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
