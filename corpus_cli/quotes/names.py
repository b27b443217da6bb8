"""Words and names in a stretch of text: tokens, capitalised name runs, titles, folding.

Everything here works on short windows of an article (a sentence around a quote), or
searches the article for one given word, so no pattern ever sees unbounded input twice.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import NamedTuple


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one string, as word lists read best."""
    return frozenset(words.split())


# A word: letters or digits, with inner apostrophes, hyphens and dots (O’Brien, then-Surrey,
# U.S.). Linear: one character class repeated, no nesting.
_WORD = re.compile(r"[^\W_][\w'’.\-]*")

TITLES = word_set("""
mr mrs ms miss mx dr prof professor sir dame lord lady president premier prime minister
chancellor senator sen rep representative gov governor mayor judge justice chief officer
gen general maj major col colonel lt lieutenant capt captain sgt sergeant cpl corporal
minister secretary foreign defence defense deputy vice king queen prince princess pope rev
reverend father bishop councillor coun const constable insp inspector det detective
commissioner ambassador senior advisor adviser spokesman spokeswoman spokesperson leader
superintendent supt chairman chairwoman chair ceo mp mla mpp state interior finance health
justice attorney solicitor counsel coach manager director executive head
""")
# Lower-case words that may sit inside a name: Ursula von der Leyen, Abu Bakr al-Baghdadi.
PARTICLES = word_set("de van von der den da di du la le del dos das bin ibn al el abu")
PRONOUNS = word_set("he she they we i it")
# Capitalised words that start sentences or name no one; a run made only of these is
# no speaker.
NOT_NAMES = word_set("""
the a an this that these those it its he she they we i you his her their our my your but and
or so yet if when while as in on at by for from with of to after before during since then
there here what who why how which where speaking meanwhile however also still asked earlier
later now today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
mr mrs ms dr perhaps unlike rather many some most few both all each every other another such
instead despite although though because since until unless whether like just only even
story last next jan feb mar apr jun jul aug sep sept oct nov dec watch read
article continued continues below advertisement somehow besides anyway otherwise nonetheless
nevertheless therefore thus indeed finally eventually overall initially
does do did can could would should must is are was were has have had said says stated yes
nobody repeatedly maybe several once one year
""")
# Last words of capitalised runs that name a time or an event, not a person:
# "Christmas Day", "Question Period".
TIME_WORDS = word_set("day eve period week weekend month year night morning season")
# Words that make a capitalised run a place: its last word ("South China Sea", "Wall
# Street", "North Carolina", "New York", "Western Europe") or its first ("Fort Pierce",
# "Santa Catarina", "Lake Placid"). A person's name never ends with one of the last
# words; the first words are no given names.
PLACE_LAST = word_set("""
sea ocean river lake bay gulf strait channel coast beach island islands peninsula valley
canyon mountain mountains hills hill heights falls springs desert forest park square
street avenue road boulevard lane drive plaza circle bridge tower towers hall church
cathedral mosque temple synagogue stadium arena airport station port harbor harbour
county township district province territory state states city town village
europe asia africa america americas antarctica arctic atlantic pacific caribbean
carolina dakota jersey hampshire york mexico zealand korea arabia emirates orleans vegas
angeles francisco diego antonio jose louis petersburg salvador rica lanka scotia
columbia brunswick labrador
""")
PLACE_FIRST = word_set("""
north south east west northern southern eastern western central upper lower new fort
santa san los las saint st lake mount port mt greater great
""")
# Words that mark a capitalised run as an organisation, place or outlet, not a person.
ORG_WORDS = word_set("""
news times post press independent ministry department university college party council
agency association union court police government house office service services company
group bank committee commission board institute centre center foundation forces army
navy force federation league club inc ltd corp corporation network radio tv television
reuters cbc ctv bbc cnn abc nbc afp ap canada canadian kremlin parliament senate congress
republic kingdom states nations city province county region museum hospital school
airport channel journal herald globe mail star magazine tribune telegraph guardian
organization organisation authority program programme fund republican republicans democrat
democrats liberal liberals conservative conservatives open cup championship tour games
coalition alliance society tory tories labour ukip snp paper industry industries
legislature assembly campaign administration
""")


# Upper-case letters of the Latin, Greek and Cyrillic blocks, as one character class:
# Python's re has no \p{Lu}.
_UPPER = "".join(re.escape(chr(c)) for c in (*range(0x41, 0x250), *range(0x370, 0x530))
                 if chr(c).isupper())
