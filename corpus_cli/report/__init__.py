"""What every command prints, as flat records built from core results: the JSON, CSV and
table rows of ``ingest``/``articles``/``show`` (``records``), ``dedupe``, ``diff``
(``diffmodel``: records and the rows every diff view draws), ``collation`` and
``quotes``. No terminal code here."""
