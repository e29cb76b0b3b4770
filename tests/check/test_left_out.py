"""Every figure of an archived text is accounted for: recorded (a record's value is bound
to it) or listed under the entry's `left_out:` with its words and a reason. The check
reports each figure that is neither at its place in the .txt file, with its words.

Each case writes a new entry and its text into a copy of the fixtures' package and checks
that entry alone."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from tests.helpers import run

TRADE = ("  - id: t1\n    reporter: CHN\n    partner: KAZ\n    flow: turnover\n    period: 2014\n"
         "    amount: {amount}\n    quote: \"{quote}\"\n")


def write(root: Path, sid: str, text: str, records: str = "", left_out: str = "", language: str = "en",
          published: str = "2015-05-07") -> Path:
    sources = root / "data" / "sources"
    (sources / f"{sid}.txt").write_text(text, encoding="utf-8")
    body = f"id: {sid}\ntitle: A test\npublisher: Test\nauthor: null\npublished_date: {published}\nurl: null\n" \
           f"language: {language}\ntext_sha256: {hashlib.sha256(text.encode()).hexdigest()}\n"
    if records:
        body += "\ntrade:\n" + records
    if left_out:
        body += "\nleft_out:\n" + left_out
    entry = sources / f"{sid}.yaml"
    entry.write_text(body, encoding="utf-8")
    return entry


def check(capsys, root: Path, entry: Path) -> tuple[int, list[str]]:
    code, _, err = run(capsys, "check", "--root", str(root), str(entry))
    return code, [line for line in err.splitlines() if ": left_out" in line]


SENTENCE = "China-Kazakhstan trade reached 28.6 billion dollars in 2014, and 700 Chinese companies worked there."


def test_a_figure_neither_recorded_nor_left_out_is_refused_at_its_place(built, capsys):
    sid = "test-2015-05-07-unaccounted"
    text = "Trade news.\n\n" + SENTENCE + "\n"
    entry = write(built, sid, text, TRADE.format(amount="28.6 billion dollars", quote=SENTENCE[:-1]))
    code, found = check(capsys, built, entry)
    assert code == 1 and len(found) == 1, found
    assert found[0].startswith(f"data/sources/{sid}.txt:3:{SENTENCE.index('700') + 1}: left_out: ")
    assert '"700"' in found[0] and "reason" in found[0]
    entry = write(built, sid, text, TRADE.format(amount="28.6 billion dollars", quote=SENTENCE[:-1]),
                  "  - id: companies\n    words: 700 Chinese companies\n    reason: out_of_scope\n")
    assert check(capsys, built, entry) == (0, [])


def test_left_out_words_must_be_the_texts_and_the_reason_one_of_the_list(built, capsys):
    sid = "test-2015-05-07-bad-left-out"
    text = SENTENCE + "\n"
    entry = write(built, sid, text, TRADE.format(amount="28.6 billion dollars", quote=SENTENCE[:-1]),
                  "  - id: companies\n    words: 800 Chinese companies\n    reason: out_of_scope\n"
                  "  - id: other\n    words: 700 Chinese companies\n    reason: boring\n")
    code, _, err = run(capsys, "check", "--root", str(built), str(entry))
    assert code == 1
    assert re.search(rf"{sid}\.yaml:\d+:\d+: left_out\.words: the quote is not in the archived text", err), err
    assert re.search(rf"{sid}\.yaml:\d+:\d+: left_out\.reason: .*boring", err), err


@pytest.mark.parametrize("words", ["2015-05-07", "13:15", "the 30th anniversary", "COVID-19 vaccines",
                                   "the 2nd forum", "в 2014 году", "2014年"])
def test_dates_times_ordinals_and_names_are_no_figures(built, capsys, words):
    sid = "test-2015-05-07-no-figures"
    text = f"Published {words} here.\n\n{SENTENCE[:SENTENCE.index(', and')]}.\n"
    quote = SENTENCE[:SENTENCE.index(", and")]
    entry = write(built, sid, text, TRADE.format(amount="28.6 billion dollars", quote=quote))
    assert check(capsys, built, entry) == (0, [])


def test_every_place_a_text_writes_a_figure_is_accounted_for(built, capsys):
    """A sentence written twice: the record binds one; the other is left out by its words
    (which account for every place the text writes them)."""
    sid = "test-2015-05-07-repeated"
    quote = SENTENCE[:SENTENCE.index(", and")]
    text = f"{quote}.\n\nAs said, {quote}.\n"
    entry = write(built, sid, text, TRADE.format(amount="28.6 billion dollars", quote=quote))
    code, found = check(capsys, built, entry)
    assert code == 1 and len(found) == 1 and found[0].startswith(f"data/sources/{sid}.txt:3:"), found
    entry = write(built, sid, text, TRADE.format(amount="28.6 billion dollars", quote=quote),
                  "  - id: repeated\n    words: As said\n    reason: repeats\n")
    assert check(capsys, built, entry)[0] == 1  # words that take no figure account for none
    entry = write(built, sid, text, TRADE.format(amount="28.6 billion dollars", quote=quote),
                  "  - id: repeated\n    words: As said, China-Kazakhstan trade reached 28.6 billion dollars\n"
                  "    reason: repeats\n")
    assert check(capsys, built, entry) == (0, [])


@pytest.mark.parametrize("language, text, left", [
    ("ru", "Товарооборот Китая и Казахстана в 2014 году составил 28,6 млрд долларов, рост на 12 процентов.",
     "рост на 12 процентов"),
    ("zh", "2014年中哈贸易额达到286亿美元，增长12%。", "增长12%"),
])
def test_russian_and_chinese_texts_are_accounted_for(built, capsys, language, text, left):
    sid = f"test-2015-05-07-accounted-{language}"
    entry = write(built, sid, text + "\n", language=language)
    code, found = check(capsys, built, entry)
    assert code == 1 and len(found) == 2, found  # nothing recorded: both figures reported
    entry = write(built, sid, text + "\n", language=language, left_out=(
        f"  - id: trade\n    words: \"{text[:text.index(left)].rstrip(', ，')}\"\n    reason: unclear\n"
        f"  - id: growth\n    words: \"{left}\"\n    reason: repeats\n"))
    assert check(capsys, built, entry) == (0, [])


def test_a_text_of_many_figures_is_reported_within_bounds(built, capsys):
    sid = "test-2015-05-07-many-figures"
    text = "".join(f"Item {n} cost ${n}.5 billion.\n" for n in range(1, 200))
    entry = write(built, sid, text)
    code, found = check(capsys, built, entry)
    assert code == 1 and 20 < len(found) <= 22 and "more figures of the text" in found[-1] + found[0], found[-3:]


@pytest.mark.parametrize("language, sentence, word", [
    ("en", "China-Kazakhstan trade reached 28.6 billion dollars in 2014, and Chinese investment has nearly doubled "
           "since 2010.", "doubled"),
    ("ru", "Товарооборот Китая и Казахстана в 2014 году составил 28,6 млрд долларов, а инвестиции выросли вдвое.",
     "вдвое"),
    ("zh", "2014年中哈贸易额达286亿美元，中国对哈投资翻了一番。", "翻了一番"),
])
def test_a_multiple_written_as_a_word_is_a_figure_to_account_for(built, capsys, language, sentence, word):
    """"doubled", "вдвое", "翻了一番": a multiple without a digit is accounted for like "2 times"."""
    sid = f"test-2015-05-07-fold-{language}"
    amount = {"en": "28.6 billion dollars", "ru": "28,6 млрд долларов", "zh": "286亿美元"}[language]
    records = TRADE.format(amount=amount, quote=sentence.split("，")[0] if language == "zh" else sentence[:-1])
    if language != "en":
        records += "    quote_translation: A translation written for the test.\n"
    text = sentence + "\n"
    entry = write(built, sid, text, records, language=language)
    code, found = check(capsys, built, entry)
    assert code == 1 and len(found) == 1 and f'"{word}"' in found[0], found
    entry = write(built, sid, text, records, f"  - id: growth\n    words: {word}\n    reason: no_date\n", language=language)
    assert check(capsys, built, entry) == (0, []), capsys.readouterr().err
