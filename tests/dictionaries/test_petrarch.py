"""PETRARCH/Phoenix dictionary readers: the real files, syntax errors with line numbers,
date-restricted codes, agents before and after the actor code, verb patterns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tacitus.dictionaries.petrarch import (
    load_discards,
    load_issues,
    load_petrarch_actors,
    load_petrarch_agents,
    load_petrarch_verbs,
    read_petrarch_actors,
    read_petrarch_verbs,
    regular_verb_forms,
)
from tacitus.errors import DictionaryError
from tests.conftest import SHARED, need_shared

PHOENIX = SHARED / "dictionaries" / "petrarch2"
VALIDATION = SHARED / "gold" / "petrarch-unittest"


def write(tmp_path: Path, text: str, name: str = "dict.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def only_entry(dictionary):
    (entry,) = dictionary.entries.values()
    return entry


# ---------------------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------------------

ACTORS = """\
<!-- a comment block
     over two lines -->
ARNOR_ [ARN]  # exact word
+ARNORIAN_
GOLLUM  # date restrictions on their own lines
+SMEAGOL
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
\t[HOBREB > 990816]
SAM_GAMGEE [HOB]
\t[HOBCIV <20080120]
\t[ORCHOB 20100109-20100112]
\t[HOBMIL 20080120-20121109]
THE_SHIRE [FRO/BIL/SAM]
ISILDUR [---]
ARGENTIN [ARG]
"""


def test_actor_entries_synonyms_and_codes(tmp_path):
    d = load_petrarch_actors(write(tmp_path, ACTORS))
    names = {e.name: e for e in d.entries.values()}
    assert set(names) == {"ARNOR", "GOLLUM", "SAM GAMGEE", "THE SHIRE", "ISILDUR", "ARGENTIN"}
    assert names["ARNOR"].code_on(None) == "ARN" and names["ARNOR"].country == "ARN"
    assert names["THE SHIRE"].code_on(None) == "FRO/BIL/SAM"
    assert names["ISILDUR"].code_on(None) is None  # a known name with the null code
    tokens = {p.tokens: p for p in d.phrases}
    assert tokens[("smeagol",)].key == names["GOLLUM"].key
    assert not tokens[("arnor",)].prefix  # ARNOR_ is an exact word
    assert tokens[("argentin",)].prefix  # ARGENTIN is a stem: Argentina, Argentine
    assert tokens[("the", "shire")].case == (0, 1)  # "the" any case, "Shire" capitalised


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (dt.date(1995, 1, 1), "HOB"),
        (dt.date(1995, 11, 1), "HOBGOV"),
        (dt.date(1999, 8, 15), "HOBGOV"),  # bounds are inclusive
        (dt.date(2001, 1, 1), "HOBREB"),
    ],
)
def test_date_restricted_codes(tmp_path, day, code):
    d = load_petrarch_actors(write(tmp_path, ACTORS))
    gollum = next(e for e in d.entries.values() if e.name == "GOLLUM")
    assert gollum.code_on(day) == code


def test_restrictions_win_over_the_default_and_the_first_listed_wins(tmp_path):
    d = load_petrarch_actors(write(tmp_path, ACTORS))
    sam = next(e for e in d.entries.values() if e.name == "SAM GAMGEE")
    assert sam.code_on(dt.date(1990, 1, 1)) == "HOBCIV"
    assert sam.code_on(dt.date(2010, 1, 10)) == "ORCHOB"  # inside both later intervals
    assert sam.code_on(dt.date(2010, 1, 13)) == "HOBMIL"
    assert sam.code_on(dt.date(2014, 1, 1)) == "HOB"  # no restriction holds: the default


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("ARNOR [ARN]\nGONDOR [GON 9901]\n", 2, "[GON 9901]"),
        ("ARNOR [ARN]\n\n\t[ARN 19951301-19960101]\n", 3, "not a calendar date"),
        ("ARNOR [ARN\n", 1, "unbalanced"),
        ("\t[ARN]\nARNOR\n", 1, "before any actor name"),
        ("ARNOR [ARN >900101] trailing words\n", 1, "unexpected text"),
        ("ARNOR [A,RN]\n", 1, "[A,RN]"),
    ],
)
def test_actor_syntax_errors_name_the_line(tmp_path, text, line, expected):
    path = write(tmp_path, text)
    with pytest.raises(DictionaryError) as err:
        load_petrarch_actors(path)
    assert err.value.line == line and err.value.path == str(path)
    assert expected in str(err.value)


def test_skipping_errors_leaves_out_the_bad_entry_and_reports_it(tmp_path):
    path = write(tmp_path, "ARNOR [ARN]\nGONDOR [GON 9901]\n+MINAS_TIRITH\nROHAN [ROH]\n")
    report = read_petrarch_actors(path, into := load_petrarch_actors(), errors="skip")
    assert sorted(e.name for e in into.entries.values()) == ["ARNOR", "ROHAN"]
    assert [line for line, _ in report.skipped] == [2]


@pytest.mark.slow
def test_phoenix_countries_have_nine_bad_code_lines():
    need_shared()
    path = PHOENIX / "Phoenix.Countries.actors.txt"
    with pytest.raises(DictionaryError) as err:
        load_petrarch_actors(path)
    assert err.value.line == 2039 and "9008223" in str(err.value)  # a typo in the file
    into = load_petrarch_actors()
    report = read_petrarch_actors(path, into, errors="skip")
    assert len(into.entries) > 18000
    # dates 9008223, 201005011, 1920030320 (twice), 1920050709; two single dates; an
    # interval 20121207-20120802; a missing "]"
    assert [line for line, _ in report.skipped] == [
        2039, 14190, 15346, 18010, 22508, 22519, 31715, 43613, 51384
    ]
    afghan = [p for p in into.phrases if p.tokens == ("afghanistan",)]
    assert afghan and not afghan[0].prefix


def test_validation_actor_file_loads():
    need_shared()
    d = load_petrarch_actors(VALIDATION / "PETR.Validate.actors.txt")
    assert len(d.entries) > 100
    zimbabwe = next(e for e in d.entries.values() if e.name == "ZIMBABWE")
    assert zimbabwe.code_on(dt.date(1978, 12, 23)) == "RHO"
    assert zimbabwe.code_on(dt.date(2001, 1, 1)) == "ZBW"


# ---------------------------------------------------------------------------------------
# Agents
# ---------------------------------------------------------------------------------------

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN
CONGRESS!PERSON! [~LEG]
POLICE {} [ ~COP]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
AUTHORITY [~GOV]
HUMAN_RIGHTS_BODY  [NGO~]
"""