# A run of capitalised words separated by one space, or by ". " after an initial or an
# abbreviated title (J. K. Rowling, Dr. Matthew Bowes) but not after a sentence. Dots sit
# only inside a word (U.S), each repetition starts with a character the one before cannot
# match, so the match is linear.
_CAP_WORD = rf"[{_UPPER}][\w'’\-]*(?:\.[\w'’\-]+)*"
_ABBREV_DOT = (r"(?:(?<=\b[A-Z])\.|(?<=\bMr|\bMs|\bDr|\bSt|\bJr|\bLt)\."
               r"|(?<=\bMrs|\bSen|\bGov|\bGen|\bCol|\bRev|\bRep)\.)?")
_PARTICLE = r"(?:(?:de|van|von|der|den|da|di|du|la|le|del|dos|das|bin|ibn|al|el) )*"
# The first capital is matched before the look-behind that keeps it from starting inside
# a word (``[A-Z](?<![\w'’].)`` rather than ``(?<![\w'’])[A-Z]``): a pattern that opens
# with a character class lets the engine skip to the next capital at C speed (faster over
# a whole article; bench/README.md), same matches.
CAPITAL_RUN = re.compile(
    rf"[{_UPPER}](?<![\w'’\-].)[\w'’\-]*(?:\.[\w'’\-]+)*"
    rf"(?:{_ABBREV_DOT} {_PARTICLE}{_CAP_WORD})*")


class Token(NamedTuple):
    """A word, its offsets, its lower case (a trailing dot dropped) and whether it is
    capitalised: a tuple, cheap to make, with what every pattern asks of it worked out
    once rather than at each look."""

    text: str
    start: int
    end: int
    lower: str
    capital: bool


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    stop = len(text) if end is None else end
    out: list[Token] = []
    append = out.append
    new = tuple.__new__  # Token(...) goes through a Python-level __new__: twice the cost
    for m in _WORD.finditer(text, start, stop):
        word = m.group()
        at = m.start()
        if word[-1] in ".-'’" and not _initial(word):
            # Trailing punctuation closes the sentence or the quote, not the word.
            word = word.rstrip(".-'’")
        append(new(Token, (word, at, at + len(word), word.lower().rstrip("."),
                           word[0].isupper() or ("-" in word
                                                 and _PARTICLE_NAME.match(word) is not None))))
    return out


# A surname a particle opens, one name word all the same: "al-Assad", "bin-Salman".
_PARTICLE_NAME = re.compile(r"(?:al|el|bin|ibn|abu|ben)-[A-Z]")


def fold(text: str) -> str:
    """Lower-case ASCII letters: accents dropped, ł → l, ß → ss."""
    if text.isascii():
        return text.lower()
    text = text.translate(_SPECIAL)
    if text.isascii():  # only curly apostrophes: nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


_SPECIAL = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d",
                          "Đ": "D", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "’": "'"})


def name_runs(toks: list[Token], text: str) -> list[tuple[int, int]]:
    """Runs of capitalised tokens ``[i, j)`` separated by single spaces only (a comma or
    a line break ends a name), particles allowed inside."""
    runs: list[tuple[int, int]] = []
    i = 0
    n = len(toks)
    while i < n:
        if not toks[i].capital:
            i += 1
            continue
        j = i + 1
        while j < n:
            gap = text[toks[j - 1].end : toks[j].start]
            if gap != " " and not (gap == ". " and (toks[j - 1].lower in TITLES
                                                    or len(toks[j - 1].text) == 1)):
                break  # "Dr. Matthew Bowes" and "J. Smith" hold together; ", " does not
            if toks[j].capital or (toks[j].lower in PARTICLES and j + 1 < n
                                   and toks[j + 1].capital):
                j += 1
                continue
            break
        runs.append((i, j))
        i = j
    return runs


def strip_titles(words: list[str]) -> list[str]:
    """``["Mr", "Viačorka"]`` → ``["Viačorka"]``; a lone title stays as written."""
    k = 0
    while k < len(words) - 1 and words[k].lower().rstrip(".") in TITLES:
        k += 1
    return words[k:]


