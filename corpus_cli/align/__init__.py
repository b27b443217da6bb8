"""Align: verify candidates word by word, align paragraphs, cluster what matches."""
