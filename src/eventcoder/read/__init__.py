"""Read: articles from plain text, HTML, JSON Lines, folders and standard input; clean them.

- ``read_file(path, published=None, max_bytes=None) -> list[Article]``: one input; raises
  :class:`~eventcoder.errors.InputError` naming the input and the problem.
- ``read_text(content, format="text"|"html", name=...) -> list[Article]``: one article given
  as a string, read as ``read_file`` reads the same text in a ``.txt``/``.html`` file.
- ``read_records(path, published=None, max_bytes=None) -> (articles, failures)``: one input
  of many records; a bad record is a :class:`~eventcoder.models.ReadFailure`, the rest is read.
- ``iter_articles(paths, published=None, max_bytes=None) -> Iterator[Article | ReadFailure]``:
  many inputs, folders recursively, ``-`` for stdin, streamed; bad inputs are yielded as
  :class:`~eventcoder.models.ReadFailure`, never raised.
- ``clean(article) -> Document``: strip boilerplate, classify news/opinion, hash content.
"""

from eventcoder.read.clean import clean, content_hash
from eventcoder.read.reader import (
    SUPPORTED_SUFFIXES,
    iter_articles,
    read_file,
    read_records,
    read_text,
)

__all__ = [
    "SUPPORTED_SUFFIXES",
    "clean",
    "content_hash",
    "iter_articles",
    "read_file",
    "read_records",
    "read_text",
]
