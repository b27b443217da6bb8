"""blake2b, the hash of paragraph, body and group keys, without hashlib's start-up cost;
and group ids made with it.

``hashlib.blake2b`` is ``_blake2.blake2b``, but importing hashlib first loads OpenSSL's
bindings, a share of every command's start-up worth saving (bench/README.md).
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # an interpreter built without it: hashlib finds another
    from hashlib import blake2b

__all__ = ["blake2b", "group_id"]


def group_id(prefix: str, keys: list[str]) -> str:
    """A stable id from member keys: the same members, the same id, in any order."""
    digest = blake2b("\n".join(sorted(keys)).encode(), digest_size=6).hexdigest()
    return prefix + digest
