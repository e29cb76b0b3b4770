"""Every figure is proved by its quote: an amount by a figure with the same number, scale
and currency standing whole; a date by words that date it; a quote by being a sentence or
a few; the bound and kind by the words around the figure (or a `wording_note`).

Each case adds one sentence to an archived text (with the entry's hash updated) and a
record quoting it, or edits a record, in a package built from the frozen fixtures."""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scripts.check.proof import normal
from scripts.core.vocabulary import vocabulary
from scripts.derive import values as v
from tests.helpers import X, edit_entry, run, snapshot

XF = f"data/sources/{X}.yaml"


def add(root: Path, sentence: str, table: str, record: str) -> Path:
    """Append `sentence` to the archived text (updating the hash) and `record` (YAML lines
    of one list item, indented by four) to the entry's `table` list."""
    text = root / "data" / "sources" / f"{X}.txt"
    old = hashlib.sha256(text.read_bytes()).hexdigest()
    text.write_text(text.read_text(encoding="utf-8") + "\n" + sentence + "\n", encoding="utf-8")
    entry = root / "data" / "sources" / f"{X}.yaml"
    content = entry.read_text(encoding="utf-8").replace(old, hashlib.sha256(text.read_bytes()).hexdigest())
    assert f"\n{table}:\n" in content
    content = content.replace(f"\n{table}:\n", f"\n{table}:\n  - " + record.strip().replace("\n", "\n    ") + "\n", 1)
    entry.write_text(content, encoding="utf-8")
    (root / "data" / "sources.csv").unlink(missing_ok=True)  # a published text never changes: build as a new package
    return entry


def edit(root: Path, old: str, new: str) -> Path:
    return edit_entry(root, X, old, new)


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def rejected(root: Path, capsys, where: str, message: str) -> None:
    """The build exits 1 with the message at `where` (file:line), no traceback, nothing touched."""
    before = snapshot(root)
    code, out, err = run(capsys, "build", "--root", str(root))
    assert code == 1, err
    assert any(line.startswith(where + ":") and message in line for line in err.splitlines()), err
    assert "Traceback" not in err and out == ""
    assert snapshot(root) == before


TRADE = "id: t1\nreporter: CHN\npartner: KAZ\nflow: turnover\nperiod: 2014\namount: {amount}\nquote: {quote}"
DEAL = "id: d1\nname: A deal\ntype: agreement\nstatus: signed\nparties: [CHN, KAZ]\ndate: {date}\nquote: {quote}"

