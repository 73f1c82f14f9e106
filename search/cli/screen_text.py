"""An answer's screen (search/present/outcome.py) as plain text for a terminal, in the screen's language."""

from __future__ import annotations

import textwrap

from search.present.outcome import ConcernHelp, CrisisHelp, Headline, Line, Note, Role, Screen, Shown
from search.present.texts import texts_for

_WRAP = textwrap.TextWrapper(width=88, initial_indent="   ", subsequent_indent="   ")


def _plain(markdown: str) -> str:
    return markdown.replace("**", "")


def _result_text(shown: Shown, number: int) -> str:
    result = shown.result
    label = f"{shown.label}: " if shown.label else ""
    # A result in another language than the screen's says so first.
    note = [_WRAP.fill(f"({shown.note})")] if shown.note else []
    if shown.role in (Role.ANSWER, Role.RELATED):  # answers are printed whole
        paragraphs = [_WRAP.fill(paragraph) if paragraph.strip() else "" for paragraph in result.text.split("\n")]
        heading = f"{number}. {label}{result.title}  ({texts_for(shown.language).score} {result.score:.2f})"
        return "\n".join([heading, *note, *paragraphs, f"   {shown.source}\n"])
    return "\n".join([f"  - {label}{result.title}  ({shown.source})", *note])


def screen_text(screen: Screen) -> str:
    """The screen's blocks in order: answers numbered and whole, suggestions one line each."""
    lines = []
    number = 0
    for block in screen.blocks:
        if isinstance(block, Note):
            lines.append(f"({block.text})")
        elif isinstance(block, CrisisHelp):
            lines.append(block.panel.as_text())
        elif isinstance(block, ConcernHelp):
            lines += [_plain(line) for line in block.lines]
        elif isinstance(block, Headline | Line):
            lines.append(_plain(block.text))
        elif isinstance(block, Shown):
            number += 1
            lines.append(_result_text(block, number))
    return "\n".join(lines).rstrip("\n")
