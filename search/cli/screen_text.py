"""An answer's screen (search/present/outcome.py) as plain text for a terminal."""

from __future__ import annotations

import textwrap

from search.present.outcome import CrisisHelp, Headline, Line, Note, Role, Screen, Shown

_WRAP = textwrap.TextWrapper(width=88, initial_indent="   ", subsequent_indent="   ")


def _plain(markdown: str) -> str:
    return markdown.replace("**", "")


def _result_text(shown: Shown, number: int) -> str:
    result = shown.result
    if shown.role in (Role.ANSWER, Role.RELATED):  # answers are printed whole
        paragraphs = [_WRAP.fill(paragraph) if paragraph.strip() else "" for paragraph in result.text.split("\n")]
        label = f"{shown.label}: " if shown.label else ""
        heading = f"{number}. {label}{result.title}  (score {result.score:.2f})"
        return "\n".join([heading, *paragraphs, f"   Source: {result.source}\n"])
    label = f"{shown.label}: " if shown.label else ""
    return f"  - {label}{result.title}  (Source: {result.source})"


def screen_text(screen: Screen) -> str:
    """The screen's blocks in order: answers numbered and whole, suggestions one line each."""
    lines = []
    number = 0
    for block in screen.blocks:
        if isinstance(block, Note):
            lines.append(f"({block.text})")
        elif isinstance(block, CrisisHelp):
            lines.append(block.panel.as_text())
        elif isinstance(block, Headline | Line):
            lines.append(_plain(block.text))
        elif isinstance(block, Shown):
            number += 1
            lines.append(_result_text(block, number))
    return "\n".join(lines).rstrip("\n")
