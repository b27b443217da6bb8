"""The same quote across articles: groups of occurrences, and how their words differ.

Two occurrences are the same quote when, compared as words (case, punctuation, quote
marks and apostrophes ignored; contractions spelt out, so "Don't" equals "Do not"; the
possessive 's dropped, so "the regime's orders" is close to "the orders of the regime"):

- their words are equal (*exact* or *punctuation* difference);
- one's words all but a few lie inside the other's (*contained*: a shorter version, one
  paragraph of a multi-paragraph quote, a reordering such as "the regime's criminal
  orders" / "the criminal orders of the regime"). A fragment of one to three words must
  appear in the fuller quote as a run of words, in order. A contained quote joins the
  group of the fullest quote that contains it, and only that one, so a common phrase
  cannot chain unrelated quotes together;
- or their word orders are close (rapidfuzz ``token_sort_ratio`` >= 85: *wording*).

Candidates come from an inverted index of words, so the work grows with the number of
quotes sharing words, not with the square of all quotes; each candidate pair is looked
at once, and the joined words and word counts a test needs are made once per wording.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from corpus_cli.clusters import UnionFind
from corpus_cli.digest import blake2b
from corpus_cli.models import Quote, QuoteGroup, QuoteOccurrence
from corpus_cli.quotes.names import fold, word_set
from corpus_cli.quotes.speakers import SpeakerKeys
from corpus_cli.workers import no_cycle_collection

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_CONTRACTIONS = {"won't": "will not", "can't": "can not", "cannot": "can not",
                 "shan't": "shall not", "ain't": "is not"}
_SUFFIXES = (("n't", " not"), ("'re", " are"), ("'ve", " have"), ("'ll", " will"),
             ("'m", " am"), ("'d", " would"))
STOPWORDS = word_set("""
a an the and or but of to in on at for with by from as is are was were be been it its this
that these those i we you he she they me us him her them my our your his their not do does
did have has had will would can could should so if than then there here what which who
""")
SIMILAR = 85  # token_sort_ratio for a wording difference
CONTAINED = 0.85  # share of the shorter quote's words found in the fuller one
MAX_POSTING = 64  # a word in more wordings than this is too common to propose candidates
RARE_WORDS = 2  # a wording's rarest words that propose candidates
SHORT = 6  # words of a wording short enough to recur in unrelated stories


@dataclass(frozen=True, slots=True)
class Located:
    """A quote with the article it comes from."""

    article_id: str
    path: str
    source: str | None
    quote: Quote


def surface_words(text: str) -> list[str]:
    """Words as written, case and punctuation aside: what a misquote check compares."""
    return [w.replace("’", "'") for w in _WORD.findall(text.casefold())]


def normal_words(text: str) -> tuple[str, ...]:
    """Words for grouping: contractions spelt out, possessive 's dropped, accents folded."""
    folded = fold(text).casefold()  # fold turns ’ into ': one apostrophe to look for
    if "'" not in folded and "cannot" not in folded:
        return tuple(_WORD.findall(folded))  # no contraction, no possessive
    out: list[str] = []
    for word in _WORD.findall(folded):
        if "'" not in word:
            if word == "cannot":
                out.extend(("can", "not"))
            else:
                out.append(word)
            continue
        if word in _CONTRACTIONS:
            out.extend(_CONTRACTIONS[word].split())
            continue
        for suffix, full in _SUFFIXES:
            if word.endswith(suffix) and len(word) > len(suffix):
                out.extend((word[: -len(suffix)] + full).split())
                break
        else:
            if word.endswith("'s"):
                word = word[:-2]
            out.append(word.replace("'", ""))
    return tuple(out)


def _contains_run(long: Sequence[str], short: Sequence[str]) -> bool:
    """Are the words of ``short`` a run of the words of ``long``? (A substring search
    over the words joined by spaces: the same answer, at C speed.)"""
    if not short or len(short) > len(long):
        return False
    return f" {' '.join(short)} " in f" {' '.join(long)} "


