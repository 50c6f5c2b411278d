"""Attributed quotes: who said (reported, believed, intended) what, and where it is written.

An attribution ties a *source* (the speaker) through a *cue* ("said", "according to",
"warned that", a colon after a name) to its *content*. Three kinds are found:

* direct quotes: text inside quotation marks ("…", “…”, « », ‘…’), including quotes that
  run over several paragraphs (each paragraph reopens the mark, only the last closes it);
* mixed quotes: a reported clause that contains quoted words
  (`the diplomat said Pedersen was likely to "request the backing of…"`): the content is
  the whole clause, and the quote is not direct;
* indirect speech: `Price said that …`, `according to …`, `…, the ministry said`,
  `X told reporters …`, `X warned that …`.

The mechanism: cue words from a lexicon (``dictionaries/data/cues.yaml``) are matched on
the dependency parse; the cue's subject is the source and its clausal or nominal
complement the content. Besides verbs the lexicon holds cue nouns ("Trump's claim that
…", "questions about X", "advocates expressed concern about X"), adjectives ("residents
were frustrated that …", "it is clear that …": no source), documents ("In a CNN poll,
Clinton led …": the poll is the source), passive cues ("the plan was endorsed by X": the
subject is content), evidential verbs ("X seems to be Y": no source), and cues that count
only beside a quotation ('"…," she continued'). Quotation marks are found by a scanner
over the raw text, and a
quotation either widens the content of the cue it belongs to, or is attached to an
adjacent speech cue (`"…," he said`), to a speaker label (`PENCE: …`, `"…" ― Name`), or
continues the previous quote. Quotations of a sentence or more that nothing claims become
quotes with the note "no speaker found"; short scare quotes stay unattributed.

A content interrupted by its attribution (`"…," he said, "…"`) or spread over paragraphs
yields one :class:`Quote` per piece, all with the same speaker and the same cue offsets.

What counts as an attribution follows the PolNeAR annotation of US political news (the
gold set Tacitus is scored on): besides speech ("said", "told", "called for") it takes
reports and findings ("a poll shows", "The Post has learned"), stated beliefs and aims
("believes", "wants", "plans to") and positions taken in words ("supports", "attacked …
for …"); each cue carries its kind, and ``extract_quotes(kinds=...)`` narrows the set.
Conventions taken from that annotation: an indirect content keeps its "that"; a trailing
participle phrase of the reporter ("…, focusing on the young") and a closing apposition
or non-restrictive relative clause ("… Mr. Trump, the presumed favorite") are not
content, unless it holds quoted words, which are the source's; an attribution inside
another's content is not reported separately ("Obama said Clinton told him X" is
Obama's), nor is a cue inside quoted words ("I think …") — but an aside is: a
coordinated speech cue of any form ("said X and warned Y", "refuses to X or explain Y")
or one in a non-restrictive relative clause ("…, which he said were …") or in a relative
clause on what it reports ("paid for what critics said was …") or a speech participle
with its own content ("…, saying, “…”", "… while downplaying X") stands on its own, and
the outer content stops short of it. A parenthetical cue ("The latest test, North Korea
said, was …") reports the clause it interrupts; a cue clause that ends its paragraph
with a colon introduces the next paragraph. A content clause that stops at a colon runs
on to the end of its sentence ("three things are happening at once: home values are
rising, …"). More of the same conventions, each repairing a habit of the small parser:
phrases it hung on the cue right after a common-noun content go on that content ("raised
questions about his problems during the debate"), a name or pronoun object takes only an
"as"/"with" predicate ("shows Clinton with a lead"); a gerund conjunct, or a conjunct
hung above the cue ("promising to meet and in some cases exceed …"), continues the
content; the addressee of an infinitive is content ("asked the crowd to welcome …",
unlike "told reporters that …"), and so is the subject of an evidential cue ("X seems to
be Y"); a cue in the headline takes the rest of its line; a that-clause hung on the
addressee or on a time phrase ("told a meeting of leaders that …", "reported at the time
that …") is the content; a cue in an "as" clause reports the clause it hangs on; a cue
verb in -s tagged as a plural noun heading its sentence (headlines: "Sanders Vows To …")
is read as the verb; a past-tense cue demoted to a participle in a sentence parsed
without a verb ("One of the doctors … called Oz a quack") is the main verb; a gerund cue
on a noun ("a statement announcing the pick") makes the noun its source. A cue after a
quotation that opens its sentence takes the quotation alone — or, when a colon gave that
quotation to another cue ('X scolded him: "A," she said. "B."'), the quotation after it;
a content that opens with a quotation ends with it; a dash byline closes its quote. A
finite clause with a subject and no subordinator that the parser hung on the cue as an
adverbial clause ("said after the meeting he would …") is the reported clause, from its
subject on; a cue closing its sentence after a comma reports the words before it even
when they are no clause ("Voters like Mary, she said."), and a parenthetical cue takes a
clause the parser hung on it before its subject ("If X, Y argues, Z"); a reaction noun
as the object of a verb of undergoing ("X drew criticism from Y") has the verb's subject
as its content. What stays out: a publisher's note ("Editor's note: …", a correction); a
concession after a comma ("…, although he refused …"), a clause of time on the cue ("…,
he said after the meeting") and a paragraph's dateline ("WASHINGTON ―") are the
reporter's; a cue noun with nobody's name on it ("efforts to …") is no attribution
unless it carries a claim ("charges that …"); a quoted subheading (a short Title Case
paragraph of its own) is nobody's words.

Speakers are resolved against the article's actor mentions (from the actor module): a span
goes to the mention it contains; a pronoun to the previous quote's speaker or the nearest
preceding person; a bare surname to the nearest preceding mention ending in that name.
Anonymous sources ("a diplomat in New York") keep their description and never borrow a
name.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from ..model import Mention, Quote, Speaker
from ..nlp import text as doc_text
from .cues import Attribution
from .lexicon import CUE_KINDS, Cue, CueLexicon, load_cues
from .marks import Quotation, find_quotations
from .placement import find_attributions
from .spans import overlaps, strip_marks
from .speakers import (
    entity_mentions,
    is_named_person,
    named_entities,
    resolution_context,
    resolve_speaker,
)

__all__ = ["CUE_KINDS", "Cue", "CueLexicon", "Quotation", "extract_quotes", "find_quotations", "load_cues"]


def _direct(piece: tuple[int, int], quotations: Sequence[Quotation]) -> Quotation | None:
    """The quotation a content piece is (up to edge punctuation), if it is one."""
    for q in quotations:
        if q.start <= piece[0] + 1 and piece[1] - 1 <= q.end and q.start >= piece[0] - 1:
            return q
    return None


def extract_quotes(doc, mentions: Sequence[Mention] = (), *, lexicon: CueLexicon | None = None,
                   kinds: Collection[str] | None = None) -> tuple[Quote, ...]:
    """Find the attributed quotes of an article, in text order.

    `doc` is the spaCy Doc of the whole article; `mentions` are its actor mentions, used to
    resolve speakers (without them, the parser's named entities stand in, with no codes).
    `kinds` keeps only cues of those kinds (``CUE_KINDS``; e.g. ``{"speech"}`` for things
    said); quotations without a cue count as speech. Never raises on odd input: an
    unbalanced quotation mark or a quote with no findable speaker gives a Quote with a `note`.
    """
    lexicon = lexicon or load_cues()
    text = doc_text(doc)
    quotations = find_quotations(text)
    entities = named_entities(doc)
    ctx = resolution_context(doc, text, mentions or entity_mentions(text, entities), lexicon,
                             quotations, entities)
    quotes: list[Quote] = []
    previous: Speaker | None = None  # the last speaker who is a named person
    for attr in find_attributions(doc, text, lexicon, quotations):
        if kinds is not None and attr.kind not in kinds:
            continue
        speaker = resolve_speaker(attr, ctx, previous)
        if is_named_person(speaker, ctx):
            previous = speaker
        quotes.extend(_quotes_of(attr, speaker, text))
    return tuple(sorted(quotes, key=lambda q: (q.start, q.end)))


def _quotes_of(attr: Attribution, speaker: Speaker, text: str) -> Iterator[Quote]:
    """One Quote per content piece of an attribution."""
    for piece in attr.content:
        quoted = _direct(piece, attr.quotations)
        start, end = strip_marks(text, quoted.start, quoted.end) if quoted else piece
        note = None
        if any(not q.balanced and overlaps((q.start, q.end), piece) for q in attr.quotations):
            note = "unbalanced quotation mark"
        elif speaker.text is None:
            note = "no speaker found"
        yield Quote(speaker=speaker, cue=attr.cue, content=text[start:end],
                    direct=quoted is not None, start=start, end=end,
                    cue_start=attr.cue_start, cue_end=attr.cue_end, note=note,
                    kind=attr.kind or "speech")
