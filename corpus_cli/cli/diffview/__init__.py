"""Views of a ``corpus diff``: side by side, inline, unified (word-diff) and HTML."""
