"""Boilerplate: paragraphs that are site furniture rather than reporting.

Two detectors, both explainable. Patterns catch the furniture news sites print
everywhere (consent notices, promo blocks, "Read Full Article" links, share widgets, a
headline repeated as a paragraph). Frequency catches what patterns cannot know: the same
paragraph in many articles of one source (``text/frequency.py``: its rules, with the
policy that says when a flagged paragraph is left out of comparisons). Flagged paragraphs
are kept, never deleted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import islice
from typing import NamedTuple

from corpus_cli.digest import blake2b
from corpus_cli.text.normalize import PIECE_CHARS, normalize, normalized_pieces

# Rules match the normalised paragraph (lower case, straight quotes). Most are anchored
# at its start and run as one alternation with .match(); the few that may match anywhere
# run only when a cheap substring test says they can (an unanchored alternation tries
# every position of every paragraph, and was most of an ingest: bench/README.md).
_START_RULES: tuple[tuple[str, str], ...] = (
    ("newsletter prompt", r"(?:sign up|subscribe) (?:to|for) (?:our|the) .{0,40}newsletter"),
    ("promo block", r"(?:don't miss|read more|more on this|most read|see also|you may also "
                    r"like)\b|(?:related|trending|recommended|watch|latest)\s?:|more:$|"
                    r"related (?:posts?|stories|articles|content|links|coverage|reading)\s?:|"
                    r"also on \S+\.[a-z]{2,3}\b|filed under\s?:"),
    ("read full article", r"source: read full article$"),
    ("source link", r"(?:information )?source @?\S+: read more at\b|read more at:? \S+$"),
    ("join-group prompt", r"to join the group\b"),
    ("share widget", r"(?:spread the love|similar posts|share this (?:article|story)|"
                     r"share on (?:facebook|twitter|x)|follow us on|related posts)$"),
    ("audio player", r"listen to this (?:article|story)\b"),
    ("advertisement", r"(?:advertisement|sponsored(?: content)?|ad)$"),
    # A short line of page furniture a story never opens with: a call to follow a feed, a
    # comments link (copyright and credit lines are wire furniture, below).
    ("follow prompt", r"follow (?:us|me|him|her|them|[^.!?]{1,40}?) on (?:twitter|facebook|"
                      r"instagram|youtube|linkedin|tiktok)\b[^.!?]{0,120}[.!?]?$"),
    ("comments link", r"(?:\d+ )?comments?$|(?:leave|post|add|view|read) (?:a |all |the )?"
                      r"comments?$|tell us what you think\b.{0,40}$"),
    # a source named alone under a story: "SOURCE: News agencies"
    ("credit line", r"source: [^.!?]{1,40}$"),
)
# A call to action ending a short paragraph: "... Sign up for the free daily newsletter.",
# "... 12 issues for £11.99. Click here for more information.", "... Follow her on Twitter
# @AmyKup.", "Like this story? Share it with a friend!" A story's sentences ask nothing of
# the reader. Judged on the last sentence of paragraphs of at most CALL_MAX_CHARS
# characters (about 50 words) that hold one of the key words.
CALL_MAX_CHARS = 300
_BEFORE_LAST_SENTENCE = re.compile(r".*[.!?]['\")\]]*\s+(?=\S)", re.DOTALL)
_CALLS: tuple[tuple[str, str], ...] = (
    ("newsletter prompt", r"(?:for more,? )?(?:sign(?:ing)? up|subscribe)\b.{0,80}?"
                          r"\b(?:newsletters?|inbox)\b"),
    ("click prompt", r"click here\b|.{0,80}\bby clicking here\b"),
    ("share widget", r"share (?:this|it)\b.{0,40}$"),
    ("follow prompt", r"follow (?:us|me|him|her|them|[^.!?]{1,40}?) on (?:twitter|facebook|"
                      r"instagram|youtube|linkedin|tiktok)\b"),
)
_CALL_REASONS = {f"c{i}": reason for i, (reason, _pattern) in enumerate(_CALLS)}
_CALL = re.compile("|".join(f"(?P<c{i}>{p})" for i, (_r, p) in enumerate(_CALLS)))
_ANYWHERE_RULES: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (key, reason, re.compile(pattern))
    for key, reason, pattern in (
        ("sign", "sign-up notice", r"we use your sign-?up to provide content"),
        ("unsubscribe", "sign-up notice", r"unsubscribe at any time"),
        ("cookie", "cookie notice",
         r"\bwe use cookies\b|\bcookie (?:policy|settings|preferences)\b"),
        ("full article", "read full article", r"\bread (?:the )?full article\b"),
        ("join group", "join-group prompt", r"\bjoin group\b"),
    )
)
_REASONS = {f"r{i}": reason for i, (reason, _pattern) in enumerate(_START_RULES)}
_AT_START = re.compile("|".join(f"(?P<r{i}>{p})" for i, (_r, p) in enumerate(_START_RULES)))
# A line ending in an all-caps tag in brackets is a promo link: "... [REPORT]".
_TAGGED_LINE = re.compile(r"\[[A-Z][A-Z ]{2,}\]\s*$")
_CREDIT_LINE = re.compile(r"^\(\s*([^()]{2,40}?)\s*\)$")
_SENTENCE_END = re.compile(r"[.!?:;]['\"”’)\]]*$")


def credit_line_source(paragraph: str) -> str | None:
    """The outlet named by a credit line such as "(BalkanWeb)", if ``paragraph`` is one."""
    m = _CREDIT_LINE.match(paragraph.strip())
    if m and not any(ch.isdigit() for ch in m.group(1)):
        return m.group(1)
    return None


def _similar(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    if not 0.5 <= len(a) / len(b) <= 2:  # token_sort_ratio >= 75 is impossible beyond this
        return False
    from rapidfuzz import fuzz  # imported here: most articles never get this far

    return fuzz.token_sort_ratio(a, b) >= 75


# Wire furniture: the header, byline, date, section, copyright and credit lines outlets
# print around a story, in any outlet's wording. Their values change with every article
# (the date, the author), so frequency cannot find them; only their shape can. Judged on
# short single lines only: a story's sentences are longer, or end as sentences do.
FURNITURE_LINE_WORDS = 25
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# A full date, with its year: "Tuesday 24 November 2004", "Sept. 11, 2005", "2005-09-11".
_DATE = (rf"(?:{_WEEKDAY},? )?(?:\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}"
         rf"|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{4}}-\d\d-\d\d"
         r"|\d{1,2}/\d{1,2}/\d{4})")
_TIME = r"(?:,? (?:at )?\d{1,2}[:.]\d\d(?: ?[ap]\.?m\.?)?(?: [a-z]{2,4})?)?"
# (reason, a substring every match holds or "" (a cheap test before the pattern), the
# pattern's finder: ``match`` for a rule anchored at the start, which ``search`` would try
# at every position of the line)
_WIRE_RULES: tuple[tuple[str, str, Callable[[str], re.Match[str] | None]], ...] = tuple(
    (reason, key, re.compile(pattern[1:]).match if pattern.startswith("^")
     else re.compile(pattern).search)
    for reason, key, pattern in (
        # "© 2005 ...", "(c) 2005 ...", "Copyright 2005 ...", "Copyright © The Gazette 2005";
        # not "Copyright claims rose in 2019, the court heard."
        ("copyright line", "", r"^(?:©|\(c\) \d{4}|copyright (?:©|\(c\)|\d{4}\b))"),
        ("copyright line", "rights reserved", r"\ball rights reserved\b"),
        ("credit line", "contributed", r"\bcontributed (?:to )?(?:this )?report(?:ing)?\b"),
        ("byline", "", r"^by (?:our|a|staff|the|news) (?:own )?(?:correspondent|reporter|"
                       r"staff|writer|staff writer|reporters|news staff|desk)\b"),
        ("dateline", "", rf"^(?:first )?(?:published|updated|last updated|posted|last "
                         rf"modified|modified)(?: on| at)?:? .*(?:{_MONTH}|{_WEEKDAY}|\d)"),
        # a date line, alone or heading a byline: "11 September 2005 - Peter Roberts"
        ("dateline", "", rf"^{_DATE}{_TIME}\.?(?:$| [-|/] )"),
    ))
# "By Peter Roberts", "By PETER ROBERTS, culture correspondent", "By Anna Chen | 11 Sept":
# capitalised words after "By", then the line ends or a separator, role or place follows.
_BYLINE = re.compile(
    r"^By\s+(?:[A-Z][\w'’.-]*|[A-Z]{2,})(?:\s+(?:[A-Z][\w'’.-]*|(?:de|van|von|der|den|"
    r"da|di|al|bin|el|la|le)\b))*\s*(?:$|[,|;–—-]|\band\b|\bin\b)")
# "(Reporting by Will Dunham; Editing by Tom Brown)", "Additional reporting by Anna Chen in
# London", "Compiled by Peter Roberts for The Gazette.": a name after "by"; not "Reporting
# by the BBC found that hundreds of patients waited for hours."
_CREDIT = re.compile(
    r"^\(?(?:(?:[Aa]dditional|[Ff]urther) )?(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Ee]dited|"
    r"[Ww]ritten|[Cc]ompiled|[Rr]esearch|[Gg]raphics?|[Pp]hotos?|[Pp]hotography|[Vv]ideo|"
    r"[Pp]roduced|[Pp]roduction) by\s+(?!The\b|A\b|An\b)[A-Z]")
_SECTIONS = frozenset((
    "news", "world", "uk", "us", "u.s.", "europe", "business", "economy", "markets",
    "politics", "sport", "sports", "football", "soccer", "cricket", "rugby", "tennis", "golf",
    "technology", "tech", "science", "health", "entertainment", "arts", "culture", "lifestyle",
    "life", "style", "travel", "money", "finance", "opinion", "comment", "analysis",
    "companies", "latest", "local", "national", "international", "environment", "education",
    "media", "music", "film", "films", "movies", "tv", "television", "video", "weather",
    "features", "home", "live", "asia", "africa", "americas", "australia", "india", "china",
    "elections", "middle east", "top stories", "breaking news", "us news", "uk news",
    "world news", "business news", "sport news"))
_SECTION_SEPARATORS = re.compile(r"\s*(?:\||>|/|»|:)\s*")


_NOT_NAMES = re.compile(rf"^(?:{_MONTH}|{_WEEKDAY}|then|now|that|this|which)$")


def _not_a_sentence(words: list[str]) -> bool:
    """A byline names someone and stops: "By Tuesday, the talks had collapsed." is a
    sentence (a day after "By", and it ends as sentences do)."""
    return not _NOT_NAMES.match(words[1].rstrip(",.;:")) and (
        len(words) <= 5 or not words[-1].endswith((".", "!", "?")))


def _furniture_line(line: str, norm: str, words: int) -> str | None:
    """Why a short single line of ``words`` words is wire furniture (see above), or None."""
    for reason, key, found in _WIRE_RULES:
        if key in norm and found(norm):
            return reason
    if words <= 15 and _BYLINE.match(line) and _not_a_sentence(norm.split()):
        return "byline"
    credit = _CREDIT.match(line)
    if credit and (line.startswith("(") or words <= 10 or "editing by" in norm
                   or not line.rstrip().endswith(".")):
        return "credit line"
    if norm.count(" | ") >= 2:
        return "header line"
    if words <= 5 and not any(c.isdigit() for c in norm) \
            and not _SENTENCE_END.search(norm.rstrip(" |/>»:")):
        parts = [p for p in _SECTION_SEPARATORS.split(norm) if p]
        if parts and all(p in _SECTIONS for p in parts):
            return "section label"
    return None


def _call_to_action(norm: str) -> str | None:
    """Why the last sentence of a short paragraph is a call to action, or None."""
    if len(norm) > CALL_MAX_CHARS or not (
            "follow" in norm or "click" in norm or "newsletter" in norm or "inbox" in norm
            or "share" in norm):
        return None
    before = _BEFORE_LAST_SENTENCE.match(norm)
    m = _CALL.match(norm, before.end() if before else 0)
    return _CALL_REASONS[m.lastgroup] if m is not None and m.lastgroup else None


def pattern_reason(paragraph: str, headline: str | None = None, *, norm: str | None = None,
                   headline_norm: str | None = None) -> str | None:
    """Why ``paragraph`` is boilerplate by pattern, or None if it looks like reporting.

    ``norm`` and ``headline_norm`` are the normalised paragraph and headline when the
    caller has them already (ingest does, and checks many paragraphs per headline).
    """
    norm = normalize(paragraph) if norm is None else norm
    if headline_norm is None and headline is not None:
        headline_norm = normalize(headline)
    reason = _headline_free_reason(paragraph, norm)
    if reason is None and headline_norm and _repeats_headline(paragraph, norm, headline_norm):
        return "headline repeated"
    return reason


def _is_multiline(paragraph: str) -> bool:
    return "\n" in paragraph or "\r" in paragraph or (not paragraph.isascii() and any(
        ch in paragraph for ch in "\x85\u2028\u2029"))


def _headline_free_reason(paragraph: str, norm: str) -> str | None:
    """``pattern_reason`` but for a repeated headline, the one rule judged last: every
    other rule is decided before it and without the headline."""
    if not norm:
        return None
    m = _AT_START.match(norm)
    if m is not None and m.lastgroup is not None:
        return _REASONS[m.lastgroup]
    for key, reason, rule in _ANYWHERE_RULES:
        if key in norm and rule.search(norm):
            return reason
    if len(norm) <= CALL_MAX_CHARS:
        call = _call_to_action(norm)
        if call is not None:
            return call
    if not _is_multiline(paragraph):  # the usual paragraph: one line, no list of lines
        line = paragraph.strip()
        if "[" in paragraph and _TAGGED_LINE.search(line):
            return "promo links"
        if paragraph.startswith("(") and credit_line_source(paragraph):
            return "credit line"
        words = norm.count(" ") + 1  # whitespace is collapsed
        return _furniture_line(line, norm, words) if words <= FURNITURE_LINE_WORDS else None
    lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
    tagged = sum(1 for line in lines if _TAGGED_LINE.search(line)) if "[" in paragraph else 0
    if tagged and tagged * 2 >= len(lines):
        return "promo links"
    if paragraph.startswith("(") and credit_line_source(paragraph):
        return "credit line"
    if len(lines) >= 3 and all(
        len(line.split()) <= 20 and not _SENTENCE_END.search(line) for line in lines
    ):
        return "link list"
    return None


def _repeats_headline(paragraph: str, norm: str, headline_norm: str) -> bool:
    """Whether the paragraph (each of its lines) repeats the headline."""
    if not norm:
        return False
    if not _is_multiline(paragraph):
        return _similar(norm, headline_norm)
    lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
    return all(_similar(normalize(line), headline_norm) for line in lines)


class ParagraphFacts(NamedTuple):
    """What ingest keeps of a paragraph's normalised text."""

    hash: int  # norm_hash of it
    words: int  # its words
    reason: str | None  # pattern_reason of the paragraph