# (case, sentence added to the text, record table, record, the key of the line reported, the message)
AMOUNT_CASES = [
    ("1.3 inside 11.3", "China-Kazakhstan trade reached 11.3 billion dollars in 2014.", "trade",
     TRADE.format(amount="1.3 billion dollars", quote="China-Kazakhstan trade reached 11.3 billion dollars in 2014."),
     "amount: 1.3", "`1.3 billion dollars` is not in the quote as a figure of money — the quote's figures of money are: "
     "11.3 billion dollars"),
    ("3 inside 1.3", "China-Kazakhstan trade reached 1.3 billion dollars in 2014.", "trade",
     TRADE.format(amount="3 billion dollars", quote="China-Kazakhstan trade reached 1.3 billion dollars in 2014."),
     "amount: 3", "`3 billion dollars` is not in the quote"),
    ("USD5 inside USD50", "China-Kazakhstan trade reached USD50 billion in 2014.", "trade",
     TRADE.format(amount="USD5 billion", quote="China-Kazakhstan trade reached USD50 billion in 2014."),
     "amount: USD5", "`USD5 billion` is not in the quote"),
    ("scale dropped", "China-Kazakhstan trade reached $1.3 billion in 2014.", "trade",
     TRADE.format(amount="$1.3", quote="China-Kazakhstan trade reached $1.3 billion in 2014."),
     "amount: $1.3", "`$1.3` is not in the quote"),
    ("scale changed", "China-Kazakhstan trade reached $1.3 billion in 2014.", "trade",
     TRADE.format(amount="$1.3 million", quote="China-Kazakhstan trade reached $1.3 billion in 2014."),
     "amount: $1.3", "`$1.3 million` is not in the quote"),
    ("yuan recorded as dollars", "China-Kazakhstan trade reached 14 billion yuan in 2014.", "trade",
     TRADE.format(amount="14 billion\ncurrency: USD", quote="China-Kazakhstan trade reached 14 billion yuan in 2014."),
     "amount: 14", "the quote gives `14 billion yuan` in CNY, not in USD"),
    ("no currency word at all", "China-Kazakhstan trade reached 14 billion in 2014.", "trade",
     TRADE.format(amount="14 billion\ncurrency: USD", quote="China-Kazakhstan trade reached 14 billion in 2014."),
     "amount: 14", "the quote gives `14 billion` in no currency"),
    ("superscript digit", "China-Kazakhstan trade reached $1³ billion in 2014.", "trade",
     TRADE.format(amount="$13 billion", quote="China-Kazakhstan trade reached $1³ billion in 2014."),
     "amount: $13", "`$13 billion` is not in the quote"),
    ("superscript folded in the quote", "China-Kazakhstan trade reached $1³ billion in 2014.", "trade",
     TRADE.format(amount="$13 billion", quote="China-Kazakhstan trade reached $13 billion in 2014."),
     "quote:", "the quote is not in the archived text"),
    ("Arabic-Indic digits", "China-Kazakhstan trade reached $١٣ billion in 2014.", "trade",
     TRADE.format(amount="$13 billion", quote="China-Kazakhstan trade reached $١٣ billion in 2014."),
     "amount: $13", "`$13 billion` is not in the quote"),
    ("one-character quote", "China-Kazakhstan trade reached 14 billion dollars in 2014.", "trade",
     TRADE.format(amount="14 billion dollars", quote="a"),
     "quote: a", "the quote has 1 word(s), too few to show what it states"),
    ("month from the verb may", "In 2014 China and Kazakhstan said they may widen the Horgos centre.", "agreements",
     DEAL.format(date="2014-05", quote="In 2014 China and Kazakhstan said they may widen the Horgos centre."),
     "date: 2014-05", "the quote dates this figure 2014, not 2014-05"),
    ("year inside a name", "Trucks of the AX-2013 model came under a new China-Kazakhstan deal.", "agreements",
     DEAL.format(date="2013", quote="Trucks of the AX-2013 model came under a new China-Kazakhstan deal."),
     "date: 2013", "the quote does not show 2013"),
    ("day not in the quote", "China and Kazakhstan signed a new deal on May 5, 2014.", "agreements",
     DEAL.format(date="2014-05-06", quote="China and Kazakhstan signed a new deal on May 5, 2014."),
     "date: 2014-05-06", "the quote dates this figure 2014-05-05, not 2014-05-06"),
    ("phrase inside a word", "A new China-Kazakhstan deal was listed in this yearbook.", "agreements",
     DEAL.format(date="2015\ndate_as_written: this year", quote="A new China-Kazakhstan deal was listed in this yearbook."),
     "date_as_written: this year", "`this year` is not in the quote as words"),
]


@pytest.mark.parametrize("case, sentence, table, record, key, message", AMOUNT_CASES, ids=[c[0] for c in AMOUNT_CASES])
def test_weak_evidence_is_refused(built, capsys, case, sentence, table, record, key, message):
    entry = add(built, sentence, table, record)
    rejected(built, capsys, f"{XF}:{line_of(entry, key)}", message)


def test_the_whole_article_is_not_a_quote(built, capsys):
    article = (built / "data" / "sources" / f"{X}.txt").read_text(encoding="utf-8")
    entry = edit(built, "    quote: Bilateral trade between the two sides reached 28.6 billion dollars in 2013\n",
                 "    quote: " + json.dumps(article) + "\n")
    line = line_of(entry, 'quote: "Spotlight')
    rejected(built, capsys, f"{XF}:{line}", "the quote runs to")


def test_a_quote_of_many_sentences_is_refused(built, capsys):
    sentences = "Trade grew. Exports grew. Imports grew. Investment grew. Trade reached 28.6 billion dollars in 2013."
    entry = add(built, sentences, "trade",
                TRADE.format(amount="28.6 billion dollars", quote=sentences).replace("period: 2014", "period: 2013"))
    rejected(built, capsys, f"{XF}:{line_of(entry, 'quote: Trade grew')}", "the quote runs to 5 sentences")


CUE_CASES = [
    ("kind target deleted", "    kind: target\n", "", "amount: 40 billion",
     "the quote's words by the figure call for kind `target`, not `actual`"),
    ("bound more_than deleted", "    bound: more_than\n    quote: Currently", "    quote: Currently", "amount: 26 billion",
     "the quote's words by the figure call for bound `more_than`, not `exact`"),
    ("bound where the quote states it exactly", "    amount: 28.6 billion dollars\n",
     "    amount: 28.6 billion dollars\n    bound: about\n", "bound: about",
     "the quote's words by the figure call for bound `exact`, not `about`"),
    ("kind forecast on an actual figure", "    period: 2013\n", "    kind: forecast\n    period: 2013\n", "kind: forecast",
     "the quote's words by the figure call for kind `actual`, not `forecast`"),
]


