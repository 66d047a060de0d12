"""Headlines are coded as sentences of their own (pipeline/headline.py, nlp/headlines.py).

Articles written for these tests; the readings they check are classes of headline phrasing
(docs/events.md#headlines), not sentences of any evaluation file.
"""

from __future__ import annotations

import datetime as dt

import pytest

from eventcoder.config import Settings
from eventcoder.models import CodedDocument, Document, Event
from eventcoder.pipeline import Pipeline

PUBLISHED = dt.date(2024, 3, 5)

ARREST = Document(
    id="arrest",
    title="Police arrest opposition leader in Nairobi",
    text=(
        "Kenyan police arrested opposition leader James Mwangi on Tuesday in Nairobi, his "
        "lawyer said. Mwangi had called for protests against rising fuel prices."
    ),
    published=PUBLISHED,
)
GOVERNOR = Document(
    id="governor",
    title="Governor to defy president's deployment order",
    text=(
        "The governor of Oregon said on Monday she would not send the state's National Guard "
        "to the border. President Trump ordered the deployment last week."
    ),
    published=PUBLISHED,
)
SHOT = Document(
    id="shot",
    title="Journalist shot dead in Mogadishu",
    text="A Somali journalist was shot dead by gunmen on Sunday outside his home in Mogadishu, "
    "police said.",
    published=PUBLISHED,
)
KICKER = Document(
    id="kicker",
    title="Market bombing: 12 civilians killed in Kabul",
    text="A bomb exploded in a crowded market in Kabul on Friday, killing 12 civilians, Afghan "
    "officials said.",
    published=PUBLISHED,
)
EXPEL = Document(
    id="expel",
    title="Iran to expel British diplomats",
    text="Iran's foreign ministry said on Sunday it would expel two British diplomats within "
    "a week.",
    published=PUBLISHED,
)
ARTICLES = (ARREST, GOVERNOR, SHOT, KICKER, EXPEL)


@pytest.fixture(scope="module")
def keeping(pipeline) -> Pipeline:
    """The same loaded model keeping the headline events the body restates (setting
    ``keep_restated_headlines``): these articles' bodies retell their headlines, and the
    tests below read how the headline itself is coded."""
    keep = Pipeline.__new__(Pipeline)
    keep.settings = Settings(keep_restated_headlines=True)
    keep.nlp = pipeline.nlp
    keep.piece_chars = pipeline.piece_chars
    return keep


@pytest.fixture(scope="module")
def coded(keeping) -> dict[str, CodedDocument]:
    return {c.document.id: c for c in keeping.code_many(list(ARTICLES))}


@pytest.fixture(scope="module")
def untitled_pipeline(pipeline) -> Pipeline:
    """The same loaded model with headline coding switched off (setting ``code_titles``)."""
    off = Pipeline.__new__(Pipeline)
    off.settings = Settings(code_titles=False)
    off.nlp = pipeline.nlp
    off.piece_chars = pipeline.piece_chars
    return off


def _headline_events(coded: CodedDocument) -> list[Event]:
    return [e for e in coded.events if e.evidence.section == "title"]


def test_a_headline_event_has_the_headline_as_its_sentence_and_offsets_into_the_title(
    coded,
) -> None:
    document = coded["arrest"].document
    (event,) = _headline_events(coded["arrest"])
    evidence = event.evidence
    assert event.event_type == "COERCE"
    assert evidence.sentence == document.title
    assert (evidence.start, evidence.end, evidence.sentence_index) == (0, len(document.title), 0)
    assert document.title[evidence.trigger.start : evidence.trigger.end] == "arrest"
    assert evidence.trigger.text == "arrest"


def test_headline_actors_take_their_country_from_the_body_and_dates_from_publication(
    coded,
) -> None:
    (event,) = _headline_events(coded["arrest"])
    # "Police" names no country: the article's (the body's "Kenyan police", "Nairobi").
    assert [(a.text, a.code, a.sector) for a in event.actor] == [("Police", "KEN", "COP")]
    assert {a.code for a in event.recipient} == {"KEN"}
    assert (event.date, event.date_precision) == (PUBLISHED.isoformat(), "none")
    assert event.explanation is not None and event.explanation.date is not None
    assert event.explanation.date.rule == "publication-date"