def person_name(words: list[str]) -> str | None:
    """The person a capitalised run names, titles dropped; None for places and bodies."""
    words = [w.rstrip(".") if not _initial(w) else w for w in words]
    suffix = words[-1] if len(words) > 2 and words[-1] in _SUFFIXES else None
    if suffix is not None:
        words = words[:-1]  # "Brent Bozell III", "James B. Comey Jr": the suffix is no body
    owner = max((k for k, w in enumerate(words[:-1]) if w.endswith(("’s", "'s"))), default=-1)
    if owner >= 0 and len(words) - owner > 2:
        words = words[owner + 1 :]  # "North Carolina’s Ada Fisher", "Gallup’s Jeff Jones"
    if any("’" in w or "'" in w for w in words):  # most names hold no possessive
        words = [w[:-2] if w.endswith(("’s", "'s")) else w[:-1] if w.endswith(("s’", "s'"))
                 else w for w in words]
    if len(words) == 2 and words[0].lower() in _COURTESY and words[1][:1].isupper() \
            and words[1].lower() not in NOT_NAMES:
        return words[1]  # "Mr. King", "Ms. Prince": a surname, whatever else it is
    while words and (words[0].lower() in NOT_NAMES or words[0].lower() in _LEADING or (
            len(words) > 1 and words[0].lower().endswith("ing")) or (
            len(words) > 1 and "-" in words[0]
            and words[0].rsplit("-", 1)[1].endswith(("ed", "ing", "led", "born")))):
        # (and "Oscar-nominated Owen", "Tory-led council": an adjective, not a name)
        words = words[1:]  # "Assuming MPs", "Within the hundreds": a sentence's first word
    if len(words) > 2 and words[0].lower().endswith(ROLE_ENDINGS):
        words = words[1:]  # a role capitalised at a sentence start: "Organizer Dwayne Croteau"
    if len(words) > 2 and _given(words[0]) is None:
        # Words before a given name: "Go Donald Trump", "Clinton Meg Whitman",
        # "Political Affairs Wendy Sherman".
        given = next((k for k in range(1, len(words) - 1) if _given(words[k]) is not None
                      and words[k].lower() not in PARTICLES), None)
        if given is not None:
            words = words[given:]
    if not words:
        return None
    if len(words) == 1 and (words[0].lower() in _COUNTS or _CONTRACTED.match(words[0])):
        return None  # "More said", "Two were hurt", "I'm": a sentence's first word
    # After the last title, the name: "Belarusian Foreign Minister Vladimir Makei".
    titled = [k for k, w in enumerate(words[:-1]) if w.lower().rstrip(".") in TITLES]
    if titled:
        words = words[titled[-1] + 1 :]
    if len(words) > 3 and any(w.lower() in ORG_WORDS for w in words[:-2]):
        # A body's or a place's words before a given name: "Clark County Sheriff Joe
        # Lombardo", "New York City Public Advocate Trish James".
        given = next((k for k in range(len(words) - 3, len(words) - 1)
                      if _given(words[k]) is not None), None)
        if given is not None and not any(w.lower() in ORG_WORDS for w in words[given:]):
            words = words[given:]
    if any(w.lower() in ORG_WORDS or (len(w) > 1 and w.isupper() and not _initial(w))
           or ("-" in w and any(part in ORG_WORDS for part in w.lower().split("-")))
           or (len(w) > 2 and w[-1] == "s" and w[:-1].isupper()) for w in words):
        return None  # a body, a place or an acronym (RCMP, GOP, MPs), not a person
    if words[-1].lower() in TIME_WORDS and not (len(words) == 2 and _given(words[0])):
        return None  # "Election Day", not "Kristen Day"
    if is_place(words):
        return None  # a place: "North Carolina", "South China Sea", "Fort Pierce"
    if words[-1].lower().rstrip(".") in TITLES and not (
            2 <= len(words) <= 3 and _given(words[0]) is not None):
        return None  # a role, not a name: "the Belarus President"; but "Amy Pope",
        # "Billie Jean King"
    if len(words) > 4 or all(_initial(w) or len(w) == 1 for w in words):
        return None  # "S.", "M&S" cut at its ampersand: initials alone name no one
    return " ".join([*words, suffix] if suffix else words)


def is_place(words: list[str]) -> bool:
    """Do these capitalised words (two or more) name a place?"""
    return len(words) > 1 and (words[-1].lower().rstrip(".") in PLACE_LAST
                               or words[0].lower().rstrip(".") in PLACE_FIRST)


