"""The read stage on real inputs: the fixture article, the dev corpus, and small articles."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from eventcoder.errors import InputError
from eventcoder.models import Article, ReadFailure
from eventcoder.read import clean, iter_articles, read_file
from eventcoder.read.plain import split_title

PUBLISHED = dt.date(2022, 9, 14)

WIRE_NEWS = """Azerbaijan and Armenia trade fire along border

BAKU (Reuters) - Azerbaijan and Armenia accused each other of shelling border villages, the
defence ministries of both countries said on Tuesday, in the worst fighting since 2020.

Azerbaijan's defence ministry said in a statement that its positions near Kalbajar had come
under fire overnight. Armenia's defence ministry said Azerbaijani forces had attacked first.

"The situation remains tense," a spokesman told reporters in Yerevan.
"""

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Ceasefire holds in border villages | Caucasus Monitor</title>
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2022-09-20T08:00:00Z">
<meta property="og:site_name" content="Caucasus Monitor">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/about">About us</a></li></ul></nav>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a>
<a href="#">Email</a></div>
<article>
<h1>Ceasefire holds in border villages</h1>
<p class="byline">By Jane Doe</p>
<p>A ceasefire brokered by Russia held for a second day on Monday along the border between
Armenia and Azerbaijan, officials from both countries said, after two days of clashes that
killed more than 200 soldiers.</p>
<p>Residents of Jermuk, an Armenian spa town, began returning to their homes, the local
administration said. Azerbaijan's defence ministry said the situation near Lachin was calm
and that no violations had been recorded overnight.</p>
<p>The European Union said it would send a monitoring mission to the Armenian side of the
border next month, a proposal that Baku criticised as one-sided.</p>
</article>
<section class="comments"><h3>Leave a Comment</h3>
<p>Your email address will not be published. Required fields are marked *</p>
<form><textarea name="comment"></textarea><input name="author"><button>Post Comment</button></form>
<div class="comment"><p>Great article, thanks for sharing this with us all!</p></div>
</section>
<footer><p>© 2022 Caucasus Monitor. All rights reserved.</p>
<p>We use cookies to improve your experience. <a href="#">Accept cookies</a></p></footer>
</body></html>
"""


# ------------------------------------------------------------------ fixture article
@pytest.fixture(scope="module")
def fixture_document(fixture_path: Path):
    (article,) = read_file(str(fixture_path), PUBLISHED)
    return article, clean(article)


def test_fixture_title_is_split_off(fixture_document, fixture_gold) -> None:
    article, document = fixture_document
    assert article.title == fixture_gold["document"]["title"]
    assert document.title == fixture_gold["document"]["title"]
    assert not document.text.startswith("2 thousand Russian soldiers")
    assert document.id == "karabakh_2022-09_aa_analysis"
    assert document.published == PUBLISHED


def test_fixture_boilerplate_is_cut_and_kept(fixture_document, fixture_gold) -> None:
    article, document = fixture_document
    removed = {item.text: item for item in document.boilerplate_removed}
    for boilerplate in fixture_gold["document"]["boilerplate_not_in_body"]:
        assert boilerplate not in document.text
        assert boilerplate in removed
        item = removed[boilerplate]
        assert article.text[item.start : item.end] == boilerplate
        assert item.reason == "comment form"
    assert "Ideas in the articles belong to the author" not in document.text
    assert "Öğretim Üyesidir" not in document.text
    # The body itself survives whole: first and last paragraphs are still there.
    assert "After the conflicts that started in the South Caucasus in 2020" in document.text
    assert document.text.endswith(
        "leading to the establishment of peace and tranquility in the region."
    )
    assert "\n\n" in document.text and "\n\n\n" not in document.text


def test_fixture_is_opinion_with_evidence(fixture_document, fixture_gold) -> None:
    _, document = fixture_document
    assert document.kind == "opinion"
    evidence = " | ".join(document.kind_evidence)
    assert "for AA Analysis" in evidence
    assert "Ideas in the articles belong to the author" in evidence
    assert "wrote the reasons and consequences" in evidence


def test_fixture_author(fixture_document, fixture_gold) -> None:
    _, document = fixture_document
    assert document.author == fixture_gold["document"]["author"]


def test_content_hash_is_stable_and_content_sensitive(fixture_document) -> None:
    article, document = fixture_document
    assert len(document.content_hash) == 64
    assert clean(article).content_hash == document.content_hash
    edited = article.model_copy(
        update={"text": article.text.replace("12 September", "11 September")}
    )
    assert clean(edited).content_hash != document.content_hash