def test_the_body_is_coded_as_without_its_headline(coded, untitled_pipeline) -> None:
    without = {c.document.id: c for c in untitled_pipeline.code_many(list(ARTICLES))}
    for document in ARTICLES:
        body = [e for e in coded[document.id].events if e.evidence.section == "body"]
        assert [e.evidence for e in body] == [e.evidence for e in without[document.id].events]
        assert [(e.event_type, e.actor, e.recipient) for e in body] == [
            (e.event_type, e.actor, e.recipient) for e in without[document.id].events
        ]
        assert not _headline_events(without[document.id])
        # the mention lists index the body only
        assert coded[document.id].actors == without[document.id].actors
    first = next(e for e in coded["arrest"].events if e.evidence.section == "body")
    assert first.evidence.sentence == ARREST.text.split(" his lawyer")[0] + " his lawyer said."
    assert first.evidence.sentence_index == 0


def test_a_to_infinitive_headline_is_a_future_deed(coded) -> None:
    (defy,) = _headline_events(coded["governor"])
    assert (defy.event_type, defy.modality.future) == ("REJECT", True)
    assert any(c.flag == "future" and c.cue == "to" for c in defy.explanation.modality)
    # announced force or sanctions are a THREATEN, as "said it would expel" in the body
    (expel,) = _headline_events(coded["expel"])
    assert (expel.event_type, expel.modality.future) == ("THREATEN", True)
    assert [a.code for a in expel.actor] == ["IRN"]


def test_a_reduced_passive_headline_codes_its_subject_as_the_victim(coded) -> None:
    (event,) = _headline_events(coded["shot"])
    assert event.event_type == "ASSAULT"
    assert [(a.text, a.code) for a in event.recipient] == [("Journalist", "SOM")]
    assert [a.code for a in event.actor] == ["SOM"]  # unidentified, where it happened


def test_a_headline_kicker_names_the_topic_and_the_clause_states_the_event(coded) -> None:
    events = _headline_events(coded["kicker"])
    assert [e.evidence.trigger.text for e in events] == ["killed"]
    assert {a.code for a in events[0].recipient} == {"AFG"}


def test_headline_events_are_less_confident_than_the_same_reading_in_the_body(coded) -> None:
    (title,) = _headline_events(coded["shot"])
    body = next(e for e in coded["shot"].events if e.evidence.section == "body")
    assert title.confidence < body.confidence


def test_a_headline_the_body_repeats_as_its_first_line_is_coded_once(pipeline) -> None:
    repeated = Document(
        id="repeated",
        title="Police arrest opposition leader in Nairobi",
        text="Police arrest opposition leader in Nairobi\n\n" + ARREST.text,
        published=PUBLISHED,
    )
    coded = pipeline.code(repeated)
    assert not _headline_events(coded)
    assert any(e.evidence.sentence.startswith("Police arrest") for e in coded.events)


def test_a_long_document_codes_its_headline_with_its_last_piece(keeping) -> None:
    pieces = Pipeline.__new__(Pipeline)
    pieces.settings, pieces.nlp, pieces.piece_chars = keeping.settings, keeping.nlp, 200
    long = ARREST.model_copy(update={"text": "\n\n".join([ARREST.text] * 4)})
    coded = pieces.code(long)
    (event,) = _headline_events(coded)
    assert event.evidence.sentence == long.title
    assert long.title[event.evidence.trigger.start : event.evidence.trigger.end] == "arrest"
    for body in (e for e in coded.events if e.evidence.section == "body"):
        assert long.text[body.evidence.start : body.evidence.end] == body.evidence.sentence
    assert coded.events[-1].id == f"{long.id}-e{len(coded.events)}"


def test_an_unnamed_doer_takes_the_country_the_event_is_said_to_happen_in(keeping) -> None:
    document = Document(
        id="tourist",
        title="Canadian tourist killed in shooting attack in Jordan",
        text="Gunmen opened fire on tourists at a castle in the south of the country on Sunday.",
        published=PUBLISHED,
    )
    (event,) = _headline_events(keeping.code(document))
    assert [(a.text, a.code) for a in event.recipient] == [("Canadian tourist", "CAN")]
    # "killed ... in Jordan": a country attached to the trigger is where it happened
    assert [a.code for a in event.actor] == ["JOR"]


