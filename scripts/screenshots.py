"""Save a PNG of each web page over the demo database into ``docs/screenshots/``.

Builds the demo store with ``eventcoder demo`` (unless ``--db`` names one), serves it on a free
localhost port, and drives Debian's Chromium through Playwright (``executable_path``; nothing
is downloaded). Every request the pages make is checked to stay on localhost.

    python3 scripts/screenshots.py [--db FILE] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SEPT_2022 = "since=2022-09-01&until=2022-09-30"


def build_demo(folder: Path) -> Path:
    db = folder / "demo.duckdb"
    subprocess.run(
        [sys.executable, "-c", "from eventcoder.cli import main; main()", "demo", "--db", str(db)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return db


def fixture_document_id(db: Path) -> str:
    """The store id of the bundled fixture article (the Karabakh analysis)."""
    from eventcoder.store import query

    with query.open_store(db, read_only=True) as store:
        documents = query.list_documents(store, limit=1000)
    for document in documents:
        if document["article_id"].startswith("karabakh_2022-09"):
            return str(document["id"])
    return str(documents[0]["id"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="store to show (default: a fresh demo store)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from eventcoder.serve import create_app
    from eventcoder.serve.background import serve_in_thread

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build_demo(Path(tmp))
        document_id = fixture_document_id(db)
        args.out.mkdir(parents=True, exist_ok=True)
        app = create_app(db, read_only=True)
        with serve_in_thread(app) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            outside: list[str] = []
            shots = [
                ("events", "/events", DESKTOP, None),
                # the month of the fixture's clashes: the whole demo spans years
                ("timeline", f"/timeline?{SEPT_2022}", DESKTOP, "#timeline-chart[data-ready=true]"),
                ("map", f"/map?{SEPT_2022}", DESKTOP, "#map[data-ready=true]"),
                ("map-world", "/map", DESKTOP, "#map[data-ready=true]"),
                ("network", "/network", DESKTOP, "#network-chart[data-settled=true]"),
                ("article", f"/documents/{document_id}", DESKTOP, None),
                ("code", "/code", DESKTOP, None),
                ("api-docs", "/docs", DESKTOP, ".swagger-ui .opblock"),
                ("phone-events", "/events", PHONE, None),
                ("phone-article", f"/documents/{document_id}", PHONE, None),
            ]
            for name, path, viewport, ready in shots:
                page = browser.new_page(viewport=viewport, device_scale_factor=1)
                page.on(
                    "request",
                    lambda request: (
                        outside.append(request.url)
                        if urlsplit(request.url).hostname not in ("127.0.0.1", "localhost")
                        and not request.url.startswith("data:")
                        else None
                    ),
                )
                page.goto(base + path, wait_until="networkidle")
                if ready:
                    page.wait_for_selector(ready, timeout=30_000)
                target = args.out / f"{name}.png"
                page.screenshot(path=str(target), full_page=False)
                print(f"{target}: {target.stat().st_size:,} bytes")
                page.close()
            # One event's explanation opened on the article page (issue 11): the event item only.
            page = browser.new_page(viewport=DESKTOP, device_scale_factor=1)
            page.on("request", lambda request: _note_outside(request.url, outside))
            page.goto(base + f"/documents/{document_id}", wait_until="networkidle")
            item = page.locator("li.event-item:has(.claim)").first
            item.locator("details.explanation summary").click()
            target = args.out / "explanation.png"
            item.screenshot(path=str(target))
            print(f"{target}: {target.stat().st_size:,} bytes")
            page.close()
            browser.close()
        if outside:
            raise SystemExit(f"requests left localhost: {outside}")
        print("no request left localhost")


def _note_outside(url: str, outside: list[str]) -> None:
    if urlsplit(url).hostname not in ("127.0.0.1", "localhost") and not url.startswith("data:"):
        outside.append(url)


if __name__ == "__main__":
    main()