@pytest.mark.parametrize("case, old, new, key, message", CUE_CASES, ids=[c[0] for c in CUE_CASES])
def test_cue_words_must_agree(built, capsys, case, old, new, key, message):
    entry = edit(built, old, new)
    rejected(built, capsys, f"{XF}:{line_of(entry, key)}", message)


def test_a_target_said_in_other_words(built, capsys):
    sentence = "The two sides set a target to raise their trade to 45 billion dollars in 2016."
    entry = add(built, sentence, "trade",
                TRADE.format(amount="45 billion dollars", quote=sentence).replace("period: 2014", "period: 2016"))
    rejected(built, capsys, f"{XF}:{line_of(entry, 'amount: 45')}", "call for kind `target`, not `actual`")


def test_wording_note_overrides_the_cue_check(built, capsys):
    note = 'The text calls it the "goal of increasing bilateral trade volume"; it was met, the text says elsewhere.'
    edit(built, "    kind: target\n", f"    wording_note: '{note}'\n")
    code, _, err = run(capsys, "build", "--root", str(built))
    assert code == 0, err
    assert "it was met, the text says elsewhere." in (built / "data" / "trade.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("note", ["x", "The goal was met, the text says elsewhere.", '"goal of increasing"',
                                  'It was met: "a goal the article never states", as the text says.'])
def test_a_wording_note_without_the_articles_words_overrides_nothing(built, capsys, note):
    entry = edit(built, "    kind: target\n", f"    wording_note: '{note}'\n")
    rejected(built, capsys, f"{XF}:{line_of(entry, 'wording_note')}", "the note does not cite the article")


def test_the_figure_is_found_where_it_stands(built, capsys):
    """Proved figures: with their currency before or after, thousands commas, scale words
    abbreviated, several figures in one quote."""
    sentence = ("China's exports to Kazakhstan rose from US$1,250 million in 2013 to 3.5 bln yuan and USD 2.1bn "
                "in 2014.")
    for amount, year in (("US$1,250 million", "2013"), ("USD 2.1bn", "2014")):  # each figure with its own year
        add(built, sentence if amount.startswith("US$") else "", "trade",  # the sentence once, two records of it
            TRADE.format(amount=amount, quote=sentence).replace("id: t1", f"id: t-{amount[-2:]}")
            .replace("flow: turnover", "flow: exports").replace("period: 2014", f"period: {year}"))
    code, _, err = run(capsys, "build", "--root", str(built))
    assert code == 1 and '"3.5 bln yuan"' in err and "left_out" in err, err  # the third figure: accounted for
    edit(built, "\nleft_out:\n", "\nleft_out:\n  - id: yuan-figure\n    words: 3.5 bln yuan\n    reason: unclear\n")
    code, _, err = run(capsys, "build", "--root", str(built))
    assert code == 0, err


@given(st.decimals(min_value=1, max_value=10**6, places=2), st.decimals(min_value=1, max_value=10**6, places=2),
       st.sampled_from(["", " million", " billion"]))
def test_no_figure_is_read_inside_another(a, b, scale):
    """A quote's figures are exactly those written: `a` is found in a quote writing `b` and
    `1b` only when it is one of them."""
    quote = normal(f"Trade reached ${b}{scale} and 1{b}{scale} dollars in 2014.")
    found = {(f.number, f.scale) for f in vocabulary("en").figures(quote)}
    wanted = v.read_amount(f"${a}{scale}")
    assert ((wanted.number, wanted.scale) in found) == (a in (b, Decimal(f"1{b}")))


def test_non_ascii_digits_are_never_digits():
    for text in ("$1³ billion", "$١٣ billion", "$１３ billion", "$13 billion"):
        numbers = [f.number for f in vocabulary("en").figures(normal(text))]
        assert numbers == ([13] if text == "$13 billion" else [] if not re.search(r"[0-9]", normal(text)) else [1])


def test_a_currency_named_elsewhere_in_the_quote_proves_a_bare_figure(built, capsys):
    sentence = "Counted in US dollars, China-Kazakhstan trade reached 14 billion in 2014."
    add(built, sentence, "trade", TRADE.format(amount="14 billion\ncurrency: USD", quote=sentence))
    code, _, err = run(capsys, "build", "--root", str(built))
    assert code == 0, err
