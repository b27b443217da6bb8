"""``corpus NAME ...`` builds command NAME alone; users must not be able to tell."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from corpus_cli.cli.app import COMMANDS, build_app

ENV = {"COLUMNS": "100", "NO_COLOR": None, "FORCE_COLOR": None, "TERM": "xterm"}


def _run(only: str | None, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(build_app(only), list(args), env=ENV)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("args", [("--help",), ("--no-such-option",)])
def test_a_command_built_alone_answers_as_in_the_whole_app(name: str,
                                                           args: tuple[str, ...]) -> None:
    alone = _run(name, name, *args)
    assert alone == _run(None, name, *args)
    assert alone[0] == (0 if args == ("--help",) else 2)
    assert f"corpus {name}" in alone[1] + alone[2]


def test_the_whole_app_lists_every_command() -> None:
    code, out, _err = _run(None, "--help")
    assert code == 0
    assert all(name in out for name in COMMANDS)


def test_the_command_list_gives_every_summary_in_full() -> None:
    code, out, _err = _run(None, "--help")
    assert code == 0
    listing = out[out.index("Commands:"):]
    assert "..." not in listing
    for name, (_module, _function, summary) in COMMANDS.items():
        assert " ".join(summary.split()) in " ".join(listing.split()), name


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_help_has_examples(name: str) -> None:
    code, out, _err = _run(name, name, "--help")
    assert code == 0
    examples = out[out.index("Examples:"):].splitlines()[1:]
    assert len(examples) >= 3
    assert all(line.strip().startswith(("corpus ", "eval ", "cat ")) for line in examples
               if line.strip())


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str) -> None:
    code, out, _err = _run(None, flag)
    assert code == 0
    assert out.startswith("corpus-cli ")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_takes_quiet(name: str) -> None:
    from typer.main import get_command

    command = get_command(build_app(name)).commands[name]  # type: ignore[attr-defined]
    flags = {opt for param in command.params for opt in param.opts}
    assert {"-q", "--quiet"} <= flags, name
