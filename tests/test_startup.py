"""Start-up: indexes built at build time match their sources, and commands that do not code
never import spaCy."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from eventcoder.geo import aliases, gazetteer
from eventcoder.nlp import phrases

# ---------------------------------------------------------------------------- gazetteer index


def test_shipped_gazetteer_index_is_fresh_and_equals_a_rebuild_from_its_sources() -> None:
    path = gazetteer.PLACES_DATA_DIR / gazetteer.INDEX_FILE
    with np.load(path, allow_pickle=False) as saved:
        shipped = {name: saved[name] for name in saved.files}
    assert str(shipped["source_digest"]) == gazetteer.source_digest(), (
        "the gazetteer or alias table changed since the index was built: "
        "run python3 scripts/build_gazetteer.py --index-only"
    )
    rebuilt = gazetteer.build_index_arrays()
    assert shipped.keys() == rebuilt.keys()
    for name, array in rebuilt.items():
        assert np.array_equal(shipped[name], array), f"{name} differs from its sources"


def test_gazetteer_loaded_from_the_index_finds_places_by_any_spelling() -> None:
    places = gazetteer.load_gazetteer()
    assert isinstance(places.places, gazetteer.PlaceTable)  # really the prebuilt index
    yerevan = places.lookup("Yerevan")
    assert any(p.country == "ARM" and p.feature_code == "PPLC" for p in yerevan)
    # Normalised: case, accents, a leading "the", "St" spelled out.
    assert places.lookup("YEREVAN") == yerevan
    assert any(p.country == "RUS" for p in places.lookup("St Petersburg"))
    assert any(p.country == "TUR" for p in places.lookup("İzmir"))
    assert any(p.from_alias_table for p in places.lookup("Dashkesen"))
    assert places.lookup("Qwxzyville") == [] and "Qwxzyville" not in places
    assert places.countries["ARM"].name == "Armenia"
    assert "USA" in places.admin1_names["california"]


def test_a_stale_index_is_rebuilt_in_memory_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """An alias added after the index was built is found all the same (slower start)."""
    folder = tmp_path / "places"
    shutil.copytree(gazetteer.PLACES_DATA_DIR, folder)
    alias_line = "Qwxzyville\tQwxzyville\tARM\t\t40.0\t45.0\t\tPPL\tGPE\ttest alias\n"
    with (folder / aliases.ALIASES_FILE).open("a", encoding="utf-8") as handle:
        handle.write(alias_line)
    monkeypatch.setattr(gazetteer, "PLACES_DATA_DIR", folder)
    monkeypatch.setattr(aliases, "PLACES_DATA_DIR", folder)
    aliases.load_aliases.cache_clear()
    gazetteer.load_gazetteer.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger=gazetteer.__name__):
            places = gazetteer.load_gazetteer()
        assert "older than the gazetteer or alias table" in caplog.text
        (found,) = places.lookup("qwxzyville")
        assert found.country == "ARM" and found.from_alias_table
        assert places.lookup("Yerevan")  # the rest is still there
    finally:
        aliases.load_aliases.cache_clear()
        gazetteer.load_gazetteer.cache_clear()


# ---------------------------------------------------------------------------- phrase tokens


def test_shipped_phrase_tokens_are_what_the_tokenizer_makes_and_cover_the_actor_phrases(
    pipeline,
) -> None:
    from eventcoder.actors.resolve import ActorResolver

    nlp = pipeline.nlp
    shipped = phrases._shipped_tokens(phrases.tokenizer_signature(nlp))
    if not shipped:
        pytest.skip(f"phrase tokens were built for another tokenizer than {nlp.meta['name']}")
    ordered = sorted(shipped)
    for phrase, doc in zip(ordered, nlp.tokenizer.pipe(ordered), strict=True):
        assert shipped[phrase] == [t.text for t in doc], phrase
    recorded = phrases.record_phrases()
    try:
        ActorResolver.from_package_data(nlp)
    finally:
        phrases._recording = None
    missing = recorded - shipped.keys()
    # New dictionary entries are tokenized at start-up until the file is rebuilt: correct
    # but slower. Many of them mean the file is stale.
    assert len(missing) <= 0.05 * len(recorded), (
        f"{len(missing)} actor phrases are not in {phrases.PHRASE_TOKENS_FILE.name} "
        f"(e.g. {sorted(missing)[:3]}): run python3 scripts/build_phrase_tokens.py"
    )


def test_phrase_keys_match_the_phrase_matcher_on_docs(pipeline) -> None:
    """Hashes from shipped tokens find the same spans as patterns made by the tokenizer."""
    from spacy.matcher import PhraseMatcher

    nlp = pipeline.nlp
    texts = ["Defense Minister", "U.S.", "Islamic State", "al-Shabaab", "Kurdistan Workers' Party"]
    from_keys = PhraseMatcher(nlp.vocab, attr="LOWER")
    from_keys.add("X", phrases.phrase_keys(nlp, texts))
    from_docs = PhraseMatcher(nlp.vocab, attr="LOWER")
    from_docs.add("X", list(nlp.tokenizer.pipe(texts)))
    doc = nlp.make_doc(
        "The U.S. defense minister said Islamic State and al-Shabaab fighters, not the "
        "Kurdistan Workers' Party, attacked the base."
    )
    assert sorted(from_keys(doc)) == sorted(from_docs(doc))
    assert len(from_keys(doc)) == 5


# ---------------------------------------------------------------------------- lazy imports

_REPORT_SPACY = (
    "import atexit, sys\n"
    "atexit.register(lambda: print('spacy imported:', 'spacy' in sys.modules, file=sys.stderr))\n"
)


@pytest.fixture(scope="module")
def coded_store(pipeline, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding one coded article (coded here, so the commands only read it)."""
    from eventcoder.models import Document
    from eventcoder.store.db import open_store

    db = tmp_path_factory.mktemp("lazy") / "one.duckdb"
    text = "Police arrested 20 protesters in Minsk on Sunday, the interior ministry said."
    with open_store(db) as store:
        store.add([pipeline.code(Document(id="minsk", text=text))])
    return db


@pytest.mark.parametrize(
    "command",
    [["stats"], ["events"], ["export", "{tmp}/out.jsonl", "--format", "plover-jsonl"]],
)
def test_commands_that_do_not_code_never_import_spacy(
    coded_store: Path, tmp_path: Path, command: list[str]
) -> None:
    db = coded_store
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in command]
    run = subprocess.run(
        [sys.executable, "-c", _REPORT_SPACY + "from eventcoder.cli import main; main()",
         *args, "--db", str(db)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "spacy imported: False" in run.stderr
    assert run.stdout.strip() or (tmp_path / "out.jsonl").stat().st_size  # it did its work


def test_serve_imports_spacy_only_for_the_first_coding_request(tmp_path: Path) -> None:
    script = _REPORT_SPACY + (
        "from fastapi.testclient import TestClient\n"
        "from eventcoder.serve import create_app\n"
        f"client = TestClient(create_app({str(tmp_path / 's.duckdb')!r}), base_url='http://localhost')\n"
        "assert client.get('/api/events').status_code == 200\n"
        "assert client.get('/').status_code == 200\n"
        "print('before code:', 'spacy' in sys.modules, file=sys.stderr)\n"
        "response = client.post('/api/code', json={'text': 'Police arrested 20 protesters in "
        "Minsk on Sunday.'})\n"
        "assert response.status_code == 200, response.text\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr
    assert "before code: False" in run.stderr
    assert "spacy imported: True" in run.stderr  # the coding request did load it
