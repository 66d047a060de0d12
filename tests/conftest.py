"""Shared test fixtures. Tests that need ../shared/ skip with a clear reason when it is absent."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTCODER_SHARED", REPO.parent / "shared"))
FIXTURE_TXT = SHARED / "fixtures" / "karabakh_2022-09_aa_analysis.txt"
FIXTURE_GOLD = SHARED / "fixtures" / "karabakh_2022-09_aa_analysis.gold.json"
DEV_CORPUS = SHARED / "corpus" / "news_dev.jsonl"
PLOVER_GSR = SHARED / "eval" / "plover_gsr_dev.json"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(
            f"shared data not found at {path} (set EVENTCODER_SHARED to the shared/ folder)"
        )
    return path


@pytest.fixture(scope="session")
def fixture_path() -> Path:
    return _need(FIXTURE_TXT)


@pytest.fixture(scope="session")
def fixture_gold() -> dict:
    return json.loads(_need(FIXTURE_GOLD).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def dev_corpus_path() -> Path:
    return _need(DEV_CORPUS)


@pytest.fixture(scope="session")
def plover_gsr_path() -> Path:
    return _need(PLOVER_GSR)


@pytest.fixture(scope="session")
def pipeline():
    """One loaded pipeline for the whole test session (loading spaCy is the slow part)."""
    from eventcoder.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def fixture_coded(pipeline, fixture_path):
    """The fixture article read, cleaned and coded with published=2022-09-14 (as the gold says)."""
    import datetime as dt

    from eventcoder.read import clean, read_file

    (article,) = read_file(str(fixture_path), dt.date(2022, 9, 14))
    return pipeline.code(clean(article))


# The headless-Chromium page tests run in a child pytest process of their own
# (tests/test_web_browser.py), isolated from the rest of the session's threads and event loops.
if not os.environ.get("EVENTCODER_BROWSER_RUN"):
    collect_ignore = ["browser"]