def test_a_name_read_as_a_compound_of_the_headline_verb_is_its_subject(keeping) -> None:
    document = Document(
        id="shells",
        title="Russia shells Ukrainian port city",
        text="Russian forces shelled the port city of Odesa overnight, officials said.",
        published=PUBLISHED,
    )
    (event,) = _headline_events(keeping.code(document))
    assert event.event_type == "ASSAULT"
    assert [a.code for a in event.actor] == ["RUS"]
    assert [a.code for a in event.recipient] == ["UKR"]


def test_a_headline_the_body_restates_is_coded_once_on_the_body(pipeline) -> None:
    # Default settings: "Journalist shot dead in Mogadishu" is the body's shooting.
    coded = pipeline.code(SHOT)
    assert not _headline_events(coded)
    assert [e.evidence.trigger.text for e in coded.events if e.event_type == "ASSAULT"] == ["shot"]
    assert all(e.evidence.section == "body" for e in coded.events)


def test_a_headline_event_the_body_does_not_restate_is_kept(pipeline) -> None:
    document = Document(
        id="expulsion",
        title="Iran expels two British diplomats",
        text="The foreign ministry said the two men had ten days to leave the country. London "
        "called the decision regrettable.",
        published=PUBLISHED,
    )
    (event,) = _headline_events(pipeline.code(document))
    assert event.event_type == "SANCTION"  # expelling diplomats: PLOVER SANCTION, withdraw
    assert [a.code for a in event.actor] == ["IRN"]
    assert "GBR" in [a.code for a in event.recipient]


def test_a_headline_restating_a_body_event_with_other_parties_is_kept(pipeline) -> None:
    document = Document(
        id="two_attacks",
        title="Russia shells Ukrainian port city",
        text="Ukrainian forces shelled a Russian border village overnight, officials said.",
        published=PUBLISHED,
    )
    (event,) = _headline_events(pipeline.code(document))
    assert [a.code for a in event.actor] == ["RUS"]


# ------------------------------------------------------------------ store, page, explain
def test_a_headline_event_is_stored_as_a_mention_of_the_body_event_it_repeats(
    tmp_path, coded
) -> None:
    from eventcoder.store.db import open_store
    from eventcoder.store.query import get_document, get_event

    shot = coded["shot"]
    (title_event,) = _headline_events(shot)
    body_event = next(e for e in shot.events if e.evidence.section == "body")
    with open_store(tmp_path / "headlines.duckdb") as store:
        store.add([shot])
        ((doc_id,),) = store.cursor().execute("SELECT id FROM documents").fetchall()
        cluster_of = get_document(store, doc_id)["event_ids"]
        # one deed, reported in the headline and the body: one stored event, two mentions
        assert cluster_of[title_event.id] == cluster_of[body_event.id]
        stored = get_event(store, cluster_of[title_event.id])
        assert stored["num_mentions"] == 2 and stored["num_articles"] == 1
        by_section = {m["evidence"]["section"]: m for m in stored["mentions"]}
        evidence = by_section["title"]["evidence"]
        assert evidence["sentence"] == shot.document.title
        trigger = evidence["trigger"]
        assert shot.document.title[trigger["start"] : trigger["end"]] == trigger["text"] == "shot"
        assert by_section["body"]["evidence"]["sentence"] == body_event.evidence.sentence
    # the coded JSON keeps them apart: the scorer and exports of records see both
    assert title_event.id != body_event.id


def test_a_version_3_store_gets_the_section_column_in_place(tmp_path, coded) -> None:
    import duckdb

    from eventcoder.store.db import open_store
    from eventcoder.store.schema import SCHEMA_VERSION
    from store_helpers import as_version_3_mentions

    path = tmp_path / "v3.duckdb"
    untitled = coded["arrest"].model_copy(
        update={"events": [e for e in coded["arrest"].events if e.evidence.section == "body"]}
    )
    with open_store(path) as store:
        store.add([untitled])
    con = duckdb.connect(str(path))  # the version-3 file an earlier eventcoder wrote
    as_version_3_mentions(con)
    con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    before = con.execute("SELECT * FROM mentions ORDER BY id").fetchall()
    con.close()
    with open_store(path) as store:
        con = store.cursor()
        assert con.execute("SELECT value FROM meta").fetchall() == [(str(SCHEMA_VERSION),)]
        after = con.execute("SELECT * EXCLUDE (section) FROM mentions ORDER BY id").fetchall()
        assert after == before
        assert {row[0] for row in con.execute("SELECT section FROM mentions").fetchall()} == {
            "body"
        }
        store.add([coded["governor"]])  # a new article with a headline event goes in too
        sections = con.execute(
            "SELECT section, count(*) FROM mentions WHERE document_id <> ? GROUP BY section "
            "ORDER BY section",
            [before[0][1]],
        ).fetchall()
        assert dict(sections)["title"] == 1


