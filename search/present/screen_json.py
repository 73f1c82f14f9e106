"""A screen (search/present/outcome.py) as JSON, for a program that shows answers itself: the clinic's
own website calling the HTTP API (search/api/server.py).

The blocks come in the screen's order, so crisis help is first whenever a question needs it, and the
caller shows them as they come; it decides how each block looks, never which blocks or in which order
(the same rule the page follows). Each text is given as written (Markdown: **bold**, links) and as
HTML made here, escaped, with every number a link a phone can call or text, so a website that sets
the HTML shows crisis lines a visitor can tap.
"""

from __future__ import annotations

from search.ingest.clinic import ClinicInfo
from search.present.marked import inline_html, markdown_html
from search.present.outcome import ConcernHelp, CrisisHelp, Headline, Line, Note, Screen, Shown
from search.safety.messages import message_html


def _text(markdown: str, clinic: ClinicInfo | None) -> dict[str, str]:
    return {"text": markdown, "html": message_html(markdown, clinic)}


def block_json(block: object, clinic: ClinicInfo | None) -> dict[str, object]:
    """One block: its `type`, and what it says."""
    if isinstance(block, CrisisHelp):
        panel = block.panel
        return {
            "type": "crisis",
            "heading": panel.heading,
            "steps": [_text(step, clinic) for step in panel.steps],
            "closing": _text(panel.closing, clinic),
        }
    if isinstance(block, ConcernHelp):
        return {"type": "concern", "lines": [_text(line, clinic) for line in block.lines]}
    if isinstance(block, Headline):
        return {"type": "headline", "tone": str(block.tone), "text": block.text, "html": inline_html(block.text)}
    if isinstance(block, Note):
        return {"type": "note", "text": block.text, "html": inline_html(block.text)}
    if isinstance(block, Line):
        return {"type": "line", **_text(block.text, clinic)}
    if isinstance(block, Shown):
        result = block.result
        return {
            "type": "result",
            "role": str(block.role),  # answer (shown open), related, suggestion, also_helpful
            "id": result.id,
            "title": result.title,
            "text": result.text,
            "html": markdown_html(result.text),
            "language": result.language,  # the result's, which may differ from the screen's
            "source": block.source,
            "label": block.label,
            "note": block.note,
        }
    raise TypeError(f"not a block of a screen: {block!r}")


def screen_json(screen: Screen, clinic: ClinicInfo | None) -> dict[str, object]:
    """The whole screen: its outcome, language, what a screen reader should say, and its blocks in order."""
    return {
        "outcome": str(screen.outcome),
        "language": screen.language,
        "announcement": screen.announcement,
        "blocks": [block_json(block, clinic) for block in screen.blocks],
    }
