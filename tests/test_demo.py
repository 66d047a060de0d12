"""`eventcoder demo`: the README's main-job command works from the installed package alone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from eventcoder.models import PLOVER_TYPES
from eventcoder.paths import sample_paths
from eventcoder.store.db import open_store
from eventcoder.store.query import EventFilter, count_documents, list_events


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


#: A token that looks like a code: an actor/type code (ARM, ARM/GOV, ASSAULT) or an event id.
_CODE_TOKEN = re.compile(r"^(?:[A-Z][A-Z0-9]+(?:/[A-Z]{2,3})?|e[0-9a-f]{2,})$")


def assert_no_split_codes(output: str, valid: set[str], ids: set[str]) -> None:
    """Every code-like token printed is whole: a known type/actor code, or a unique id prefix
    of at least 7 characters (a split code leaves a fragment that is neither)."""
    for line in output.splitlines():
        for raw in line.split():
            token = raw.rstrip(",")
            if not _CODE_TOKEN.match(token):
                continue
            if token.startswith("e") and token[1:].isalnum() and token.islower():
                owners = [i for i in ids if i.startswith(token)]
                assert len(token) >= 7 and len(owners) == 1, f"split or ambiguous id {token!r}"
            else:
                assert token in valid, f"split code {token!r} in line {line!r}"


def test_tables_never_split_codes_at_80_columns(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    env = {**os.environ, "COLUMNS": "80", "EVENTCODER_SHARED": str(tmp_path / "absent")}
    cli = [sys.executable, "-c", "from eventcoder.cli import main; main()"]
    demo = subprocess.run(
        [*cli, "demo", "--db", str(db), "--workers", "2"],
        capture_output=True, text=True, env=env, timeout=900,
    )  # fmt: skip
    assert demo.returncode == 0, demo.stderr[-2000:]
    listing = subprocess.run(
        [*cli, "events", "--db", str(db), "--format", "table", "--limit", "200"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert listing.returncode == 0, listing.stderr[-2000:]
    with open_store(db, read_only=True) as store:
        events = list_events(store, EventFilter(limit=1000))
    assert len(events) > 50  # the check below runs over a real spread of rows
    valid = set(PLOVER_TYPES) | {"ACLED", "CSV", "GDELT", "JSON", "PLOVER"}
    for e in events:
        valid.update(e["source_codes"] + e["target_codes"] + [e["country"] or ""])
        valid.update((e["location_name"] or "").replace(",", " ").split())
    for output in (demo.stdout, listing.stdout):
        assert "Events" in output
    assert_no_split_codes(demo.stdout, valid, {e["id"] for e in events})
    assert_no_split_codes(listing.stdout, valid, {e["id"] for e in events})
    assert all(len(line) <= 80 for line in listing.stdout.splitlines())


def test_split_code_checker_catches_a_split() -> None:
    # The checker itself must fail on what the old tables printed ("ASSAU" / "LT").
    with pytest.raises(AssertionError):
        assert_no_split_codes("│ ASSAU │\n│ LT │", {"ASSAULT"}, set())
    with pytest.raises(AssertionError):
        assert_no_split_codes("│ e608b │", set(), {"e608b5d12"})
