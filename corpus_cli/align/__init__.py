"""Alignment of articles: paragraphs (with moves, splits and merges), then words.

``diff_sides`` is the entry point; ``paragraphs.align`` and ``words.diff_words`` work on
plain strings and are reused by the N-way collation of passages.
"""
