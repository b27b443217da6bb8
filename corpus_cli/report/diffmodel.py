"""``corpus diff`` results as a JSON record and as display rows (no terminal code here).

Rows are what every view draws, in order: the operations, a stub where a moved paragraph
used to stand, and collapsed runs of unchanged paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from corpus_cli.diff.model import Diff, ParagraphOp, Side


def _side(side: Side) -> dict[str, Any]:
    return {"id": side.id, "path": side.path, "title": side.title, "version": side.version,
            "name": side.name}


def _op(op: ParagraphOp) -> dict[str, Any]:
    return {
        "op": op.op,
        "a": list(op.a),
        "b": list(op.b),
        "similarity": round(op.similarity, 4),
        "words": [[w.kind, w.a, w.b] for w in op.words],
        # Positions in "words" of the changes that touch punctuation or quote marks only.
        "punctuation": [k for k, w in enumerate(op.words) if w.punctuation],
    }


def diff_record(diff: Diff) -> dict[str, Any]:
    """The JSON contract of ``corpus diff --format json`` (README: `corpus diff`)."""
    a, b = diff.a, diff.b
    return {
        "type": "diff",
        "a": _side(a),
        "b": _side(b),
        "similarity": diff.similarity,
        "identical": diff.identical,
        "counts": diff.counts(),
        "ignore_punctuation": diff.settings.ignore_punctuation,
        "include_boilerplate": diff.settings.include_boilerplate,
        "paragraphs": {"a": a.texts, "b": b.texts},
        "spans": {"a": [[p.start, p.end] for p in a.paragraphs],
                  "b": [[p.start, p.end] for p in b.paragraphs]},
        "boilerplate": {"a": a.boilerplate, "b": b.boilerplate},
        "ops": [_op(op) for op in diff.ops],
    }


@dataclass(frozen=True, slots=True)
class Row:
    """One thing a view draws.

    ``kind`` is an operation kind, ``moved`` (the place a moved paragraph left, ``op``
    being the move) or ``collapsed`` (``hidden`` unchanged operations, ``a`` and ``b``
    the paragraphs they cover).
    """

    kind: str
    op: ParagraphOp | None
    a: tuple[int, ...]
    b: tuple[int, ...]
    hidden: int = 0


def rows(diff: Diff, context: int | None) -> list[Row]:
    """Display rows; runs of ``equal`` beyond ``context`` rows of a change are collapsed
    (``None``: nothing collapsed)."""
    out = [Row(op.op, op, op.a, op.b) for op in diff.ops]
    for op in diff.ops:
        if op.op != "move":
            continue
        stub = Row("moved", op, op.a, ())
        at = next((k for k, r in enumerate(out)
                   if r.kind not in ("move", "moved", "insert") and r.a and r.a[0] > op.a[0]),
                  len(out))
        out.insert(at, stub)
    return out if context is None else _collapse(out, max(context, 0))


def _collapse(found: list[Row], context: int) -> list[Row]:
    out: list[Row] = []
    k = 0
    while k < len(found):
        if found[k].kind != "equal":
            out.append(found[k])
            k += 1
            continue
        end = k
        while end < len(found) and found[end].kind == "equal":
            end += 1
        run = found[k:end]
        keep_head = context if k > 0 else 0
        keep_tail = context if end < len(found) else 0
        if len(run) <= keep_head + keep_tail:
            out.extend(run)
        else:
            hidden = run[keep_head : len(run) - keep_tail]
            out.extend(run[:keep_head])
            out.append(Row("collapsed", None, tuple(i for r in hidden for i in r.a),
                           tuple(j for r in hidden for j in r.b), len(hidden)))
            out.extend(run[len(run) - keep_tail :])
        k = end
    return out


def paragraph_label(indexes: tuple[int, ...]) -> str:
    """``#3`` or ``#3-5``: paragraph indexes as ``corpus show`` and the JSON give them."""
    if not indexes:
        return ""
    first, last = indexes[0], indexes[-1]
    return f"#{first}" if first == last else f"#{first}-{last}"


def punctuation_only(op: ParagraphOp) -> bool:
    """Does ``op`` change punctuation or quote marks and nothing else?"""
    changes = [w for w in op.words if w.kind != "equal"]
    return bool(changes) and all(w.punctuation for w in changes)


def display_name(side: Side) -> str:
    """Where an article came from, with ``@N`` when a version was asked for."""
    where = side.path or side.name
    return f"{where}@{side.version}" if "@" in side.name and side.version else where


def summary_line(diff: Diff) -> str:
    counts = ", ".join(f"{n} {kind}" for kind, n in diff.counts().items() if n)
    return f"similarity {diff.similarity:.0%}" + (f" · {counts}" if counts else "")
