"""Quality of `corpus quotes` on PolNeAR: US political news from seven publishers, 2016.

    python -m corpus_cli.evaluate.polnear [--split train|dev] [--data DIR] [--errors]

PolNeAR (Newell, Margolin and Ruths, LREC 2018) annotates attributions in brat standoff:
a Source, a Cue and a Content span per attribution. Direct quotes are scored with the
rules of ``corpus_cli.evaluate.quotes`` (``score_article``):

- a gold direct quote is an attribution whose Content starts with a quotation mark; its
  quoted words are the Content's words between quotation marks;
- recall: a gold quote is found when predictions cover >= 80 % of its quoted words;
- precision: a prediction (fragments of three words or fewer aside) is right when >= 80 %
  of its words lie inside the Content of an annotated attribution (direct or not);
- speaker accuracy: the predicted speaker shares a name word with the gold Source; when
  the Source is a pronoun or a description (no name word), a shared word of the
  description counts, and so does a name word of the nearest preceding Source in the
  article that is a name. A description that names its person ("Joe Madison, a
  D.C.-based talk radio host", "the Hollywood columnist Louella Parsons", "Mr. Rubio
  himself") is a name: the words of that name must be shared, and it is the named
  Source a pronoun after it falls back to.

PolNeAR does not resolve pronouns, and the nearest preceding named Source is often not
whom "he" means (reading samples of train's errors found about half of them right by
reading). Where this team has recorded, by reading, whom an unnamed Source means
(``bench/polnear/<split>-readings.jsonl``: the article, the quote's offset, the referent),
``speaker_accuracy_read`` also judges each such quote against that referent alone: a name
shares a name word; ``UNNAMED`` (never named in the article) a word of the description;
``NONE`` and ``AUTHOR`` (an unnamed first-person writer) no speaker named at all. The
rule's ``speaker_accuracy`` is reported beside it, unchanged.

An article annotated by several annotators is scored against one of them: the first
annotation file in name order. The data is read from ``--data``, ``$CORPUS_POLNEAR`` or
the checkout's ``../shared/data/polnear-dev``; it is never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from corpus_cli.evaluate.quotes import (
    REPO,
    GoldQuote,
    Scores,
    quotes_of_text,
    score_article,
    words_in,
)
from corpus_cli.quotes.names import ROLE_ENDINGS, TITLES, fold, word_set

DEFAULT_DATA = REPO.parent / "shared" / "data" / "polnear-dev"
READINGS = REPO / "bench" / "polnear"
UNNAMED, NO_SPEAKER = "UNNAMED", ("NONE", "AUTHOR")
SPLITS = ("train", "dev")
_OPENING = "\"“«„"
_QUOTE_MARKS = frozenset("\"“”«»„")
_WORD = re.compile(r"[^\W_][\w'’.\-]*")
# Words that name no one: in a Source they are the description's frame, not a name.
_FRAME = word_set("""
a an the this that these those his her their its our my your he she they we i it you him
them us me who whom which of for at in on to from with by and or but as said says s
""")


_DETERMINERS = word_set("the a an his her their its our one another some")
_OBJECT_OF = word_set("to for of with at from by in on about against")


def data_dir(override: str | None = None) -> Path:
    return Path(override or os.environ.get("CORPUS_POLNEAR") or DEFAULT_DATA)


@dataclass(frozen=True)
class Attribution:
    source: tuple[tuple[int, int], ...]  # the Source's fragments; () when there is none
    content: tuple[tuple[int, int], ...]


def _spans(offsets: str) -> tuple[tuple[int, int], ...]:
    out = []
    for piece in offsets.split(";"):
        a, b = piece.split()
        out.append((int(a), int(b)))
    return tuple(out)


def read_ann(path: Path) -> list[Attribution]:
    """The attributions of one brat file (Discuss and Discard left out)."""
    spans: dict[str, tuple[tuple[int, int], ...]] = {}
    events: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        if fields[0].startswith("T"):
            _, _, offsets = fields[1].partition(" ")
            spans[fields[0]] = _spans(offsets)
        elif fields[0].startswith("E"):
            events.append(fields[1].split())
    out = []
    for args in events:
        kind = args[0].split(":")[0]
        if kind not in ("Attribution", "Attribution-no-source"):
            continue
        roles = dict(a.split(":", 1) for a in args[1:] if ":" in a)
        role_of = {r.rstrip("0123456789"): t for r, t in roles.items()}
        content = spans.get(role_of.get("Content", ""))
        if not content:
            continue
        out.append(Attribution(spans.get(role_of.get("Source", ""), ()), content))
    return out


def annotation_files(folder: Path, split: str) -> list[Path]:
    """One annotation per article of the split: the first annotator's, by file name."""
    chosen: dict[str, Path] = {}
    for ann in sorted((folder / split / "attributions").glob("*.ann")):
        article = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(article, ann)
    return [chosen[a] for a in sorted(chosen)]


