"""``corpus dedupe --engine spark``: the same dedupe on an Apache Spark cluster.

Where each part lives:

- ``job``: the workflow, stage by stage, on the driver (``dedupe_on_spark``);
- ``tasks``: what Spark's tasks run: the library's dedupe stages over Arrow batches;
- ``inputs``: what INPUT arguments name, and the articles read from them on executors;
- ``components``: connected components of a DataFrame of edges (large-star/small-star);
- ``session``: starting Spark (Java, master URL, logs in a file).

Nothing here is imported unless ``--engine spark`` is asked for: pyspark and Java are
optional (``pip install 'corpus-cli[spark]'``).
"""
