"""The JSON API through HTTP (FastAPI's TestClient over the real app and a real DuckDB store).

The store is filled with two small articles written for these tests (below), coded by hand
into CodedDocument records, so filters, paging and aggregates have exact expected answers that
do not move when the NLP stages improve. POST /api/code runs the real pipeline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from eventcoder.config import Settings
from eventcoder.models import (
    ActorMention,
    ActorRef,
    Attribution,
    CodedDocument,
    DateMention,
    Document,
    Event,
    EventActor,
    Evidence,
    Location,
    Modality,
    PlaceMention,
    Span,
)
from eventcoder.serve import create_app
from eventcoder.store.db import open_store

#: The server answers only to this machine's names (DNS rebinding); TestClient's default
#: host, "testserver", is not one of them.
LOCAL_URL = "http://127.0.0.1:8000"

# Two short reports, written for these tests (licensed with the project).
CLASHES_TEXT = (
    "Azerbaijani forces shelled Jermuk on 13 September 2022, the Armenian Defence Ministry said. "
    "Baku denied the attack and said Armenian troops had fired first near Kalbajar. "
    "Russia called on both sides to cease fire."
)
REACTIONS_TEXT = (
    "Turkey voiced support for Azerbaijan on 14 September 2022. "
    "The European Union sent an envoy to Yerevan for talks with the Armenian government."
)
JERMUK = ("Jermuk", "ARM", 39.8414, 45.6692)
KALBAJAR = ("Kalbajar", "AZE", 40.1053, 46.0381)
YEREVAN = ("Yerevan", "ARM", 40.1811, 44.5136)


def _offsets(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _sentence(text: str, start: int) -> tuple[int, int]:
    begin = text.rfind(". ", 0, start)
    begin = 0 if begin < 0 else begin + 2
    return begin, text.index(".", start) + 1


def coded_article(
    doc_id: str,
    title: str,
    text: str,
    published: dt.date,
    source: str,
    url: str,
    actors: list[tuple[str, str, str | None, str]],
    places: list[tuple[str, tuple[str, str, float, float]]],
    dates: list[tuple[str, str]],
    events: list[dict[str, Any]],
) -> CodedDocument:
    """A CodedDocument with offsets computed from the text, as the pipeline would give."""
    document = Document(
        id=doc_id,
        title=title,
        text=text,
        published=published,
        source=source,
        url=url,
        content_hash=hashlib.sha256(f"{title}\n{text}".encode()).hexdigest(),
    )
    actor_mentions = [
        ActorMention(text=t, start=s, end=e, code=code, sector=sector, name=name)
        for t, code, sector, name in actors
        for s, e in [_offsets(text, t)]
    ]
    place_mentions = [
        PlaceMention(text=t, start=s, end=e, name=p[0], country=p[1], lat=p[2], lon=p[3])
        for t, p in places
        for s, e in [_offsets(text, t)]
    ]
    date_mentions = [
        DateMention(text=t, start=s, end=e, value=value, precision="day")
        for t, value in dates
        for s, e in [_offsets(text, t)]
    ]
    coded_events = []
    for n, spec in enumerate(events, 1):
        trigger_start, trigger_end = _offsets(text, spec["trigger"])
        sentence_start, sentence_end = _sentence(text, trigger_start)
        place = spec.get("location")
        claimant = spec.get("claimant")
        coded_events.append(
            Event(
                id=f"{doc_id}-e{n}",
                event_type=spec["type"],
                mode=spec.get("mode"),
                actor=[EventActor(code=c, text=c, name=c) for c in spec["actor"]],
                recipient=[EventActor(code=c, text=c, name=c) for c in spec["recipient"]],
                date=spec.get("date"),
                date_precision="day" if spec.get("date") else "none",
                location=Location(name=place[0], country=place[1], lat=place[2], lon=place[3])
                if place
                else None,
                modality=Modality(negated=spec.get("negated", False)),
                attribution=Attribution(
                    claim=claimant is not None,
                    claimant=ActorRef(code=claimant, sector="GOV", name=claimant)
                    if claimant
                    else None,
                    cue=spec.get("cue"),
                ),
                contradicts=[f"{doc_id}-e{k}" for k in spec.get("contradicts", [])],
                evidence=Evidence(
                    sentence_index=text[:sentence_start].count(". "),
                    sentence=text[sentence_start:sentence_end],
                    start=sentence_start,
                    end=sentence_end,
                    trigger=Span(text=spec["trigger"], start=trigger_start, end=trigger_end),
                ),
                confidence=spec.get("confidence", 0.8),
            )
        )
    return CodedDocument(
        document=document,
        actors=actor_mentions,
        places=place_mentions,
        dates=date_mentions,
        events=coded_events,
    )


def written_articles() -> list[CodedDocument]:
    clashes = coded_article(
        "clashes",
        "Shelling on the Armenia-Azerbaijan border",
        CLASHES_TEXT,
        dt.date(2022, 9, 13),
        "Test Wire",
        "https://example.org/clashes",
        actors=[
            ("Azerbaijani forces", "AZE", "MIL", "Azerbaijan"),
            ("Armenian Defence Ministry", "ARM", "MIL", "Armenia"),
            ("Baku", "AZE", "GOV", "Azerbaijan"),
            ("Armenian troops", "ARM", "MIL", "Armenia"),
            ("Russia", "RUS", None, "Russia"),
        ],
        places=[("Jermuk", JERMUK), ("Kalbajar", KALBAJAR)],
        dates=[("13 September 2022", "2022-09-13")],
        events=[
            {
                "type": "ASSAULT",
                "mode": "heavy-weapons",
                "trigger": "shelled",
                "actor": ["AZE"],
                "recipient": ["ARM"],
                "date": "2022-09-13",
                "location": JERMUK,
                "claimant": "ARM",
                "cue": "said",
                "contradicts": [2],
            },
            {
                "type": "ASSAULT",
                "trigger": "fired",
                "actor": ["ARM"],
                "recipient": ["AZE"],
                "date": "2022-09-13",
                "location": KALBAJAR,
                "claimant": "AZE",
                "cue": "said",
                "contradicts": [1],
            },
            {
                "type": "REQUEST",
                "trigger": "called on",
                "actor": ["RUS"],
                "recipient": ["ARM", "AZE"],
                "date": "2022-09-13",
            },
        ],
    )
    reactions = coded_article(
        "reactions",
        "Ankara backs Baku, EU sends envoy",
        REACTIONS_TEXT,
        dt.date(2022, 9, 14),
        "Other Daily",
        "javascript:alert(document.cookie)",  # a hostile record must not become a link
        actors=[
            ("Turkey", "TUR", None, "Turkey"),
            ("Azerbaijan", "AZE", None, "Azerbaijan"),
            ("European Union", "EU", None, "European Union"),
            ("Armenian government", "ARM", "GOV", "Armenia"),
        ],
        places=[("Yerevan", YEREVAN)],
        dates=[("14 September 2022", "2022-09-14")],
        events=[
            {
                "type": "SUPPORT",
                "trigger": "voiced support",
                "actor": ["TUR"],
                "recipient": ["AZE"],
                "date": "2022-09-14",
            },
            {
                "type": "CONSULT",
                "mode": "visit",
                "trigger": "talks",
                "actor": ["EU"],
                "recipient": ["ARM"],
                "date": "2022-09-14",
                "location": YEREVAN,
            },
        ],
    )
    return [clashes, reactions]


def build_test_store(path: Path) -> None:
    with open_store(path) as store:
        store.add(written_articles())


# ----------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api") / "events.duckdb"
    build_test_store(path)
    return path


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[TestClient]:
    # raise_server_exceptions=False: a server error must show up as a status, so the tests
    # can assert there is none
    app = create_app(store_path, read_only=True)
    with TestClient(app, base_url=LOCAL_URL, raise_server_exceptions=False) as test_client:
        yield test_client


def events(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def assert_json_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "detail"}
    assert body["error"] and body["detail"]
    return body


def event_id(client: TestClient, event_type: str, source: str) -> str:
    (event,) = events(client, type=event_type, actor=source)["events"]
    return str(event["id"])


# ------------------------------------------------------------------------------------ events
def test_events_lists_every_stored_event(client: TestClient) -> None:
    body = events(client)
    assert body["total"] == 5
    kinds = sorted((e["event_type"], tuple(e["source_codes"])) for e in body["events"])
    assert kinds == [
        ("ASSAULT", ("ARM",)),
        ("ASSAULT", ("AZE",)),
        ("CONSULT", ("EU",)),
        ("REQUEST", ("RUS",)),
        ("SUPPORT", ("TUR",)),
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "ASSAULT"}, 2),
        ({"type": "assault"}, 2),
        ({"actor": "AZE"}, 1),
        ({"actor": "aze"}, 1),
        ({"recipient": "AZE"}, 3),
        ({"country": "ARM"}, 2),
        ({"since": "2022-09-14"}, 2),
        ({"until": "2022-09-13"}, 3),
        ({"claims_only": "true"}, 2),
        ({"quad_class": "verbal_cooperation"}, 2),
        ({"type": "ASSAULT", "country": "AZE"}, 1),
        ({"actor": "RUS", "recipient": "ARM"}, 1),
        ({"type": "", "actor": ""}, 5),  # empty form fields do not filter
    ],
)
def test_event_filters(client: TestClient, params: dict[str, str], expected: int) -> None:
    body = events(client, **params)
    assert body["total"] == expected
    assert len(body["events"]) == expected


def test_event_filter_by_document(client: TestClient) -> None:
    documents = client.get("/api/documents").json()["documents"]
    clashes = next(d for d in documents if d["article_id"] == "clashes")
    body = events(client, document_id=clashes["id"])
    assert sorted(e["event_type"] for e in body["events"]) == ["ASSAULT", "ASSAULT", "REQUEST"]


def test_paging_and_sorting(client: TestClient) -> None:
    pages = [
        events(client, limit=2, offset=offset, sort="date", order="asc") for offset in (0, 2, 4)
    ]
    assert [len(p["events"]) for p in pages] == [2, 2, 1]
    assert all(p["total"] == 5 for p in pages)
    ids = [e["id"] for p in pages for e in p["events"]]
    assert len(set(ids)) == 5
    dates = [e["date"] for p in pages for e in p["events"]]
    assert dates == sorted(dates)
    newest_first = events(client, sort="date", order="desc")["events"]
    assert newest_first[0]["date"] == "2022-09-14"
    by_confidence = events(client, sort="confidence", order="asc")["events"]
    assert [e["confidence"] for e in by_confidence] == sorted(
        e["confidence"] for e in by_confidence
    )
    assert events(client, offset=100)["events"] == []


def test_event_detail_has_mentions_evidence_attribution_and_contradictions(
    client: TestClient,
) -> None:
    azerbaijani_shelling = event_id(client, "ASSAULT", "AZE")
    armenian_fire = event_id(client, "ASSAULT", "ARM")
    response = client.get(f"/api/events/{azerbaijani_shelling}")
    assert response.status_code == 200
    event = response.json()
    assert event["source_codes"] == ["AZE"] and event["target_codes"] == ["ARM"]
    (mention,) = event["mentions"]
    assert mention["evidence"]["trigger"]["text"] == "shelled"
    assert "Jermuk" in mention["evidence"]["sentence"]
    assert mention["attribution"]["claim"] is True
    assert mention["attribution"]["claimant"]["code"] == "ARM"
    assert mention["document"]["title"] == "Shelling on the Armenia-Azerbaijan border"
    assert [c["event_id"] for c in mention["contradicts"]] == [armenian_fire]
    assert mention["location"]["name"] == "Jermuk"


# -------------------------------------------------------------------------------- documents
def test_documents_and_document_detail(client: TestClient) -> None:
    body = client.get("/api/documents").json()
    assert body["total"] == 2
    assert [d["article_id"] for d in body["documents"]] == ["reactions", "clashes"]  # newest first
    assert (
        client.get("/api/documents", params={"limit": 1}).json()["documents"][0]["article_id"]
        == "reactions"
    )
    clashes_id = body["documents"][1]["id"]
    record = client.get(f"/api/documents/{clashes_id}").json()
    coded = CodedDocument.model_validate(record["coded"])
    assert coded.document.text == CLASHES_TEXT
    assert len(coded.events) == 3
    # every coded event maps to its stored (deduplicated) event
    assert set(record["event_ids"]) == {e.id for e in coded.events}
    for stored_id in record["event_ids"].values():
        assert client.get(f"/api/events/{stored_id}").status_code == 200


def test_actors_and_stats(client: TestClient) -> None:
    actors = {a["code"]: a for a in client.get("/api/actors").json()["actors"]}
    assert set(actors) == {"ARM", "AZE", "RUS", "TUR", "EU"}
    assert actors["AZE"]["as_target"] == 3 and actors["AZE"]["as_source"] == 1
    stats = client.get("/api/stats", params={"type": "ASSAULT"}).json()
    assert stats["events"] == 2
    assert stats["documents"] == 2
    by_quad = {q["quad_class"]: q["events"] for q in stats["by_quad_class"]}
    assert by_quad["material_conflict"] == 2 and by_quad["verbal_cooperation"] == 0


# ------------------------------------------------------------------------------- aggregates
def test_timeline_counts_events_per_day_by_quad_class(client: TestClient) -> None:
    body = client.get("/api/timeline").json()
    days = {d["date"]: d for d in body["days"]}
    assert set(days) == {"2022-09-13", "2022-09-14"}
    assert days["2022-09-13"]["material_conflict"] == 2
    assert days["2022-09-13"]["verbal_conflict"] == 1
    assert days["2022-09-14"]["verbal_cooperation"] == 2
    assert days["2022-09-14"]["total"] == 2
    only_assaults = client.get("/api/timeline", params={"type": "ASSAULT"}).json()
    assert [(d["date"], d["total"]) for d in only_assaults["days"]] == [("2022-09-13", 2)]


def test_network_edges_are_weighted_and_coloured_by_quad_class(client: TestClient) -> None:
    body = client.get("/api/network").json()
    edges = {(e["source"], e["target"]): e for e in body["edges"]}
    assert set(edges) == {
        ("AZE", "ARM"),
        ("ARM", "AZE"),
        ("RUS", "ARM"),
        ("RUS", "AZE"),
        ("TUR", "AZE"),
        ("EU", "ARM"),
    }
    assert edges[("AZE", "ARM")]["quad_class"] == "material_conflict"
    assert edges[("RUS", "AZE")]["quad_class"] == "verbal_conflict"
    assert edges[("TUR", "AZE")]["quad_class"] == "verbal_cooperation"
    assert all(e["events"] == 1 for e in edges.values())
    assert {n["id"] for n in body["nodes"]} == {"ARM", "AZE", "RUS", "TUR", "EU"}
    russia_only = client.get("/api/network", params={"actor": "RUS"}).json()
    assert {(e["source"], e["target"]) for e in russia_only["edges"]} == {
        ("RUS", "ARM"),
        ("RUS", "AZE"),
    }


def test_map_points_are_geojson_with_filters(client: TestClient) -> None:
    body = client.get("/api/map").json()
    assert body["type"] == "FeatureCollection"
    places = {
        f["properties"]["location_name"]: f["geometry"]["coordinates"] for f in body["features"]
    }
    assert places == {
        "Jermuk": [JERMUK[3], JERMUK[2]],
        "Kalbajar": [KALBAJAR[3], KALBAJAR[2]],
        "Yerevan": [YEREVAN[3], YEREVAN[2]],
    }
    assert body["unlocated"] == 2
    in_azerbaijan = client.get("/api/map", params={"country": "AZE"}).json()
    assert [f["properties"]["location_name"] for f in in_azerbaijan["features"]] == ["Kalbajar"]


def test_country_outlines_are_served_locally(client: TestClient) -> None:
    response = client.get("/api/geo/countries.geojson")
    assert response.status_code == 200
    outlines = response.json()
    codes = {f["properties"]["iso3"] for f in outlines["features"]}
    assert {"ARM", "AZE", "TUR", "RUS", "UKR", "SYR"} <= codes
    assert len(outlines["features"]) > 200


# ------------------------------------------------------------------------------ bad requests
def test_unknown_filter_is_a_400_naming_it(client: TestClient) -> None:
    body = assert_json_error(client.get("/api/events", params={"colour": "red"}), 400)
    assert body["detail"]["unknown"] == ["colour"]
    assert "type" in body["detail"]["allowed"]
    assert_json_error(client.get("/api/timeline", params={"typo": "x"}), 400)
    assert_json_error(client.get("/api/documents", params={"type": "ASSAULT"}), 400)
    assert_json_error(client.get("/api/events/x", params={"expand": "1"}), 400)


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "abc"},
        {"limit": "0"},
        {"limit": "1e9"},
        {"offset": "-1"},
        {"since": "last week"},
        {"until": "2022-13-45"},
        {"type": "BOMBING"},
        {"quad_class": "hostile"},
        {"claims_only": "maybe"},
        {"sort": "password"},
        {"order": "sideways"},
        {"country": "ARMENIA"},
    ],
)
def test_wrong_types_are_422(client: TestClient, params: dict[str, str]) -> None:
    body = assert_json_error(client.get("/api/events", params=params), 422)
    (name,) = params
    assert any(name in error["loc"] for error in body["detail"])


@pytest.mark.parametrize(
    "params",
    [
        {"actor": "' OR 1=1 --"},
        {"recipient": "ARM' OR '1'='1"},
        {"document_id": "x' UNION SELECT * FROM documents --"},
        {"type": "ASSAULT'; DROP TABLE events; --"},
        {"country": "');"},
        {"sort": "date; DROP TABLE events"},
        {"order": "desc; DELETE FROM events"},
    ],
)
def test_sql_looking_values_are_just_values(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code in (200, 422), response.text
    if response.status_code == 200:
        assert response.json()["total"] == 0
    assert events(client)["total"] == 5  # nothing was dropped or deleted


@pytest.mark.parametrize(
    "path",
    [
        "/api/events/nope",
        "/api/events/' OR 1=1 --",
        "/api/documents/nope",
        "/api/documents/d0000000000000000",
        "/api/nothing-here",
    ],
)
def test_unknown_ids_are_404_json(client: TestClient, path: str) -> None:
    assert_json_error(client.get(path), 404)


def test_wrong_method_is_405_json(client: TestClient) -> None:
    assert_json_error(client.delete("/api/events"), 405)
    assert_json_error(client.get("/api/code"), 405)


def test_oversized_body_is_413_json(client: TestClient) -> None:
    limit = Settings().max_input_bytes
    too_big = {"text": "x" * (limit + 100_000)}
    assert_json_error(client.post("/api/code", json=too_big), 413)

    # a streamed body with no Content-Length is counted as it arrives
    def chunks() -> Iterator[bytes]:
        for _ in range(limit // 65_536 + 4):
            yield b"y" * 65_536

    response = client.post(
        "/api/code", content=chunks(), headers={"content-type": "application/json"}
    )
    assert_json_error(response, 413)


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"json": {"text": 123}}, 422),
        ({"json": {"text": "a", "html": "<p>b</p>"}}, 422),
        ({"json": {}}, 422),
        ({"json": ["not", "an", "object"]}, 422),
        ({"json": {"text": "Some text.", "published": "yesterday"}}, 422),
        ({"json": {"text": "Some text.", "store": "perhaps"}}, 422),
        ({"json": {"text": "Some text.", "colour": "red"}}, 422),
        ({"json": {"text": "   "}}, 400),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400),
        ({"content": b"plain words", "headers": {"content-type": "text/plain"}}, 415),
        ({"data": {"title": "no text"}}, 422),
        ({"data": {"text": "x", "format": "pdf"}}, 422),
        ({"data": {"text": "x", "weird": "1"}}, 400),
        ({"files": {"file": ("a.txt", b"\x00\x01binary", "text/plain")}}, 400),
        ({"files": {"file": ("a.txt", "caf\u00e9".encode("latin-1"), "text/plain")}}, 400),
    ],
)
def test_bad_code_requests_are_4xx_json(
    client: TestClient, kwargs: dict[str, Any], status: int
) -> None:
    assert_json_error(client.post("/api/code", **kwargs), status)


def test_no_request_makes_the_server_fail(client: TestClient) -> None:
    nasty = [
        "/api/events?limit=" + "9" * 400,
        "/api/events?since=0000-00-00",
        "/api/events?actor=%00%01",
        "/api/events?type=%F0%9F%92%A3",
        "/api/events?offset=99999999999999999999999",
        "/api/events/%00",
        "/api/documents?limit=-5",
        "/api/documents?offset=abc",
        "/api/map?country=%27",
        "/api/network?since=2022-09-14&until=2022-09-01",
        "/events?limit=abc",
        "/documents/%27%20OR%201=1",
        "/static/../../etc/passwd",
    ]
    for url in nasty:
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code, response.text[:200])


# ------------------------------------------------------------------------------------- pages
def test_pages_render_from_the_store(client: TestClient) -> None:
    html = {"accept": "text/html"}
    table = client.get("/events", headers=html)
    assert table.status_code == 200
    assert table.text.count('class="event-link"') == 5
    assert (
        client.get("/events", params={"type": "ASSAULT"}, headers=html).text.count(
            'class="event-link"'
        )
        == 2
    )
    for path in ("/timeline", "/map", "/network", "/documents", "/code", "/docs"):
        assert client.get(path, headers=html).status_code == 200, path
    missing = client.get("/events/nope", headers=html)
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
    bad_filter = client.get("/events", params={"type": "BOMBING"}, headers=html)
    assert bad_filter.status_code == 422 and "unknown PLOVER type" in bad_filter.text


def test_article_view_highlights_actors_places_dates_and_triggers(client: TestClient) -> None:
    clashes_id = next(
        d["id"]
        for d in client.get("/api/documents").json()["documents"]
        if d["article_id"] == "clashes"
    )
    page = client.get(f"/documents/{clashes_id}").text
    assert '<mark class="hl hl-place" title="place: Jermuk, ARM (39.841, 45.669)">Jermuk' in page
    assert 'class="hl hl-date"' in page and "13 September 2022" in page
    assert 'class="hl hl-actor"' in page
    text = page[page.index('id="article-text"') : page.index('aria-label="events in this article"')]
    assert text.count('class="hl-label hl-label-trigger"') == 3
    assert 'id="event-clashes-e1"' in page and 'id="t-clashes-e1"' in page
    assert "Claim by" in page
    # the two opposed claims link to each other
    assert 'href="#event-clashes-e2"' in page and 'href="#event-clashes-e1"' in page


def test_article_view_links_only_web_urls(client: TestClient) -> None:
    documents = {d["article_id"]: d["id"] for d in client.get("/api/documents").json()["documents"]}
    assert (
        'href="https://example.org/clashes"'
        in client.get(f"/documents/{documents['clashes']}").text
    )
    hostile = client.get(f"/documents/{documents['reactions']}").text
    assert "javascript:" not in hostile


def test_docs_are_served_without_a_cdn(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in page
    # the Swagger UI set-up moved to a script file (the CSP allows no inline script)
    assert '<script src="/static/js/docs.js">' in page
    assert "validatorUrl: null" in client.get("/static/js/docs.js").text
    for line in page.splitlines():
        if "src=" in line or "href=" in line:
            assert "http://" not in line and "https://" not in line, line
    assert client.get("/static/vendor/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/events", "/api/events/{event_id}", "/api/code", "/api/map"} <= set(paths)
    names = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {"type", "actor", "since", "limit", "sort"} <= names


# ------------------------------------------------------------------------ POST /api/code (NLP)
ARTICLE = (
    "Azerbaijan and Armenia clash on the border\n\n"
    "Azerbaijani troops attacked Armenian positions near Jermuk on 13 September 2022, "
    "the Armenian Defence Ministry said. Russia called on both sides to stop the fighting."
)


@pytest.fixture(scope="module")
def coding_client(pipeline: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A writable store and the session's loaded pipeline (loading spaCy twice is slow)."""
    path = tmp_path_factory.mktemp("code") / "coded.duckdb"
    app = create_app(path, pipeline=pipeline)
    with TestClient(app, base_url=LOCAL_URL, raise_server_exceptions=False) as test_client:
        yield test_client


