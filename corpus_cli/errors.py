"""Typed errors raised by the core, the exit codes they map to, and the ``Verdict`` every
workflow returns.

The core raises these with messages written for users; only the CLI (``cli/app.py``)
turns them into ``error: ...`` lines on stderr and process exit codes.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, documented in README.md."""

    OK = 0
    FINDINGS = 1  # only when a command was asked to check (--check, --fail-on)
    USAGE = 2
    INPUT = 3  # some inputs could not be read, or the store is unusable
    BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader of our stdout went away
    INTERRUPTED = 130


class CorpusError(Exception):
    """Base class: an error the user can act on. ``str(err)`` is the message."""

    exit_code: ExitCode = ExitCode.INPUT


class UsageError(CorpusError):
    """Options or arguments that do not make sense together."""

    exit_code = ExitCode.USAGE


class InputError(CorpusError):
    """One input could not be read as an article; the others go on."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason

    @classmethod
    def unexpected(cls, name: str, err: Exception) -> InputError:
        """Anything else one input made go wrong (an odd file system entry, a value no
        reader foresaw): that input is an error, and the others are still read."""
        if isinstance(err, MemoryError):
            return cls(name, "cannot be read: not enough memory")
        if isinstance(err, RecursionError):
            return cls(name, "cannot be read: nested too deeply")
        if isinstance(err, OSError) and err.strerror:
            return cls(name, f"cannot be read: {err.strerror.lower()}")
        detail = str(err)
        return cls(name, f"cannot be read: {type(err).__name__}{': ' if detail else ''}"
                         f"{detail[:200]}")


class StoreError(CorpusError):
    """The store cannot be opened or used (not a corpus store, newer schema, locked).

    The subclasses below say why, for callers that act on it (wait longer, free space);
    the message names the store and the cause, with what to do about it.
    """


class StoreLocked(StoreError):
    """Another process held the store's write lock for longer than we were to wait."""


class StoreFull(StoreError):
    """The disk holding the store has no room for what was being written."""


class StoreReadOnly(StoreError):
    """The store must be written to and cannot be (file mode, attribute, file system)."""


class StoreDamaged(StoreError):
    """The store file is corrupt, or lacks part of its schema."""


class OutputError(CorpusError):
    """A file the command writes cannot be written (a missing or read-only folder, a full
    disk)."""


class NotFoundError(CorpusError):
    """An id or path names nothing in the store, or more than one thing."""


class Verdict:
    """What a run met and found, and the exit code that says so (as black's ``Report``).

    Every workflow returns one. An input that could not be read is an error: the other
    inputs are still processed, and the exit code is ``INPUT``. A finding is recorded only
    when a command was asked to check (``--check``, ``--exit-code``): exit ``FINDINGS``.
    Errors weigh more than findings, so a broken input never reads as "a copy was found".
    ``on_error`` hears of each error as it happens (the CLI prints it at once).
    """

    __slots__ = ("errors", "findings", "on_error")

    def __init__(self, on_error: Callable[[InputError], None] | None = None) -> None:
        self.errors: list[InputError] = []
        self.findings: list[str] = []
        self.on_error = on_error

    def error(self, err: InputError) -> None:
        self.errors.append(err)
        if self.on_error is not None:
            self.on_error(err)

    def finding(self, reason: str) -> None:
        self.findings.append(reason)

    @property
    def exit_code(self) -> ExitCode:
        if self.errors:
            return ExitCode.INPUT
        return ExitCode.FINDINGS if self.findings else ExitCode.OK