def test_agents_suffix_prefix_plurals_and_substitutions(tmp_path):
    d = load_petrarch_agents(write(tmp_path, AGENTS))
    by_name = {a.name: a for a in d.agents.values()}
    assert by_name["POLICE"].code == "COP" and not by_name["POLICE"].prefix_position
    assert by_name["HUMAN RIGHTS BODY"].code == "NGO" and by_name["HUMAN RIGHTS BODY"].prefix_position
    forms = {p.tokens for p in d.agent_phrases}
    assert {("congressman",), ("congressmen",), ("congresswoman",)} <= forms
    assert ("congressmans",) not in forms  # substituted forms take no further plural
    assert ("police",) in forms and ("polices",) not in forms  # {} means no plural
    assert ("attorneys", "general") in forms and ("authorities",) in forms
    assert all(key.startswith("agent:") for key in d.agents)  # how the recogniser knows agents


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DIPLOMAT [GOV]\n", "[~CODE]"),
        ("DIPLOMAT [~GOV}\n", "unbalanced"),
        ("!FOO!_MINISTER [~GOV]\n", "!FOO! is not defined"),
        ("DIPLOMAT {DIPLOMATS [~GOV]\n", "one {…} group"),
    ],
)
def test_agent_syntax_errors(tmp_path, text, expected):
    with pytest.raises(DictionaryError) as err:
        load_petrarch_agents(write(tmp_path, "AMBASSADOR [~GOV]\n" + text))
    assert err.value.line == 2 and expected in str(err.value)


def test_phoenix_agents_have_one_malformed_line():
    need_shared()
    with pytest.raises(DictionaryError) as err:
        load_petrarch_agents(PHOENIX / "Phoenix.agents.txt")
    assert err.value.line == 544  # "DEPARMENT_OF_ENVIRONMENT [~ENV}"
    d = load_petrarch_agents(PHOENIX / "Phoenix.agents.txt", errors="skip")
    assert len(d.agents) > 2000


# ---------------------------------------------------------------------------------------
# Verbs
# ---------------------------------------------------------------------------------------

VERBS = """\
&CURRENCY
+DOLLAR
+SWISS FRANC
+KRONER_

--- BREAK  [1717] ---
BREAK { BROKE BROKEN }
+BREAK_DOWN {+BROKE_DOWN +BROKEN_DOWN }
WIRE_+TAP [171]
- + * FROM $  [066]
- * TREATY  [161]
- IN_*  [075]
- * &CURRENCY [070]

--- LEAVE [032:033] ---
LEAVE {LEFT LEAVES LEAVING}
"""


def plain(patterns, line: int):
    """The pattern of a line as compiled for the block's one-word verbs (BREAK, BROKE …)."""
    (found,) = [p for p in patterns if p.id == f"v.txt:{line}" and "broke" in p.forms
                and not any(e.words == {"down"} for e in p.after)]
    return found


