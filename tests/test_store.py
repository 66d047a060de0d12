"""The store: idempotent writes, deterministic deduplication, the query layer, schema versions.

These tests write CodedDocuments built by hand (the records every stage passes) so they check
the store's own rules exactly, independent of how the coding stages evolve.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from eventcoder.config import Settings
from eventcoder.errors import EventcoderError
from eventcoder.models import (
    ActorRef,
    Attribution,
    CodedDocument,
    Document,
    Event,
    EventActor,
    Evidence,
    Location,
    Modality,
    PlaceMention,
    ReadFailure,
    Span,
)
from eventcoder.store.db import open_store
from eventcoder.store.query import (
    EventFilter,
    count_events,
    event_documents,
    get_document,
    get_event,
    list_actors,
    list_documents,
    list_events,
    stats,
)
from eventcoder.store.schema import SCHEMA_VERSION
from store_helpers import as_version_4_documents

JERMUK = Location(name="Jermuk", country="ARM", lat=39.841, lon=45.670)
VARDENIS = Location(name="Vardenis", country="ARM", lat=40.183, lon=45.730)  # ~38 km away
ALEPPO = Location(name="Aleppo", country="SYR", lat=36.202, lon=37.134)


def event(
    local_id: str,
    event_type: str,
    source: list[str],
    target: list[str],
    date: str | None,
    location: Location | None = None,
    *,
    claimant: str | None = None,
    contradicts: tuple[str, ...] = (),
    negated: bool = False,
    sentence: str = "Azerbaijani forces shelled Armenian positions.",
) -> Event:
    return Event(
        id=local_id,
        event_type=event_type,
        actor=[EventActor(code=c, text=c, name=c, sector="MIL") for c in source],
        recipient=[EventActor(code=c, text=c, name=c) for c in target],
        date=date,
        date_precision="day" if date else "none",
        location=location,
        modality=Modality(negated=negated),
        attribution=Attribution(
            claim=claimant is not None,
            claimant=ActorRef(code=claimant) if claimant else None,
            cue="said" if claimant else None,
        ),
        contradicts=list(contradicts),
        evidence=Evidence(
            sentence_index=0,
            sentence=sentence,
            start=0,
            end=len(sentence),
            trigger=Span(text="shelled", start=18, end=25),
        ),
        confidence=0.7,
    )


def coded(
    name: str, events: list[Event], *, published: str = "2022-09-14", **doc: str
) -> CodedDocument:
    return CodedDocument(
        document=Document(
            id=name,
            title=f"Report {name}",
            text=f"Body of {name}.",
            published=dt.date.fromisoformat(published),
            **doc,
        ),
        events=events,
    )


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "store.duckdb") as opened:
        yield opened


def snapshot(store) -> tuple:
    """Everything that must not depend on ingest order (timestamps excluded)."""
    con = store.cursor()
    events = con.execute("SELECT * EXCLUDE (updated_at) FROM events ORDER BY id").fetchall()
    mentions = con.execute("SELECT id, event_id FROM mentions ORDER BY id").fetchall()
    return repr(events), repr(mentions)


def test_same_article_is_stored_once(store) -> None:
    article = coded("a", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-12", JERMUK)])
    first = store.add([article])
    second = store.add([article, article])
    assert (first.added, first.skipped) == (1, 0)
    assert (second.added, second.skipped) == (0, 2)
    assert store.cursor().execute("SELECT count(*) FROM documents").fetchone() == (1,)
    assert store.cursor().execute("SELECT count(*) FROM mentions").fetchone() == (1,)


def test_each_batch_that_adds_articles_is_checkpointed_into_the_file(tmp_path: Path) -> None:
    # Store.add checkpoints after committing new articles (memory, docs/scale.md): the WAL
    # is emptied into the file; a batch of already stored articles writes nothing.
    path = tmp_path / "store.duckdb"
    wal = Path(f"{path}.wal")
    article = coded("a", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-12", JERMUK)])
    with open_store(path) as opened:
        opened.add([article])
        assert not wal.exists() or wal.stat().st_size == 0
        assert opened.add([article]).added == 0
        assert not wal.exists() or wal.stat().st_size == 0
    with open_store(path, read_only=True) as reopened:
        assert reopened.cursor().execute("SELECT count(*) FROM mentions").fetchone() == (1,)


def test_reports_of_one_event_merge_across_outlets(store) -> None:
    store.add(
        [
            coded("aa", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-12", JERMUK)],
                  source="Anadolu Agency"),
            coded("rt", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-13", VARDENIS)],
                  url="https://www.reuters.com/world/x"),
            coded("rt2", [event("e4", "ASSAULT", ["AZE"], ["ARM"], "2022-09-14", JERMUK)],
                  url="https://reuters.com/world/y"),
        ]
    )  # fmt: skip
    (assault,) = list_events(store, EventFilter(type="ASSAULT"))
    assert assault["num_articles"] == 3
    assert assault["num_sources"] == 2  # Anadolu Agency and reuters.com
    assert assault["num_mentions"] == 3
    assert (assault["date"], assault["date_end"]) == ("2022-09-12", "2022-09-14")
    assert assault["location_name"] == "Jermuk"  # the place most mentions give
    detail = get_event(store, assault["id"])
    assert detail is not None
    outlets = {m["document"]["outlet"] for m in detail["mentions"]}
    assert outlets == {"Anadolu Agency", "reuters.com"}
    assert all(m["evidence"]["trigger"]["text"] == "shelled" for m in detail["mentions"])


def test_a_merged_event_names_the_articles_it_came_from(tmp_path: Path) -> None:
    db = tmp_path / "merged.duckdb"
    with open_store(db) as store:
        store.add(
            [
                coded("aa", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-12", JERMUK)],
                      source="Anadolu Agency"),
                coded("rt", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-13", JERMUK)],
                      url="https://www.reuters.com/world/x"),
                coded("other", [event("e1", "COERCE", ["RUS"], ["UKR"], "2022-09-13", None)]),
            ]
        )  # fmt: skip
        (assault,) = list_events(store, EventFilter(type="ASSAULT"))
        (coerce,) = list_events(store, EventFilter(type="COERCE"))
        merged = event_documents(store, [assault["id"], coerce["id"]])
    assert {d["outlet"] for d in merged[assault["id"]]} == {"Anadolu Agency", "reuters.com"}
    assert [d["title"] for d in merged[coerce["id"]]] == ["Report other"]
    # ... and `eventcoder events` shows them, in its table and its machine formats.
    cli = [sys.executable, "-c", "from eventcoder.cli import main; main()", "events", "--db",
           str(db), "--type", "ASSAULT"]  # fmt: skip
    env = {**os.environ, "COLUMNS": "120"}
    table = subprocess.run([*cli, "--format", "table"], capture_output=True, text=True, env=env)
    assert table.returncode == 0, table.stderr
    assert "from" in table.stdout
    outlets = ("Anadolu Agency; reuters.com", "reuters.com; Anadolu Agency")  # same day: by id
    assert any(cell in table.stdout for cell in outlets), table.stdout
    rows = subprocess.run([*cli, "--format", "csv"], capture_output=True, text=True, env=env)
    (row,) = csv.DictReader(io.StringIO(rows.stdout))
    assert set(row["document_ids"].split("|")) == {d["id"] for d in merged[assault["id"]]}


@pytest.mark.parametrize(
    ("other", "why"),
    [
        (event("e1", "ASSAULT", ["ARM"], ["AZE"], "2022-09-12", JERMUK), "reversed dyad"),
        (event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-16", JERMUK), "4 days later"),
        (event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-12", ALEPPO), "far away"),
        (event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-12", None), "place unknown"),
        (event("e1", "COERCE", ["AZE"], ["ARM"], "2022-09-12", JERMUK), "another type"),
        (event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-12", JERMUK, negated=True),
         "negated"),
    ],
)  # fmt: skip
def test_different_events_stay_apart(store, other: Event, why: str) -> None:
    store.add(
        [
            coded("a", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-12", JERMUK)]),
            coded("b", [other]),
        ]
    )
    assert count_events(store) == 2, why


def test_unrelated_undated_articles_with_one_actor_stay_apart(tmp_path: Path) -> None:
    # Two articles with no publication date, each saying "the US agreed" (no target, no date,
    # no place): sharing a type and a source is not the same event.
    with open_store(tmp_path / "undated.duckdb") as store:
        for name in ("a", "b"):
            document = coded(name, [event("e1", "AGREE", ["USA"], [], None)])
            document.document.published = None
            store.add([document])
        assert count_events(store) == 2


def test_undated_one_participant_events_never_merge_across_articles(store) -> None:
    # Same type, source, publication date and place, but no target and no date of their own.
    store.add(
        [
            coded("a", [event("e1", "AGREE", ["USA"], [], None, JERMUK)]),
            coded("b", [event("e1", "AGREE", ["USA"], [], None, JERMUK)]),
        ]
    )
    assert count_events(store) == 2


def test_same_event_with_dated_dyad_still_merges_across_articles(store) -> None:
    # The counterpart to the two rules above: a full dyad agreeing on the date merges.
    store.add(
        [
            coded("a", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-12", None)]),
            coded("b", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-13", None)]),
        ]
    )
    assert count_events(store) == 1


def test_country_level_place_matches_unknown_or_same_country(store) -> None:
    armenia = Location(name="Armenia", country="ARM", lat=40.25, lon=45.0, geonameid=174982)

    def with_country(name: str, events: list[Event]) -> CodedDocument:
        document = coded(name, events)
        country = PlaceMention(
            text="Armenia", start=0, end=7, name="Armenia", country="ARM", lat=40.25, lon=45.0,
            geonameid=174982, feature_code="PCLI",
        )  # fmt: skip
        return document.model_copy(update={"places": [country]})

    store.add(
        [
            coded("a", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-12", None)]),
            with_country("b", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-12", armenia)]),
            coded("c", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-13", JERMUK)]),
            coded("d", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-13", ALEPPO)]),
        ]
    )
    events = sorted(list_events(store), key=lambda e: -e["num_articles"])
    assert [e["num_articles"] for e in events] == [3, 1]
    assert events[0]["location_name"] == "Jermuk"  # the precise place wins over the country


def test_clusters_do_not_depend_on_ingest_order(tmp_path: Path) -> None:
    # A chain: day 1 and day 7 only join through day 4 (single linkage, 3-day window).
    articles = [
        coded("d1", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-01", JERMUK)]),
        coded("d4", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-04", VARDENIS)]),
        coded("d7", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-07", JERMUK)]),
        coded("x", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-20", None)]),
        coded("y", [event("e1", "ACCUSE", ["ARM"], ["AZE"], None)]),
    ]
    snapshots = set()
    for number, order in enumerate(itertools.permutations(range(5))):
        if number % 15:  # 8 of the 120 orders, in varied batchings, keeps the test quick
            continue
        with open_store(tmp_path / f"s{number}.duckdb") as store:
            batch_size = 1 + number % 3
            ordered = [articles[i] for i in order]
            for start in range(0, len(ordered), batch_size):
                store.add(ordered[start : start + batch_size])
            snapshots.add(snapshot(store))
            assert count_events(store) == 3
    assert len(snapshots) == 1


def test_claims_contradictions_and_filters(store) -> None:
    store.add(
        [
            coded(
                "a",
                [
                    event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-12", JERMUK,
                          claimant="ARM", contradicts=("e2",)),
                    event("e2", "ASSAULT", ["ARM"], ["AZE"], "2022-09-12", JERMUK,
                          claimant="AZE", contradicts=("e1",)),
                    event("e3", "CONSULT", ["ARM"], ["ARM"], "2022-09-13"),
                ],
            ),
            coded("b", [event("e1", "AID", ["USA"], ["SYR"], "2018-03-02", ALEPPO)],
                  published="2018-03-03"),
        ]
    )  # fmt: skip
    assert count_events(store) == 4
    assert count_events(store, EventFilter(claims_only=True)) == 2
    assert count_events(store, EventFilter(actor="arm")) == 2
    assert count_events(store, EventFilter(recipient="AZE")) == 1
    assert count_events(store, EventFilter(country="SYR")) == 1
    assert count_events(store, EventFilter(since=dt.date(2022, 9, 13))) == 1
    assert count_events(store, EventFilter(until=dt.date(2020, 1, 1))) == 1
    assert count_events(store, EventFilter(quad_class="material_conflict")) == 2
    doc_a = "d" + list_documents(store)[0]["content_hash"][:16]
    assert count_events(store, EventFilter(document_id=doc_a)) == 3

    (claimed,) = list_events(store, EventFilter(actor="AZE", claims_only=True))
    detail = get_event(store, claimed["id"])
    assert detail is not None
    (mention,) = detail["mentions"]
    assert mention["attribution"]["claimant"]["code"] == "ARM"
    (link,) = mention["contradicts"]
    assert link["mention"].endswith(":e2")
    assert link["event_id"] != claimed["id"]

    page = list_events(store, EventFilter(sort="date", order="asc", limit=2, offset=1))
    assert [e["date"] for e in page] == ["2022-09-12", "2022-09-12"]
    document = get_document(store, doc_a)
    assert document is not None
    assert document["coded"]["document"]["id"] == "a"
    assert set(document["event_ids"]) == {"e1", "e2", "e3"}
    actors = {a["code"]: a for a in list_actors(store)}
    assert actors["ARM"]["as_source"] == 2 and actors["ARM"]["as_target"] == 2
    summary = stats(store)
    assert summary["events"] == 4 and summary["documents"] == 2
    assert {r["event_type"]: r["events"] for r in summary["by_type"]}["ASSAULT"] == 2
    assert {r["month"] for r in summary["by_month"]} == {"2018-03", "2022-09"}
    assert len(summary["by_quad_class"]) == 4


def test_filter_values_are_parameters_not_sql(store) -> None:
    store.add([coded("a", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-12")])])
    assert count_events(store, EventFilter(actor="AZE' OR '1'='1")) == 0
    assert count_events(store, EventFilter(document_id="x'); DROP TABLE events; --")) == 0
    assert count_events(store) == 1
    with pytest.raises(ValueError, match="cannot sort"):
        EventFilter(sort="date; DROP TABLE events")
    with pytest.raises(ValueError, match="unknown PLOVER type"):
        EventFilter(type="FIGHT")


def test_failures_recorded_once_per_source_and_problem(store) -> None:
    failure = ReadFailure(source="bad.txt", problem="empty file")
    store.add([], failures=[failure])
    store.add([], failures=[failure])
    assert store.cursor().execute("SELECT count(*) FROM failures").fetchone() == (1,)


def test_undated_event_takes_publication_date_unless_historical(store) -> None:
    store.add([coded("a", [event("e1", "PROTEST", ["EGY"], [], None)], published="2016-12-17")])
    (protest,) = list_events(store)
    assert protest["date"] == "2016-12-17"


def test_newer_schema_is_refused_and_read_only_needs_a_store(tmp_path: Path) -> None:
    path = tmp_path / "future.duckdb"
    with open_store(path):
        pass
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    con.close()
    with pytest.raises(EventcoderError, match="newer than this eventcoder supports"):
        open_store(path)
    with pytest.raises(EventcoderError, match="store not found"):
        open_store(tmp_path / "missing.duckdb", read_only=True)
    not_db = tmp_path / "notes.duckdb"
    not_db.write_text("hello, not a database\n")
    with pytest.raises(EventcoderError, match=str(not_db)):
        open_store(not_db)


def test_coded_json_is_stored_compressed_and_read_back_whole(store) -> None:
    # issue 10: the coded JSON is zlib-compressed in the store (the checkpoint after each
    # batch rewrites the last row group of documents; docs/scale.md); readers get it whole.
    from eventcoder.store.write import unpack_coded

    article = coded("a", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-12", JERMUK)])
    store.add([article])
    (blob,) = store.cursor().execute("SELECT coded_zlib FROM documents").fetchone()
    stored = CodedDocument.model_validate_json(unpack_coded(blob))
    assert stored.events == article.events and stored.document.text == article.document.text
    (doc_id,) = store.cursor().execute("SELECT id FROM documents").fetchone()
    document = get_document(store, doc_id)
    assert document is not None and "coded_zlib" not in document
    assert CodedDocument.model_validate(document["coded"]) == stored


def test_a_version_4_store_is_migrated_keeping_every_document(tmp_path: Path) -> None:
    path = tmp_path / "v4.duckdb"
    articles = [
        coded("a", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-12", JERMUK)]),
        coded("b", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-13", VARDENIS)]),
    ]
    with open_store(path) as opened:
        opened.add(articles)
        ids = [row[0] for row in opened.cursor().execute("SELECT id FROM documents").fetchall()]
        before = {doc_id: get_document(opened, doc_id) for doc_id in ids}
        columns = "* EXCLUDE (coded_zlib)"
        rows = opened.cursor().execute(f"SELECT {columns} FROM documents ORDER BY id").fetchall()
    con = duckdb.connect(str(path))  # the version-4 file an earlier eventcoder wrote
    as_version_4_documents(con)
    con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    (text,) = con.execute("SELECT coded FROM documents WHERE article_id = 'a'").fetchone()
    assert CodedDocument.model_validate_json(text).events == articles[0].events
    con.close()
    with open_store(path) as migrated:
        con = migrated.cursor()
        assert con.execute("SELECT value FROM meta").fetchall() == [(str(SCHEMA_VERSION),)]
        assert con.execute(f"SELECT {columns} FROM documents ORDER BY id").fetchall() == rows
        assert {doc_id: get_document(migrated, doc_id) for doc_id in ids} == before
        assert migrated.add(articles).skipped == 2  # the keys survive the copy: no duplicates
        migrated.add([coded("c", [])])
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (3,)


def test_dedup_settings_are_respected(tmp_path: Path) -> None:
    wide = Settings(dedup_window_days=10, dedup_distance_km=1000.0)
    with open_store(tmp_path / "wide.duckdb", settings=wide) as store:
        store.add(
            [
                coded("a", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-12", JERMUK)]),
                coded("b", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-19", ALEPPO)]),
            ]
        )
        assert count_events(store) == 1


def test_listed_events_are_stored_events_field_for_field(store) -> None:
    """``list_events`` rows are what ``StoredEvent`` declares: its keys, in its order, and
    values of its types (checked strictly, no coercion)."""
    from pydantic import TypeAdapter

    from eventcoder.store.records import EVENT_COLUMNS, StoredEvent

    store.add(
        [
            coded("aa", [event("e1", "ASSAULT", ["AZE"], ["ARM"], "2022-09-12", JERMUK)]),
            coded("bb", [event("e1", "ACCUSE", ["ARM"], ["AZE"], None, None)]),
        ]
    )
    rows = list_events(store, EventFilter())
    assert len(rows) == 2
    adapter = TypeAdapter(StoredEvent)
    for row in rows:
        assert tuple(row) == EVENT_COLUMNS
        adapter.validate_python(row, strict=True)
