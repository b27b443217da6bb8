"""``corpus related`` and ``corpus report``: what the stored articles share, read across
every engine's results at once (the kept dedupe groups, the quote groups, the diffs).

``groups`` picks the dedupe groups to read, ``chronology`` puts articles in order of
publication, ``related`` and ``records`` answer for one article, ``content`` gathers the
report's content, ``timeline`` draws when a story appeared where, ``page`` renders it as one
self-contained HTML page from ``templates/``, and ``run`` holds both workflows.
"""
