"""Plain text articles: a first line followed by a blank line is the title."""

from __future__ import annotations

import re

#: Titles are short; a long single-line first paragraph is body text, not a headline.
MAX_TITLE_CHARS = 250
MAX_TITLE_WORDS = 35

_FIRST_LINE = re.compile(r"\A[ \t]*(?P<title>[^\n]+?)[ \t]*\r?\n[ \t]*\r?\n")


def split_title(text: str) -> tuple[str | None, str]:
    """Split ``text`` into (title, body).

    The first line is the title when a blank line follows it, it is short, and it does not
    read as a sentence of the body (a headline rarely ends with a full stop; one that ends with
    "!" or "?" is still a headline). Otherwise the whole text is the body.
    """
    stripped = text.lstrip("\ufeff\r\n")
    match = _FIRST_LINE.match(stripped)
    if match is None:
        return None, text
    title = match.group("title").strip()
    body = stripped[match.end() :]
    if not body.strip():
        return None, text
    if len(title) > MAX_TITLE_CHARS or len(title.split()) > MAX_TITLE_WORDS:
        return None, text
    if title.endswith(".") and not title.endswith("..."):
        # A one-line opening sentence; headlines don't end with a full stop.
        return None, text
    return title, body


def read_plain_text(text: str) -> tuple[str | None, str]:
    return split_title(text)