LONG_PARAGRAPH = 1 << 20  # characters from which a paragraph is normalised in pieces
_HEAD_CHARS = 4096  # of a long paragraph's normalised text, what the opening rules see
_MIN_HEAD = 1024  # ... at least, cut after a whole word (else: normalised whole)
_OVERLAP = 1024  # characters of one piece searched again with the next (rules are short)
_LINE = re.compile("[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")  # splitlines' lines


def paragraph_facts(paragraph: str, headline_norm: str | None = None) -> ParagraphFacts:
    """The hash, word count and ``pattern_reason`` of a paragraph, from one normalisation.

    A paragraph of ``LONG_PARAGRAPH`` characters or more (a 300 MB single line) is never
    normalised whole: one pass over ``normalized_pieces`` gives its hash, its words, the
    opening of its normalised text and the rules found anywhere in it, and the other
    rules only match short paragraphs or read its lines. The answer is the same as
    normalising it whole (tests/properties/test_text_properties.py), for a megabyte or
    two beside the text instead of a copy of it.
    """
    if len(paragraph) >= LONG_PARAGRAPH:
        return _long_paragraph_facts(paragraph, headline_norm)
    norm = normalize(paragraph)
    return ParagraphFacts(norm_hash(norm), norm.count(" ") + 1 if norm else 0,
                          pattern_reason(paragraph, norm=norm, headline_norm=headline_norm))


