"""Clean an :class:`Article` into a :class:`Document`: cut boilerplate, normalise whitespace,
classify news/opinion, find the author, and hash the content.
"""

from __future__ import annotations

import re
import unicodedata

from eventcoder.errors import InputError
from eventcoder.models import Article, Document, RemovedText, content_hash
from eventcoder.paths import word_lists
from eventcoder.read.boilerplate import Cut, Line, find_boilerplate, split_lines
from eventcoder.read.kind import classify_kind

#: The word lists of data/read/words.toml.
_WORDS = word_lists("read")

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
#: A line ending like this closes its sentence, so the next line break is a real one.
_LINE_CLOSED = re.compile(r"[.!?:;\"”’'»)\]]$")

#: Academic and courtesy titles before a name ("prof. Dr. Yıldız Deveci Bozkuş wrote ...").
_NAME_TITLES = re.compile(
    r"^(?:(?:prof|dr|assoc|asst|assist|doç|mr|mrs|ms|sir|lecturer|researcher)\.?\s+)+", re.I
)
_WROTE = re.compile(r"^(?P<name>[^!?\n]{3,100}?)\s+(?:wrote|writes|has written)\b")
#: Words that start a noun phrase, not a name ("The Times wrote ...").
_NOT_NAME_STARTS = _WORDS.words("not_name_starts")
_BRACKET_NAME = re.compile(r"^\[(?P<name>[^,\]]{3,80}),")


def _normalise_line(text: str) -> str:
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    return _SPACES.sub(" ", text).strip()


#: Lines at least this long that stop mid-sentence are taken as hard-wrapped text.
_WRAP_WIDTH = 50


def _is_hard_wrap(previous: Line, next_text: str) -> bool:
    """A mid-sentence line break from wrapping (not a subheading followed by its section)."""
    if _LINE_CLOSED.search(previous.text):
        return False
    return next_text[:1].islower() or len(previous.text) >= _WRAP_WIDTH


def _join_kept(lines: list[Line]) -> str:
    """Kept lines back into text: paragraphs split by a blank line; inside a paragraph a line
    break stays when the line ends a sentence, and a hard wrap mid-sentence becomes a space."""
    out: list[str] = []
    previous: Line | None = None
    for line in lines:
        text = _normalise_line(line.text)
        if not text:
            continue
        if previous is not None:
            if line.paragraph != previous.paragraph:
                out.append("\n\n")
            elif _is_hard_wrap(previous, text):
                out.append(" ")
            else:
                out.append("\n")
        out.append(text)
        previous = line
    return "".join(out)


def _as_person_name(candidate: str) -> str | None:
    name = _NAME_TITLES.sub("", candidate.strip()).strip(" ,")
    words = name.split()
    if not 2 <= len(words) <= 5 or words[0].lower() in _NOT_NAME_STARTS:
        return None
    particles = {"de", "van", "von", "bin", "al", "el", "der", "da", "di"}
    if not all(word[0].isupper() for word in words if word.lower() not in particles):
        return None
    return name


def find_author(article: Article, lines: list[Line], cuts: list[Cut]) -> str | None:
    """The article's author: from the source, a byline, "X wrote ..." or a bracketed bio."""
    if article.author:
        return article.author
    for cut in cuts:
        if cut.author:
            name = _as_person_name(cut.author)
            if name:
                return name
    for line in lines[:2]:
        match = _WROTE.match(line.text)
        if match:
            name = _as_person_name(match.group("name"))
            if name:
                return name
    for cut in cuts:
        if cut.reason == "author bio":
            match = _BRACKET_NAME.match(cut.line.text)
            if match:
                name = _as_person_name(match.group("name"))
                if name:
                    return name
    return None


def clean(article: Article) -> Document:
    """Strip boilerplate (kept, with raw offsets and a reason), classify kind, hash content.

    Raises ``InputError`` when nothing readable is left (the text was only invisible
    characters such as zero-width spaces, or only boilerplate): an empty document would be
    coded and stored as if it were an article.
    """
    lines = split_lines(article.text)
    cuts = find_boilerplate(lines)
    cut_indexes = {cut.line.index for cut in cuts}
    kept = [line for line in lines if line.index not in cut_indexes]
    text = _join_kept(kept)
    if not text.strip():
        problem = (
            "no article text: only boilerplate"
            if cuts
            else "no article text: only invisible characters"
        )
        raise InputError(article.origin or article.id, problem)
    title = _normalise_line(article.title) if article.title else None
    # Kind is decided on the raw text: disclaimers are evidence, and they are cut above.
    decision = classify_kind(title, article.text)
    return Document(
        id=article.id,
        title=title or None,
        published=article.published,
        url=article.url,
        source=article.source,
        author=find_author(article, lines, cuts),
        kind=decision.kind,
        kind_evidence=decision.evidence,
        text=text,
        boilerplate_removed=[
            RemovedText(
                text=cut.line.text, start=cut.line.start, end=cut.line.end, reason=cut.reason
            )
            for cut in cuts
        ],
        content_hash=content_hash(title, text),
    )
