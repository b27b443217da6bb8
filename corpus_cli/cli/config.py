"""``.corpus/config.toml``: a project's default settings, which flags override.

Read with ``tomllib`` only when the file exists, and handed to Click as the commands'
``default_map``: a flag given on the command line wins, a setting in the file replaces the
built-in default, and ``--help`` shows the default in force.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from corpus_cli.errors import UsageError

CONFIG_FILE = "config.toml"
# The settings a project may set, per command: (flag name, JSON type name, Python types).
_FLOAT = ("a number", (int, float))
_INT = ("an integer", (int,))
_BOOL = ("true or false", (bool,))
_STR = ("a string", (str,))
_STRS = ("a list of strings", (list,))
SETTINGS: dict[str, dict[str, tuple[str, tuple[type, ...]]]] = {
    "ingest": {"max-size": _STR, "jobs": _INT, "batch-size": _INT, "glob": _STRS},
    "dedupe": {"threshold": _FLOAT, "min-words": _INT, "passage-threshold": _FLOAT,
               "include-boilerplate": _BOOL, "level": _STR, "fail-on": _STR,
               "max-shared": _FLOAT},
    "diff": {"context": _INT, "threshold": _FLOAT, "ignore-punctuation": _BOOL,
             "include-boilerplate": _BOOL, "width": _INT},
    "quotes": {"min-sources": _INT, "partial": _BOOL},
}


def config_path(project: os.PathLike[str] | str) -> str:
    return os.path.join(project, ".corpus", CONFIG_FILE)


def load_defaults(path: str) -> dict[str, dict[str, Any]]:
    """The file at ``path`` as Click's ``default_map`` (``{command: {parameter: value}}``);
    every mistake in it is a usage error naming the file and the setting."""
    import tomllib

    shown = os.path.relpath(path)
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as err:
        raise UsageError(f"{shown}: not valid TOML: {err}") from None
    except OSError as err:
        raise UsageError(f"{shown}: cannot read it: {err.strerror}") from None
    return _checked(shown, data)


def _checked(shown: str, data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for section, table in data.items():
        known = SETTINGS.get(section)
        if known is None or not isinstance(table, dict):
            raise UsageError(f"{shown}: unknown section [{section}] (sections: "
                             f"{', '.join(f'[{s}]' for s in SETTINGS)})")
        for key, value in table.items():
            spec = known.get(key.replace("_", "-"))
            if spec is None:
                raise UsageError(f"{shown}: unknown setting {section}.{key} ({section} "
                                 f"settings: {', '.join(known)})")
            kind, types = spec
            wrong = isinstance(value, bool) and bool not in types
            if isinstance(value, list):
                wrong = wrong or not all(isinstance(v, str) for v in value)
            if wrong or not isinstance(value, types):
                raise UsageError(f"{shown}: {section}.{key} must be {kind}, not {value!r}")
            out.setdefault(section, {})[key.replace("-", "_")] = value
    return out
