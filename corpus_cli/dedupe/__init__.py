"""``corpus dedupe``: duplicate articles and passages shared across sources.

Where each part lives:

- ``corpus``: articles as token bodies, and their fingerprints (the first stage);
- ``candidates``: candidate paragraph pairs from shared fingerprints, or from the store's
  index for a check;
- ``verify``: candidate pairs verified word by word into matching regions (``runs``: the
  table of them);
- ``duplicates`` and ``passages``: the groups made from those regions;
- ``compare``: the stages run in order, in the worker pool;
- ``load``, ``indexing``, ``run`` and ``check``: the local engine, over the store.

Each stage is a plain function over arrays and settings: what an engine supplies is the
bodies, and an answer to which flagged paragraphs are site furniture.
"""
