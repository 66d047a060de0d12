"""End-to-end review in headless Chromium (issue 13): the real app under uvicorn over a store
filled by ``eventcoder ingest``; an analyst logs in, accepts, rejects and corrects an actor
with the page's keyboard shortcuts and pickers, reloads, and sees the reviewed view; the raw
view still shows the machine's codes; re-ingesting the same articles keeps the corrections.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_web_pages import CHROMIUM, CHROMIUM_ARGS, assert_all_local

from test_api import CLASHES_TEXT, REACTIONS_TEXT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]

#: A code no machine coding of these two articles gives, so the correction is visible.
CORRECTED_ACTOR = "NOR"


def ingest(articles: Path, db: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "from eventcoder.cli import main; main()", "ingest",
         str(articles), "--db", str(db), "--workers", "1"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("review")
    path = folder / "articles.jsonl"
    records = [
        {"id": "clashes", "title": "Shelling on the border", "text": CLASHES_TEXT,
         "published": "2022-09-13"},
        {"id": "reactions", "title": "Ankara backs Baku", "text": REACTIONS_TEXT,
         "published": "2022-09-14"},
    ]  # fmt: skip
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def serve(db: Path) -> Any:
    """A read-write loopback server over ``db`` (a context manager yielding its URL)."""
    from contextlib import contextmanager

    from eventcoder.serve import create_app
    from eventcoder.serve.background import serve_in_thread

    @contextmanager
    def running() -> Iterator[str]:
        app = create_app(db)
        try:
            with serve_in_thread(app) as base:
                yield base
        finally:
            app.state.store.close()  # so `eventcoder ingest` can open the file after

    return running()


def test_review_accept_reject_correct_reload_and_reingest(
    browser: Any, articles: Path, tmp_path: Path
) -> None:
    db = tmp_path / "review.duckdb"
    ingest(articles, db)
    seen: list[str] = []
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("request", lambda request: seen.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    with serve(db) as base:
        raw_before = httpx.get(f"{base}/api/events", params={"view": "raw"}).json()["events"]
        page.goto(f"{base}/login?next=/review")
        page.fill("#login-reviewer", "Ann Analyst")
        page.click("#login-submit")
        page.wait_for_url(f"{base}/review")
        assert page.locator("#reviewer-name").inner_text() == "Ann Analyst"
        items = page.locator(".review-item")
        queued = httpx.get(f"{base}/api/review/queue").json()["total"]
        assert items.count() == queued >= len(raw_before) >= 3  # every mention, unreviewed
        ids = [items.nth(i).get_attribute("data-mention-id") for i in range(3)]
        page.wait_for_selector(".review-item.current")

        # accept the first with the keyboard (a), which moves on to the next
        page.keyboard.press("a")
        first = page.locator(f'.review-item[data-mention-id="{ids[0]}"]')
        first.locator('[data-role="status"]', has_text="accepted").wait_for()
        # reject the second: r focuses the reason, Enter sends it
        page.keyboard.press("r")
        page.keyboard.type("a denial, not an attack")
        page.keyboard.press("Enter")
        second = page.locator(f'.review-item[data-mention-id="{ids[1]}"]')
        second.locator('[data-role="status"]', has_text="rejected").wait_for()
        # correct the third's source actor with the pickers (valid codes only)
        third = page.locator(f'.review-item[data-mention-id="{ids[2]}"]')
        third.locator('[data-role="field"]').select_option("source")
        code_picker = third.locator('[data-role="actor-code"]')
        offered = code_picker.locator("option").evaluate_all("o => o.map(x => x.value)")
        assert CORRECTED_ACTOR in offered and "XYZ" not in offered
        code_picker.select_option(CORRECTED_ACTOR)
        third.locator('[data-role="actor-sector"]').select_option("GOV")
        third.locator('button[data-action="correct"]').click()
        third.locator('[data-role="status"]', has_text="corrected").wait_for()
        reviewed_source = third.locator('tr[data-row="reviewed"] [data-field="source"]')
        assert reviewed_source.inner_text() == f"{CORRECTED_ACTOR}/GOV"
        # and its place, found by name in the gazetteer
        third.locator('[data-role="field"]').select_option("place")
        third.locator('[data-role="place-name"]').fill("Jermuk")
        third.locator('[data-role="picker"] button').click()
        third.locator('[data-role="value"] option', has_text="Jermuk").first.wait_for(
            state="attached"
        )
        third.locator('button[data-action="correct"]').click()
        reviewed_place = third.locator('tr[data-row="reviewed"] [data-field="place"]')
        page.wait_for_function(
            "el => el.textContent.startsWith('Jermuk')", arg=reviewed_place.element_handle()
        )
        assert reviewed_place.inner_text() == "Jermuk ARM"

        # reload: the queue of reviewed mentions shows all three, as reviewed
        page.goto(f"{base}/review?status=reviewed")
        statuses = {
            items.nth(i).get_attribute("data-mention-id"): items.nth(i)
            .locator('[data-role="status"]')
            .inner_text()
            for i in range(items.count())
        }
        assert statuses == {ids[0]: "accepted", ids[1]: "rejected", ids[2]: "corrected"}
        history = page.locator(f'.review-item[data-mention-id="{ids[1]}"] .history li')
        assert "Ann Analyst: reject" in history.first.text_content()
        assert "a denial, not an attack" in history.first.text_content()

        third_event = httpx.get(f"{base}/api/review/mentions/{ids[2]}").json()["event_id"]
        rejected_event = httpx.get(f"{base}/api/review/mentions/{ids[1]}").json()["event_id"]
        # the events page (reviewed view, the default) shows the correction, not the reject
        page.goto(f"{base}/events?limit=100")
        rows = page.locator("#events-table tbody tr[data-event-id]")
        shown = [rows.nth(i).get_attribute("data-event-id") for i in range(rows.count())]
        (rejected_raw,) = [e for e in raw_before if e["id"] == rejected_event]
        # an event reported by one mention only goes with its reject (the rest stay)
        assert (rejected_event not in shown) is (rejected_raw["num_mentions"] == 1)
        assert third_event in shown
        row = page.locator(f'tr[data-event-id="{third_event}"]')
        assert CORRECTED_ACTOR in row.inner_text() and "corrected" in row.inner_text()
        # the raw view still shows the machine's codes, and the rejected event
        page.goto(f"{base}/events?limit=100&view=raw")
        assert rows.count() == len(raw_before)
        raw_row = page.locator(f'tr[data-event-id="{third_event}"]').inner_text()
        assert CORRECTED_ACTOR not in raw_row
        page.goto(f"{base}/events/{third_event}?view=raw")
        assert CORRECTED_ACTOR not in page.locator("dl.facts").inner_text()
        page.goto(f"{base}/events/{third_event}")
        assert CORRECTED_ACTOR in page.locator("dl.facts").inner_text()
        if rejected_raw["num_mentions"] == 1:  # its page shows the machine's event, rejected
            page.goto(f"{base}/events/{rejected_event}")
            assert page.locator("#event-review-status").inner_text() == "rejected"

    # re-ingest the same articles (the server closed the file): nothing new, corrections kept
    output = ingest(articles, db)
    assert "0 new" in output and "2 already stored" in output
    with serve(db) as base:
        page.goto(f"{base}/review?status=reviewed")
        assert page.locator(".review-item").count() == 3
        page.goto(f"{base}/events?limit=100")
        assert CORRECTED_ACTOR in page.locator(f'tr[data-event-id="{third_event}"]').inner_text()
        if rejected_raw["num_mentions"] == 1:
            assert page.locator(f'tr[data-event-id="{rejected_event}"]').count() == 0
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"
    assert_all_local(seen)
