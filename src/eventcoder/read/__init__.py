"""Read: articles from plain text, HTML, JSON Lines, folders and standard input; clean them.

Public API (being built, issue 2):

- ``read_file(path, published=None) -> list[Article]``: one input; raises ``InputError``.
- ``iter_articles(paths, published=None) -> Iterator[Article | ReadFailure]``: many inputs,
  folders recursively, ``-`` for stdin; bad inputs are yielded as failures, never raised.
- ``clean(article) -> Document``: strip boilerplate, classify news/opinion, hash content.
"""
