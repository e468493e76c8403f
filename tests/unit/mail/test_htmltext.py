"""HTML to text keeps what a reader sees and nothing else; invisible characters go."""

from __future__ import annotations

import pytest

from responder.mail.htmltext import html_to_text, strip_invisible


@pytest.mark.parametrize(
    "hidden",
    [
        '<span style="display:none">SECRET</span>',
        '<span style="visibility: hidden">SECRET</span>',
        '<span style="font-size:0px">SECRET</span>',
        '<span style="opacity:0">SECRET</span>',
        "<span hidden>SECRET</span>",
        "<script>SECRET()</script>",
        "<style>.SECRET{}</style>",
        "<!-- SECRET -->",
    ],
)
def test_hidden_text_is_dropped(hidden: str) -> None:
    """Text hidden by CSS, the hidden attribute, scripts, styles or comments is dropped."""
    text = html_to_text(f"<p>Visible {hidden}words</p>")
    assert "SECRET" not in text
    assert text == "Visible words"


def test_small_but_visible_font_is_kept() -> None:
    """font-size:0.8em is small, not hidden."""
    assert html_to_text('<span style="font-size:0.8em">tiny</span>') == "tiny"


def test_blocks_and_breaks_make_lines_and_entities_decode() -> None:
    """Block elements and <br> start new lines; entities become characters."""
    text = html_to_text("<div>One &amp; two</div><div>three<br>four</div><p>caf&eacute;</p>")
    assert text == "One & two\nthree\nfour\ncafé"


def test_gmail_quote_becomes_quoted_lines() -> None:
    """A Gmail reply's blockquote comes out prefixed with "> " under its attribution."""
    html = (
        '<div dir="ltr">Approve</div><br><div class="gmail_quote">On Mon, Jan 6, 2025 wrote:'
        "<blockquote>Please approve<br>the refund</blockquote></div>"
    )
    assert html_to_text(html).splitlines() == [
        "Approve", "", "On Mon, Jan 6, 2025 wrote:", "> Please approve", "> the refund",
    ]  # fmt: skip


def test_gmail_indent_is_not_a_quote() -> None:
    """A border-less blockquote (Gmail's indent button) is the writer's own text."""
    html = '<blockquote style="margin:0 0 0 40px;border:none">my words</blockquote>'
    assert html_to_text(html) == "my words"


def test_unclosed_hidden_element_ends_with_its_parent() -> None:
    """A hidden span left open is closed by its parent's end tag."""
    assert html_to_text('<div><span style="display:none">x</div>after') == "after"


def test_strip_invisible_removes_controls_and_tags() -> None:
    """Zero-width, bidi controls, BOM and Unicode tag characters are removed."""
    text = "a\u200bb\u200dc\u200ed\u200fe\u202af\u202eg\u2060h\u2064i\ufeffj\U000e0041k"
    assert strip_invisible(text) == "abcdefghijk"


def test_strip_invisible_keeps_zwnj_unless_asked() -> None:
    """ZWNJ stays for Persian spelling and goes only in the LLM-hygiene variant."""
    word = "می\u200cخواهم"
    assert strip_invisible(word) == word
    assert strip_invisible(word, keep_zwnj=False) == "میخواهم"