_COUNTS = word_set("one two three four five six seven eight nine ten more most")
_CONTRACTED = re.compile(r"(?i)(?:i|we|you|they|he|she|it|that|there|what)['’](?:m|d|ll|ve|s|re)$")
# Words before a name that are no part of it: "Former Carson aide", "Top Clinton adviser".
# What may follow a surname: "Jr", "III".
_SUFFIXES = frozenset(("Jr", "Sr", "II", "III", "IV"))
_COURTESY = frozenset(("mr", "mrs", "ms", "miss", "dr", "mx"))
# Adverbs that open a sentence before its subject: "Then she added", "Recently Smith said".
OPENING_ADVERBS = word_set("then later recently earlier finally now still again also afterward "
                           "afterwards instead meanwhile eventually soon previously")
_LEADING = OPENING_ADVERBS | word_set(
    "former late then ex top retired outgoing incoming acting interim fellow embattled "
    "presumptive would-be within without among across above below behind beyond inside "
    "outside through throughout toward towards upon via amid against about")
ROLE_ENDINGS = ("er", "or", "ist", "ent", "ant", "ian", "man", "woman", "person", "ress")


def _initial(word: str) -> bool:
    return len(word) == 2 and word[1] == "." and word[0].isupper()


def surname(name: str) -> str:
    return name.split()[-1] if name.split() else name


# A sentence ends at . ! ? or … (closing marks may follow), before a capital or a digit.
SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*\s+(?=[\"'“‘«(]*[A-Z0-9])")
ABBREV = word_set("mr mrs ms dr st prof gen lt col sgt capt gov sen rep rev jr sr no vs")


def false_stop(text: str, lo: int, at: int) -> bool:
    """Is the full stop at ``at`` an abbreviation's or an initial's (Mr. Hemming, J. K.
    Rowling), not a sentence's end?"""
    word = text[max(lo, at - 5) : at].split()
    return bool(word) and (word[-1].lower().rstrip(".") in ABBREV
                           or (len(word[-1]) == 1 and word[-1].isupper()))


# Cue verbs: the words that attribute a quote to its subject.
VERBS = word_set("""
say says said tell tells told write writes wrote add adds added explain explains explained
reads
state states stated note notes noted argue argues argued ask asks asked reply replies
replied respond responds responded warn warns warned insist insists insisted claim claims
claimed continue continues continued recall recalls recalled joke jokes joked acknowledge
acknowledges acknowledged admit admits admitted announce announces announced declare
declares declared comment comments commented remark remarks remarked suggest suggests
suggested conclude concludes concluded emphasise emphasised emphasize emphasized stress
stresses stressed confirm confirms confirmed tweet tweets tweeted post posts posted
testify testifies testified caution cautions cautioned concede concedes conceded urge urges
urged predict predicts predicted describe describes described vow vows vowed promise
promises promised wonder wonders wondered agree agrees agreed boast boasts boasted
complain complains complained explain observe observes observed point points pointed
shout shouts shouted yell yelled cry cries cried reiterate reiterates reiterated
accuse accuses accused denounce denounces denounced quoted echo echoes echoed
retort retorts retorted quip quips quipped scold scolds scolded stutter stutters stuttered
chant chants chanted exclaim exclaims exclaimed counter counters countered muse muses mused
mention mentions mentioned reported affirm affirms affirmed written barked scoffed fumed
gushed sniped marveled marvelled mocks mocked
""")


# Given names that tell a person's gender (written by bench/given_names.py, where its
# source and thresholds are described): Donald, Susan, Sviatlana; not Jordan or Kim.
# Read once, the first time it is asked for.
GIVEN_NAMES = Path(__file__).with_name("given_names.tsv")


@cache
def _given_names() -> dict[str, int]:
    out: dict[str, int] = {}
    with GIVEN_NAMES.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            name, _, sex = line.rstrip("\n").partition("\t")
            out[name] = 0 if sex == "m" else 1
    return out


def given_sex(name: str) -> int | None:
    """0 (a man) or 1 (a woman) for a name of two words or more whose first given name
    the table holds (titles skipped: "Sen. Bernie Sanders"); None otherwise. A lone
    word may be a surname ("Carolina", "York") and is never judged."""
    words = name.split()
    while len(words) > 2 and words[0].lower().rstrip(".") in TITLES:
        words = words[1:]
    if len(words) < 2 or (len(words) == 2 and words[0].lower() in PARTICLES):
        return None  # "Al Basha" may be a surname as "Al Gore" is a man
    return _given(words[0])


def _given(word: str) -> int | None:
    """The gender one given name suggests, if the table holds it."""
    word = word.rstrip(".")
    return _given_names().get(word.lower() if word.isascii() else fold(word))
