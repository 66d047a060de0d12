"""`eventcoder demo`: the README's main-job command works from the installed package alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from eventcoder.store.db import open_store
from eventcoder.store.query import EventFilter, count_documents, list_events
from eventcoder.store.sample import sample_paths


def test_sample_corpus_is_bundled_with_licence() -> None:
    paths = [Path(p) for p in sample_paths()]
    assert all(p.is_file() for p in paths)
    folder = paths[0].parent
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "GPL-3.0" in readme and (folder / "LICENSE.GPL-3.0.txt").is_file()
    assert sum(1 for _ in paths[2].open(encoding="utf-8")) >= 24


def test_demo_builds_a_store_and_prints_what_it_found(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    # No shared data: the demo must only need the installed package.
    env = {**os.environ, "EVENTCODER_SHARED": str(tmp_path / "absent")}
    result = subprocess.run(
        [sys.executable, "-c", "from eventcoder.cli import main; main()", "demo", "--db",
         str(db), "--workers", "2"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Ingested into" in result.stdout and "events from" in result.stdout
    assert "ASSAULT" in result.stdout
    with open_store(db, read_only=True) as store:
        assert count_documents(store) >= 30
        top = list_events(store, EventFilter(sort="num_articles", order="desc", limit=1))
    assert top[0]["num_articles"] >= 2
