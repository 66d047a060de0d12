"""``eventcoder evaluate events``: the reference matching rule, the extra figures, the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURE_GOLD, SHARED, _need
from eventcoder.evaluate.events import (
    add_stem_aliases,
    gold_documents,
    load_gold,
    match,
    score_coded,
)

DEV_GOLD = SHARED / "eval" / "news_dev.gold.json"
REFERENCE_SCORER = SHARED / "eval" / "score_events.py"


# ----------------------------------------------------------------- hand-written gold and coding
def _gold_event(
    sentence: str,
    event_type: str,
    source: list[str],
    target: list[str],
    *,
    level: str = "must",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "level": level,
        "sentence_contains": sentence,
        "type": event_type,
        "source": [{"country": code} for code in source],
        "target": [{"country": code} for code in target],
        **extra,
    }


def _coded_event(
    sentence: str, event_type: str, actor: list[str], recipient: list[str], confidence: float
) -> dict[str, Any]:
    return {
        "event_type": event_type,
        "actor": [{"text": code, "code": code} for code in actor],
        "recipient": [{"text": code, "code": code} for code in recipient],
        "evidence": {"sentence": sentence},
        "confidence": confidence,
    }


SHELLED = "Russian artillery shelled the Ukrainian town of Kupiansk overnight, officials said."
TALKS = "Serbia and Kosovo held talks in Brussels on Monday."
PROTEST = "Thousands of farmers protested outside the French parliament."


def _gold_article() -> dict[str, Any]:
    return {
        "input": {"file": "doc-1", "published": "2024-03-02"},
        "events": [
            # found: type, source and target right (sentence differs in case and spacing)
            _gold_event(SHELLED, "ASSAULT", ["RUS"], ["UKR"]),
            # found through a symmetric event with the parties on one side
            _gold_event(TALKS, "CONSULT", ["SRB"], ["XKX"], symmetric=True, level="should"),
            # missed: the coded event has an accepted type but the wrong source
            _gold_event(
                PROTEST, "PROTEST", ["FRA"], ["FRA"], alternative_types=["REQUEST"], level="should"
            ),
            # missed: an event on the sentence, of the wrong type
            _gold_event(TALKS, "AGREE", ["SRB"], ["XKX"], level="historical"),
            # missed: nothing on the sentence; an empty target accepts any
            _gold_event("Nobody coded this sentence at all.", "ACCUSE", ["DEU"], []),
        ],
    }


def _coded_article() -> dict[str, Any]:
    return {
        "document": {"id": "doc-1"},
        "events": [
            _coded_event(SHELLED.upper().replace(" ", "  "), "ASSAULT", ["RUS"], ["UKR"], 0.9),
            _coded_event(TALKS, "CONSULT", ["SRB", "XKX"], [], 0.75),
            _coded_event(PROTEST, "REQUEST", ["DEU"], ["FRA"], 0.6),
            _coded_event("A sentence the gold does not list.", "ASSAULT", ["RUS"], [], 0.3),
        ],
    }


def test_match_follows_the_reference_rule() -> None:
    gold = _gold_article()["events"]
    coded = _coded_article()["events"]
    assert match(gold[0], coded[0]) == "ok"
    assert match(gold[1], coded[1]) == "ok"  # symmetric: both parties among the actors
    assert match(gold[2], coded[2]) == "actors"  # alternative type accepted, source wrong
    assert match(gold[3], coded[1]) == "type"
    assert match(gold[4], coded[0]) is None
    # Only the first 60 characters of sentence_contains need to be in the sentence.
    long_gold = _gold_event(SHELLED[:60] + " and then something else", "ASSAULT", ["RUS"], [])
    assert match(long_gold, coded[0]) == "ok"
    # A symmetric event with one party coded is not enough.
    one_party = _coded_event(TALKS, "CONSULT", ["SRB"], [], 0.5)
    assert match(gold[1], one_party) == "actors"


def test_score_counts_recall_precision_misses_accuracy_and_bands() -> None:
    score = score_coded([_gold_article()], {"doc-1": _coded_article()})
    assert (score.must_recall.hit, score.must_recall.total) == (1, 2)
    assert (score.all_recall.hit, score.all_recall.total) == (2, 5)
    assert (score.precision.hit, score.precision.total) == (2, 4)
    assert score.summary_line() == (
        "must recall 1/2 = 0.50, all recall 2/5 = 0.40, precision 2/4 = 0.50"
    )
    assert score.misses["must"] == {"actors": 0, "type": 0, "none": 1}
    assert score.misses["should"] == {"actors": 1, "type": 0, "none": 0}
    assert score.misses["historical"] == {"actors": 0, "type": 1, "none": 0}
    assert score.misses["all"] == {"actors": 1, "type": 1, "none": 1}
    # Typed gold events: shelling (RUS→UKR right), talks (symmetric, both right), protest
    # (source DEU instead of FRA, target FRA right).
    assert (score.source_accuracy.hit, score.source_accuracy.total) == (2, 3)
    assert (score.target_accuracy.hit, score.target_accuracy.total) == (3, 3)
    assert score.per_type["ASSAULT"].gold.ratio == 1.0
    assert (score.per_type["ASSAULT"].coded.hit, score.per_type["ASSAULT"].coded.total) == (1, 2)
    assert score.per_type["ACCUSE"].coded.total == 0
    assert score.per_type["REQUEST"].gold.total == 0  # an alternative type is not a gold type
    missed = {(m.level, m.cause): m for m in score.missed}
    assert set(missed) == {("must", "none"), ("should", "actors"), ("historical", "type")}
    assert missed[("should", "actors")].gold == "PROTEST/REQUEST FRA -> FRA"
    assert missed[("should", "actors")].coded_on_sentence == ["REQUEST DEU/- -> FRA/- []"]
    assert missed[("must", "none")].coded_on_sentence == []
    bands = {band: (tally.hit, tally.total) for band, tally in score.confidence_bands}
    assert bands == {"< 0.5": (0, 1), "0.5-0.7": (0, 1), "0.7-0.85": (1, 1), ">= 0.85": (1, 1)}


def test_an_article_missing_from_the_coded_output_counts_as_coding_nothing() -> None:
    score = score_coded([_gold_article()], {})
    assert score.all_recall.hit == 0 and score.precision.total == 0
    assert score.misses["all"]["none"] == 5
    assert score.articles[0].in_coded is False


def test_a_fixture_gold_finds_the_record_named_after_the_file_stem() -> None:
    gold = [{"input": {"file": "article.txt"}, "events": []}]
    coded = {"article": {"document": {"id": "article"}, "events": []}}
    assert add_stem_aliases(gold, coded) == ["article.txt"]
    assert coded["article.txt"] is coded["article"]


# ------------------------------------------------------------------ real coding vs the reference
def _scorer_figures(text: str) -> tuple[str, str, str]:
    last = text.strip().splitlines()[-1]
    found = re.fullmatch(
        r"must recall (\S+) = [\d.]+, all recall (\S+) = [\d.]+, precision (\S+) = [\d.]+", last
    )
    assert found, last
    return found.group(1), found.group(2), found.group(3)


@pytest.fixture(scope="module")
def coded_gold(pipeline, tmp_path_factory) -> tuple[Path, Path]:
    """The dev gold's 25 articles and the fixture, coded with the gold dates, as JSON Lines."""
    dev_gold = load_gold(_need(DEV_GOLD))
    fixture_gold = load_gold(_need(FIXTURE_GOLD))
    documents = gold_documents(dev_gold, DEV_GOLD) + gold_documents(fixture_gold, FIXTURE_GOLD)
    folder = tmp_path_factory.mktemp("evaluate-events")
    coded_path = folder / "coded.jsonl"
    with coded_path.open("w", encoding="utf-8") as out:
        for coded in pipeline.code_many(documents):
            out.write(coded.model_dump_json() + "\n")
    gold_path = folder / "gold.json"
    gold_path.write_text(json.dumps(dev_gold + fixture_gold), encoding="utf-8")
    return gold_path, coded_path


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from eventcoder.cli import main; main()",
            "evaluate",
            "events",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_figures_agree_with_the_reference_scorer(coded_gold: tuple[Path, Path]) -> None:
    gold_path, coded_path = coded_gold
    _need(REFERENCE_SCORER)
    reference = subprocess.run(
        [sys.executable, str(REFERENCE_SCORER), str(gold_path), str(coded_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    ours = _cli(str(gold_path), "--coded", str(coded_path))
    assert ours.returncode == 0, ours.stderr
    must, all_events, precision = _scorer_figures(reference.stdout)
    assert _scorer_figures(ours.stdout) == (must, all_events, precision)
    assert must.endswith("/73")  # 61 must events of the dev gold + 12 of the fixture
    as_json = json.loads(_cli(str(gold_path), "--coded", str(coded_path), "-f", "json").stdout)
    figures = (as_json[key] for key in ("must_recall", "all_recall", "precision"))
    assert tuple(f"{f['hit']}/{f['total']}" for f in figures) == (must, all_events, precision)


def test_fixture_gold_is_coded_from_the_article_next_to_it() -> None:
    result = _cli(str(_need(FIXTURE_GOLD)), "--format", "json")
    assert result.returncode == 0, result.stderr
    score = json.loads(result.stdout)
    assert score["must_recall"] == {"hit": 12, "total": 12, "ratio": 1.0}
    assert score["articles"][0]["id"] == "karabakh_2022-09_aa_analysis.txt"
    assert sum(band["total"] for band in score["confidence_bands"]) == score["precision"]["total"]


@pytest.mark.parametrize(
    ("gold_text", "problem"),
    [
        ("{not json", "not a readable JSON gold file"),
        ("[]", "expected a gold article or a non-empty list"),
        ('[{"input": {}, "events": []}]', "no input.file"),
        ('[{"input": {"file": "a"}, "events": [{"level": "must"}]}]', "lacks sentence_contains"),
    ],
)
def test_bad_gold_is_one_clear_line(tmp_path: Path, gold_text: str, problem: str) -> None:
    gold = tmp_path / "bad.gold.json"
    gold.write_text(gold_text, encoding="utf-8")
    coded = tmp_path / "coded.jsonl"
    coded.write_text("", encoding="utf-8")
    result = _cli(str(gold), "--coded", str(coded))
    assert result.returncode == 2
    assert problem in result.stderr and str(gold) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_article_and_bad_coded_lines_are_named(tmp_path: Path) -> None:
    gold = tmp_path / "g.gold.json"
    gold.write_text(json.dumps([_gold_article()]), encoding="utf-8")
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": "other", "text": "Nothing here."}) + "\n")
    result = _cli(str(gold), str(articles))
    assert result.returncode == 2
    assert "no article with id 'doc-1'" in result.stderr and str(articles) in result.stderr
    coded = tmp_path / "coded.jsonl"
    coded.write_text('{"document": {"id": "doc-1"}, "events": []}\nnot json\n')
    result = _cli(str(gold), "--coded", str(coded))
    assert result.returncode == 2 and f"{coded}:2: not a JSON line" in result.stderr


def test_tables_print_the_reference_line_and_per_article_rows(tmp_path: Path) -> None:
    gold = tmp_path / "g.gold.json"
    gold.write_text(json.dumps([_gold_article()]), encoding="utf-8")
    coded = tmp_path / "coded.jsonl"
    coded.write_text(json.dumps(_coded_article()) + "\n", encoding="utf-8")
    result = _cli(str(gold), "--coded", str(coded), "--per-article")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "must recall 1/2 = 0.50, all recall 2/5 = 0.40, precision 2/4 = 0.50"
    assert any("doc-1" in line and "1/2" in line for line in lines)
    assert "Precision by confidence" in result.stdout and "Missed gold events" in result.stdout


def test_attribution_of_found_events() -> None:
    gold = _gold_article()
    ukraine_claims = {"claim": True, "claimant": {"country": "UKR"}}
    gold["events"][0]["attribution"] = ukraine_claims  # the shelling, claimed by Ukraine
    # A party's own accusation marked as its claim is left out (the gold files disagree).
    gold["events"].append(
        _gold_event(SHELLED, "ACCUSE", ["UKR"], ["RUS"], attribution=ukraine_claims)
    )
    coded = _coded_article()
    coded["events"].append(_coded_event(SHELLED, "ACCUSE", ["UKR"], ["RUS"], 0.8))
    score = score_coded([gold], {"doc-1": coded})
    assert (score.claim_attribution.hit, score.claim_attribution.total) == (0, 1)
    assert (score.asserted_attribution.hit, score.asserted_attribution.total) == (1, 1)
    coded["events"][0]["attribution"] = {"claim": True, "claimant": {"code": "UKR"}}
    coded["events"][1]["attribution"] = {"claim": True, "claimant": {"code": "SRB"}}
    score = score_coded([gold], {"doc-1": coded})
    assert (score.claim_attribution.hit, score.claim_attribution.total) == (1, 1)
    assert (score.asserted_attribution.hit, score.asserted_attribution.total) == (0, 1)


def test_unmatched_coded_events_are_listed_with_the_gold_of_their_sentence(
    tmp_path: Path,
) -> None:
    score = score_coded([_gold_article()], {"doc-1": _coded_article()})
    unmatched = {u.coded: u for u in score.unmatched}
    # Two of the four coded events match nothing: one with the wrong source (a gold event of
    # its sentence and type exists), one on a sentence the gold does not list.
    assert set(unmatched) == {"REQUEST DEU/- -> FRA/- []", "ASSAULT RUS/- -> - []"}
    assert unmatched["REQUEST DEU/- -> FRA/- []"].nearest == "actors"
    assert unmatched["REQUEST DEU/- -> FRA/- []"].gold_on_sentence == [
        "PROTEST/REQUEST FRA -> FRA (should)"
    ]
    assert unmatched["ASSAULT RUS/- -> - []"].nearest == "none"
    assert unmatched["ASSAULT RUS/- -> - []"].confidence == 0.3
    assert len(score.as_dict()["unmatched"]) == 2
    gold = tmp_path / "g.gold.json"
    gold.write_text(json.dumps([_gold_article()]), encoding="utf-8")
    coded = tmp_path / "coded.jsonl"
    coded.write_text(json.dumps(_coded_article()) + "\n", encoding="utf-8")
    result = _cli(str(gold), "--coded", str(coded), "--unmatched")
    assert result.returncode == 0, result.stderr
    listed = [line for line in result.stdout.splitlines() if line.startswith("[unmatched:")]
    assert len(listed) == 2
    assert any(line.startswith("[unmatched:none]") and "conf 0.30" in line for line in listed)
    assert "    gold PROTEST/REQUEST FRA -> FRA (should)" in result.stdout
