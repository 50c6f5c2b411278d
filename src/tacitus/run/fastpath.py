"""The fast path: parse only the sentences that could yield an event, and only the names
of the others.

Before parsing, a cheap pass splits the text into sentences with a regular expression and
keeps a sentence whole only if some pattern of the verb dictionary could match in it: a
word that lemmatises (by the parser's own lemma rules and exception lists, and the coder's
fallbacks, applied without part-of-speech tags; a hyphenated word also by its last part)
to a trigger, with every word the pattern requires — its object, phrase words, controlled
verb or subject within ``WINDOW`` words, its preposition or particle within ``REACH``
words after it — or a speech verb with "must" or "should" near it (the coder's reported
demand, which has no pattern). A word after a determiner ("the", "a", "their" …) is a
noun: only event nouns' patterns count for it ("their backing", "the phone"), unless it
may be a participle ("the armed men"). Most sentences of news fail this: "said" codes an
event only with "to" ("said to Ukraine") or a modal, "have" only with "talks", and so on.
A kept sentence with a personal pronoun also keeps the sentence before it whole: the
antecedent is parsed in its own sentence, as in the full text, and sentences are counted
as there.

Of every other sentence only its names survive — each at its first occurrence in the text
(a repeated "Trump" adds tokens to parse and no antecedent the first did not give): the
actor dictionary's phrases (countries, people, organisations, roles; not lowercase stop
words such as "is" or "who") and runs of capitalised words (not weekdays or months),
those a comma, a title's full stop or one lowercase word apart joined ("Republican
presidential nominee Donald Trump"), each closed with a full stop, as is the dateline's
place. These are the antecedents coreference resolves surnames, titles and pronouns of
the kept sentences to ("Ned Price … Price said"). Everything else is blanked with spaces
(newlines kept), so the masked text keeps the length of the original and every character
offset stays valid.

:meth:`Prefilter.parse` does not hand the parser the blanks: each run of them, which would
be a whitespace token costing as much as a word, is cut to one space (or a blank line, a
paragraph break) and the parse of that compact text is moved back onto a Doc of the masked
text (:func:`compact`, :func:`expand`).

What this loses, measured by ``benchmarks/bench_throughput.py`` (docs/scale.md): events
the cheap pass cannot foresee (a trigger the lemma rules miss, a passive "given", a
required word beyond the window or before the trigger), events whose actor is resolved
through more than a name (a role or a context the names alone do not carry), kept
sentences parsed a little differently without their neighbours, and the quotes, places
and actor mentions of the skipped sentences.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS

log = logging.getLogger(__name__)

WINDOW = 8  # words either side of a trigger in which a pattern's required words must occur
REACH = 8  # words after a trigger in which its particle or preposition must occur
MAX_PHRASE = 6
CONTEXT_WORDS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
# Capitalised words that name no actor: a skipped sentence's "Friday" is no antecedent.
CALENDAR = frozenset({"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
                      "January", "February", "March", "April", "June", "July", "August", "September",
                      "October", "November", "December"})
DEMAND_WORDS = frozenset({"must", "should", "ought"})  # a reported obligation's modals
# Words after which the next is a noun (or an adjective): never "her" (an object before a
# bare verb: "let her go"), "this"/"that"/"those" (pronouns: "those killed"), "each" (after
# its subject: "the rivals each condemn the vote").
DETERMINERS = frozenset({"the", "a", "an", "his", "its", "their", "our", "my", "your", "every"})
_SENTENCE_END = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)\]]))\s+(?=[\"'“‘(\[]?[A-Z0-9])"  # ". Next", ".” Next"
    r"|\n\s*\n|\n(?=\s*[A-Z\"“])"  # paragraph and line breaks before a capital
)
# A full stop after these does not end a sentence ("Mr. Smith", "Gen. Allen", "J. Smith").
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Rev|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Cmdr|Adm|Maj|Prof|Pres|Jr|Sr|"
    r"Ft|Mt|No|Gens|Sens|Reps|Insp|Supt|Cpl|Pvt|Fr|Hon|Amb|Sec|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|"
    r"Oct|Nov|Dec|Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|"
    r"Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo|Inc|Corp|Co|Ltd|Bros|vs)|\b[A-Z])\.$"
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d+")
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’\-]*(?:\s+(?:of\s+|de\s+|al-)?[A-Z][\w'’\-]*)*")

# Each group must meet a word (or lemma) near the trigger, on the given side: 0 either,
# 1 after it (PETRARCH's words after the verb), -1 before it (PETRARCH's words before
# the verb), 2 closely after it (a particle or preposition of the verb, within REACH words).
Requirement = tuple[tuple[frozenset[str], int], ...]


def _requirement(pattern) -> Requirement | None:
    """The words a pattern needs besides its trigger (None: it codes no event)."""
    from ..events.code import NULL_CODES
    from ..events.match import JOINT
    from ..events.patterns import NO_PARTICLE

    if pattern.code in NULL_CODES and not getattr(pattern, "reverse_code", None):
        return None
    if hasattr(pattern, "before"):  # a PETRARCH sequence pattern: its literal words, in order
        return tuple(
            (frozenset(e.words) | {p[0] for p in e.phrases}, side)
            for elements, side in ((pattern.before, -1), (pattern.after, 1))
            for e in elements
            if e.kind == "word" and not e.prefix and (e.words or e.phrases)
        )
    # `particle: none` forbids a particle; it is no word to look for
    groups = [(frozenset({pattern.particle}), 2)] if pattern.particle and pattern.particle != NO_PARTICLE else []
    groups += [(pattern.preps, 2)] if pattern.preps else []
    # a `words` alternative that a coordinated subject satisfies ("@joint") needs no word
    words = [w for w in pattern.words if JOINT not in w]
    groups += [(s, 0) for s in (pattern.objects, *words, pattern.subjects) if s]
    if pattern.xcomp and "*" not in pattern.xcomp:
        groups.append((pattern.xcomp, 0))
    return tuple(groups)


def _trigger_table(verbs, speech: frozenset[str] = frozenset(), *, nouns_only: bool = False
                   ) -> dict[str, tuple[Requirement, ...]]:
    """Trigger lemma (or written form) → the requirements of its patterns; a trigger with
    a pattern that needs nothing else maps to ``((),)``. A verb of `speech` followed by
    "must" or "should" codes a demand without any pattern ("said Sudan must return …",
    "… should stop," he said). `nouns_only`: the patterns of event nouns alone."""
    table: dict[str, set[Requirement]] = {}
    if nouns_only:
        speech = frozenset()
    for source in (verbs.by_noun,) if nouns_only else (verbs.by_lemma, verbs.by_noun, verbs.by_form):
        for key, patterns in source.items():
            for pattern in patterns:
                needed = _requirement(pattern)
                if needed is not None:
                    table.setdefault(key.lower(), set()).add(needed)
    for lemma in speech:
        table.setdefault(lemma, set()).add(((DEMAND_WORDS, 0),))
    return {k: (((),) if () in v else tuple(sorted(v, key=len))) for k, v in table.items()}


@dataclass(frozen=True)
class Prefilter:
    """The word lists the fast path tests sentences against (built once per pipeline)."""

    triggers: dict[str, tuple[Requirement, ...]]
    exceptions: dict[str, tuple[str, ...]]  # irregular form → lemmas ("met" → "meet")
    rules: tuple[tuple[str, str], ...]  # (suffix, replacement) lemma rules
    noun_triggers: dict[str, tuple[Requirement, ...]] | None = None  # after a determiner
    actor_phrases: frozenset[tuple[str, ...]] = frozenset()
    actor_stems: frozenset[str] = frozenset()  # PETRARCH-style prefix phrases ("argentin")
    names: bool = True  # keep the names of skipped sentences
    window: int = WINDOW
    reach: int = REACH
    before: int = 0  # also keep this many sentences before each candidate whole
    after: int = 0  # and this many after it
    context: frozenset[str] = CONTEXT_WORDS  # a kept sentence with one keeps the one before
    _lemmas: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    _lengths: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)
    _needs: dict[str, tuple[Requirement, ...]] = field(default_factory=dict, compare=False, repr=False)
    _noun_needs: dict[str, tuple[Requirement, ...]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_pipeline(cls, pipeline, nlp) -> Prefilter:
        actors = pipeline.dictionaries.actors
        phrases = [*actors.phrases, *actors.agent_phrases]
        exceptions, rules = _lemma_tables(nlp)
        return cls(
            triggers=_trigger_table(pipeline.dictionaries.verbs, _speech_lemmas()),
            noun_triggers=_trigger_table(pipeline.dictionaries.verbs, nouns_only=True),
            exceptions=exceptions,
            rules=rules,
            actor_phrases=frozenset(p.tokens for p in phrases if not p.prefix and len(p.tokens) <= MAX_PHRASE),
            actor_stems=frozenset(p.tokens[0] for p in phrases if p.prefix and len(p.tokens) == 1),
        )

    def phrase_lengths(self, word: str) -> tuple[int, ...]:
        """The lengths of the actor phrases that begin with `word`, longest first."""
        if not self._lengths and self.actor_phrases:
            lengths: dict[str, set[int]] = {}
            for phrase in self.actor_phrases:
                lengths.setdefault(phrase[0], set()).add(len(phrase))
            self._lengths.update((k, tuple(sorted(v, reverse=True))) for k, v in lengths.items())
        return self._lengths.get(word, ())

    def lemmas(self, word: str) -> frozenset[str]:
        """The word and every lemma it could have, whatever its part of speech."""
        found = self._lemmas.get(word)
        if found is None:
            from ..events.frames import verb_lemmas

            stem = word[:-3] if word.endswith(("n't", "n’t")) and len(word) > 5 else word  # "shouldn't"
            candidates = {stem, *self.exceptions.get(stem, ()), *verb_lemmas(stem)}
            for suffix, replacement in self.rules:
                if stem.endswith(suffix) and len(stem) > len(suffix):
                    candidates.add(stem[: len(stem) - len(suffix)] + replacement)
            if "-" in stem.strip("-"):  # "self-funding" → funding, fund
                candidates |= self.lemmas(stem.strip("-").rsplit("-", 1)[1])
            found = self._lemmas.setdefault(word, frozenset(candidates))
        return found

    def could_code(self, words: list[str]) -> bool:
        """Whether some pattern could match: a trigger with its required words near it."""
        lemmas: list[frozenset[str]] = []
        for i, word in enumerate(words):
            needs = self.requirements(word, nominal=i > 0 and words[i - 1] in DETERMINERS)
            if not needs:
                continue
            if needs[0] == ():
                return True
            if not lemmas:
                lemmas = [self.lemmas(w) for w in words]
            near = (
                frozenset().union(*lemmas[max(0, i - self.window) : i]),
                frozenset().union(*lemmas[i + 1 : i + self.window + 1]),
                frozenset().union(*lemmas[i + 1 : i + self.reach + 1]),
            )
            if any(all(_meets(group, side, near) for group, side in need) for need in needs):
                return True
        return False

    def requirements(self, word: str, *, nominal: bool = False) -> tuple[Requirement, ...]:
        """What the patterns of every trigger `word` may be need besides it (cached per
        word; most words are no trigger, and are then passed over at one look-up).
        `nominal`: the word follows a determiner ("the attack", "their support"), so it is
        a noun and only event nouns' patterns can fire — unless it may be a participle
        ("the armed men", "the detained reporter"), which the parser may take for a verb."""
        if nominal and self.noun_triggers is not None and not self._participle(word):
            cache, table = self._noun_needs, self.noun_triggers
        else:
            cache, table = self._needs, self.triggers
        found = cache.get(word)
        if found is None:
            needs = {need for lemma in self.lemmas(word) for need in table.get(lemma, ())}
            found = cache.setdefault(word, ((),) if () in needs else tuple(sorted(needs, key=len)))
        return found

    def _participle(self, word: str) -> bool:
        return word.endswith(("ed", "en")) or bool(self.exceptions.get(word))

    def needs_context(self, words: list[str]) -> bool:
        """Whether a kept sentence (its words, as :func:`_words` reads them) refers back to
        an earlier one (a pronoun), so that the sentence before it is parsed whole: its
        actors are the antecedents."""
        return not self.context.isdisjoint(words)

    def keep(self, sentence: str) -> bool:
        return self.could_code(_words(sentence))

    def name_spans(self, sentence: str) -> list[tuple[int, int]]:
        """Character spans (in `sentence`) of actor phrases and capitalised runs, merged
        when only a space, a comma or a possessive separates them."""
        tokens = [(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
        first = re.match(r"\W*", sentence).end()  # the sentence's first word is capitalised anyway
        spans = [(m.start(), m.end()) for m in _CAPITALISED_RUN.finditer(sentence)
                 if m.start() != first or " " in m.group()]
        n = len(tokens)
        for i, (word, start, _) in enumerate(tokens):
            if word in STOP_WORDS and sentence[start].islower():
                continue  # "is", "may", "who" name actors (IS, Theresa May, WHO) only written so
            for length in self.phrase_lengths(word):
                if i + length <= n and tuple(t[0] for t in tokens[i : i + length]) in self.actor_phrases:
                    spans.append((start, tokens[i + length - 1][2]))
                    break
            else:
                if (word.endswith("s") and (word[:-1],) in self.actor_phrases) or (
                    self.actor_stems and any(word[:k] in self.actor_stems for k in range(3, len(word) + 1))
                ):
                    spans.append((start, tokens[i][2]))
        return _merge(sorted(s for s in spans if sentence[s[0] : s[1]] not in CALENDAR), sentence)

    def plan(self, text: str) -> list[tuple[int, int, bool]]:
        """The text's sentences as (start, end, parse it) (blank separators left out)."""
        spans = [(a, b) for a, b in sentence_spans(text) if text[a:b].strip()]
        words = [_words(text[a:b]) for a, b in spans]  # each sentence tokenised once
        candidates = [self.could_code(w) for w in words]
        keep = list(candidates)
        for i, candidate in enumerate(candidates):
            if candidate:
                before = self.before or int(self.needs_context(words[i]))
                for j in range(max(0, i - before), min(len(spans), i + self.after + 1)):
                    keep[j] = True
        return [(a, b, k) for (a, b), k in zip(spans, keep, strict=True)]

    def mask(self, text: str, plan: list[tuple[int, int, bool]] | None = None) -> tuple[str, int, int]:
        """The text with non-candidate sentences blanked (but for their names, if
        `names`, up to the last kept sentence: later ones are no antecedents);
        (masked, kept, total) sentences."""
        plan = self.plan(text) if plan is None else plan
        out = list(text)
        last = max((start for start, _, kept in plan if kept), default=-1)
        for start, end, kept in plan:
            if kept:
                continue
            _blank(out, start, end)
            if self.names and start < last:
                for a, b in self.name_spans(text[start:end]):
                    if not _said_before(text, start + a, start + b):
                        _restore(out, text, start + a, start + b, end)
        if self.names:
            _restore_dateline(out, text)
        return "".join(out), sum(k for _, _, k in plan), len(plan)


    def parse(self, nlp, texts: Iterable[str], *, batch_size: int = 16, n_process: int = 1) -> Iterator:
        """A Doc per text, in order, of the text as :meth:`mask` leaves it (same length,
        so every offset holds), parsed without its runs of blanks (see :func:`compact`)."""

        def prepared():
            for text in texts:
                masked = self.mask(text)[0]
                short, segments = compact(text, masked)
                if not segments or short == masked:
                    # nothing kept, or nothing blanked: the masked text is parsed as it is
                    yield masked, (masked, masked, None)
                else:
                    yield short, (short, masked, segments)

        for doc, (short, masked, segments) in nlp.pipe(prepared(), as_tuples=True, batch_size=batch_size,
                                                n_process=n_process):
            if segments is None:
                yield doc
                continue
            full = expand(doc, short, masked, segments)
            if full is None:
                log.debug("fast path: compact parse did not line up; parsing the masked text")
                full = nlp(masked)
            yield full


