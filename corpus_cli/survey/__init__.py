"""``corpus related`` and ``corpus report``: what the stored articles share, read across
every engine's results at once (the kept dedupe groups, the quote groups, the diffs).

``groups`` picks the dedupe groups to read, ``chronology`` puts articles in order of
publication, ``related`` and ``records`` answer for one article. For the report,
``content`` gathers the overview and the articles, ``stories`` the stories that travelled
(with ``timeline``, where and when each appeared), ``quoted`` the shared quotes and who is
quoted; ``page`` renders it all as one self-contained HTML page from ``templates/``; ``run``
holds both workflows.
"""
