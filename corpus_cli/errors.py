"""Typed errors raised by the core and the exit codes they map to.

The core raises these with messages written for users; only ``cli.app.main`` turns
them into ``error: ...`` lines on stderr and process exit codes.
"""

from __future__ import annotations

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


class StoreError(CorpusError):
    """The store cannot be opened or used (not a corpus store, newer schema, locked)."""


class NotFoundError(CorpusError):
    """An id or path names nothing in the store, or more than one thing."""