@no_cycle_collection()
def group_quotes(items: Sequence[Located]) -> list[QuoteGroup]:
    """Every quote of ``items`` placed in a group, with canonical speaker keys.

    Groups come out sorted by the number of articles carrying them (most first), then
    by canonical text, so the result does not depend on the order of ``items``.
    """
    from rapidfuzz import fuzz

    keys = SpeakerKeys((it.quote.speaker, it.quote.speaker_kind) for it in items
                       if it.quote.speaker is not None)
    # Distinct wordings: the expensive comparisons run once per wording. They are
    # numbered in the order of their words, not of the items, so that every tie broken
    # by number below falls the same way whatever order the articles came in.
    of_text: dict[str, tuple[str, ...]] = {}  # a text carried by several articles is split once
    for it in items:
        if it.quote.text not in of_text:
            of_text[it.quote.text] = normal_words(it.quote.text)
    words = sorted(set(of_text.values()))
    wordings = {w: n for n, w in enumerate(words)}
    of_item = [wordings[of_text[it.quote.text]] for it in items]
    norms = [" ".join(w) for w in words]
    sizes = [len(ws) for ws in words]
    union: UnionFind[int] = UnionFind()
    postings: dict[str, list[int]] = defaultdict(list)
    contents = [fs - STOPWORDS or fs for fs in map(frozenset, words)]
    for w_id, content in enumerate(contents):
        for word in content:
            postings[word].append(w_id)
    # Candidates share one of a wording's rarest words: a quote contained in another, or
    # reworded, keeps most of its words, so it keeps one of those. ``probes[a]``: the
    # wordings a's rarest words propose (a word in too many wordings proposes none,
    # and stops the search for rarer-than-common words).
    # A one-word wording is contained in nothing and rewords nothing: it proposes no one.
    probes: list[set[int]] = []
    spread = {word: len(posting) for word, posting in postings.items()}
    for content, size in zip(contents, sizes, strict=True):
        found: set[int] = set()
        if size < 2:
            probes.append(found)
            continue
        # Rarest first, ties alphabetical (a stable sort of the sorted words).
        rare = sorted(sorted(content), key=spread.__getitem__)[:RARE_WORDS]
        for word in rare:
            posting = postings[word]
            if len(posting) > MAX_POSTING:
                break
            found.update(posting)
        probes.append(found)
    best_container: dict[int, int] = {}
    # Containment is tested on joined words (a fragment's run) and word counts, made
    # once per wording rather than once per pair.
    padded = [f" {n} " for n in norms]
    counts: dict[int, Counter[str]] = {}
    missing = [len(c) * (1 - CONTAINED) + 1 for c in contents]  # words the shorter may lack
    for a, found in enumerate(probes):
        size_a = sizes[a]
        for b in found:
            # Each pair once: at its smaller index, or at the only side proposing it.
            if b == a or (b < a and a in probes[b]):
                continue
            size_b = sizes[b]
            if size_b < 2:
                continue  # one word is contained in nothing and rewords nothing
            s_id, l_id = (a, b) if size_a <= size_b else (b, a)
            # Set arithmetic first (cheap): too many words of the shorter wording
            # missing from the other rule out both containment and rewording.
            if len(contents[s_id] - contents[l_id]) > missing[s_id]:
                continue
            short, long = words[s_id], words[l_id]
            if len(short) <= 3:  # a fragment: its words in order, and more than one
                contained = padded[s_id] in padded[l_id]
            else:
                if s_id not in counts:
                    counts[s_id] = Counter(short)
                if l_id not in counts:
                    counts[l_id] = Counter(long)
                have = counts[l_id]
                contained = sum(min(c, have[w]) for w, c in counts[s_id].items()) \
                    / len(short) >= CONTAINED and _within_window(short, long, counts[s_id])
            if contained:
                current = best_container.get(s_id)
                if current is None or (sizes[current], -current) < (len(long), -l_id):
                    best_container[s_id] = l_id
            elif len(short) > 3 and len(short) * 2 >= len(long) and \
                    fuzz.token_sort_ratio(norms[a], norms[b]) >= SIMILAR:
                union.union(a, b)
    for s_id, l_id in sorted(best_container.items()):
        union.union(s_id, l_id)
    components: dict[int, list[int]] = defaultdict(list)
    for w_id in range(len(words)):
        components[union.find(w_id)].append(w_id)
    home = list(range(len(words)))  # each wording's group: the id of its centre
    for ids in components.values():
        if len(ids) > 2:
            for centre, held in _around_centres(ids, words, padded, sizes, norms, contents,
                                                missing, counts, fuzz.token_sort_ratio):
                for w_id in held:
                    home[w_id] = centre
        else:
            for w_id in ids:
                home[w_id] = ids[0]
    members: dict[int, list[int]] = defaultdict(list)
    for i, w_id in enumerate(of_item):
        members[home[w_id]].append(i)
    # Who says each quote, as short wordings are split by it: a person ("n:" and the
    # key), a description ("d:" and its head noun: "senior officers" and "the officers"
    # may be the same people), or nobody known (the article).
    classes = [f"n:{keys.key(it.quote.speaker)}" if it.quote.speaker_kind == "name"
               and it.quote.speaker is not None else
               f"d:{fold(it.quote.speaker.split()[-1])}" if it.quote.speaker else
               f"a:{it.article_id}" for it in items]
    parts: list[tuple[list[int], str]] = []  # members and what their group id hashes
    for idx in members.values():
        parts.extend(_by_speaker(idx, items, of_item, sizes, classes))
    groups = [_single(items[idx[0]], keys, norms[of_item[idx[0]]], tag) if len(idx) == 1
              else _group(items, idx, keys, {i: norms[of_item[i]] for i in idx}, tag)
              for idx, tag in parts]
    groups.sort(key=lambda g: (-g.articles, -len(g.members), g.text, g.group))
    return groups