def quoted_words(text: str, content: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The words of a direct quote's Content that stand between quotation marks: curly
    marks say which way they face, a straight one (or two single marks typed for one,
    ``''``, as some papers print it) turns the state over. A Content quoted with single
    marks only counts all its words."""
    out: list[tuple[int, int]] = []
    inside = False
    for a, b in content:
        pos = a
        i = a
        while i <= b:
            double = i < b - 1 and text[i] == "'" and text[i + 1] == "'"
            if i < b and text[i] not in _QUOTE_MARKS and not double:
                i += 1
                continue
            if inside:
                out.extend(words_in(text, pos, i))
            if i == b:
                break
            c = '"' if double else text[i]
            inside = c in "“«„" or (c == '"' and not inside)
            i += 2 if double else 1
            pos = i
    return out or [w for a, b in content for w in words_in(text, a, b)]


def source_words(text: str, source: Sequence[tuple[int, int]]) -> tuple[set[str], set[str]]:
    """(name words, description words) of a Source: capitalised words that are neither a
    title nor the frame of a description name someone; the other words describe. A
    description that names its person ("the Hollywood columnist Louella Parsons", "Joe
    Madison, a D.C.-based talk radio host", "Mr. Rubio himself") is a name: its name
    words are those of the name."""
    names: set[str] = set()
    described: set[str] = set()
    found = [(m.group(), m.start(), m.end()) for a, b in source
             for m in _WORD.finditer(text, a, b)]
    words = [w for w, _, _ in found]
    # "The Vermont senator", "the CNN host", "a spokesman for Clinton": a description,
    # whatever capitalised words it holds; its words are compared as a description's.
    description = bool(words) and (_norm(words[0]) in _DETERMINERS or words[-1][0].islower())
    for word in words:
        folded = _norm(word)
        if not folded or folded in _FRAME:
            continue
        if word[0].isupper() and folded not in TITLES and not description:
            names.add(folded)
        else:
            described.add(folded)
    if description:
        names = _appositive_name(found, text) or _name_in(text, found)
    return names, described


def _appositive_name(found: Sequence[tuple[str, int, int]], text: str) -> set[str]:
    """The folded words of a name the description opens, set off by a comma ("Kaine, a
    former Democratic National Committee chairman", "Mr. Gilbert, the convention's chief
    executive"): one to four capitalised words before the first comma, titles aside."""
    head: list[str] = []
    for word, _start, end in found:
        if not word[0].isupper() or _norm(word) in _FRAME:
            return set()
        head.append(word)
        if text[end : end + 1] == "," or len(head) > 4:
            break
    else:
        return set()
    names = {_norm(w) for w in head if _norm(w) not in TITLES}
    return names if 0 < len(head) <= 4 else set()


def _qualifying(text: str, found: Sequence[tuple[str, int, int]]) -> set[int]:
    """Indexes of the capitalised words that only qualify a role before a name ("Monmouth
    University political scientist Patrick Murray", "Latino Decisions researcher Sylvia
    Manzano"): the name is the one after the role."""
    out: set[int] = set()
    k = 0
    while k < len(found):
        if not found[k][0][0].isupper():
            k += 1
            continue
        end = k
        while end + 1 < len(found) and found[end + 1][0][0].isupper() \
                and text[found[end][2] : found[end + 1][1]] == " ":
            end += 1
        role = end + 1
        while role < len(found) and role - end <= 3 and found[role][0][0].islower() \
                and text[found[role - 1][2] : found[role][1]] == " " \
                and _norm(found[role][0]) not in _FRAME:
            role += 1
        if role > end + 1 and role < len(found) and found[role][0][0].isupper() \
                and text[found[role - 1][2] : found[role][1]] == " " \
                and _norm(found[role - 1][0]).endswith(ROLE_ENDINGS):
            out.update(range(k, end + 1))
        k = end + 1
    return out


def _name_in(text: str, found: Sequence[tuple[str, int, int]]) -> set[str]:
    """The folded words of the first person's name in a description: two capitalised
    words or more in a row, or one after a title ("Mr. Rubio"); not a possessive
    ("Hillary Clinton's right-hand woman" describes someone else), not a body after a
    determiner ("the White House"), not words in quotes."""
    runs: list[tuple[bool, list[str]]] = []  # (after a title, words)
    qualifying = _qualifying(text, found)
    for k, (word, start, _) in enumerate(found):
        folded = _norm(word)
        joined = k > 0 and text[found[k - 1][2] : start] == " "
        if not word[0].isupper() or folded in _FRAME or text[start - 1 : start] in _QUOTE_MARKS \
                or k in qualifying:
            runs.append((False, []))
            continue
        if not (joined and runs and (runs[-1][1] or runs[-1][0])):
            # "the White House" is a body; "an adviser to Mr. Trump" is not Mr. Trump.
            skip = k > 0 and joined and (_norm(found[k - 1][0]) in _DETERMINERS
                                         or _norm(found[k - 1][0]) in _OBJECT_OF)
            runs.append((False, ["the"] if skip else []))
        if folded in TITLES and not runs[-1][1]:
            runs[-1] = (True, [])
            continue
        runs[-1][1].append(word)
    for titled, run in runs:
        if run and run[0] == "the":
            continue
        if run and (len(run) >= 2 or titled) and not run[-1].endswith(("'s", "’s", "'", "’")):
            return {_norm(w) for w in run}
    return set()


def _norm(word: str) -> str:
    folded = fold(word).strip(".’'-")
    return folded[:-2] if folded.endswith("'s") else folded


def _speaker_words(speaker: str | None) -> set[str]:
    return {_norm(w) for w in _WORD.findall(speaker or "")} - _FRAME


def _accepts(names: set[str], described: set[str], fallback: set[str],
             speaker: str | None) -> bool:
    """A named Source: a shared name word; else a word of the description, or a name
    word of the nearest preceding named Source (``fallback``)."""
    words = _speaker_words(speaker)
    if names:
        return bool(words & names)
    return bool(words & described or words & fallback)


Readings = dict[tuple[str, int], str]  # (article, quote's offset) → the referent read


def read_readings(split: str, folder: Path = READINGS) -> Readings:
    """The referents this team read for the split's unnamed Sources; none recorded: {}."""
    path = folder / f"{split}-readings.jsonl"
    if not path.is_file():
        return {}
    out: Readings = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out[(row["article"], int(row["content_start"]))] = row["referent"]
    return out


def _reads(referent: str, described: set[str], speaker: str | None) -> bool:
    """Is ``speaker`` whom a reader found an unnamed Source to mean?"""
    words = _speaker_words(speaker)
    if referent in NO_SPEAKER:
        return not words
    if referent == UNNAMED:
        return bool(words & described)
    named = _speaker_words(referent)
    # A title names no one ("the president" is not President Obama), but a surname that
    # is also a title is a name ("Mr. King" is Charlie King).
    surname = {_norm(w) for w in _WORD.findall(referent)[-1:]}
    return bool(words & ((named - TITLES) | surname))


def golds_of(text: str, attributions: Sequence[Attribution],
             readings: Readings | None = None, article: str = "") -> list[GoldQuote]:
    """The direct quotes of one article, each with the speakers the rules accept and,
    where ``readings`` holds one for this ``article``, the referent a reader found."""
    by_source = sorted((a.source[0][0] if a.source else a.content[0][0], n)
                       for n, a in enumerate(attributions))
    named_before: dict[int, set[str]] = {}  # attribution → the nearest preceding named
    last: set[str] = set()
    for _, n in by_source:
        named_before[n] = last
        names, _ = source_words(text, attributions[n].source)
        if names:
            last = names
    out = []
    for n, attr in enumerate(attributions):
        start = attr.content[0][0]
        if text[start : start + 1] not in _OPENING and text[start : start + 1] != "'":
            continue
        names, described = source_words(text, attr.source)
        want = " ".join(text[a:b] for a, b in attr.source) or "(no source)"
        fallback = set() if names else named_before[n]
        if fallback:
            want += f" (or {'/'.join(sorted(fallback))})"
        referent = None if names else (readings or {}).get((article, start))
        if referent is not None:
            want += f" (read: {referent})"
        out.append(GoldQuote(quoted_words(text, attr.content),
                             partial(_accepts, names, described, fallback), named=bool(names),
                             want=repr(want),
                             read=None if referent is None else partial(_reads, referent,
                                                                        described)))
    return out


def evaluate(data: Path, split: str = "train", scores: Scores | None = None,
             readings: Readings | None = None) -> Scores:
    """The split's scores; ``readings`` default to those recorded for the split."""
    scores = scores or Scores()
    readings = read_readings(split) if readings is None else readings
    for ann in annotation_files(data, split):
        name = ann.stem.rsplit("_", 1)[0]
        text = (data / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        attributions = read_ann(ann)
        annotated = [span for a in attributions for span in a.content]
        score_article(name, text, quotes_of_text(name, text),
                      golds_of(text, attributions, readings, name), annotated, scores)
    return scores


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m corpus_cli.evaluate.polnear",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--split", choices=SPLITS, default="train",
                        help="train (to develop on) or dev (held out, to report)")
    parser.add_argument("--data", help="the polnear-dev folder")
    parser.add_argument("--errors", action="store_true", help="print every error")
    args = parser.parse_args(argv)
    data = data_dir(args.data)
    if not (data / args.split / "attributions").is_dir():
        sys.exit(f"no annotated data at {data / args.split} (set CORPUS_POLNEAR)")
    scores = evaluate(data, args.split)
    if args.errors:
        for line in scores.errors:
            print(line)
    print(json.dumps(scores.as_dict()))


if __name__ == "__main__":
    main()
