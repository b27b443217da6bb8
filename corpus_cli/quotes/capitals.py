"""What one capitalised run of an article says on its own, and with the words around it.

``Mentions.people`` reads an article's capitalised runs ("Sen. Bernie Sanders", "The U.S.
State Department", "Officials") one by one: whether a run names a person (``run_name``) or
a body (``is_body``), and what the words next to it say (a cue verb before it, a role, a
verb after it, the start of a sentence).
"""

from __future__ import annotations

import re
from functools import lru_cache

from corpus_cli.quotes.names import (
    CAPITAL_RUN,
    NOT_NAMES,
    ORG_WORDS,
    ROLE_ENDINGS,
    TITLES,
    VERBS,
    given_sex,
    person_name,
    word_set,
)

DETERMINED = [[w] for w in ("a", "an", "the", "his", "her", "its", "their", "our")]
# Words after "Name's" that make it "Name has" or "Name is", the name the subject: "Christie's
# been making the case", "Trump's not going to win".
AFTER_CONTRACTION = word_set("been not never going got gotten always already also still just")

# Nouns a surname modifies without naming its person as anyone's subject: "the Clinton
# campaign", "Trump supporters", "Sanders buttons".
ADJUNCT_NOUNS = word_set("""
campaign campaigns administration aide aides adviser advisers advisor advisors supporter
supporters camp team allies ally staff staffer staffers spokesman spokeswoman
spokesperson voters backers delegates surrogate surrogates era presidency foundation
rally rallies buttons signs fans loyalists voter
""")

OF_NAME = re.compile(r" of (?:the )?[A-Z]")
POSSESSIVE = re.compile(r"['’]s?$")
# The word after a run is looked at, not consumed: it may start the next run.
RUN_AND_NEXT = re.compile(rf"({CAPITAL_RUN.pattern})(?=(,? )([\w'’]+)|)")


@lru_cache(maxsize=65536)
def run_name(run: str) -> tuple[str, bool] | None:
    """The person a capitalised run names, and whether a title says it is one."""
    if " " not in run and run.lower().rstrip(".") in NOT_NAMES:
        return None  # "The", "But", "He": most capitals start a sentence
    words = run.split()
    owner = max((k for k, w in enumerate(words[:-1]) if w.endswith(("’s", "'s"))), default=-1)
    if owner >= 0:
        # "McCallum’s Safe Surrey Coalition": a thing someone has; "North Carolina’s Ada
        # Fisher": a person, given name first, someone or somewhere has.
        rest = " ".join(words[owner + 1 :])
        if not 2 <= len(words) - owner - 1 <= 3 or given_sex(rest) is None:
            return None
        run = rest
    words = [w.rstrip(".") if len(w) > 2 else w for w in run.replace(". ", " ").split()]
    name = person_name(words)
    if name is None or nationality(name):
        return None
    # A title before the name, wherever the run starts: "Sen. Bernie Sanders", "When
    # Sen. Bernie Sanders", "Republican Rep. Lee Zeldin".
    return name, any(w.lower() in TITLES for w in words[: len(words) - len(name.split())])


@lru_cache(maxsize=65536)
def run_info(run: str) -> tuple[str | None, bool, str, int, bool, bool]:
    """What ``Mentions.people`` asks of a capitalised run, once per distinct run: the person it
    names (or None), whether a title says so, the name's last word and its number of
    words, whether the run has several words, whether it ends with a possessive."""
    found = run_name(run)
    several, possessive = " " in run, run.endswith(("’s", "'s", "s’", "s'"))
    if found is None:
        return None, False, "", 0, several, possessive
    name, titled = found
    words = name.split()
    return name, titled, words[-1], len(words), several, possessive


def acts(word: str) -> bool:
    """Is this lower-case word, after a name, a verb in the past ("decided", "met")?"""
    return word in VERBS or word in _PAST or (word.endswith("ed") and len(word) > 4)


_PAST = word_set("met went made took gave got came held kept left ran saw spoke stood won "
                 "lost began brought thought felt found knew led sent spent wore wrote")


def after_cue(text: str, at: int, end: int) -> bool:
    """Does a cue verb set off by a comma stand before the name at ``at`` to ``end``,
    and the name end the clause ("…, adds Al Basha.")? Not "…, said Hillary Clinton
    should be ready", where the name opens what was said."""
    before = text[max(0, at - 16) : at]
    comma = before.rfind(", ")
    return comma >= 0 and before[comma + 2 :].rstrip().lower() in VERBS \
        and text[end : end + 1] in (".", ",", ";", ":", "")


# A name set off from its cue verb: an apposition ("Brian Murphy, the chairman of the
# Rockingham County GOP, for example, said"), a place ("Darran Whiting of Liberty Baptist
# Church in Marion, said"), up to a sentence end or a quote.
_SET_OFF = re.compile(r"(?:,| of | from )[^.;:!?“”\"]{1,140}")
_COMMA_WORD = re.compile(r", (?:[a-z]+ly )?([a-z]+)\b")


def cue_after_apposition(text: str, at: int, end: int) -> bool:
    """Does a cue verb follow the name from ``at`` to ``end``, after words set off by
    commas ("…, the chairman of the county party, said")? Then the name is the subject
    speaking, if it opens a sentence or a clause: not "Lady Hale, sitting with Lords
    Bingham, Steyn and Hope, said", where the name is the object of a preposition."""
    before = text[max(0, at - 3) : at]
    if "\n" not in before and before.strip() and not before.rstrip().endswith(
            (".", ",", "”", '"')):
        return False
    m = _SET_OFF.match(text, end)
    return m is not None and any(w.group(1) in VERBS
                                 for w in _COMMA_WORD.finditer(text, end + 1, m.end()))


def after_role(text: str, at: int) -> bool:
    """Does a role stand before ``at`` ("governor David Dodge", "prosecutor Michael
    Pilon")?"""
    role = text[max(0, at - 16) : at].rstrip().rsplit(None, 1)[-1:]
    return bool(role) and (role[0].rstrip(".").lower() in TITLES or (
        role[0].islower() and role[0].endswith(ROLE_ENDINGS)))


def is_body(run: str, speaks: bool) -> bool:
    """Does the run name an organisation: a word of one in it ("State Department"), or a
    cue verb after it ("Google said")?"""
    words = [w.lower().rstrip(".") for w in run.split()]
    if all(w in NOT_NAMES for w in words) or nationality(run) \
            or any(w.endswith(("’s", "'s", "’", "'")) for w in words):
        return False
    # "EDC declined to answer": an acronym names a body.
    return speaks or any(w in ORG_WORDS for w in words) or (
        len(run) > 1 and run.isupper() and run.isalpha() and len(run) <= 6)


def body_name(run: str) -> str:
    """"The U.S. State Department" → "the U.S. State Department"."""
    return "the" + run[3:] if run.startswith("The ") else run


def sentence_initial(text: str, at: int) -> bool:
    """Does a sentence (or a paragraph) start at ``at``? News introduces a person there:
    "Roy Graf protested …", "Yuni, a resident of Lampung, …"."""
    before = text[max(0, at - 3) : at]
    return at == 0 or "\n" in before or before.rstrip().endswith((".", "!", "?", "”", '"'))



def nationality(name: str) -> bool:
    """A people, not a person: "Canadian", "Southern", "African Americans"."""
    if " " in name:
        return name.endswith(("icans", "ians"))
    return name.endswith(("ian", "ese", "ish", "ean", "ans")) or name.lower() in (
        "northern", "southern", "eastern", "western")
