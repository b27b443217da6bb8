"""``corpus ingest``: find inputs, decode their bytes, read every format into ``Document``
records, and store them as articles; the layer every other command reads articles through.

``discover`` (paths, folders, globs, stdin), ``decode`` (bytes to text, size caps, gzip),
``formats`` and the readers (``readers``, ``html``, ``jsonfmt``, ``warc``,
``frontmatter``), ``parse`` (inputs to articles, in the worker pool for large jobs) and
``run`` (the workflows: ``ingest_articles``, ``preview_articles``).
"""
