"""``corpus completion SHELL``: the script that makes a shell complete ``corpus`` commands.

The script calls ``corpus`` back with ``_CORPUS_COMPLETE`` set, and Typer answers from the
commands' own parameters; nothing of it is imported unless that variable is set, so
completion costs an ordinary start nothing.
"""

from __future__ import annotations

from typing import Annotated

import typer

from corpus_cli.cli.options import QuietOpt

SHELLS = ("bash", "zsh", "fish")
EXAMPLES = {"completion": """
eval "$(corpus completion bash)"                 # this shell; add it to ~/.bashrc to keep it
corpus completion zsh > "${fpath[1]}/_corpus"     # zsh, from the next shell on
corpus completion fish > ~/.config/fish/completions/corpus.fish
"""}

ShellArg = Annotated[str, typer.Argument(
    metavar="SHELL", help="bash, zsh or fish.", show_default=False,
    autocompletion=lambda: list(SHELLS))]


def completion(shell: ShellArg, quiet: QuietOpt = False) -> None:
    """Print the completion script for SHELL (bash, zsh or fish): commands, options and
    their values complete on Tab, paths where a command takes files."""
    from typer._completion_shared import get_completion_script

    from corpus_cli.cli.options import check_choice

    del quiet  # -q is accepted by every command; this one writes nothing but its script
    check_choice("SHELL", shell, SHELLS)
    typer.echo(get_completion_script(prog_name="corpus", complete_var="_CORPUS_COMPLETE",
                                     shell=shell))