def _long_paragraph_facts(paragraph: str, headline_norm: str | None,
                          piece_chars: int = PIECE_CHARS) -> ParagraphFacts:
    digest = blake2b(digest_size=8, person=b"corpus-par")
    spaces = length = 0
    head = ""
    window, skip = "", 0  # the text searched so far, from ``skip``: see below
    found: set[int] = set()  # _ANYWHERE_RULES met somewhere
    for piece in normalized_pieces(paragraph, piece_chars):
        for at in range(0, len(piece), _HASH_CHARS):
            digest.update(piece[at : at + _HASH_CHARS].encode("utf-8"))
        spaces += piece.count(" ")
        length += len(piece)
        if len(head) < _HEAD_CHARS:
            head += piece[: _HEAD_CHARS - len(head)]
        # The end of the text searched so far and this piece: a rule's match across the
        # cut between pieces is found too. The character before that end is kept only
        # for what a \b at its start needs to see, and no match may start on it.
        window += piece
        for k, (key, _reason, rule) in enumerate(_ANYWHERE_RULES):
            if k not in found and key in window and rule.search(window, skip):
                found.add(k)
        if len(window) > _OVERLAP:
            window, skip = window[-_OVERLAP - 1 :], 1
    norm_hash_ = int.from_bytes(digest.digest(), "big", signed=True)
    words = spaces + 1 if length else 0
    if length <= _HEAD_CHARS:  # the whole normalised text is short after all
        return ParagraphFacts(norm_hash_, words, pattern_reason(
            paragraph, norm=head, headline_norm=headline_norm))
    cut = head[: max(0, head.rfind(" "))]
    if len(cut) < _MIN_HEAD or words <= FURNITURE_LINE_WORDS or (
            headline_norm and 2 * len(headline_norm) >= length):
        # Giant words, or a rule for short lines that might apply: ask it of the whole
        # normalised text (a copy of the paragraph, for such an odd one).
        return ParagraphFacts(norm_hash_, words, pattern_reason(
            paragraph, norm=normalize(paragraph), headline_norm=headline_norm))
    return ParagraphFacts(norm_hash_, words,
                          _long_reason(paragraph, cut, found, headline_norm))


