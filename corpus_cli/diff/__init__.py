"""``corpus diff``: two articles aligned, and one shared passage collated across sources.

Where each part lives: ``inputs`` (what an argument names: a file, stdin, a stored
article or one of its versions), ``paragraphs`` (paragraph alignment with moves, splits
and merges), ``words`` (word diffs inside paired paragraphs), ``model`` (what an alignment
is), ``collate`` (the N-way collation of a passage's occurrences) and ``run`` (the
workflows: ``diff_refs``, ``collate_passage``).
"""
