"""Where the package's data lives: one helper for every module that reads a data file.

Data files ship inside the package (``src/eventcoder/data/<stage>/...``, each folder with a
README naming the source and licence), so they are found relative to this file, wherever the
package is installed.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

#: The package's data folder.
DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(*parts: str) -> Path:
    """The path of a data file or folder: ``data_path("store", "countries.tsv")``."""
    return DATA_DIR.joinpath(*parts)


class WordLists:
    """The word lists of one package, read from ``data/<package>/words.toml``.

    Every list of words the code reads (the prepositions of a role, the nouns of a class, the
    verbs of a rule) is data in that file, with a comment saying what it is for; a module
    binds each list it uses to a typed constant (``NEGATORS = WORDS.words("negators")``).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as handle:
            self._lists: dict[str, Any] = tomllib.load(handle)

    def _get(self, key: str, kind: type) -> Any:
        if key not in self._lists:
            raise KeyError(f"{self.path}: no word list {key!r}")
        value = self._lists[key]
        if not isinstance(value, kind):
            raise TypeError(f"{self.path}: {key!r} is not a {kind.__name__}")
        return value

    def words(self, key: str) -> frozenset[str]:
        """A set of words (their order carries no meaning)."""
        return frozenset(self._get(key, list))

    def sequence(self, key: str) -> tuple[str, ...]:
        """Words in the order the file gives them (the first that applies wins)."""
        return tuple(self._get(key, list))

    def mapping(self, key: str) -> dict[str, str]:
        """A table of word -> word."""
        return dict(self._get(key, dict))

    def mapping_of_sets(self, key: str) -> dict[str, frozenset[str]]:
        """A table of word -> set of words."""
        return {word: frozenset(values) for word, values in self._get(key, dict).items()}


@cache
def word_lists(package: str) -> WordLists:
    """The word lists of a package (``data/<package>/words.toml``), read once per process."""
    return WordLists(data_path(package, "words.toml"))


#: The bundled sample corpus (``data/sample/``), ingested by ``eventcoder demo``.
SAMPLE_FILES = (
    "karabakh_2022-09_aa_analysis.json",
    "karabakh_2022-09_second_report.json",
    "news_sample.jsonl",
)


def sample_paths() -> list[str]:
    """Paths of the bundled sample inputs (inside the installed package)."""
    return [str(data_path("sample", name)) for name in SAMPLE_FILES]
