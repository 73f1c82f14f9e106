"""Small text helpers shared by the readers and the chunker: decoding files, reading lines of
JSON, keeping what is not text out, and making slugs."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from search.errors import ContentError

# Characters no reader should pass on: control characters other than tab and line breaks, and
# lone UTF-16 surrogates (from a JSON escape or a damaged PDF), which cannot be written as UTF-8.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Of those, the ones a content file cannot mean: a NUL, or half of a character.
_BROKEN_TEXT = re.compile(r"[\x00\ud800-\udfff]")


def refuse_nul_bytes(data: bytes, shown_as: str) -> None:
    """Raises ContentError naming the line of a file's first NUL byte: text never has one,
    a UTF-16 file (which readers would take for another encoding) and a binary file do."""
    position = data.find(b"\x00")
    if position >= 0:
        raise ContentError(
            shown_as,
            "has a NUL byte, which text never has (saved as UTF-16, or not a text file?); save it as UTF-8",
            data.count(b"\n", 0, position) + 1,
        )


def broken_character(text: str) -> str | None:
    """The first NUL or lone surrogate in a text, or None: what a damaged export leaves in a string."""
    found = _BROKEN_TEXT.search(text)
    return found.group() if found else None


def printable(text: str) -> str:
    """The text without control characters (tab and line breaks kept) or lone surrogates."""
    return _NOT_TEXT.sub("", text)


def decode_utf8(data: bytes, shown_as: str) -> str:
    """A file's bytes as text, decoded as UTF-8 (a leading byte-order mark is dropped).

    Raises ContentError naming the line of the first byte that is not UTF-8 or is NUL
    (a UTF-16 or binary file), and for a file with nothing but whitespace in it.
    """
    refuse_nul_bytes(data, shown_as)
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


def parse_json(text: str) -> object:
    """One JSON value; every way the json module fails on it is a ValueError whose message
    says what is wrong in words, e.g. "not valid JSON (Expecting value)"."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg})") from None
    except RecursionError:
        raise ValueError("not valid JSON that can be read: arrays or objects nested too deeply") from None
    except ValueError:
        # Python refuses to convert integers this long (a guard against slow conversions).
        limit = sys.get_int_max_str_digits()
        raise ValueError(f"not valid JSON that can be read: a number with more than {limit} digits") from None


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
            value = parse_json(line)
        except ValueError as error:
            raise ValueError(f"{path}, line {number}: {error}") from None
        # A JSON escape such as \ud800 makes half a character, which fails later, when it is
        # printed or hashed, in the middle of a run: refused here, with its line. (json.dumps
        # writes a NUL back as an escape, so only half a character can be found.)
        half = broken_character(json.dumps(value, ensure_ascii=False))
        if half is not None:
            raise ValueError(
                f"{path}, line {number}: \\u{ord(half):04x} is half of a surrogate pair, not a character; "
                "write the whole character, or remove it"
            )
        yield number, value


def slugify(text: str) -> str:
    """A readable, URL-safe id fragment: 'Late Arrival & Leaving' -> 'late-arrival-leaving'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def count(number: int, noun: str, plural: str | None = None) -> str:
    """'1 chunk', '3 chunks': every count a person reads, so none says "1 new texts"."""
    return f"{number} {noun}" if number == 1 else f"{number} {plural or noun + 's'}"
