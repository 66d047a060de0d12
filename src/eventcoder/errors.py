"""Errors a user can act on. Each renders as one line naming the input and the problem."""

from __future__ import annotations


class EventcoderError(Exception):
    """Base class for errors shown to users as a single line (CLI exit status 2)."""


class InputError(EventcoderError):
    """An input that cannot be read: missing, empty, binary, not UTF-8, too large, malformed."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")
