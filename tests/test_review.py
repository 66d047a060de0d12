"""Analyst review (issue 13): the corrections layer, the reviewed/raw views, the review API
with its write protection, and the gold export, all on the real store and the real app.

The store holds the two hand-coded articles of ``test_api.py`` (exact, pipeline-independent
codes). Writes go through HTTP: FastAPI's TestClient for single requests, and uvicorn in a
thread for the concurrent ones.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest
from fastapi.testclient import TestClient

from eventcoder.serve import create_app
from eventcoder.serve.auth import Auth
from eventcoder.store import review
from eventcoder.store.db import open_store
from eventcoder.store.query import EventFilter, get_event, list_events
from eventcoder.store.schema import SCHEMA_VERSION
from store_helpers import as_version_3_mentions
from test_api import LOCAL_URL, written_articles

TOKEN = "test-token-for-review-0123456789"
#: A server reached under another name than loopback: it answers to this host.
LAN_URL = "http://eventcoder.lan:8000"


def build_store(path: Path) -> Path:
    with open_store(path) as store:
        store.add(written_articles())
    return path


def mention_id(store: Any, trigger: str) -> str:
    row = (
        store.cursor()
        .execute("SELECT id FROM mentions WHERE trigger_text = ?", [trigger])
        .fetchone()
    )
    assert row is not None, trigger
    return str(row[0])


def table_rows(path: Path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [
            row[0]
            for row in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_type = 'BASE TABLE' ORDER BY 1"
            ).fetchall()
        ]
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        con.close()


# ------------------------------------------------------------------------- the store layer
def test_corrections_never_touch_machine_codes_and_both_views_show_them(tmp_path: Path) -> None:
    with open_store(build_store(tmp_path / "s.duckdb")) as store:
        machine_before = store.cursor().execute("SELECT * FROM mentions ORDER BY id").fetchall()
        events_before = (
            store.cursor().execute("SELECT * EXCLUDE (updated_at) FROM events").fetchall()
        )
        shelled, talks = mention_id(store, "shelled"), mention_id(store, "talks")
        support = mention_id(store, "voiced support")
        review.record(store, shelled, reviewer="ann", action="accept")
        review.record(
            store, talks, reviewer="ann", action="correct", field="source", value="eu/GOV"
        )
        review.record(store, support, reviewer="bob", action="reject", reason="only words")

        # machine rows are untouched
        assert store.cursor().execute("SELECT * FROM mentions ORDER BY id").fetchall() == (
            machine_before
        )
        assert (
            store.cursor().execute("SELECT * EXCLUDE (updated_at) FROM events").fetchall()
            == events_before
        )
        reviewed = {e["event_type"]: e for e in list_events(store, EventFilter())}
        raw = {e["event_type"]: e for e in list_events(store, EventFilter(view="raw"))}
        # rejected: gone from the reviewed view, kept (and marked) in the raw view
        assert "SUPPORT" not in reviewed and raw["SUPPORT"]["review_status"] == "rejected"
        # corrected actor: reviewed view shows it, raw keeps the machine's
        assert reviewed["CONSULT"]["review_status"] == "corrected"
        assert reviewed["CONSULT"]["source_codes"] == ["EU"]
        assert raw["CONSULT"]["source_codes"] == ["EU"]
        consult = get_event(store, reviewed["CONSULT"]["id"])
        assert consult is not None
        assert consult["mentions"][0]["actor"][0]["sector"] == "GOV"
        raw_consult = get_event(store, reviewed["CONSULT"]["id"], view="raw")
        assert raw_consult is not None and raw_consult["mentions"][0]["actor"][0]["sector"] is None
        assert raw_consult["mentions"][0]["review"]["status"] == "corrected"
        statuses = {e["id"]: e["review_status"] for e in list_events(store, EventFilter())}
        assert sorted(statuses.values()).count("accepted") == 1


def test_correct_type_date_place_and_undo(tmp_path: Path) -> None:
    with open_store(build_store(tmp_path / "s.duckdb")) as store:
        called = mention_id(store, "called on")
        first = review.record(
            store, called, reviewer="ann", action="correct", field="event_type", value="consult"
        )
        assert (first["old_value"], first["new_value"]) == ("REQUEST", "CONSULT")
        review.record(
            store, called, reviewer="ann", action="correct", field="date", value="2022-09"
        )
        review.record(
            store, called, reviewer="ann", action="correct", field="place", value="Jermuk|174884"
        )
        (event,) = list_events(store, EventFilter(type="CONSULT", actor="RUS"))
        assert event["quad_class"] == "verbal_cooperation"
        assert (event["date"], event["date_precision"]) == ("2022-09-01", "month")
        assert (event["location_name"], event["country"]) == ("Jermuk", "ARM")
        # a second correction of the same field records the first as its old value
        second = review.record(
            store, called, reviewer="bob", action="correct", field="event_type", value="AGREE"
        )
        assert second["old_value"] == "CONSULT"
        review.undo(store, second["id"], reviewer="bob")
        (event,) = list_events(store, EventFilter(actor="RUS"))
        assert event["event_type"] == "CONSULT"  # back to the first correction
        history = review.history(store, [called])[called]
        assert [h["undone"] for h in history] == [False, False, False, True]
        assert history[-1]["undone_by"] == "bob"
        with pytest.raises(review.ReviewError, match="already undone"):
            review.undo(store, second["id"], reviewer="bob")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("event_type", "SHELL", "not a PLOVER type"),
        ("mode", "catapult", "not a PLOVER mode"),
        ("source", "XYZW", "not an actor code"),
        ("target", "ARM/XXX", "not a sector code"),
        ("date", "2022-13-01", "not a calendar date"),
        ("date", "13 Sept", "not YYYY"),
        ("place", "Jermuk|1", "no gazetteer place"),
        ("colour", "red", "not one of"),
    ],
)
def test_invalid_corrections_are_refused_and_store_nothing(
    tmp_path: Path, field: str, value: str, message: str
) -> None:
    with open_store(build_store(tmp_path / "s.duckdb")) as store:
        shelled = mention_id(store, "shelled")
        with pytest.raises(review.ReviewError, match=message):
            review.record(
                store, shelled, reviewer="ann", action="correct", field=field, value=value
            )
        with pytest.raises(review.ReviewError, match="say why"):
            review.record(store, shelled, reviewer="ann", action="reject")
        with pytest.raises(review.ReviewError, match="reviewer"):
            review.record(store, shelled, reviewer="", action="accept")
        assert store.cursor().execute("SELECT count(*) FROM corrections").fetchone() == (0,)


def test_corrections_survive_reingest_and_recoding_into_a_new_store(tmp_path: Path) -> None:
    first = build_store(tmp_path / "first.duckdb")
    with open_store(first) as store:
        talks = mention_id(store, "talks")
        review.record(store, talks, reviewer="ann", action="correct", field="target", value="AZE")
        # re-ingesting the same articles: skipped, the correction still applies
        result = store.add(written_articles())
        assert result.added == 0 and result.skipped == 2
        (event,) = list_events(store, EventFilter(type="CONSULT"))
        assert event["target_codes"] == ["AZE"]
    # Re-coding: the same articles coded again into a new store, with other local event ids
    # (a new coder version may number events differently). The corrections, keyed on the
    # article's content hash and the trigger span, attach to the same events.
    recoded = []
    for coded in written_articles():
        events = [
            event.model_copy(update={"id": f"{event.id}-v2"}) for event in reversed(coded.events)
        ]
        recoded.append(coded.model_copy(update={"events": events}))
    second = tmp_path / "second.duckdb"
    with open_store(second) as store:
        store.add(recoded)
        con = store.cursor()
        con.execute(f"ATTACH '{first}' AS old (READ_ONLY)")
        con.execute("INSERT INTO corrections SELECT * FROM old.corrections")
        con.execute("DETACH old")
        (event,) = list_events(store, EventFilter(type="CONSULT"))
        assert event["target_codes"] == ["AZE"] and event["review_status"] == "corrected"
        assert mention_id(store, "talks").endswith("-v2")


def test_a_version_2_store_is_migrated_in_place_keeping_every_row(tmp_path: Path) -> None:
    path = build_store(tmp_path / "old.duckdb")
    # Make it the version-2 file an earlier eventcoder wrote: no corrections, no views.
    con = duckdb.connect(str(path))
    for view in (
        "raw_events",
        "reviewed_events",
        "reviewed_events_all",
        "event_reviews",
        "mention_reviews",
    ):
        con.execute(f"DROP VIEW {view}")
    con.execute("DROP TABLE corrections")
    as_version_3_mentions(con)  # no section column before version 4
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.close()
    before = table_rows(path)
    with pytest.raises(Exception, match=f"older than {SCHEMA_VERSION}"):
        open_store(path, read_only=True)
    assert table_rows(path) == before  # a refused read-only open changes nothing
    with open_store(path) as store:
        version = store.cursor().execute("SELECT value FROM meta").fetchall()
        assert version == [(str(SCHEMA_VERSION),)]
        assert len(list_events(store, EventFilter())) == 5
        review.record(store, mention_id(store, "shelled"), reviewer="ann", action="accept")
    after = table_rows(path)
    assert after.pop("corrections") == 1
    assert after == before


# --------------------------------------------------------------------------- gold export
def test_gold_export_scores_100_percent_against_the_reviewed_events(tmp_path: Path) -> None:
    db = build_store(tmp_path / "s.duckdb")
    with open_store(db) as store:
        review.record(store, mention_id(store, "shelled"), reviewer="ann", action="accept")
        review.record(
            store,
            mention_id(store, "fired"),
            reviewer="ann",
            action="correct",
            field="source",
            value="AZE/MIL",
        )
        review.record(
            store, mention_id(store, "called on"), reviewer="ann", action="reject", reason="no"
        )
        review.record(store, mention_id(store, "talks"), reviewer="bob", action="accept")
        # every mention of both articles reviewed: the gold is complete for them
        review.record(store, mention_id(store, "voiced support"), reviewer="bob", action="accept")
    gold, coded, raw = tmp_path / "gold.json", tmp_path / "reviewed.jsonl", tmp_path / "raw.jsonl"
    cli = [sys.executable, "-c", "from eventcoder.cli import main; main()"]
    for fmt, out, view in (("gold", gold, "reviewed"), ("coded-jsonl", coded, "reviewed"),
                           ("coded-jsonl", raw, "raw")):  # fmt: skip
        subprocess.run(
            [*cli, "export", str(out), "--format", fmt, "--db", str(db), "--view", view],
            check=True,
            capture_output=True,
        )
    articles = json.loads(gold.read_text(encoding="utf-8"))
    assert sorted(a["input"]["file"] for a in articles) == ["clashes", "reactions"]
    clashes = next(a for a in articles if a["input"]["file"] == "clashes")
    assert [(e["type"], e["source"]) for e in clashes["events"]] == [
        ("ASSAULT", [{"country": "AZE"}]),
        ("ASSAULT", [{"country": "AZE", "sector": "MIL"}]),
    ]  # the rejected REQUEST is not a gold event; the corrected source is

    def score(coded_file: Path) -> dict[str, Any]:
        done = subprocess.run(
            [*cli, "evaluate", "events", str(gold), "--coded", str(coded_file), "-f", "json"],
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(done.stdout)

    reviewed = score(coded)
    assert reviewed["must_recall"] == {"hit": 4, "total": 4, "ratio": 1.0}
    assert reviewed["precision"]["ratio"] == 1.0
    # the machine's own codes, scored against the reviewers' gold: the corrected and the
    # rejected events count against it
    machine = score(raw)
    assert (machine["precision"]["hit"], machine["precision"]["total"]) == (3, 5)
    assert machine["must_recall"]["hit"] == 3


def test_stats_report_machine_vs_reviewed_agreement_by_type(tmp_path: Path) -> None:
    db = build_store(tmp_path / "s.duckdb")
    with open_store(db) as store:
        review.record(store, mention_id(store, "shelled"), reviewer="ann", action="accept")
        review.record(
            store,
            mention_id(store, "fired"),
            reviewer="ann",
            action="correct",
            field="event_type",
            value="ACCUSE",
        )
    done = subprocess.run(
        [sys.executable, "-c", "from eventcoder.cli import main; main()", "stats", "--db",
         str(db), "--json"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    (assault,) = json.loads(done.stdout)["review_agreement"]
    assert assault == {
        "event_type": "ASSAULT",
        "reviewed": 2,
        "agreed": 1,
        "retyped": 1,
        "other_fields": 0,
        "rejected": 0,
        "agreement": 0.5,
        "type_agreement": 0.5,
    }


# ------------------------------------------------------------------------------------ the API
def lan_app(db: Path, *, read_only: bool = False) -> Any:
    """The app as ``eventcoder serve --host 0.0.0.0`` builds it: the token is required."""
    auth, _ = Auth.create(token=TOKEN, token_required=True, read_only=read_only)
    return create_app(db, read_only=read_only, allowed_hosts=["*"], auth=auth)


def corrections_count(client: TestClient) -> int:
    return len(client.get("/api/review/corrections").json()["corrections"])


def test_off_loopback_every_write_needs_the_token(tmp_path: Path) -> None:
    db = build_store(tmp_path / "s.duckdb")
    with TestClient(lan_app(db), base_url=LAN_URL) as client:
        item = client.get("/api/review/queue").json()["items"][0]
        url = f"/api/review/mentions/{item['id']}"
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
            response = client.post(url, json={"action": "accept"}, headers=headers)
            assert response.status_code == 401, response.text
            assert response.headers["www-authenticate"] == "Bearer"
        stored = client.post(
            "/api/code", json={"text": "Title\n\nTroops shelled a town.", "store": True}
        )
        assert stored.status_code == 401
        assert client.get("/api/documents").json()["total"] == 2  # nothing stored
        assert corrections_count(client) == 0  # nothing changed
        ok = client.post(
            url,
            json={"action": "accept"},
            headers={"Authorization": f"Bearer {TOKEN}", "X-Reviewer": "ann"},
        )
        assert ok.status_code == 200 and ok.json()["mention"]["review"]["status"] == "accepted"
        assert ok.json()["correction"]["reviewer"] == "ann"
        # a token client must still name itself
        anonymous = client.post(
            url, json={"action": "accept"}, headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert anonymous.status_code == 422
        assert corrections_count(client) == 1


def test_login_cookie_needs_the_token_and_a_csrf_token_for_writes(tmp_path: Path) -> None:
    db = build_store(tmp_path / "s.duckdb")
    with TestClient(lan_app(db), base_url=LAN_URL) as client:
        wrong = client.post("/login", data={"reviewer": "ann", "token": "nope"})
        assert wrong.status_code == 401 and "eventcoder_session" not in client.cookies
        login = client.post(
            "/login", data={"reviewer": "ann", "token": TOKEN}, follow_redirects=False
        )
        assert login.status_code == 303
        cookie = login.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        page = client.get("/review").text
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', page)
        assert csrf and "ann" in page
        item = client.get("/api/review/queue").json()["items"][0]
        url = f"/api/review/mentions/{item['id']}"
        no_csrf = client.post(url, json={"action": "accept"})
        assert no_csrf.status_code == 403 and corrections_count(client) == 0
        ok = client.post(url, json={"action": "accept"}, headers={"X-CSRF-Token": csrf.group(1)})
        assert ok.status_code == 200 and ok.json()["correction"]["reviewer"] == "ann"
        # a form post from the page carries the token as a field
        form = client.post(
            url, data={"action": "reject", "reason": "dup", "csrf_token": csrf.group(1)}
        )
        assert form.status_code == 200 and form.json()["mention"]["review"]["status"] == "rejected"


def test_a_cross_site_form_post_is_refused(tmp_path: Path) -> None:
    db = build_store(tmp_path / "s.duckdb")
    with TestClient(create_app(db), base_url=LOCAL_URL) as client:
        item = client.get("/api/review/queue").json()["items"][0]
        url = f"/api/review/mentions/{item['id']}"
        for headers in (
            {"Origin": "http://evil.example"},
            {"Sec-Fetch-Site": "cross-site"},
            {"Origin": "null"},
        ):
            response = client.post(
                url,
                data={"action": "reject", "reason": "forged"},
                headers={**headers, "X-Reviewer": "mallory"},
            )
            assert response.status_code == 403, response.text
        forged_store = client.post(
            "/api/code",
            data={"text": "Title\n\nTroops shelled a town.", "store": "true"},
            headers={"Origin": "http://evil.example"},
        )
        assert forged_store.status_code == 403
        assert corrections_count(client) == 0
        assert client.get("/api/documents").json()["total"] == 2
        # the same post from this server's own page (and a local API client) is accepted
        same = client.post(
            url,
            data={"action": "accept"},
            headers={"Origin": LOCAL_URL, "X-Reviewer": "ann"},
        )
        assert same.status_code == 200


def test_read_only_server_refuses_every_write(tmp_path: Path) -> None:
    db = build_store(tmp_path / "s.duckdb")
    with TestClient(lan_app(db, read_only=True), base_url=LAN_URL) as client:
        item = client.get("/api/review/queue").json()["items"][0]
        response = client.post(
            f"/api/review/mentions/{item['id']}",
            json={"action": "accept"},
            headers={"Authorization": f"Bearer {TOKEN}", "X-Reviewer": "ann"},
        )
        assert response.status_code == 409
        assert corrections_count(client) == 0


def test_queue_puts_contested_claims_first_and_filters_like_events(tmp_path: Path) -> None:
    db = build_store(tmp_path / "s.duckdb")
    with TestClient(create_app(db), base_url=LOCAL_URL) as client:
        items = client.get("/api/review/queue").json()["items"]
        assert [i["contested"] for i in items] == [True, True, False, False, False]
        assert {i["trigger"]["text"] for i in items[:2]} == {"shelled", "fired"}
        only = client.get("/api/review/queue", params={"type": "CONSULT"}).json()
        assert [i["machine"]["event_type"] for i in only["items"]] == ["CONSULT"]
        assert client.get("/api/review/queue", params={"status": "maybe"}).status_code == 422
        assert client.get("/api/review/queue", params={"colour": "red"}).status_code == 400
        shelled = items[0]["id"]
        client.post(
            f"/api/review/mentions/{shelled}",
            json={"action": "accept"},
            headers={"X-Reviewer": "ann"},
        )
        left = client.get("/api/review/queue").json()
        assert left["total"] == 4 and shelled not in [i["id"] for i in left["items"]]
        done = client.get("/api/review/queue", params={"status": "accepted"}).json()
        assert [i["id"] for i in done["items"]] == [shelled]
        choices = client.get("/api/review/choices").json()
        assert (
            "ASSAULT" in choices["event_types"] and "heavy-weapons" in choices["modes"]["ASSAULT"]
        )
        assert {"AZE", "UN"} <= {a["code"] for a in choices["actors"]} and "MIL" in choices[
            "sectors"
        ]


def test_concurrent_reviews_of_one_event_keep_both_in_the_history(tmp_path: Path) -> None:
    from eventcoder.serve.background import serve_in_thread

    db = build_store(tmp_path / "s.duckdb")
    app = create_app(db)
    with serve_in_thread(app) as base:
        item = httpx.get(f"{base}/api/review/queue").json()["items"][0]
        url = f"{base}/api/review/mentions/{item['id']}"
        barrier = threading.Barrier(4)
        statuses: list[int] = []

        def post(reviewer: str, payload: dict[str, Any]) -> None:
            barrier.wait()
            response = httpx.post(url, json=payload, headers={"X-Reviewer": reviewer})
            statuses.append(response.status_code)

        payloads = [
            ("ann", {"action": "accept"}),
            ("bob", {"action": "correct", "field": "target", "value": "AZE"}),
            ("cid", {"action": "correct", "field": "mode", "value": "drone"}),
            ("dee", {"action": "reject", "reason": "duplicate report"}),
        ]
        threads = [threading.Thread(target=post, args=args) for args in payloads]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert statuses == [200, 200, 200, 200]
        history = httpx.get(f"{base}/api/review/mentions/{item['id']}").json()["review"]["history"]
        assert sorted(h["reviewer"] for h in history) == ["ann", "bob", "cid", "dee"]
        assert len({h["id"] for h in history}) == 4


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.0.1.1", True), ("::1", True), ("localhost", True),
     ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("review.example.org", False)],
)  # fmt: skip
def test_serve_requires_the_token_off_loopback(host: str, loopback: bool) -> None:
    from eventcoder.cli.serve import is_loopback

    assert is_loopback(host) is loopback
    auth, generated = Auth.create(token=None, token_required=not loopback)
    assert auth.token_required is not loopback
    assert (generated is None) is loopback
    if generated:  # a generated token is long, and only its digest is kept
        assert len(generated) >= 40 and auth.token_ok(generated) and not auth.token_ok("x")


def test_out_of_range_ids_and_paging_are_422_not_500(tmp_path: Path) -> None:
    db = build_store(tmp_path / "s.duckdb")
    with TestClient(create_app(db), base_url=LOCAL_URL, raise_server_exceptions=False) as client:
        huge = "9" * 40
        undo = client.post(f"/api/review/corrections/{huge}/undo", headers={"X-Reviewer": "ann"})
        assert undo.status_code == 422
        assert (
            client.post("/api/review/corrections/7/undo", headers={"X-Reviewer": "a"}).status_code
            == 404
        )
        assert client.get("/api/review/corrections", params={"offset": huge}).status_code == 422
        assert client.get("/api/review/mentions/nothing:here").status_code == 404
        missing = client.post(
            "/api/review/mentions/nothing:here",
            json={"action": "accept"},
            headers={"X-Reviewer": "a"},
        )
        assert missing.status_code == 404