def _words(sentence: str) -> list[str]:
    """The sentence's words, lower-cased, as the prefilter reads them."""
    return [w.lower() for w in _TOKEN.findall(sentence)]


def _speech_lemmas() -> frozenset[str]:
    from ..events.modality import speech_lemmas

    return speech_lemmas()


def _meets(group: frozenset[str], side: int, near: tuple[frozenset[str], ...]) -> bool:
    """Whether a required group occurs before (side -1), after (1), around (0) or
    closely after (2) the trigger; `near` holds the words before, after, closely after."""
    before, after, close = near
    if side == 2:
        return not group.isdisjoint(close)
    return (side <= 0 and not group.isdisjoint(before)) or (side >= 0 and not group.isdisjoint(after))


_JOINING = re.compile(r"[ ,.'’s]{0,3}|\s+[a-z][a-z\-]*\s+")  # ", ", "'s ", ". " (Mr. X), " presidential "


def _merge(spans: list[tuple[int, int]], sentence: str) -> list[tuple[int, int]]:
    """Overlapping names, and names a comma, a possessive or one lowercase word apart,
    as one span: "Republican presidential nominee Donald Trump" is parsed and coded as
    one mention, as in the full text, not as "Republican." and "nominee Donald Trump."."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and (start <= merged[-1][1] or _JOINING.fullmatch(sentence, merged[-1][1], start)):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _blank(out: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if out[i] != "\n":
            out[i] = " "


def _said_before(text: str, start: int, end: int) -> bool:
    """Whether the words text[start:end] occur as whole words before `start`: "Israel"
    after "Israeli" or "Iran" after "Iranian" is a name not yet given."""
    name = text[start:end]
    at = text.find(name, 0, start)
    while at >= 0:  # str.find, not a regex compiled per name: this runs for every name kept
        if not (at and text[at - 1].isalnum()) and not text[at + len(name) : at + len(name) + 1].isalnum():
            return True
        at = text.find(name, at + 1, start)
    return False


def _restore(out: list[str], text: str, start: int, end: int, limit: int, close: str = ".") -> None:
    """Put text[start:end] back, followed by `close` (in the blanked space after it), so
    that each name parses as a fragment of its own. (Joined by commas into one sentence per
    skipped sentence, the names were tagged and coded worse: measured, more actors lost.)"""
    out[start:end] = text[start:end]
    if end < limit and out[end] == " ":
        out[end] = close


def _restore_dateline(out: list[str], text: str) -> None:
    from ..geo import parse_dateline

    found = parse_dateline(text)
    if found is not None and "".join(out[found[1] : found[2]]) != text[found[1] : found[2]]:
        _restore(out, text, found[1], found[2], len(text))


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Character spans covering the whole text, split at likely sentence ends (not after
    a title or an initial: "Mr. Smith", "J. Smith")."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if text[match.start() - 1 : match.start()] == "." and _ABBREVIATION.search(text, max(start, match.start() - 6), match.start()):
            continue
        yield start, match.start()
        yield match.start(), match.end()  # the separator (whitespace and closing marks)
        start = match.end()
    yield start, len(text)


def _lemma_tables(nlp) -> tuple[dict[str, tuple[str, ...]], tuple[tuple[str, str], ...]]:
    """Irregular forms and suffix rules for verbs, nouns and adjectives from the model's
    lemmatizer."""
    exceptions: dict[str, set[str]] = {}
    rules: set[tuple[str, str]] = set()
    if "lemmatizer" not in nlp.pipe_names:
        return {}, ()
    lookups = nlp.get_pipe("lemmatizer").lookups
    exc = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else {}
    rule_table = lookups.get_table("lemma_rules") if lookups.has_table("lemma_rules") else {}
    for pos in ("verb", "noun", "adj"):
        for form, lemmas in _items(exc.get(pos, {})):
            exceptions.setdefault(form, set()).update(lemmas)
        for suffix, replacement in rule_table.get(pos, []):
            rules.add((suffix, replacement))
    return {k: tuple(sorted(v)) for k, v in exceptions.items()}, tuple(sorted(rules))


def _items(table) -> Iterable[tuple[str, list[str]]]:
    return list(table.items()) if hasattr(table, "items") else []


# ---------------------------------------------------------------------------------------
# Parsing the kept text without the blanks
# ---------------------------------------------------------------------------------------

_BLANK_RUN = re.compile(r"\s{2,}")
Segments = tuple[tuple[int, int, int], ...]  # (start in the compact text, start in the masked text, length)


def compact(text: str, masked: str) -> tuple[str, Segments]:
    """The masked text with each run of blanks (whitespace where `text` had words)
    shortened to one space, or to a blank line where it held one (a paragraph break ends
    a sentence); and the segments copied unchanged, to map offsets back. Whitespace
    tokens cost the parser as much as words, and a skipped sentence left one each."""
    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    done = size = 0
    separator = ""  # before the next segment
    for start, end in [*(m.span() for m in _BLANK_RUN.finditer(masked)), (len(masked), len(masked))]:
        if start < len(masked) and masked[start:end] == text[start:end]:
            continue  # the text's own spacing, parsed as written
        if start > done:
            parts += (separator, masked[done:start])
            size += len(separator)
            segments.append((size, done, start - done))
            size += start - done
        if segments or start:
            separator = "\n\n" if masked.count("\n", start, end) >= 2 else " "
        done = end
    return "".join(parts), tuple(segments)


def expand(doc, short: str, masked: str, segments: Segments):
    """A Doc of `masked` with the annotations of `doc`, the parse of its compact text
    `short`:
    every token moved to its offset in `masked`, each blank run a whitespace token
    attached to the token before it. None if the two texts do not line up."""
    import numpy as np
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, IS_SPACE, LEMMA, LENGTH, POS, TAG
    from spacy.tokens import Doc

    if not len(doc) or not segments or any(short[c : c + n] != masked[m : m + n] for c, m, n in segments):
        return None
    table = np.array(segments, dtype=np.int64)
    info = doc.to_array([IDX, LENGTH, IS_SPACE]).astype(np.int64)
    start, k = _place(info[:, 0], table)
    end, k_end = _place(info[:, 0] + info[:, 1], table)
    if start is None or end is None or ((k != k_end) & (info[:, 2] == 0)).any() or end[-1] > len(masked):
        return None  # a word across a separator: only whitespace may stand for the blanks
    words, spaces, rows = _cover(masked, list(zip(start.tolist(), end.tolist(), strict=True)))
    if words is None:
        return None
    attrs = [TAG, POS, DEP, HEAD, LEMMA, ENT_IOB, ENT_TYPE]
    source = doc.to_array(attrs)  # uint64: hashes, and heads as offsets wrapped around
    new_index = np.array([i for i, r in enumerate(rows) if r >= 0], dtype=np.int64)
    heads = np.arange(len(doc)) + source[:, 3].astype(np.int64)
    source[:, 3] = (new_index[heads] - new_index).astype(np.uint64)
    array = np.zeros((len(words), len(attrs)), dtype=np.uint64)
    array[new_index] = source
    strings = doc.vocab.strings
    space = [strings.add("_SP"), strings.add("SPACE"), strings.add("dep")]
    for i in (i for i, r in enumerate(rows) if r < 0):
        inside = 0 < i < len(rows) - 1 and array[i + 1, 5] == 1  # within an entity: stays in it
        head = np.uint64(2**64 - 1) if i else np.uint64(len(words) > 1)  # the word before (after)
        array[i] = (*space, head, strings.add(words[i]), 1 if inside else 2, array[i + 1, 6] if inside else 0)
    out = Doc(doc.vocab, words=words, spaces=spaces)
    out.from_array(attrs, array)
    return out


def _place(offsets, table):
    """The masked-text offsets of compact-text offsets, and the segment of each; (None,
    None) if one falls inside a separator."""
    import numpy as np

    k = np.searchsorted(table[:, 0], offsets, side="right") - 1
    if (k < 0).any():
        return None, None
    inside = offsets - table[k, 0]
    if (inside > table[k, 2]).any():
        return None, None
    return table[k, 1] + inside, k


def _cover(masked: str, spans: list[tuple[int, int]]):
    """Words and spaces covering `masked`: the tokens' spans, and whitespace words for the
    blanks between them; rows: each word's token index, -1 for the added ones."""
    words: list[str] = []
    spaces: list[bool] = []
    rows: list[int] = []
    position = 0
    for row, (start, end) in enumerate([*spans, (len(masked), len(masked))]):
        if start < position:
            return None, None, None
        if start > position and words and not spaces[-1] and masked[position] == " " and rows[-1] >= 0:
            spaces[-1] = True
            position += 1
        if start > position:
            if masked[position:start].strip():
                return None, None, None
            words.append(masked[position:start])
            spaces.append(False)
            rows.append(-1)
        if row < len(spans):
            words.append(masked[start:end])
            spaces.append(False)
            rows.append(row)
        position = end
    return words, spaces, rows
