"""Validated, frozen settings objects: the core never sees command-line parameters."""

from __future__ import annotations

from dataclasses import dataclass, field

from corpus_cli.errors import UsageError
from corpus_cli.text.boilerplate import FrequencyPolicy

MiB = 1024 * 1024
DEFAULT_MAX_SIZE = 16 * MiB
DEFAULT_BATCH = 2000
# A .json file may hold an array of many articles and cannot be streamed with the
# standard library; JSON Lines and WARC are streamed record by record.
JSON_FILE_FACTOR = 8


@dataclass(frozen=True, slots=True)
class IngestSettings:
    max_size: int = DEFAULT_MAX_SIZE  # per-article cap, in bytes of input
    globs: tuple[str, ...] = ()  # file patterns chosen when walking folders
    stdin_name: str | None = None  # location to give an article read from stdin
    jobs: int = 0  # worker processes for reading and segmenting; 0 = one per core, 1 = none
    # Articles per write transaction, or fewer when reading is slow. Bigger batches mean
    # fewer commits and fewer page writes per article (bench/bench_ingest.py).
    batch_size: int = DEFAULT_BATCH
    batch_seconds: float = 1.0
    frequency: FrequencyPolicy = field(default_factory=FrequencyPolicy)

    def __post_init__(self) -> None:
        if self.max_size < 1024:
            raise UsageError(f"--max-size must be at least 1 KiB (got {self.max_size} bytes)")
        if self.jobs < 0:
            raise UsageError(f"--jobs must be 0 (one per core) or more (got {self.jobs})")
        if self.batch_size < 1:
            raise UsageError("batch size must be at least 1")

    @property
    def max_json_file(self) -> int:
        return self.max_size * JSON_FILE_FACTOR


_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": MiB, "mb": MiB, "mib": MiB,
          "g": 1024 * MiB, "gb": 1024 * MiB, "gib": 1024 * MiB}


def parse_size(text: str) -> int:
    """Bytes in a size such as ``16M``, ``16MiB``, ``500k`` or ``1048576`` (binary units)."""
    import re

    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    unit = m.group(2).lower() if m else ""
    if not m or unit not in _UNITS:
        raise UsageError(f"--max-size: cannot read {text!r} as a size (try 16M or 20MiB)")
    return int(float(m.group(1)) * _UNITS[unit])


@dataclass(frozen=True, slots=True)
class DedupeSettings:
    """What counts as a duplicate and as a shared passage (defaults: bench/README.md)."""

    # Share of the shorter article's words found in the other, order and edits aside.
    threshold: float = 0.8
    min_words: int = 8  # shortest passage reported, in words
    passage_threshold: float = 0.8  # word-level similarity of two passage occurrences
    include_boilerplate: bool = False
    max_df: int = 50  # fingerprints shared by more paragraphs than this are too common

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 1:
            raise UsageError(f"--threshold must be in (0, 1] (got {self.threshold})")
        if not 0 < self.passage_threshold <= 1:
            raise UsageError(
                f"--passage-threshold must be in (0, 1] (got {self.passage_threshold})")
        if self.min_words < 1:
            raise UsageError(f"--min-words must be at least 1 (got {self.min_words})")


@dataclass(frozen=True, slots=True)
class QuoteFilter:
    """Which quotes ``corpus quotes`` reports."""

    speaker: str | None = None  # a name, a variant spelling or a part of one
    source: str | None = None  # a part of the outlet or of the path
    min_sources: int = 1  # articles carrying the quote's group
    partial: bool = True  # fragments of one to three words too

    def __post_init__(self) -> None:
        if self.min_sources < 1:
            raise UsageError(f"--min-sources must be 1 or more (got {self.min_sources})")
        for name, value in (("--speaker", self.speaker), ("--source", self.source)):
            if value is not None and not value.strip():
                raise UsageError(f"{name} needs a non-empty value")
