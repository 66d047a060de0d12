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


class CodingTimeLimit(EventcoderError):
    """Coding one document ran past its time limit (the server's per-request limit)."""

    def __init__(self, document_id: str, reached: int, length: int) -> None:
        self.document_id = document_id
        self.reached = reached
        self.length = length
        super().__init__(
            f"{document_id}: coding stopped at the time limit after {reached:,} of "
            f"{length:,} characters"
        )