def test_verb_block_forms_codes_and_paired_codes(tmp_path):
    patterns, report = read_petrarch_verbs(write(tmp_path, VERBS, "v.txt"), codes="any")
    assert report.skipped == []
    defaults = {p.lemma: p for p in patterns if not p.before and not p.after}
    assert defaults["break"].forms == {"break", "broke", "broken"}  # listed forms only
    assert defaults["leave"].code == "032" and defaults["leave"].reverse_code == "033"
    down = next(p for p in patterns if not p.before and [e.words for e in p.after] == [{"down"}])
    assert down.code == "1717" and down.after[0].adjacent and "broken" in down.forms
    tap = next(p for p in patterns if p.lemma == "tap" and len(p.before) == 1 and not p.after)
    assert tap.code == "171" and tap.before[0].words == {"wire"}


def test_verb_pattern_with_source_and_target_slots(tmp_path):
    patterns, _ = read_petrarch_verbs(write(tmp_path, VERBS, "v.txt"), codes="any")
    free = plain(patterns, 10)
    assert free.code == "066"
    assert [e.kind for e in free.before] == ["target"]
    assert [e.kind for e in free.after] == ["word", "source"]
    connected = plain(patterns, 12)
    assert connected.before[0].words == {"in"} and connected.before[0].adjacent  # IN_* touches the verb
    money = plain(patterns, 13)
    element = money.after[0]
    assert {"dollar", "dollars", "kroner"} <= element.words and "kroners" not in element.words
    assert ("swiss", "franc") in element.phrases and ("swiss", "francs") in element.phrases


def test_regular_verb_forms():
    assert regular_verb_forms("DEPART") == {"DEPART", "DEPARTS", "DEPARTED", "DEPARTING"}
    assert regular_verb_forms("DEPLORE") == {"DEPLORE", "DEPLORES", "DEPLORED", "DEPLORING"}
    assert regular_verb_forms("CARRY") == {"CARRY", "CARRIES", "CARRIED", "CARRYING"}


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("--- ACCEPT [040] ---\nACCEPT\n- OFFER [042]\n", 3, "the * marks the verb"),
        ("--- ACCEPT [040] ---\nACCEPT\n- * OFFER\n", 3, "the * marks the verb"),
        ("--- ACCEPT [040] ---\nACCEPT\n- * OFFER [999]\n", 3, "unknown CAMEO event code '999'"),
        ("--- ACCEPT [4O] ---\nACCEPT\n", 1, "unknown CAMEO event code '4O'"),
        ("ACCEPT [040]\n", 1, "expected a synset"),
        ("--- ACCEPT [040] ---\nACCEPT {ACCEPTS\n", 2, "one {…} group"),
        ("--- ACCEPT [040] ---\nACCEPT\n- * OFFER [040:041:042]\n", 3, "paired code"),
    ],
)
def test_verb_syntax_errors_name_the_line(tmp_path, text, line, expected):
    with pytest.raises(DictionaryError) as err:
        load_petrarch_verbs(write(tmp_path, text))
    assert err.value.line == line and expected in str(err.value)


def test_tabari_control_codes_and_undefined_synsets_are_left_out_with_a_note(tmp_path):
    text = "--- ACCEPT [040] ---\nACCEPT\n- * OFFER [+++]\n- * &NOPE [042]\n- * AID [042]\n"
    patterns, report = read_petrarch_verbs(write(tmp_path, text))
    assert [line for line, _ in report.skipped] == [3, 4]
    assert sorted(p.code for p in patterns) == ["040", "042"]


def test_validation_verbs_need_their_own_codes():
    need_shared()
    path = VALIDATION / "PETR.Validate.verbs.txt"
    with pytest.raises(DictionaryError) as err:
        load_petrarch_verbs(path)
    assert err.value.line == 57 and "'345'" in str(err.value)  # ABANDON [345] is not CAMEO
    verbs = load_petrarch_verbs(path, codes="any")
    assert {p.code for p in verbs.by_form["abandoned"]} >= {"345", "901", "902", "903"}
    assert {p.code for p in verbs.by_form["met"]} == {"031"}  # MET is its own block, not MEET


def test_phoenix_verbs_load_with_their_unknown_codes_listed():
    need_shared()
    path = PHOENIX / "CAMEO.2.0.txt"
    with pytest.raises(DictionaryError) as err:
        load_petrarch_verbs(path)
    assert err.value.line == 1535 and "1213" in str(err.value)
    patterns, report = read_petrarch_verbs(path, errors="skip")
    assert len(patterns) > 10000
    skipped = dict(report.skipped)
    assert "080!" in skipped[5787] and "&WEATHER" in skipped[8443]


