"""Alignment of articles: verify candidate matches word by word, align paragraphs (with
moves, splits and merges), then words; cluster what matches.

``diff_sides`` is the entry point of ``corpus diff``; ``paragraphs.align`` and
``words.diff_words`` work on plain strings and are reused by the N-way collation of
passages. ``passages``, ``cluster`` and ``groups`` serve ``corpus dedupe``.
"""
