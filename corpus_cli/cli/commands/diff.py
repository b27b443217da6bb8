"""``corpus diff``: two articles aligned paragraph by paragraph, word by word."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from corpus_cli.cli.console import Environment, color_enabled, make_console, safe_json
from corpus_cli.cli.options import ColorOpt, StoreOpt, WaitOpt, check_choice, check_color
from corpus_cli.cli.output import PipeClosed, exit_with

if TYPE_CHECKING:
    from corpus_cli.diff.collate import Collation
    from corpus_cli.diff.model import Diff

EXAMPLES = {"diff": """
corpus diff 000 001                            # stored articles by file name prefix or id
corpus diff old.txt new.html                   # files; nothing is stored
corpus diff 9a20fd5@1 9a20fd5@2                # two versions of one article
corpus diff 000 001 -f json | jq '.ops[] | select(.op == "split")'
corpus diff a.txt b.txt -q --threshold 0.95 || echo "more than a light edit"
corpus diff --group p7dfd07                    # a shared passage across its sources
"""}

DIFF_FORMATS = ("auto", "side", "inline", "unified", "json", "html")
_REF_HELP = ("A file, - for stdin, a stored article id (or unique prefix, or path), or "
             "ID@N for version N of a stored article.")

RefArg = Annotated[str | None, typer.Argument(metavar="A", help=_REF_HELP, show_default=False)]
RefBArg = Annotated[str | None, typer.Argument(metavar="B", help=_REF_HELP,
                                               show_default=False)]
GroupOpt = Annotated[str | None, typer.Option(
    "--group", metavar="GROUP", help="Instead of A and B: collate every occurrence of the "
    "shared passage GROUP (an id corpus dedupe prints) word by word, one row per source.")]
DiffFormatOpt = Annotated[str, typer.Option(
    "--format", "-f", metavar="FORMAT",
    help="auto (side on a terminal, unified in a pipe), side (two columns; inline below 100 "
    "columns), inline, unified (git-style word diff), json or html.")]
WidthOpt = Annotated[int | None, typer.Option(
    "--width", min=20, metavar="N", help="Columns to lay the view out in [default: the "
    "terminal's].")]
ContextOpt = Annotated[int, typer.Option(
    "--context", "-C", min=0, metavar="N", help="Unchanged paragraphs shown around each "
    "change; longer unchanged runs are collapsed.")]
PunctuationOpt = Annotated[bool, typer.Option(
    "--ignore-punctuation", help="Treat changes of punctuation and quote marks only as no "
    "change.")]
BoilerplateOpt = Annotated[bool, typer.Option(
    "--include-boilerplate", help="Compare and show boilerplate paragraphs too (collapsed by "
    "default).")]
ExitCodeOpt = Annotated[bool, typer.Option(
    "--exit-code", help="Exit with status 1 when the articles differ, as git diff "
    "--exit-code.")]
QuietDiffOpt = Annotated[bool, typer.Option(
    "--quiet", "-q", help="Print nothing: the exit status alone tells (implies --exit-code), "
    "as git diff --quiet.")]
ThresholdOpt = Annotated[float | None, typer.Option(
    "--threshold", min=0.0, max=1.0, metavar="SIMILARITY", help="With --exit-code (implied): "
    "differ only when the overall similarity is below this (0 to 1).")]


def _resolve_format(fmt: str, env: Environment, width: int) -> str:
    if fmt == "auto":
        fmt = "side" if env.stdout_isatty else "unified"
    if fmt == "side":
        from corpus_cli.cli.diffview.terminal import SIDE_BY_SIDE_MIN

        if width < SIDE_BY_SIDE_MIN:
            return "inline"
    return fmt


def diff(a: RefArg = None, b: RefBArg = None, group: GroupOpt = None,
         format: DiffFormatOpt = "auto", width: WidthOpt = None, context: ContextOpt = 1,
         ignore_punctuation: PunctuationOpt = False, include_boilerplate: BoilerplateOpt = False,
         exit_code: ExitCodeOpt = False, threshold: ThresholdOpt = None,
         store: StoreOpt = None, wait: WaitOpt = None, color: ColorOpt = "auto",
         quiet: QuietDiffOpt = False) -> None:
    """Compare two articles: paragraphs aligned (moves, splits, merges) and words changed."""
    from corpus_cli.settings import DiffSettings
    from corpus_cli.store import resolve_store_path

    check_choice("--format", format, DIFF_FORMATS)
    check_color(color)
    env, path = Environment(), resolve_store_path(store)
    exit_code = exit_code or quiet
    if group is not None:
        _check_group_args(a, b, format, context, ignore_punctuation, include_boilerplate,
                          threshold)
        from corpus_cli.dedupe.run import find_passage
        from corpus_cli.diff.run import collate_passage

        collation, verdict = collate_passage(find_passage(path, group), exit_code)
        if not quiet:
            _print_collation(env, collation, format, width, color)
        exit_with(verdict)
    if a is None or b is None:
        raise typer.BadParameter("two articles to compare (or --group GROUP)",
                                 param_hint="A B")
    from corpus_cli.diff.run import diff_refs

    result, verdict = diff_refs(
        [a, b], path, DiffSettings(ignore_punctuation=ignore_punctuation,
                                   include_boilerplate=include_boilerplate),
        fail_if_different=exit_code, fail_below=threshold)
    if not quiet:
        _print_diff(env, result, format, width, context, color)
    exit_with(verdict)


def _print_diff(env: Environment, result: Diff, fmt: str, width: int | None, context: int,
                color: str) -> None:
    from corpus_cli.cli.diffview.segments import line_len
    from corpus_cli.report.diffmodel import diff_record, rows

    columns = width if width is not None else make_console(env).width
    fmt = _resolve_format(fmt, env, columns)
    try:
        if fmt == "json":
            env.stdout.write(safe_json(json.dumps(diff_record(result), ensure_ascii=False,
                                                  indent=2)) + "\n")
        elif fmt == "html":
            from corpus_cli.report.diffhtml import render_html

            env.stdout.write(render_html(result, rows(result, context)))
        elif fmt == "unified":
            from corpus_cli.cli.diffview.unified import render_unified, unified_lines

            if color_enabled(color, env, bool(env.stdout_isatty)):
                from corpus_cli.cli.diffview.terminal import print_lines

                # One line per paragraph, never wrapped: as wide as its longest line.
                lines = unified_lines(result, rows(result, context), markup=False)
                print_lines(lines, env.stdout, True, max(map(line_len, lines), default=1))
            else:
                env.stdout.write(render_unified(result, rows(result, context)))
        else:
            from corpus_cli.cli.diffview.terminal import print_lines, render_lines

            colored = color_enabled(color, env, bool(env.stdout_isatty))
            lines = render_lines(result, rows(result, context), columns, not colored,
                                 side_by_side=fmt == "side")
            print_lines(lines, env.stdout, colored, columns)
        env.stdout.flush()
    except BrokenPipeError as err:
        raise PipeClosed from err


def _check_group_args(a: str | None, b: str | None, fmt: str, context: int,
                      ignore_punctuation: bool, include_boilerplate: bool,
                      threshold: float | None) -> None:
    if a is not None or b is not None:
        raise typer.BadParameter("--group takes no articles A B", param_hint="--group")
    if fmt == "unified":
        raise typer.BadParameter("unified is not available with --group", param_hint="--format")
    for flag, given in (("--context", context != 1), ("--threshold", threshold is not None),
                        ("--ignore-punctuation", ignore_punctuation),
                        ("--include-boilerplate", include_boilerplate)):
        if given:
            raise typer.BadParameter("not available with --group", param_hint=flag)


def _print_collation(env: Environment, collation: Collation, fmt: str, width: int | None,
                     color: str) -> None:
    from corpus_cli.report.collation import collation_record

    try:
        if fmt == "json":
            env.stdout.write(safe_json(json.dumps(collation_record(collation),
                                                  ensure_ascii=False, indent=2)) + "\n")
        elif fmt == "html":
            from corpus_cli.report.collationhtml import render_collation_html

            env.stdout.write(render_collation_html(collation))
        else:
            from corpus_cli.cli.diffview.collation import render_collation
            from corpus_cli.cli.diffview.terminal import print_lines

            columns = width if width is not None else make_console(env).width
            colored = color_enabled(color, env, bool(env.stdout_isatty))
            print_lines(render_collation(collation, columns, not colored), env.stdout,
                        colored, columns)
        env.stdout.flush()
    except BrokenPipeError as err:
        raise PipeClosed from err