# ---------------------------------------------------------------------------------------
# Coding with PETRARCH dictionaries (PETRARCH-compatible options)
# ---------------------------------------------------------------------------------------

TINY_ACTORS = "ARNOR [ARN]\nGONDOR [GON]\nITHILEN [ITH]\nMORDOR [MOR]\n+BARAD-DUR\n"
TINY_AGENTS = "DIPLOMAT [~GOV]\nMSF {} [NGO~]\nSOLDIER [~MIL]\n"
TINY_VERBS = """\
--- FREE  [084] ---
FREE
- + * FROM $  [0841]
- SAID *  [053]

--- RESTORE  [064] ---
RESTORE

--- LEAVE  [042:043] ---
LEAVE {LEFT LEAVES LEAVING}
"""


@pytest.fixture(scope="module")
def tiny_pipeline(tmp_path_factory):
    from tacitus.events.code import CodingOptions
    from tacitus.pipeline import Dictionaries, Pipeline

    folder = tmp_path_factory.mktemp("tiny")
    actors = load_petrarch_actors(write(folder, TINY_ACTORS, "a.txt"))
    agents = load_petrarch_agents(write(folder, TINY_AGENTS, "g.txt"))
    verbs = load_petrarch_verbs(write(folder, TINY_VERBS, "v.txt"))
    return Pipeline(Dictionaries(actors.merged(agents), verbs), options=CodingOptions.petrarch())


def coded(pipeline, text: str) -> set[tuple[str, str, str]]:
    from tacitus.evaluate.petrarch_unittest import triples_of
    from tacitus.model import Article

    return set(triples_of(pipeline.code_article(Article(id="t", text=text, date=dt.date(2000, 1, 1)))))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # [NGO~] goes before the actor code, [~GOV] after it
        ("An MSF Arnor diplomat is about to restore ties with Gondor.", {("NGOARNGOV", "GON", "064")}),
        # "+ * FROM $": the actor before the verb is the target, the one after FROM the source
        ("Ithilen's militia was freed from Barad-dur.", {("MOR", "ITH", "0841")}),
        # an agent joined to its actor by "from"
        ("Soldiers from Gondor freed Arnor.", {("GONMIL", "ARN", "084")}),
        # a paired code: the target does the second code back to the source
        ("Arnor left for Gondor.", {("ARN", "GON", "042"), ("GON", "ARN", "043")}),
        # written verb forms only: "leaved" is not a form of LEAVE
        ("Arnor leaved for Gondor.", set()),
    ],
)
def test_coding_with_petrarch_dictionaries(tiny_pipeline, text, expected):
    assert coded(tiny_pipeline, text) == expected


# ---------------------------------------------------------------------------------------
# Discards and issues
# ---------------------------------------------------------------------------------------


def test_discards_story_and_sentence(tmp_path):
    discards = load_discards(write(tmp_path, "+TYPHOON   # weather\nBASEBALL\n+ World Golf\n"))
    assert discards.story_reason("A typhoon hit the coast.") == "typhoon story (in the headline or lead)"
    assert discards.story_reason("Arnor met Gondor.") is None
    assert discards.sentence_discarded("They played baseball.")
    assert not discards.sentence_discarded("They met.")


def test_discard_syntax_error(tmp_path):
    with pytest.raises(DictionaryError) as err:
        load_discards(write(tmp_path, "BASEBALL\n+\n"))
    assert err.value.line == 2


def test_issues_expand_nouns_verbs_and_joins(tmp_path):
    text = '<ISSUE CATEGORY="EDUCATION">\npre+n:school [EARLY]\nv:teach [TEACHING]\nliteracy\n</ISSUE>\n'
    issues = load_issues(write(tmp_path, text)).issues.categories
    assert set(issues["EARLY"]) == {"pre school", "pre-school", "pre schools", "pre-schools"}
    assert set(issues["TEACHING"]) == {"teach", "teaches", "teached", "teaching"}
    assert issues["EDUCATION"] == ("literacy",)  # no code inside a block: the block's category


def test_issue_without_code_outside_a_block_is_an_error(tmp_path):
    with pytest.raises(DictionaryError) as err:
        load_issues(write(tmp_path, "literacy [LITERACY]\nnumeracy\n"))
    assert err.value.line == 2


def test_phoenix_discards_and_issues_load():
    need_shared()
    discards = load_discards(PHOENIX / "Phoenix.discards.txt")
    assert len(discards.story.categories) > 50
    assert discards.sentence_discarded("It happened in 1914 in Sarajevo.")
    issues = load_issues(PHOENIX / "Phoenix.IssueCoding.txt")
    assert "TEACHERS" in issues.issue_tags("Teachers went on strike.")
