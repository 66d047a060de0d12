"""HTML pages: main text, title, date and author via trafilatura (the field's standard extractor).

Comments, navigation, share bars and footers are dropped by trafilatura's main-content
detection; what survives is cleaned again by :func:`eventcoder.read.clean.clean`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from eventcoder.errors import InputError

_HTML_SNIFF = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


@dataclass(frozen=True)
class HtmlContent:
    title: str | None
    text: str
    published: dt.date | None
    author: str | None
    url: str | None
    source: str | None


# A script element's content ends at the first "</script" (HTML's script data state), so a
# non-greedy match finds each element. JSON-LD blocks are metadata the page states about
# itself (schema.org datePublished, author) and are kept; any other script is code, and a
# date in code (a build stamp, a cache key, a widget's config) is not the article's date.
_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>.*?(?:</script\s*>|\Z)", re.I | re.S)
_JSON_LD = re.compile(r"""type\s*=\s*["']?application/ld\+json""", re.I)


def _drop_code(html: str) -> str:
    """The page without its script elements, except JSON-LD metadata."""
    return _SCRIPT.sub(lambda m: m.group(0) if _JSON_LD.search(m.group("attrs")) else "", html)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.match(text[:4096]))


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def read_html(name: str, html: str) -> HtmlContent:
    """Extract the article from an HTML page; raise ``InputError`` when it has no main text."""
    # Imported here: trafilatura pulls in lxml, htmldate and courlan, which plain-text users skip.
    import trafilatura

    html = _drop_code(html)
    extracted = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        include_images=False,
        with_metadata=True,
        favor_precision=True,
    )
    if extracted is None or not (extracted.text or "").strip():
        # Short pages fall under trafilatura's precision thresholds; retry favouring recall.
        extracted = trafilatura.bare_extraction(
            html, include_comments=False, with_metadata=True, favor_recall=True
        )
    if extracted is None or not (extracted.text or "").strip():
        raise InputError(name, "HTML page has no readable main text")
    # trafilatura separates paragraphs with single newlines; keep them as paragraphs.
    text = re.sub(r"\n+", "\n\n", extracted.text.strip())
    return HtmlContent(
        title=(extracted.title or "").strip() or None,
        text=text,
        published=_parse_date(extracted.date),
        author=(extracted.author or "").strip() or None,
        url=extracted.url or None,
        source=extracted.sitename or extracted.hostname or None,
    )