def _by_speaker(idx: list[int], items: Sequence[Located], of_item: list[int],
                sizes: list[int], classes: list[str]) -> list[tuple[list[int], str]]:
    """A group's members, split where a short wording is all that ties them: a phrase of
    six words or fewer ("affordable", "in the near future", "this time it's different")
    recurs in unrelated stories. A short member stays with the longer ones when it has
    the same speaker (the same person, or the same description), or stands in an article
    that also quotes a longer member (the officers' "pure suicide" beside their letter);
    short members alone stay together only with the same speaker, and one with no
    speaker only with its own article. Each part comes with a tag that keeps its group
    id apart from another part's with the same wording (empty for the main part)."""
    short = [i for i in idx if sizes[of_item[i]] <= SHORT]
    if not short:
        return [(idx, "")]
    long = [i for i in idx if sizes[of_item[i]] > SHORT]
    if long:
        allowed = {classes[i] for i in long} - {None}
        articles = {items[i].article_id for i in long}
        kept = [*long]
        split: dict[str, list[int]] = defaultdict(list)
        for i in short:
            c = classes[i]
            if c in allowed or items[i].article_id in articles:
                kept.append(i)
            else:
                split[c].append(i)
        kept.sort(key=idx.index)
        return [(kept, ""), *sorted((held, c) for c, held in split.items())]
    parts: dict[str, list[int]] = defaultdict(list)
    for i in idx:
        parts[classes[i]].append(i)
    main = max(parts, key=lambda c: (c.startswith("n:"), len(parts[c]), c))
    return sorted(((held, "" if c == main else c) for c, held in parts.items()),
                  key=lambda part: (part[1], part[0]))


def _within_window(short: Sequence[str], long: Sequence[str], need: Counter[str]) -> bool:
    """Do the shorter wording's words (all but a few) stand together in the longer one,
    within a stretch not much longer than itself? A sentence whose words are all common
    ("That is not an issue at all.") is not contained in a long interview that happens
    to use each of them somewhere."""
    size = len(short)
    width = size + size // 2 + 2
    if len(long) <= width:
        return True  # the bag test already passed over the whole of it
    want = CONTAINED * size
    window: Counter[str] = Counter()
    have = 0  # words of ``short`` covered by the window, up to their counts
    for i, word in enumerate(long):
        if word in need:
            window[word] += 1
            if window[word] <= need[word]:
                have += 1
        if i >= width:
            old = long[i - width]
            if old in need:
                if window[old] <= need[old]:
                    have -= 1
                window[old] -= 1
        if have >= want:
            return True
    return False


def _around_centres(ids: list[int], words: list[tuple[str, ...]], padded: list[str],
                    sizes: list[int], norms: list[str], contents: list[frozenset[str]],
                    missing: list[float], counts: dict[int, Counter[str]],
                    ratio: Callable[[str, str], float]) -> list[tuple[int, list[int]]]:
    """A component of pairwise links split into groups whose every member is close to
    the group's centre (its fullest wording), as dedupe's passage groups are: links
    chain ("David Prior" joined to one quote, that quote to another through a shared
    phrase …), closeness to one centre does not. The fullest wording left is a centre;
    it takes every wording left that it contains, that contains it, or that rewords it;
    the rest go round again."""
    left = sorted(ids, key=lambda w: (-sizes[w], norms[w], w))
    out: list[tuple[int, list[int]]] = []
    while left:
        centre, rest = left[0], left[1:]
        held = [centre]
        keep = []
        for w_id in rest:
            if _close(w_id, centre, words, padded, sizes, norms, contents, missing, counts,
                      ratio):
                held.append(w_id)
            else:
                keep.append(w_id)
        out.append((centre, held))
        left = keep
    return out


def _close(a: int, centre: int, words: list[tuple[str, ...]], padded: list[str],
           sizes: list[int], norms: list[str], contents: list[frozenset[str]],
           missing: list[float], counts: dict[int, Counter[str]],
           ratio: Callable[[str, str], float]) -> bool:
    """Is wording ``a`` (no longer than ``centre``) the centre's quote: contained in it
    (a fragment as a run of its words), or a rewording of it?"""
    if sizes[a] < 2:
        return False
    if len(contents[a] - contents[centre]) > missing[a]:
        return False
    if sizes[a] <= 3:
        return padded[a] in padded[centre]
    if a not in counts:
        counts[a] = Counter(words[a])
    if centre not in counts:
        counts[centre] = Counter(words[centre])
    have = counts[centre]
    if sum(min(c, have[w]) for w, c in counts[a].items()) / sizes[a] >= CONTAINED \
            and _within_window(words[a], words[centre], counts[a]):
        return True
    return sizes[a] * 2 >= sizes[centre] and ratio(norms[a], norms[centre]) >= SIMILAR


