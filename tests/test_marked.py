"""Spanish on the page as HTML marked lang="es" (search/present/marked.py): escaped, with the little
Markdown that content uses kept."""

from __future__ import annotations

import pytest

from search.present.marked import inline_html, markdown_html, marked


def test_text_is_escaped_and_said_to_be_spanish() -> None:
    shown = marked(inline_html('Llame <b>ya</b> & "pregunte"'), "es", "p", "opacity: 0.6")
    assert shown == '<p lang="es" style="opacity: 0.6">Llame &lt;b&gt;ya&lt;/b&gt; &amp; &quot;pregunte&quot;</p>'
    with pytest.raises(ValueError, match="got 'es\"><script>'"):
        marked("", 'es"><script>')


def test_bold_italics_and_safe_links_are_kept() -> None:
    assert inline_html("**Sí**, *por ejemplo*, 5 * 3") == "<strong>Sí</strong>, <em>por ejemplo</em>, 5 * 3"
    assert inline_html("[el sitio](https://example.org/a?b=1&c=2)") == (
        '<a href="https://example.org/a?b=1&amp;c=2">el sitio</a>'
    )
    # Nothing that runs code or leaves the text: a script link is its words, an image its description.
    assert inline_html("[clic](javascript:void)") == "clic"
    assert inline_html('![Mapa](https://maps.example/m.png "x")') == "Mapa"
    assert inline_html('[a](https://x.example/"onmouseover=alert(1))') == (
        '<a href="https://x.example/&quot;onmouseover=alert(1">a</a>)'
    )


def test_paragraphs_and_lists() -> None:
    text = (
        "# Costos\n\nLe explicamos:\n- el copago\n- el deducible\n  de cada año\n\n1. Llame.\n2. Pregunte.\n\nGracias."
    )
    assert markdown_html(text) == (
        "<p><strong>Costos</strong></p><p>Le explicamos:</p><ul><li>el copago</li><li>el deducible de cada año</li>"
        "</ul><ol><li>Llame.</li><li>Pregunte.</li></ol><p>Gracias.</p>"
    )
    assert markdown_html("3. Tercero\n4. Cuarto") == '<ol start="3"><li>Tercero</li><li>Cuarto</li></ol>'
    assert markdown_html("Una línea\ny otra") == "<p>Una línea y otra</p>"
