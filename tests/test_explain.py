"""Explained codes (issue 11): every event says which trigger entry made it, how each
participant was found and which dictionary entry resolved it, and why its date, place,
modality and attribution are what they are; `eventcoder explain` prints it as a tree."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from eventcoder.models import Document, Event

DATA = Path(__file__).resolve().parents[1] / "src" / "eventcoder" / "data"
LEXICON_FILES = {"core_triggers.tsv", "cameo_verbs.tsv", "cameo_patterns.tsv"}
ACTOR_FILES = {
    "states.tsv",
    "igo_names.tsv",
    "agents.tsv",
    "groups.tsv",
    "groups_extra.tsv",
    "people.tsv",
    "people_curated.tsv",
}


def _eventcoder(*args: str) -> subprocess.CompletedProcess[str]:
    # A wide console so rich does not wrap the tree's lines inside the words we look for.
    env = {**os.environ, "COLUMNS": "400"}
    return subprocess.run(
        [sys.executable, "-c", "from eventcoder.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )


@cache
def _lexicon_lemmas(file: str) -> set[tuple[str, str]]:
    """(part of speech, lemma) of every entry of a trigger lexicon file."""
    with (DATA / "events" / file).open(encoding="utf-8") as handle:
        rows = [line for line in handle if line.strip() and not line.startswith("#")]
    found: set[tuple[str, str]] = set()
    for row in csv.reader(rows, delimiter="\t"):
        if file == "core_triggers.tsv":
            found.add((row[0], row[1].lower()))
        else:
            found.add(("VERB", row[0].lower()))
    return found


@cache
def _actor_phrases(file: str) -> set[str]:
    """The first column (phrase or name) of an actor dictionary file."""
    with (DATA / "actors" / file).open(encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle if not line.startswith("#")]
    column = 1 if file == "people.tsv" else 0
    return {row[column].lower() for row in rows if len(row) > column}


def _assert_entry_exists(entry: str) -> None:
    """Each 'file: phrase -> code' part of a participant's entry names a real dictionary row."""
    for part in entry.split("; "):
        file, _, rest = part.partition(": ")
        if file == "named entity PERSON" or part.startswith("same person as"):
            continue
        assert file in ACTOR_FILES, part
        phrase = rest.split(" -> ")[0].lower()
        assert phrase in _actor_phrases(file), f"{phrase!r} is not a row of {file}"


@pytest.fixture(scope="module")
def fixture_json(fixture_path: Path) -> dict:
    result = _eventcoder("code", str(fixture_path), "--format", "json", "--published", "2022-09-14")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_fixture_event_names_its_trigger_and_participant_sources(fixture_json) -> None:
    events = fixture_json["events"]
    assert len(events) >= 12
    for event in events:
        explanation = event["explanation"]
        assert explanation is not None, event["id"]
        trigger = explanation["trigger"]
        assert trigger["text"] == event["evidence"]["trigger"]["text"]
        if trigger["layer"] == "rule":
            assert trigger["source"] == "rule" and trigger["key"], event["id"]
        else:
            # The named entry really is in the named lexicon file.
            assert trigger["source"] in LEXICON_FILES, trigger
            pos, lemma = trigger["key"].split(" + ")[0].split(" ", 1)
            assert (pos, lemma) in _lexicon_lemmas(trigger["source"]), trigger
        participants = explanation["participants"]
        for role, field in (("source", "actor"), ("target", "recipient")):
            explained = sorted(
                (p["text"], p["code"] or "") for p in participants if p["role"] == role
            )
            coded = sorted((a["text"], a["code"] or "") for a in event[field])
            assert explained == coded, (event["id"], role)
        for participant in participants:
            assert participant["found_by"], (event["id"], participant)
            if participant["code"]:
                # A coded participant names its dictionary entry, or the rule that gave its
                # country when no dictionary did (an unidentified perpetrator, a place).
                assert participant["entry"] or participant["country_rule"], participant
                if participant["entry"]:
                    _assert_entry_exists(participant["entry"])
        assert explanation["date"]["rule"] in {
            "trigger-date",
            "sentence-date",
            "paragraph-date",
            "publication-date",
        }
        assert explanation["place"] is not None
        if event["location"] is not None and explanation["place"]["candidates"]:
            assert explanation["place"]["candidates"][0]["name"] == event["location"]["name"]
        if event["attribution"]["claim"]:
            assert (
                explanation["attribution"]["cue"]
                .lower()
                .startswith(event["attribution"]["cue"][:4])
            )


