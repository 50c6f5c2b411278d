"""Near-duplicate articles: MinHash signatures over word shingles, banded for LSH lookup.

Wire copy reprinted by many outlets differs in a headline, a dateline or a closing line,
so exact content hashes miss it. Two articles whose word-5-gram sets overlap strongly
(Jaccard similarity) have MinHash signatures that agree in about that share of positions;
splitting a signature into bands and bucketing each band finds the candidates without
comparing every pair (``BANDS`` × ``ROWS`` = ``PERMUTATIONS``; candidates are pairs above a
similarity of about (1/BANDS)^(1/ROWS) ≈ 0.7). The store then confirms a candidate by
comparing the full signatures.
"""

from __future__ import annotations

import functools
import hashlib
import re
import zlib

import numpy as np

PERMUTATIONS = 128
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SHINGLE = 5
NEAR_DUPLICATE = 0.8  # estimated Jaccard similarity above which two articles are linked
_PRIME = (1 << 61) - 1
_WORD = re.compile(r"\w+", re.UNICODE)


@functools.lru_cache(maxsize=1)
def _coefficients() -> tuple[np.ndarray, np.ndarray]:
    """Fixed random (a, b) pairs of the hash family h(x) = (a·x + b) mod p."""
    rng = np.random.default_rng(20240601)
    a = rng.integers(1, 1 << 32, size=PERMUTATIONS, dtype=np.uint64)
    b = rng.integers(0, 1 << 32, size=PERMUTATIONS, dtype=np.uint64)
    return a, b


def shingles(text: str, size: int = SHINGLE) -> set[int]:
    """32-bit hashes of the text's lower-cased word `size`-grams (fewer words: one shingle)."""
    words = _WORD.findall(text.lower())
    if not words:
        return set()
    if len(words) < size:
        return {zlib.crc32(" ".join(words).encode("utf-8"))}
    return {
        zlib.crc32(" ".join(words[i : i + size]).encode("utf-8"))
        for i in range(len(words) - size + 1)
    }


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (uint32 × PERMUTATIONS) of a text, or None for a text without words."""
    found = shingles(text)
    if not found:
        return None
    a, b = _coefficients()
    x = np.fromiter(found, dtype=np.uint64, count=len(found))
    hashed = (np.outer(x, a) + b) % np.uint64(_PRIME)  # a, x < 2^32: no uint64 overflow
    return (hashed.min(axis=0) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def band_buckets(sig: np.ndarray) -> list[tuple[int, int]]:
    """(band, bucket) pairs: a signed 64-bit hash of each band of the signature."""
    out = []
    raw = sig.astype("<u4")
    for band in range(BANDS):
        chunk = raw[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        out.append((band, int.from_bytes(digest, "little", signed=True)))
    return out