def _group_id(norm: str, tag: str) -> str:
    text = f"{norm}\x00{tag}" if tag else norm
    return "q" + blake2b(text.encode("utf-8"), digest_size=6,
                         person=b"corpus-quote").hexdigest()


def _group(items: Sequence[Located], idx: list[int], keys: SpeakerKeys,
           norms: dict[int, str], tag: str = "") -> QuoteGroup:
    ordered = sorted(idx, key=lambda i: (items[i].path, items[i].quote.start))
    counts = Counter(norms.values())
    rank = {i: n for n, i in enumerate(ordered)}
    # The canonical wording: the fullest, then the most carried, then the first.
    canonical = max(ordered, key=lambda i: (norms[i].count(" "), counts[norms[i]], -rank[i]))
    text = items[canonical].quote.text
    group_id = _group_id(norms[canonical], tag)
    occurrences = tuple(
        QuoteOccurrence(article_id=items[i].article_id, path=items[i].path,
                        source=items[i].source, quote=items[i].quote,
                        speaker_key=keys.key(items[i].quote.speaker, items[i].quote.speaker_kind),
                        group=group_id)
        for i in ordered
    )
    speaker, speaker_key = _group_speaker(occurrences)
    speaker = keys.display(speaker_key) or speaker
    return QuoteGroup(group=group_id, text=text, speaker=speaker, speaker_key=speaker_key,
                      members=occurrences)


def _single(item: Located, keys: SpeakerKeys, norm: str, tag: str = "") -> QuoteGroup:
    """A group of one quote (most groups): what ``_group`` gives, without its votes."""
    group_id = _group_id(norm, tag)
    quote = item.quote
    key = keys.key(quote.speaker, quote.speaker_kind)
    occurrence = QuoteOccurrence(article_id=item.article_id, path=item.path,
                                 source=item.source, quote=quote, speaker_key=key,
                                 group=group_id)
    speaker = quote.speaker if key is not None else None
    speaker = keys.display(key) or speaker
    return QuoteGroup(group=group_id, text=quote.text, speaker=speaker, speaker_key=key,
                      members=(occurrence,))


def _group_speaker(members: Sequence[QuoteOccurrence]) -> tuple[str | None, str | None]:
    """The speaker most members name (people before descriptions), in its fullest form."""
    votes: Counter[tuple[int, str]] = Counter()
    for m in members:
        if m.speaker_key is not None:
            votes[(m.quote.speaker_kind == "name", m.speaker_key)] += 1
    if not votes:
        return None, None
    (_, key), _ = max(votes.items(), key=lambda kv: (kv[0][0], kv[1], kv[0][1]))
    names = [m.quote.speaker for m in members if m.speaker_key == key and m.quote.speaker]
    return max(names, key=lambda n: (len(n.split()), len(n), n)), key


@dataclass(frozen=True, slots=True)
class Piece:
    """One stretch of a wording compared with the canonical wording."""

    op: str  # equal, insert (words the canonical lacks), replace, delete (words left out)
    text: str  # this wording's words ("" for delete)
    was: str  # the canonical wording's words ("" for insert)


def word_diff(text: str, canonical: str) -> list[Piece]:
    """Word-level differences of ``text`` from ``canonical``, over the stretch of the
    canonical wording that ``text`` covers (a fragment is not charged for the rest)."""
    mine = text.split()
    theirs = canonical.split()
    a = [w.casefold().strip(".,;:!?\"'“”‘’«»()[]—–-…") for w in mine]
    b = [w.casefold().strip(".,;:!?\"'“”‘’«»()[]—–-…") for w in theirs]
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    blocks = [m for m in matcher.get_matching_blocks() if m.size]
    lo = blocks[0].b if blocks else 0
    hi = blocks[-1].b + blocks[-1].size if blocks else len(b)
    matcher = SequenceMatcher(None, a, b[lo:hi], autojunk=False)
    pieces: list[Piece] = []
    # Opcodes turn this wording into the canonical one: what they delete are words
    # this wording adds, what they insert are words it leaves out.
    name = {"delete": "insert", "insert": "delete"}
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        pieces.append(Piece(name.get(op, op), " ".join(mine[i1:i2]),
                            " ".join(theirs[lo + j1 : lo + j2])))
    return pieces


def same_words(a: str, b: str) -> bool:
    """Equal words, or one a run of the other's words: case, punctuation and quote marks
    aside. What ``--check`` requires of a quote found in the corpus."""
    wa, wb = surface_words(a), surface_words(b)
    return wa == wb or _contains_run(wa, wb) or _contains_run(wb, wa)