# ------------------------------------------------------------------ news vs opinion
def test_wire_story_is_news(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text(WIRE_NEWS, encoding="utf-8")
    (article,) = read_file(str(path))
    document = clean(article)
    assert article.title == "Azerbaijan and Armenia trade fire along border"
    assert document.kind == "news"
    assert any("said on Tuesday" in snippet for snippet in document.kind_evidence)
    # Hard-wrapped lines inside a paragraph are joined with a space, paragraphs kept.
    assert "shelling border villages, the defence ministries" in document.text
    assert document.text.count("\n\n") == 2


def test_op_ed_disclaimer_makes_opinion() -> None:
    article = Article(
        id="oped",
        title="Opinion | Europe must not look away from the Caucasus",
        text="Europe has a choice to make in the South Caucasus, and it should make it soon.\n\n"
        "The views expressed in this article are the author's own.",
    )
    document = clean(article)
    assert document.kind == "opinion"
    assert any("Opinion |" in e for e in document.kind_evidence)
    assert "The views expressed" not in document.text


@pytest.mark.parametrize("article_id", ["gwn-241", "gwn-279", "trnews-1330001"])
def test_dev_corpus_news_articles_are_news(dev_corpus_path: Path, article_id: str) -> None:
    articles = {a.id: a for a in iter_articles([str(dev_corpus_path)]) if isinstance(a, Article)}
    assert clean(articles[article_id]).kind == "news"


def test_all_dev_corpus_articles_read_and_clean(dev_corpus_path: Path) -> None:
    items = list(iter_articles([str(dev_corpus_path)]))
    failures = [item for item in items if isinstance(item, ReadFailure)]
    assert failures == []
    assert len(items) == 260
    ids = set()
    for article in items:
        document = clean(article)
        assert document.text.strip()
        assert document.id not in ids
        ids.add(document.id)
    # Feed dates such as "APRIL 26, 2016 - 12:25AM EDT" are read as dates.
    by_id = {a.id: a for a in items}
    assert by_id["trnews-1330001"].published == dt.date(2016, 4, 26)


# ------------------------------------------------------------------ plain text title rule
def test_title_rule() -> None:
    assert split_title("Headline here\n\nBody text.") == ("Headline here", "Body text.")
    # A full sentence on the first line is body, not a title.
    assert split_title("The army said it fired.\n\nMore.")[0] is None
    # No blank line after the first line: no title.
    assert split_title("First line\nsecond line\n\nthird")[0] is None
    assert split_title("Only one line")[0] is None


# ------------------------------------------------------------------ HTML
def test_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "ceasefire.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    (article,) = read_file(str(path))
    document = clean(article)
    assert document.title == "Ceasefire holds in border villages"
    assert document.published == dt.date(2022, 9, 20)
    assert document.author == "Jane Doe"
    assert "A ceasefire brokered by Russia held for a second day" in document.text
    assert "monitoring mission" in document.text
    for junk in (
        "Share on Facebook",
        "Leave a Comment",
        "Your email address",
        "Post Comment",
        "Great article",
        "We use cookies",
        "All rights reserved",
        "About us",
    ):
        assert junk not in document.text, junk
    assert document.kind == "news"
    # The caller's date (--published) wins over the date guessed from the page (issue 14).
    (again,) = read_file(str(path), published=dt.date(2000, 1, 1))
    assert again.published == dt.date(2000, 1, 1)


# ------------------------------------------------------------------ JSON, JSONL, folders, stdin
def _record(i: int, **extra: object) -> str:
    return json.dumps(
        {"id": f"a{i}", "title": f"Title {i}", "text": f"Body of article {i}.", **extra}
    )


def test_jsonl_streams_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        "\n".join([_record(1, published="2021-05-04"), "{not json", "", _record(3), '{"id": "x"}'])
        + "\n",
        encoding="utf-8",
    )
    items = list(iter_articles([str(path)], published=PUBLISHED))
    assert [type(i).__name__ for i in items] == ["Article", "ReadFailure", "Article", "ReadFailure"]
    assert items[0].published == dt.date(2021, 5, 4)  # the record's own date wins
    assert items[2].published == PUBLISHED  # the caller's date fills the gap
    assert items[1].source == f"{path}:2" and "malformed JSON" in items[1].problem
    assert items[3].source == f"{path}:5" and "text" in items[3].problem
    with pytest.raises(InputError, match=r"feed\.jsonl:2: malformed JSON"):
        read_file(str(path))


