"""Language detection: English decided cheaply, other languages named when clear."""

import pytest

from tacitus.ingest.language import detect_language, is_english


@pytest.mark.parametrize("text, expected", [
    ("The United States imposed new sanctions on Iran on Tuesday, the Treasury said in a statement.", "en"),
    ("Le président de la République a rencontré hier le premier ministre allemand à Berlin pour "
     "discuter de la guerre en Ukraine et des sanctions contre la Russie.", "fr"),
    ("Der Außenminister traf sich am Dienstag mit seinem russischen Amtskollegen in Moskau, um über "
     "die Lage in der Ukraine zu sprechen.", "de"),
    ("El presidente de Colombia se reunió con los líderes de la oposición en Bogotá para hablar "
     "sobre el proceso de paz.", "es"),
    ("Russia criticized NATO.", None),  # too short to tell: coded as English
])
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_only_a_confident_other_language_is_skipped():
    assert is_english("en") and is_english(None) and not is_english("fr")