def test_explain_cli_prints_the_tree_of_an_event(fixture_path: Path, fixture_json) -> None:
    doc_id = fixture_json["document"]["id"]
    # A claim with a dated, located event: every branch of the tree has something to show.
    event = next(e for e in fixture_json["events"] if e["attribution"]["claim"])
    short = event["id"].removeprefix(f"{doc_id}-")
    result = _eventcoder(
        "explain", str(fixture_path), "--event", short, "--published", "2022-09-14"
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    explanation = event["explanation"]
    assert out.splitlines()[0].startswith(f"{short} {event['event_type']}")
    assert f"trigger {explanation['trigger']['text']!r}: {explanation['trigger']['source']}" in out
    for participant in explanation["participants"]:
        assert f"found by: {participant['found_by']}" in out
        if participant["entry"]:
            assert f"entry: {participant['entry']}" in out
        if participant["country_rule"]:
            assert f"country: {participant['country_rule']}" in out
    assert f"{explanation['date']['rule']}: {explanation['date']['reason']}" in out
    assert f"cue {explanation['attribution']['cue']!r}" in out
    # ├── / └── : a tree, not a flat list
    assert "├── participants" in out


def test_explain_cli_lists_events_and_rejects_unknown_ids(fixture_path: Path) -> None:
    listing = _eventcoder("explain", str(fixture_path), "--published", "2022-09-14")
    assert listing.returncode == 0, listing.stderr
    lines = [line for line in listing.stdout.splitlines() if line.startswith("e")]
    assert lines[0].startswith("e1 ") and "from core_triggers.tsv" in listing.stdout
    missing = _eventcoder("explain", str(fixture_path), "--event", "e999")
    assert missing.returncode == 2
    assert missing.stderr.count("\n") == 1 and "no event 'e999'" in missing.stderr


# ------------------------------------------------------------ sentences written for the test
@pytest.fixture(scope="module")
def code(pipeline):
    def run(text: str, published: dt.date | None = dt.date(2024, 3, 20)) -> list[Event]:
        return pipeline.code(Document(id="x", text=text, published=published)).events

    return run


def _one(events: list[Event], event_type: str) -> Event:
    (event,) = [e for e in events if e.event_type == event_type]
    assert event.explanation is not None
    return event


def _found_by(event: Event, role: str, code: str) -> str:
    assert event.explanation is not None
    (participant,) = [
        p for p in event.explanation.participants if p.role == role and p.code == code
    ]
    return participant.found_by


def test_parse_paths_name_subject_object_and_passive_agent(code) -> None:
    event = _one(code("Russian troops shelled Ukrainian positions near Kharkiv."), "ASSAULT")
    assert _found_by(event, "source", "RUS") == "nsubj"
    # "Ukrainian" modifies the object "positions": the path says so.
    assert _found_by(event, "target", "UKR") == "dobj amod"
    passive = _one(code("Three villages in Georgia were attacked by Russia."), "ASSAULT")
    assert _found_by(passive, "source", "RUS") == "agent"
    against = _one(code("Uganda protested against Kenya on Monday."), "PROTEST")
    assert _found_by(against, "target", "KEN") == "pobj:against"


def test_person_entry_gives_the_term_in_force_at_publication(code) -> None:
    event = _one(code("Vladimir Putin met Emmanuel Macron in Paris on Monday."), "CONSULT")
    assert event.explanation is not None
    (putin,) = [p for p in event.explanation.participants if p.code == "RUS"]
    assert putin.entry is not None and putin.entry.startswith("people_curated.tsv: Vladimir Putin")
    assert "RUS GOV" in putin.entry and ".." in putin.entry  # the term and its date range


def test_modality_cues_and_date_rules(code) -> None:
    events = code("Israel said on Tuesday that it will not attack Lebanon.")
    event = _one(events, "ASSAULT")
    assert event.explanation is not None
    flags = {c.flag: c.cue for c in event.explanation.modality}
    assert flags.get("negated") == "not" and flags.get("future") == "will"
    assert event.explanation.date is not None
    assert event.explanation.date.rule in {"trigger-date", "sentence-date"}
    assert event.explanation.date.expression == "Tuesday"
    undated = _one(code("Armed men from Mali attacked a police post in Niger."), "ASSAULT")
    assert undated.explanation is not None and undated.explanation.date is not None
    assert undated.explanation.date.rule == "publication-date"


def test_place_lists_the_scored_gazetteer_candidates(code) -> None:
    event = _one(code("Turkish jets bombed Kurdish positions near Paris, Texas."), "ASSAULT")
    assert event.explanation is not None and event.explanation.place is not None
    place = event.explanation.place
    assert place.mention == "Paris"
    names = [(c.name, c.country) for c in place.candidates]
    assert names[0] == (event.location.name, event.location.country) if event.location else True
    # both Parises were considered, with scores, the chosen one best
    assert {"USA", "FRA"} <= {country for _, country in names}
    assert place.candidates[0].score == max(c.score for c in place.candidates)


# ----------------------------------------------------------------------------- the store
def test_store_keeps_each_events_explanation(tmp_path: Path, fixture_coded) -> None:
    from eventcoder.store.db import open_store
    from eventcoder.store.query import get_document, get_event

    with open_store(tmp_path / "explained.duckdb") as store:
        store.add([fixture_coded])
        (doc_id,) = [
            row[0] for row in store.cursor().execute("SELECT id FROM documents").fetchall()
        ]
        cluster_of = get_document(store, doc_id)["event_ids"]
        for coded_event in fixture_coded.events:
            stored = get_event(store, cluster_of[coded_event.id])
            (mention,) = [m for m in stored["mentions"] if m["event_local_id"] == coded_event.id]
            assert coded_event.explanation is not None
            assert mention["explanation"] == coded_event.explanation.model_dump(mode="json")


def test_version_1_store_is_migrated_with_null_explanations(tmp_path: Path, fixture_coded) -> None:
    import duckdb

    from eventcoder.store.db import open_store
    from eventcoder.store.schema import INDEXES, MENTION_INDEXES, SCHEMA_VERSION
    from store_helpers import as_version_4_documents

    path = tmp_path / "old.duckdb"
    with open_store(path) as store:
        store.add([fixture_coded])
    # Make it the version-1 file an earlier eventcoder wrote: no explanation column.
    con = duckdb.connect(str(path))
    for index in MENTION_INDEXES:  # DuckDB alters no table with indexes
        con.execute(f"DROP INDEX {index}")
    con.execute("ALTER TABLE mentions DROP COLUMN explanation")
    con.execute("ALTER TABLE mentions DROP COLUMN section")  # (version 4)
    for statement in INDEXES:  # ... and a version-1 file has all of them
        if " ON mentions " in statement:
            con.execute(statement)
    as_version_4_documents(con)  # (version 5 compresses the coded JSON)
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    before = con.execute("SELECT count(*) FROM mentions").fetchone()
    con.close()
    with open_store(path) as store:
        con = store.cursor()
        version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        assert version == (str(SCHEMA_VERSION),)
        counts = con.execute("SELECT count(*), count(explanation) FROM mentions").fetchone()
        assert counts == (before[0], 0)  # every mention kept, none explained yet
        indexes = {
            row[0]
            for row in con.execute(
                "SELECT index_name FROM duckdb_indexes() WHERE table_name = 'mentions'"
            ).fetchall()
        }
        assert indexes == set(MENTION_INDEXES)


# ------------------------------------------------------------------------------- the API
def test_api_returns_the_explanation_with_code_and_event(tmp_path: Path, pipeline) -> None:
    from fastapi.testclient import TestClient

    from eventcoder.serve import create_app

    text = (
        "Azerbaijani forces shelled Jermuk on 13 September 2022, the Armenian Defence Ministry "
        "said. Russia called on both sides to cease fire."
    )
    app = create_app(tmp_path / "api.duckdb", pipeline=pipeline)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        coded = client.post(
            "/api/code", json={"text": text, "published": "2022-09-14", "store": True}
        )
        assert coded.status_code == 200, coded.text
        body = coded.json()
        assert body["events"] and all(e["explanation"] for e in body["events"])
        document = client.get(f"/api/documents/{body['stored']['document_id']}").json()
        for event in body["events"]:
            stored = client.get(f"/api/events/{document['event_ids'][event['id']]}").json()
            (mention,) = [m for m in stored["mentions"] if m["event_local_id"] == event["id"]]
            assert mention["explanation"] == event["explanation"]
            # ... and the event page shows it in its closed "Why this ...?" block
            page = client.get(f"/events/{document['event_ids'][event['id']]}")
            assert page.status_code == 200
            assert f"Why this {event['event_type']}?" in page.text
            assert event["explanation"]["trigger"]["source"] in page.text


def test_a_type_that_differs_from_its_entry_says_why(code) -> None:
    event = _one(code("Germany will support Lithuania."), "AGREE")
    assert event.explanation is not None and event.explanation.trigger is not None
    trigger = event.explanation.trigger
    assert trigger.lexicon_type == "SUPPORT" and trigger.key == "VERB support"
    assert trigger.type_rule is not None and "the entry gives SUPPORT" in trigger.type_rule
    assert "AGREE" in trigger.type_rule
    # the learned model's top types are listed with their probabilities, best first
    scores = [t.score for t in trigger.model_types]
    assert scores and scores == sorted(scores, reverse=True)
