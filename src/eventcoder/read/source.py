"""Bytes in, checked text out: the checks every input goes through before it is parsed.

Every problem a user can fix (missing, empty, binary, not UTF-8, too large) is raised as
:class:`~eventcoder.errors.InputError` naming the input, so the CLI can print one line.
"""

from __future__ import annotations

import sys
from pathlib import Path

from eventcoder.errors import InputError

STDIN = "-"
STDIN_NAME = "<stdin>"

#: Control bytes that never occur in text files (everything below 0x20 except tab, LF, FF, CR,
#: and ESC, which shows up in terminal captures). A file dense in them is binary.
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}
#: Share of control bytes in the first block above which a file counts as binary.
_BINARY_CONTROL_SHARE = 0.10
_SNIFF_BYTES = 8192


def source_name(path: str) -> str:
    return STDIN_NAME if path == STDIN else path


def read_bytes(path: str, max_bytes: int) -> bytes:
    """Read a whole input (a file or ``-`` for stdin), refusing anything over ``max_bytes``."""
    name = source_name(path)
    if path == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(name, f"input is larger than the limit of {max_bytes:,} bytes")
        return data
    file = Path(path)
    if not file.exists():
        raise InputError(name, "file not found")
    if file.is_dir():
        raise InputError(name, "is a folder, not a file (use `eventcoder ingest` for folders)")
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise InputError(
                name,
                f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes "
                "(raise EVENTCODER_MAX_INPUT_BYTES to allow it)",
            )
        return file.read_bytes()
    except PermissionError as exc:
        raise InputError(name, "permission denied") from exc
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from exc


def check_binary(name: str, data: bytes) -> None:
    """Refuse data that is not text: NUL bytes or a high share of control bytes."""
    head = data[:_SNIFF_BYTES]
    nul = data.find(b"\x00")
    if nul != -1:
        raise InputError(name, f"binary file (NUL byte at offset {nul}), expected text")
    if head:
        controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
        if controls / len(head) > _BINARY_CONTROL_SHARE:
            raise InputError(name, "binary file (mostly control bytes), expected text")


def decode_text(name: str, data: bytes, *, offset_base: int = 0) -> str:
    """Decode UTF-8 (a leading BOM is dropped); name the byte offset of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 4]
        raise InputError(
            name,
            f"not UTF-8: invalid byte 0x{data[exc.start]:02x} at byte offset "
            f"{offset_base + exc.start} (bytes {bad!r}); convert it with e.g. "
            "`iconv -f latin1 -t utf-8`",
        ) from exc


def checked_text(name: str, data: bytes) -> str:
    """The text of a whole single-document input, after every check."""
    if not data.strip():
        raise InputError(name, "empty file" if data == b"" else "file contains only whitespace")
    check_binary(name, data)
    text = decode_text(name, data)
    if not text.strip():
        raise InputError(name, "file contains only whitespace")
    return text
