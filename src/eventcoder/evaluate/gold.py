"""The inputs of event scoring: gold articles (the fixtures' format), coded runs as
``eventcoder code --format jsonl`` writes them, and the gold articles read and coded with their
gold publication dates (``evaluate/events.py`` scores them)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from eventcoder.errors import InputError
from eventcoder.models import Article, Document


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Gold articles from a gold file: a list of articles, or one article (the fixtures)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(path), "gold file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"not a readable JSON gold file ({exc})") from None
    articles = [data] if isinstance(data, dict) else data
    if not isinstance(articles, list) or not articles:
        raise InputError(str(path), "expected a gold article or a non-empty list of them")
    for number, article in enumerate(articles):
        where = f"{path}[{number}]"
        if not isinstance(article, dict):
            raise InputError(where, "a gold article must be a JSON object")
        file = (article.get("input") or {}).get("file")
        if not isinstance(file, str) or not file:
            raise InputError(where, "gold article has no input.file (the article id)")
        events = article.get("events")
        if not isinstance(events, list):
            raise InputError(where, f"gold article {file} has no events list")
        for event in events:
            required = ("level", "sentence_contains", "type", "source")
            missing = [key for key in required if key not in event]
            if missing:
                raise InputError(
                    where, f"gold event {event.get('id', '?')} of {file} lacks {', '.join(missing)}"
                )
    return articles


def load_coded(path: Path) -> dict[str, dict[str, Any]]:
    """Coded records by ``document.id`` from ``eventcoder code --format jsonl`` output."""
    coded: dict[str, dict[str, Any]] = {}
    try:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{number}", f"not a JSON line ({exc.msg})") from None
                if not isinstance(record, dict) or not isinstance(record.get("events", []), list):
                    raise InputError(f"{path}:{number}", "not a coded article record")
                coded[str((record.get("document") or {}).get("id"))] = record
    except FileNotFoundError:
        raise InputError(str(path), "coded file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the coded file ({exc})") from None
    return coded


def add_stem_aliases(gold: list[dict[str, Any]], coded: dict[str, dict[str, Any]]) -> list[str]:
    """Let a gold ``input.file`` like ``article.txt`` find a record coded with id ``article``.

    ``eventcoder code article.txt`` names the document after the file stem; the gold names the
    file. Only ids missing from ``coded`` are aliased, so where the reference scorer finds an
    article this changes nothing. Returns the aliased gold ids.
    """
    aliased = []
    for article in gold:
        file = article["input"]["file"]
        stem = Path(file).stem
        if file not in coded and stem != file and stem in coded:
            coded[file] = coded[stem]
            aliased.append(file)
    return aliased


def default_articles_path(gold_path: Path) -> Path:
    """``…/eval/news_dev.gold.json`` → ``…/corpus/news_dev.jsonl`` (the shared data layout)."""
    return gold_path.resolve().parent.parent / "corpus" / "news_dev.jsonl"


def _published(article: Mapping[str, Any]) -> dt.date | None:
    value = (article.get("input") or {}).get("published")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(
            f"gold article {article['input']['file']}",
            f"input.published {value!r} is not YYYY-MM-DD",
        ) from None


def gold_documents(
    gold: list[dict[str, Any]], gold_path: Path, articles_path: Path | None = None
) -> list[Document]:
    """The gold articles, read and cleaned, with the gold publication dates and gold ids.

    Each gold article is looked up by ``input.file``: without ``articles_path``, first as a
    file next to the gold file (the fixtures: ``article.txt`` beside ``article.gold.json``),
    then by id in :func:`default_articles_path`; with ``articles_path`` (JSON Lines), by id
    there. The gold ``input.published`` replaces the record's date (the dev records often
    have none).
    """
    from eventcoder.read import clean, read_file

    source = articles_path or default_articles_path(gold_path)
    records: dict[str, Article] | None = None
    documents = []
    for article in gold:
        file = article["input"]["file"]
        published = _published(article)
        beside = gold_path.resolve().parent / file
        if articles_path is None and beside.is_file():
            (found,) = read_file(str(beside), published)
        else:
            if records is None:
                if not source.is_file():
                    raise InputError(
                        str(source),
                        f"articles file not found (gold article {file} is not a file next to "
                        f"{gold_path.name}); pass ARTICLES, or --coded with coded output",
                    )
                records = {record.id: record for record in read_file(str(source))}
            if file not in records:
                raise InputError(str(source), f"no article with id {file!r} (named by the gold)")
            found = records[file]
        documents.append(clean(found.model_copy(update={"id": file, "published": published})))
    return documents


def code_documents(documents: list[Document]) -> dict[str, dict[str, Any]]:
    """Code documents with the full pipeline; records as ``code --format jsonl`` writes them."""
    from eventcoder.pipeline import Pipeline

    return {
        coded.document.id: coded.model_dump(mode="json")
        for coded in Pipeline().code_many(documents)
    }