def _long_reason(paragraph: str, head: str, anywhere: set[int],
                 headline_norm: str | None) -> str | None:
    """``pattern_reason`` of a paragraph whose normalised text is long: more than 25 words
    (no wire furniture) and more than twice a headline (not a repeated headline), of which
    ``head`` is the opening (the opening rules match far less) and ``anywhere`` the rules
    found in it. The rules that read its lines read them one at a time."""
    m = _AT_START.match(head)
    if m is not None and m.lastgroup is not None:
        return _REASONS[m.lastgroup]
    for k, (_key, reason, _rule) in enumerate(_ANYWHERE_RULES):
        if k in anywhere:
            return reason
    multiline = "\n" in paragraph or "\r" in paragraph or (not paragraph.isascii() and any(
        ch in paragraph for ch in "\x85\u2028\u2029"))
    if not multiline:
        # A credit line, wire furniture or a repeated headline is short; a line ending
        # with a tag ("... [REPORT]") is promo links at any length. (The search needs no
        # strip: the line has no line break, and the rule allows trailing spaces.)
        return "promo links" if "[" in paragraph and _TAGGED_LINE.search(paragraph) else None

    def lines() -> Iterator[str]:
        return (line for m in _LINE.finditer(paragraph) if (line := m.group().strip()))

    if "[" in paragraph:
        count = tagged = 0
        for line in lines():
            count += 1
            tagged += bool(_TAGGED_LINE.search(line))
        if tagged and tagged * 2 >= count:
            return "promo links"
    listed = 0
    for listed, line in enumerate(lines(), 1):  # noqa: B007  # the count is the point
        if _SENTENCE_END.search(line) or _more_words_than(line, 20):
            break
    else:
        if listed >= 3:
            return "link list"
    if headline_norm and all(_similar(normalize(line), headline_norm) for line in lines()):
        return "headline repeated"
    return None


def _more_words_than(line: str, limit: int) -> bool:
    """``len(line.split()) > limit``, without splitting a long line."""
    return next(islice(_WORDS.finditer(line), limit, None), None) is not None


_WORDS = re.compile(r"\S+")


_HASH_CHARS = 1 << 20  # a long text is hashed a slice at a time, never copied whole


def norm_hash(norm: str) -> int:
    """Stable signed 64-bit hash of an already normalised text (fits SQLite INTEGER)."""
    if len(norm) <= _HASH_CHARS:
        digest = blake2b(norm.encode("utf-8"), digest_size=8, person=b"corpus-par").digest()
    else:  # UTF-8 encodes character by character: the slices hash as the whole would
        h = blake2b(digest_size=8, person=b"corpus-par")
        for at in range(0, len(norm), _HASH_CHARS):
            h.update(norm[at : at + _HASH_CHARS].encode("utf-8"))
        digest = h.digest()
    return int.from_bytes(digest, "big", signed=True)

