"""The duplicate and passage groups a survey reads: those the latest dedupe pass kept in the
store, or, when no pass kept any, those of a pass run now (which keeps them in turn).

Reading kept groups costs milliseconds where a pass costs seconds, and it shows the groups
with the ids ``corpus dedupe`` printed; the survey says which it did, and how many articles
were stored after the pass it reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus_cli.models import DedupeResult
from corpus_cli.settings import DedupeSettings
from corpus_cli.store import Store

KEPT = "kept"  # read from the store
FRESH = "fresh"  # found by a pass run now
NONE = "none"  # fewer than two articles: nothing to compare


@dataclass(frozen=True, slots=True)
class SurveyGroups:
    result: DedupeResult
    origin: str  # KEPT, FRESH or NONE
    pass_number: int | None = None  # the kept pass read
    stored_since: int | None = None  # versions stored after it (None: not recorded)

    def describe(self) -> str:
        """Where the groups come from, in one sentence."""
        if self.origin == NONE:
            return ("No duplicate or passage groups: the store holds fewer than two "
                    "articles.")
        if self.origin == FRESH:
            return ("No dedupe pass was kept in the store, so one was run now with the "
                    "default settings (and kept, as corpus dedupe keeps its groups).")
        said = (f"Duplicate and passage groups as the latest dedupe pass kept them "
                f"(pass {self.pass_number}); no new pass was run.")
        if self.stored_since:
            said += (f" {self.stored_since} article version(s) stored since are in none of "
                     "them: run corpus dedupe to include them.")
        return said


def store_groups(store: Store, settings: DedupeSettings | None = None) -> SurveyGroups:
    """The kept groups of the latest pass, or a pass now when none is kept."""
    latest = store.latest_pass()
    articles = store.count()
    if latest is not None:
        duplicates, passages = store.kept_pass(latest.settings)
        return SurveyGroups(DedupeResult(articles, tuple(duplicates), tuple(passages)), KEPT,
                            latest.number, latest.stored_since)
    if articles < 2:
        return SurveyGroups(DedupeResult(articles, (), ()), NONE)
    return SurveyGroups(dedupe_store(store, settings or DedupeSettings()), FRESH)


def dedupe_store(store: Store, settings: DedupeSettings) -> DedupeResult:
    """A full pass, kept in the store (the dedupe engine is imported only when one runs)."""
    from corpus_cli.dedupe.run import dedupe_store as full_pass

    return full_pass(store, settings)
