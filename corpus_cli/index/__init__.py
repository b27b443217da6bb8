"""Token fingerprints of article bodies, shared by every engine that compares them.

``tokens`` (word tokens as integer codes, many paragraphs at once), ``bodies`` (an article
version's story paragraphs as one token array, bodies kept as columns), ``make`` (bodies
tokenised from article versions), ``mapped`` (tokens kept in a file and read through a map),
``fingerprints`` (sampled word k-gram hashes, by a ``settings.Fingerprinting`` scheme) and
``postings`` (the index persisted in the store, queried by ``corpus dedupe --check``).
"""
