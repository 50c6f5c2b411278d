"""Language detection: is an article English (the coder's language), and if not, what is it?

A cheap test comes first: English running text is dense in a few function words ("the",
"of", "and", "to" …), so a text where they are frequent is English without further work.
Only other texts go to langdetect (a port of Google's language-detection profiles), and
a language is reported only when the text is long enough and langdetect is confident:
short headlines and lists of names are left undetermined (None) and coded as English.
"""

from __future__ import annotations

import functools
import re

ENGLISH = "en"
SAMPLE_CHARS = 2000  # enough text to decide; detection cost stays flat for long articles
MIN_WORDS = 8  # fewer words than this: too little evidence to call a text non-English
ENGLISH_DENSITY = 0.12  # share of function words above which a text is English
CONFIDENCE = 0.90
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_FUNCTION_WORDS_TEXT = """the of and to in a is that for on was with as by it said at from
his he has have be are were an its their which this not but had been they who will after
also would more than about over into we our there when against her she"""
_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())


def english_density(words: list[str]) -> float:
    if not words:
        return 0.0
    return sum(1 for w in words if w in _FUNCTION_WORDS) / len(words)


@functools.lru_cache(maxsize=1)
def _langdetect_factory():
    """langdetect's detector factory with its profiles loaded once (None if not installed)."""
    try:
        from langdetect import detector_factory
    except ImportError:
        return None
    factory = detector_factory.DetectorFactory()
    factory.load_profile(detector_factory.PROFILES_DIRECTORY)
    factory.seed = 0  # the same text always gets the same answer
    return factory


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language ("en", "fr" …), or None when unsure."""
    sample = text[:SAMPLE_CHARS]
    words = [w.lower() for w in _WORD.findall(sample)]
    if english_density(words) >= ENGLISH_DENSITY:
        return ENGLISH
    if len(words) < MIN_WORDS:
        return None
    factory = _langdetect_factory()
    if factory is None:
        return None
    from langdetect.lang_detect_exception import LangDetectException

    detector = factory.create()
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None
    return best.lang if best.prob >= CONFIDENCE else None


def is_english(language: str | None) -> bool:
    """Undetermined counts as English: only a confident other language is skipped."""
    return language is None or language == ENGLISH
