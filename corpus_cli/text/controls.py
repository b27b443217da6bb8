"""Control characters made visible: what article text becomes before it reaches a terminal
or a page a terminal may print (``\\xNN`` text, obeyed by nothing)."""

from __future__ import annotations

import re

# Control characters from article text must never reach a terminal raw: every escape
# sequence (OSC 52 writing the clipboard, CSI 2J clearing the screen, OSC 8 links) begins
# with ESC or a C1 control (U+009B is CSI by itself), and backspaces and carriage returns
# overwrite what was printed. C0 but newlines and tabs (layout, not control), DEL and C1.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_BUT_CR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def visible_controls(text: str, *, line_ends: bool = False) -> str:
    """``text`` with its control characters written out as ``\\xNN``: an ANSI escape in an
    article shows, and does nothing. ``line_ends`` keeps carriage returns (a whole page's
    CRLF line ends)."""
    pattern = _CONTROL_BUT_CR if line_ends else _CONTROL
    return pattern.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


# What JSON encoders leave raw inside strings (they escape C0 themselves): DEL and C1.
_JSON_CONTROL = re.compile(r"[\x7f-\x9f]")


def json_controls_escaped(text: str) -> str:
    """JSON text with DEL and C1 controls written as ``\\u`` escapes, as the encoders write
    C0: the same data, and nothing a terminal would obey wherever the JSON ends up.

    (JSON has no other place for them than inside strings, where any character may be
    written as ``\\uXXXX``; a str's ASCII-ness is known without a scan.)
    """
    if text.isascii() and "\x7f" not in text:
        return text
    return _JSON_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