def test_jsonl_gz_and_truncated_gz(tmp_path: Path) -> None:
    lines = "".join(_record(i) + "\n" for i in range(200)).encode()
    good = tmp_path / "good.jsonl.gz"
    good.write_bytes(gzip.compress(lines))
    articles = list(iter_articles([str(good)]))
    assert len(articles) == 200 and all(isinstance(a, Article) for a in articles)
    assert articles[5].id == "a5"

    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(gzip.compress(lines)[:-200])
    items = list(iter_articles([str(truncated)]))
    assert isinstance(items[-1], ReadFailure)
    assert "truncated" in items[-1].problem
    assert items[-1].source.startswith(f"{truncated}:")
    assert len(items) > 1 and all(isinstance(a, Article) for a in items[:-1])


def test_folder_walk_is_recursive_and_continues_past_bad_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "one.txt").write_text("Title one\n\nBody one.", encoding="utf-8")
    (tmp_path / "sub" / "one.txt").write_text("Body of the other one.", encoding="utf-8")
    (tmp_path / "sub" / "bad.txt").write_bytes(b"caf\xe9")
    (tmp_path / "list.json").write_text(json.dumps([{"text": "A."}, {"text": "B."}]), "utf-8")
    (tmp_path / "ignored.csv").write_text("a,b", encoding="utf-8")
    items = list(iter_articles([str(tmp_path)]))
    ids = [item.id for item in items if isinstance(item, Article)]
    assert ids == ["list-0", "list-1", "one", "sub/one"]
    (failure,) = [item for item in items if isinstance(item, ReadFailure)]
    assert failure.source.endswith("bad.txt") and "not UTF-8" in failure.problem
    assert "byte offset 3" in failure.problem


def test_iter_articles_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(_record(i) + "\n" for i in range(10)), encoding="utf-8")
    stream = iter_articles([str(path), str(tmp_path / "missing.txt")])
    assert next(stream).id == "a0"  # a generator: nothing read beyond what was asked
    rest = list(stream)
    assert isinstance(rest[-1], ReadFailure) and rest[-1].problem == "file not found"


def test_stdin_text_and_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        def __init__(self, data: bytes) -> None:
            self.buffer = io.BufferedReader(io.BytesIO(data))

    monkeypatch.setattr(sys, "stdin", FakeStdin(b"Headline\n\nBody from a pipe."))
    (article,) = read_file("-", PUBLISHED)
    assert article.title == "Headline" and article.origin == "<stdin>"
    assert article.id.startswith("stdin-")

    data = (_record(1) + "\n" + _record(2) + "\n").encode()
    monkeypatch.setattr(sys, "stdin", FakeStdin(data))
    assert [a.id for a in iter_articles(["-"])] == ["a1", "a2"]


def test_size_limit_per_line_for_streams(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        _record(1) + "\n" + _record(2, pad="x" * 500) + "\n" + _record(3) + "\n", "utf-8"
    )
    items = list(iter_articles([str(path)], max_bytes=200))
    assert [type(i).__name__ for i in items] == ["Article", "ReadFailure", "Article"]
    assert "over the limit" in items[1].problem
    with pytest.raises(InputError, match="over the limit"):
        read_file(str(path), max_bytes=200)


# ------------------------------------------------------------------ read_text (no file)
@pytest.mark.parametrize(
    ("content", "fmt", "suffix"),
    [
        ("Troops shell border town\n\nArtillery hit the town of Tovuz on Monday.", "text", ".txt"),
        (
            "<html><head><title>Clashes resume</title></head><body><article><h1>Clashes "
            "resume</h1><p>Fighting broke out near Lachin on Tuesday, officials said.</p>"
            "</article></body></html>",
            "html",
            ".html",
        ),
        # HTML pasted as text is read as HTML, as a .txt file holding it is
        (
            "<html><body><p>Police arrested two protesters in Yerevan.</p></body></html>",
            "text",
            ".txt",
        ),
    ],
)
def test_read_text_reads_as_read_file_reads_the_same_file(
    tmp_path: Path, content: str, fmt: str, suffix: str
) -> None:
    from eventcoder.read import read_text

    path = tmp_path / f"article{suffix}"
    path.write_text(content, encoding="utf-8")
    (from_file,) = read_file(str(path), dt.date(2024, 5, 1))
    (from_text,) = read_text(content, format=fmt, name="pasted", published=dt.date(2024, 5, 1))
    assert from_text.origin == "pasted"
    ignore = {"id", "origin"}
    assert from_text.model_dump(exclude=ignore) == from_file.model_dump(exclude=ignore)


def test_read_text_errors_name_the_input() -> None:
    from eventcoder.read import read_text

    with pytest.raises(InputError) as empty:
        read_text("   \n", name="request body")
    assert empty.value.source == "request body"
    with pytest.raises(InputError) as large:
        read_text("x" * 100, name="upload.txt", max_bytes=10)
    assert large.value.source == "upload.txt" and "over the limit" in large.value.problem