def test_code_returns_what_eventcoder_code_returns(
    coding_client: TestClient, pipeline: Any, tmp_path: Path
) -> None:
    from eventcoder.read import clean, read_file

    response = coding_client.post(
        "/api/code", json={"text": ARTICLE, "published": "2022-09-14", "id": "border-report"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "stored" not in body
    coded = CodedDocument.model_validate(body)
    assert coded.document.id == "border-report"
    assert coded.document.title == "Azerbaijan and Armenia clash on the border"
    assert coded.document.published == dt.date(2022, 9, 14)

    # the CLI path: read_file → clean → Pipeline.code, on the same text as a file
    path = tmp_path / "border-report.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (article,) = read_file(str(path), dt.date(2022, 9, 14))
    expected = pipeline.code(clean(article))
    assert coded.model_dump(exclude={"document": {"origin"}}) == expected.model_dump(
        exclude={"document": {"origin"}}
    )
    assert {a.code for a in coded.actors} >= {"AZE", "ARM"}


def test_code_from_form_upload_and_html(coding_client: TestClient) -> None:
    page = (
        "<html><head><title>Border clashes</title></head><body><article>"
        "<h1>Border clashes</h1><p>Azerbaijani troops attacked Armenian positions near Jermuk "
        "on 13 September 2022, the Armenian Defence Ministry said in a statement.</p>"
        "<p>Russia called on both sides to stop the fighting and return to talks.</p>"
        "</article></body></html>"
    )
    uploaded = coding_client.post(
        "/api/code",
        files={"file": ("report.html", page.encode(), "text/html")},
        data={"published": "2022-09-14"},
    )
    assert uploaded.status_code == 200, uploaded.text
    document = uploaded.json()["document"]
    assert "Azerbaijani troops attacked" in document["text"]
    assert "<p>" not in document["text"]
    pasted = coding_client.post("/api/code", data={"text": ARTICLE})
    assert pasted.status_code == 200
    assert pasted.json()["document"]["title"] == "Azerbaijan and Armenia clash on the border"


def test_code_can_store_once(coding_client: TestClient) -> None:
    first = coding_client.post("/api/code", json={"text": ARTICLE, "store": True})
    assert first.status_code == 200, first.text
    stored = first.json()["stored"]
    assert stored["new"] is True
    again = coding_client.post("/api/code", json={"text": ARTICLE, "store": True}).json()
    assert again["stored"] == {"document_id": stored["document_id"], "new": False}
    record = coding_client.get(f"/api/documents/{stored['document_id']}")
    assert record.status_code == 200
    assert record.json()["coded"]["document"]["text"] == first.json()["document"]["text"]
    assert coding_client.get("/api/documents").json()["total"] == 1


def test_read_only_server_refuses_to_store(client: TestClient) -> None:
    response = client.post("/api/code", json={"text": "", "store": True})
    assert response.status_code == 400  # empty text is refused before anything else


# ------------------------------------------------------------------- hostile requests (issue 14)
@pytest.mark.parametrize(
    "body",
    [
        b'{"text": "Troops \\ud800 shelled the town."}',
        b'{"text": "Troops shelled the town.", "title": "\\udfff"}',
        b'{"text": "x", "id": "\\ud83d"}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    ],
    ids=["surrogate-text", "surrogate-title", "surrogate-id", "nested-list", "nested-field"],
)
def test_lone_surrogates_and_deep_nesting_are_400_json(client: TestClient, body: bytes) -> None:
    response = client.post("/api/code", content=body, headers={"content-type": "application/json"})
    assert_json_error(response, 400)


@pytest.fixture(scope="module")
def writable_client(
    pipeline: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("guard") / "guarded.duckdb"
    app = create_app(path, pipeline=pipeline)
    with TestClient(app, base_url=LOCAL_URL, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example"},
        {"origin": "null"},
        {"origin": "http://127.0.0.1:9999"},
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site", "origin": LOCAL_URL},
    ],
)
@pytest.mark.parametrize("path", ["/api/code", "/code"])
def test_cross_site_writes_are_refused_and_store_nothing(
    writable_client: TestClient, headers: dict[str, str], path: str
) -> None:
    before = writable_client.get("/api/documents").json()["total"]
    # what a hostile page's <form method=post action=http://127.0.0.1:8000/api/code> sends
    form = {"text": ARTICLE, "store": "true"}
    response = writable_client.post(path, data=form, headers=headers)
    assert_json_error(response, 403)
    assert writable_client.get("/api/documents").json()["total"] == before


def test_same_origin_writes_still_work(writable_client: TestClient) -> None:
    same_origin = {"origin": LOCAL_URL, "sec-fetch-site": "same-origin"}
    response = writable_client.post(
        "/api/code", json={"text": REACTIONS_TEXT, "store": True}, headers=same_origin
    )
    assert response.status_code == 200, response.text
    assert response.json()["stored"]["new"] is True
    # a script or curl sends no Origin: not a browser page, so not a cross-site request
    assert writable_client.post("/api/code", json={"text": CLASHES_TEXT}).status_code == 200


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_foreign_host_names_are_refused(client: TestClient, method: str) -> None:
    # DNS rebinding: evil.example resolves to 127.0.0.1 and the browser sends its name
    response = client.request(
        method, "/api/events", headers={"host": "evil.example:8000"}, json={"text": "x"}
    )
    assert_json_error(response, 400)
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
        assert client.get("/api/stats", headers={"host": host}).status_code == 200, host


def test_every_response_has_the_security_headers(client: TestClient) -> None:
    html = {"accept": "text/html"}
    for response in (
        client.get("/events", headers=html),
        client.get("/docs", headers=html),
        client.get("/api/stats"),
        client.get("/api/events/nope"),
        client.get("/static/js/common.js"),
        client.post("/api/code", json={"text": 1}),
    ):
        headers = response.headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        policy = dict(
            part.strip().split(" ", 1) for part in headers["content-security-policy"].split(";")
        )
        assert policy["script-src"] == "'self'"
        assert policy["style-src"] == "'self'"
        assert policy["frame-ancestors"] == "'none'"


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    html = {"accept": "text/html"}
    for path in ("/events", "/timeline", "/map", "/network", "/documents", "/code", "/docs"):
        page = client.get(path, headers=html).text
        assert "<style" not in page, path
        assert " style=" not in page, path
        for tag in page.split("<script")[1:]:
            assert tag.lstrip().startswith("src="), (path, tag[:80])


def test_served_host_names_follow_the_bound_host() -> None:
    from eventcoder.cli.serve import served_host_names

    assert served_host_names("127.0.0.1", []) == ["127.0.0.1", "localhost", "::1", "127.0.0.1"]
    assert "events.lan" in served_host_names("0.0.0.0", ["events.lan"])
    assert "*" not in served_host_names("0.0.0.0", ["events.lan"])
    assert served_host_names("0.0.0.0", []) == ["*"]