def test_a_review_of_a_headline_mention_never_applies_to_a_body_mention(tmp_path) -> None:
    from eventcoder.store import review
    from eventcoder.store.db import open_store
    from eventcoder.store.views import mention_key

    assert mention_key("d", 7, 13, "title") == "d:title:7-13" != mention_key("d", 7, 13)
    # a headline and a body trigger at the same offsets: "Police arrest ..." / "Kenyan ..."
    title_trigger = Event.model_validate(
        {
            "id": "same-e1",
            "event_type": "COERCE",
            "actor": [{"text": "Police", "code": "KEN", "sector": "COP"}],
            "recipient": [{"text": "a man", "code": "KEN", "sector": "CVL"}],
            "evidence": {
                "sentence_index": 0,
                "sentence": "Police arrest a man",
                "start": 0,
                "end": 19,
                "trigger": {"text": "arrest", "start": 7, "end": 13},
                "section": "title",
            },
            "confidence": 0.5,
        }
    )
    body_trigger = title_trigger.model_copy(
        update={
            "id": "same-e2",
            "event_type": "PROTEST",
            "evidence": title_trigger.evidence.model_copy(
                update={"section": "body", "sentence": "Rioter rallied at dawn"}
            ),
        }
    )
    document = Document(id="same", title="Police arrest a man", text="Rioter rallied at dawn")
    coded = CodedDocument(document=document, events=[title_trigger, body_trigger])
    with open_store(tmp_path / "keys.duckdb") as store:
        store.add([coded])
        ids = dict(store.cursor().execute("SELECT section, id FROM mentions").fetchall())
        review.record(store, ids["title"], reviewer="ann", action="reject", reason="headline")
        states = review.states(store, list(ids.values()))
        assert states[ids["title"]]["status"] == "rejected"
        assert ids["body"] not in states or states[ids["body"]]["status"] == "unreviewed"


def test_the_article_page_shows_the_headline_with_its_triggers(coded) -> None:
    from eventcoder.serve.annotate import highlights, render_annotated_text

    governor = coded["governor"]
    (event,) = _headline_events(governor)
    html = str(render_annotated_text(governor, "title"))
    assert f'id="t-{event.id}"' in html and ">defy<" in html
    assert "REJECT" in html
    # the body's highlights never draw a headline trigger at the headline's offsets
    assert all(h.href != f"#event-{event.id}" for h in highlights(governor))


def test_explain_names_the_headline(coded) -> None:
    from eventcoder.cli.explain import explanation_tree, one_line_reason

    (event,) = _headline_events(coded["governor"])
    assert one_line_reason(event, "governor").split(": ", 1)[1].startswith("in the headline")
    tree = explanation_tree(event, "governor")
    assert str(tree.children[0].label).startswith("[dim]headline:[/]")


def test_a_headline_with_a_line_break_keeps_its_own_words_in_the_evidence(keeping) -> None:
    document = ARREST.model_copy(
        update={"id": "broken", "title": "Police arrest\nopposition leader in Nairobi"}
    )
    (event,) = _headline_events(keeping.code(document))
    evidence = event.evidence
    assert evidence.sentence == document.title  # one sentence, the line break kept
    assert document.title[evidence.trigger.start : evidence.trigger.end] == "arrest"


def test_the_stored_article_page_draws_the_headline_trigger(tmp_path, coded) -> None:
    from fastapi.testclient import TestClient

    from eventcoder.serve import create_app
    from eventcoder.store.db import open_store
    from test_api import LOCAL_URL

    path = tmp_path / "page.duckdb"
    with open_store(path) as store:
        store.add([coded["governor"]])
        ((doc_id,),) = store.cursor().execute("SELECT id FROM documents").fetchall()
    (event,) = _headline_events(coded["governor"])
    with TestClient(create_app(path, read_only=True), base_url=LOCAL_URL) as client:
        page = client.get(f"/documents/{doc_id}").text
    headline = page.split('<h1 id="article-title">', 1)[1].split("</h1>", 1)[0]
    assert f'href="#event-{event.id}"' in headline and ">defy<" in headline
    assert "Governor to" in headline
    assert 'class="flag flag-headline"' in page
