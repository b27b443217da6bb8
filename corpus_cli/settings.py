"""Validated, frozen settings objects: the core never sees command-line parameters.

Every number that changes what a command finds lives here as a field with a checked
range, not as a module global: a library caller (or the Spark engine) passes the same
object to every stage. Defaults, and how they were chosen: bench/README.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corpus_cli.errors import UsageError
from corpus_cli.text.frequency import BoilerplatePolicy

MiB = 1024 * 1024
DEFAULT_MAX_SIZE = 16 * MiB
DEFAULT_BATCH = 20_000
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
    # fewer commits and fewer page writes per article.
    batch_size: int = DEFAULT_BATCH
    batch_seconds: float = 1.0
    boilerplate: BoilerplatePolicy = field(default_factory=BoilerplatePolicy)

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


def _check(name: str, ok: bool, expected: str, value: object) -> None:
    if not ok:
        raise UsageError(f"{name} must be {expected} (got {value})")


@dataclass(frozen=True, slots=True)
class Fingerprinting:
    """How paragraphs become fingerprints: hashes of ``k`` consecutive words, one in
    ``2**sample_bits`` kept (chosen by the hash, so copies keep the same ones), every one
    kept in paragraphs of fewer than ``short`` words (an edited word or two would leave a
    sample with nothing in common).

    The dedupe index in the store is built with one scheme, recorded beside it: a pass
    with another scheme rebuilds it rather than misread it.
    """

    k: int = 4  # long enough to be rare, short enough to survive 10 % of words edited
    sample_bits: int = 2
    short: int = 24

    def __post_init__(self) -> None:
        _check("fingerprint k", 2 <= self.k <= 16, "2 to 16 words", self.k)
        _check("sample_bits", 0 <= self.sample_bits <= 8, "0 to 8", self.sample_bits)
        _check("short", self.short >= 0, "0 or more words", self.short)

    @property
    def key(self) -> str:
        """The scheme's name, as the store records it."""
        return f"k{self.k}-sample{self.sample_bits}-short{self.short}"


