"""Tacitus: political event data from news text.

    >>> import tacitus
    >>> coding = tacitus.code_text("Russia's foreign minister criticized NATO.", date="2021-03-02")
    >>> [(e.source.code, e.cameo, e.target.code) for e in coding.events]
    [('RUSGOV', '111', 'IGONAT')]
"""

__version__ = "0.1.0"

from .errors import (
    ConfigError,
    DictionaryError,
    EvaluationError,
    InputError,
    StoreError,
    TacitusError,
)
from .model import Actor, ActorRef, Article, Coding, Event, Mention, Place, Quote
from .pipeline import Pipeline, code_articles, code_text

__all__ = [
    "Actor",
    "ActorRef",
    "Article",
    "Coding",
    "ConfigError",
    "DictionaryError",
    "EvaluationError",
    "Event",
    "InputError",
    "Mention",
    "Pipeline",
    "Place",
    "Quote",
    "StoreError",
    "TacitusError",
    "__version__",
    "code_articles",
    "code_text",
]
