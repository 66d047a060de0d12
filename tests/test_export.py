"""Every export format loads in pandas with one row per stored event, in its documented layout."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from eventcoder.errors import EventcoderError
from eventcoder.ingest import ingest
from eventcoder.paths import sample_paths
from eventcoder.store.db import open_store
from eventcoder.store.export import export
from eventcoder.store.mappings import cameo_code
from eventcoder.store.query import count_events
from eventcoder.store.rows import ACLED_COLUMNS, GDELT_COLUMNS


@pytest.fixture(scope="module")
def karabakh_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("export") / "karabakh.duckdb"
    fixture, second, _ = sample_paths()
    with open_store(db) as store:
        ingest([fixture, second], store, workers=1)
    return db


def test_plover_jsonl_round_trip(karabakh_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    with open_store(karabakh_store, read_only=True) as store:
        written = export(store, "plover-jsonl", out)
        stored = count_events(store)
    frame = pd.read_json(out, lines=True)
    assert written == stored == len(frame) > 0
    assert {"id", "event_type", "source_codes", "target_codes", "mentions"} <= set(frame.columns)
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["mentions"][0]["evidence"]["sentence"]


def test_acled_csv_round_trip(karabakh_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    with open_store(karabakh_store, read_only=True) as store:
        written = export(store, "acled-csv", out)
        stored = count_events(store)
    frame = pd.read_csv(out)
    assert written == stored == len(frame)
    assert tuple(frame.columns) == ACLED_COLUMNS
    assert set(frame["event_type"]) <= {
        "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
        "Riots", "Strategic developments",
    }  # fmt: skip
    assert "Battles" in set(frame["event_type"])  # the clashes
    assert frame["notes"].notna().all()


def test_gdelt_csv_round_trip(karabakh_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "gdelt.csv"
    with open_store(karabakh_store, read_only=True) as store:
        written = export(store, "gdelt-csv", out)
        stored = count_events(store)
    frame = pd.read_csv(out, dtype={"EventCode": str, "EventRootCode": str})
    assert written == stored == len(frame)
    assert tuple(frame.columns) == GDELT_COLUMNS and len(GDELT_COLUMNS) == 61
    assert frame["GlobalEventID"].is_unique
    assert set(frame["QuadClass"]) <= {1, 2, 3, 4}
    assault = frame[frame["EventRootCode"].isin(["18", "19", "20"])]
    assert len(assault) > 0 and (assault["QuadClass"] == 4).all()
    assert (assault["GoldsteinScale"] <= -9).all()
    assert frame["NumArticles"].max() >= 2


def test_parquet_round_trip(karabakh_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    with open_store(karabakh_store, read_only=True) as store:
        written = export(store, "parquet", out)
        with pytest.raises(EventcoderError, match="not empty"):
            export(store, "parquet", out)  # an existing folder is never written into ...
        export(store, "parquet", out, overwrite=True)  # ... but replaced, never appended to
        stored = count_events(store)
    # pandas reads Parquet through pyarrow, which the project does not need; DuckDB reads the
    # hive-partitioned folder straight into a pandas DataFrame.
    frame = duckdb.sql(
        f"SELECT * FROM read_parquet('{out}/**/*.parquet', hive_partitioning = true)"
    ).df()
    assert isinstance(frame, pd.DataFrame)
    assert written == stored == len(frame)
    assert (out / "year=2022" / "month=9").is_dir()
    assert set(frame["year"]) <= {0, 2020, 2022}


def test_cameo_inverse_mapping() -> None:
    assert cameo_code("ASSAULT", None, set()) == "180"
    assert cameo_code("ASSAULT", None, {"military"}) == "190"
    assert cameo_code("ASSAULT", "heavy-weapons", {"military"}) == "194"
    assert cameo_code("CONSULT", "phone", set()) == "041"
    assert cameo_code("PROTEST", "riot", set()) == "145"
    assert cameo_code("ACCUSE", None, set()) == "112"
    assert cameo_code("NOT_A_TYPE", None, set()) is None


def test_export_to_missing_folder_is_a_clear_error(karabakh_store: Path, tmp_path: Path) -> None:
    with (
        open_store(karabakh_store, read_only=True) as store,
        pytest.raises(EventcoderError, match="does not exist"),
    ):
        export(store, "acled-csv", tmp_path / "nope" / "x.csv")