@dataclass(frozen=True, slots=True)
class DedupeSettings:
    """What counts as a duplicate and as a shared passage, and how candidates are found."""

    # Share of the shorter article's words found in the other, order and edits aside.
    threshold: float = 0.8
    min_words: int = 8  # shortest passage reported, in words
    passage_threshold: float = 0.8  # word-level similarity of two passage occurrences
    include_boilerplate: bool = False
    # A near duplicate also covers this share of the longer article: a copy may drop up
    # to about half of a story, but a short article quoted whole inside a much longer
    # one is a shared passage, not a copy.
    min_longer_share: float = 0.5
    # ... or this share, when the two carry the same headline: a copy that kept the
    # headline and dropped much of the story (a trimmed reprint).
    min_longer_share_same_title: float = 0.1
    # Two paragraphs at least this alike (common words over mean length) count their
    # common words towards a near duplicate of their articles, though edited too much to
    # be reported as a shared passage.
    pair_similarity: float = 0.5
    # An article pair whose evidence covers this share of the shorter, short of
    # ``threshold``, has the rest of its paragraphs compared directly (fingerprints miss
    # a paragraph edited in most of its words); ``completion_share_short`` when the
    # shorter has at most ``short_body`` words (a few short lines, a table, where one
    # changed figure leaves a line without a fingerprint in common).
    completion_share: float = 0.5
    completion_share_short: float = 0.3
    short_body: int = 100
    # Candidates: a fingerprint in at most ``rare`` paragraphs pairs them all; in up to
    # ``max_df`` each is paired with the first ``hubs`` carrying it; commoner ones are
    # stock phrases and pair nothing.
    rare: int = 8
    hubs: int = 4
    max_df: int = 50
    max_candidates: int = 64  # stored articles verified per checked article, most shared first
    # Verification: unmatched words tolerated inside a matching region, on either side;
    # a region inside both paragraphs needs ``fragment_factor`` times ``min_words``.
    gap: int = 3
    fragment_factor: int = 2
    # Passage grouping: two occurrences in one article are the same passage when they
    # overlap by ``same_span`` of the longer; groups of more than ``max_centred`` articles
    # are not split around centres.
    same_span: float = 0.8
    max_centred: int = 400
    fingerprints: Fingerprinting = field(default_factory=Fingerprinting)
    boilerplate: BoilerplatePolicy = field(default_factory=BoilerplatePolicy)

    def __post_init__(self) -> None:
        _check("--threshold", 0 < self.threshold <= 1, "in (0, 1]", self.threshold)
        _check("--passage-threshold", 0 < self.passage_threshold <= 1, "in (0, 1]",
               self.passage_threshold)
        _check("--min-words", self.min_words >= 1, "at least 1", self.min_words)
        _check("min_longer_share", 0 < self.min_longer_share <= 1, "in (0, 1]",
               self.min_longer_share)
        _check("min_longer_share_same_title",
               0 < self.min_longer_share_same_title <= self.min_longer_share,
               "in (0, min_longer_share]", self.min_longer_share_same_title)
        _check("pair_similarity", 0 < self.pair_similarity <= 1, "in (0, 1]",
               self.pair_similarity)
        _check("completion_share", 0 < self.completion_share <= self.threshold,
               "in (0, threshold]", self.completion_share)
        _check("completion_share_short",
               0 < self.completion_share_short <= self.completion_share,
               "in (0, completion_share]", self.completion_share_short)
        _check("short_body", self.short_body >= 0, "0 or more", self.short_body)
        _check("rare", self.rare >= 2, "at least 2", self.rare)
        _check("hubs", self.hubs >= 1, "at least 1", self.hubs)
        _check("max_df", self.max_df >= self.rare, f"at least rare ({self.rare})", self.max_df)
        _check("max_candidates", self.max_candidates >= 1, "at least 1", self.max_candidates)
        _check("gap", self.gap >= 0, "0 or more", self.gap)
        _check("fragment_factor", self.fragment_factor >= 1, "at least 1",
               self.fragment_factor)
        _check("same_span", 0 < self.same_span <= 1, "in (0, 1]", self.same_span)
        _check("max_centred", self.max_centred >= 2, "at least 2", self.max_centred)

    @property
    def key(self) -> str:
        """A name for these settings: the store keeps the groups found with each."""
        from corpus_cli.digest import blake2b

        return blake2b(repr(self).encode(), digest_size=6).hexdigest()


FAIL_ON = ("duplicate", "passage")


@dataclass(frozen=True, slots=True)
class CheckRule:
    """When ``corpus dedupe --check`` fails: on an exact or near copy of a stored article
    (``duplicate``), or on any shared passage (``passage``), then only when shared
    passages cover more than ``max_shared`` of a new article's words, if given."""

    fail_on: str = "duplicate"
    max_shared: float | None = None

    def __post_init__(self) -> None:
        _check("--fail-on", self.fail_on in FAIL_ON, " or ".join(FAIL_ON), self.fail_on)
        if self.max_shared is not None:
            _check("--max-shared", self.fail_on == "passage", "given with --fail-on passage",
                   self.max_shared)
            _check("--max-shared", 0 <= self.max_shared <= 1, "in [0, 1]", self.max_shared)


@dataclass(frozen=True, slots=True)
class DiffSettings:
    """Options of one comparison of two articles."""

    ignore_punctuation: bool = False
    include_boilerplate: bool = False
    # A pair of paragraphs below this similarity is an insert and a delete, not an edit.
    min_similarity: float = 0.5
    # Moves claim more than edits in place: a looser pairing out of order is noise.
    min_move_similarity: float = 0.6

    def __post_init__(self) -> None:
        for name in ("min_similarity", "min_move_similarity"):
            value = getattr(self, name)
            _check(name, 0.0 < value <= 1.0, "in (0, 1]", value)


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
