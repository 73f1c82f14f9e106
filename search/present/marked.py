"""Text the page shows in another language than its own, as HTML that says which language it is in.

Streamlit's page is `<html lang="en">` and its elements take no `lang` of their own, so a screen
reader would read Spanish with English sounds. The page shows Spanish through `st.html`, inside an
element with `lang="es"` (WCAG 3.1.2, language of parts); no script is needed (the page's
Content-Security-Policy lets none run but its own, search/present/page_script.py). Every character of
the text is escaped here: the only markup is what these functions write, and a link goes only to the
web, an email address or a phone.
"""

from __future__ import annotations

import html
import re

from search.vocab import LANGUAGES

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)(.+?)(?<=\S)\*(?![*\w])")
# Over escaped text: ![description](address) and [words](address).
_IMAGE = re.compile(r"!\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_LINKABLE = re.compile(r"(?:https?://|mailto:|tel:)", re.IGNORECASE)
_BULLET = re.compile(r"\s{0,3}[-*+]\s+(.*)")
_NUMBERED = re.compile(r"\s{0,3}(\d{1,9})[.)]\s+(.*)")
_HEADING = re.compile(r"\s{0,3}#{1,6}\s+(.*?)[\s#]*")


def marked(inner_html: str, language: str, tag: str = "div", style: str = "") -> str:
    """HTML already escaped, in an element that says its language: `<div lang="es">…</div>`."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {language!r}")
    styled = f' style="{html.escape(style)}"' if style else ""
    return f'<{tag} lang="{language}"{styled}>{inner_html}</{tag}>'


def _link(found: re.Match[str]) -> str:
    words, address = found.groups()
    if not _LINKABLE.match(address):
        return words
    return f'<a href="{address}">{words}</a>'  # both escaped already, quotes included


def inline_html(text: str) -> str:
    """One line of text, escaped, keeping Markdown's **bold**, *italics* and links; an image becomes its
    description (the page fetches nothing from elsewhere)."""
    escaped = _IMAGE.sub(lambda found: found.group(1), html.escape(text))
    escaped = _LINK.sub(_link, escaped)
    return _ITALIC.sub(r"<em>\1</em>", _BOLD.sub(r"<strong>\1</strong>", escaped))


def markdown_html(markdown: str) -> str:
    """Content's Markdown as HTML: paragraphs, bulleted and numbered lists, headings as bold lines, and
    what `inline_html` keeps. Anything else is shown as the text it is."""
    parts: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    numbered: str | None = None  # the first number of a numbered list

    def end_paragraph() -> None:
        if paragraph:
            parts.append(f"<p>{inline_html(' '.join(paragraph))}</p>")
            paragraph.clear()

    def end_list() -> None:
        nonlocal numbered
        if items:
            listed = "".join(f"<li>{inline_html(item)}</li>" for item in items)
            start = f' start="{int(numbered)}"' if numbered not in (None, "1") else ""
            parts.append(f"<ol{start}>{listed}</ol>" if numbered is not None else f"<ul>{listed}</ul>")
            items.clear()
        numbered = None

    for line in markdown.strip().split("\n"):
        bullet, number, heading = _BULLET.fullmatch(line), _NUMBERED.fullmatch(line), _HEADING.fullmatch(line)
        if not line.strip():
            end_paragraph()
            end_list()
        elif bullet or number:
            end_paragraph()
            if items and (number is None) != (numbered is None):  # a bulleted list right after a numbered one
                end_list()
            if number is not None and not items:
                numbered = number.group(1)
            items.append(bullet.group(1) if bullet else number.group(2))
        elif heading:
            end_paragraph()
            end_list()
            parts.append(f"<p><strong>{inline_html(heading.group(1))}</strong></p>")
        elif items and line[:1].isspace():  # an item's text going on over a second line
            items[-1] += " " + line.strip()
        else:
            end_list()
            paragraph.append(line.strip())
    end_paragraph()
    end_list()
    return "".join(parts)
