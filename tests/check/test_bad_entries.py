"""Bad entries: each is reported at its file and line with a fix, the run exits
non-zero without a traceback, and nothing already published changes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from scripts.schema.registry import source_table
from tests.helpers import X, edit_entry, run, snapshot

A = "unattributed-2019-06-24-azerbaijan-china-huawei"
M = "mofcom-2022-01-20-china-central-asia-trade"
XF = f"data/sources/{X}.yaml"
AF = f"data/sources/{A}.yaml"
MF = f"data/sources/{M}.yaml"

# (case, entry, text to replace, replacement, the expected message)
CASES = [
    ("duplicate key", X, "    kind: target\n", "    kind: target\n    kind: actual\n",
     f"{XF}:22:5: trade.kind: duplicate key (first written on line 21) — keep one of the two"),
    ("NO read as false", X, "publisher: Xinhua\n", "publisher: NO\n",
     f'{XF}:3:12: sources.publisher: `NO` is read by YAML as the boolean False — write "NO" in quotes if you mean the text'),
    ("yes read as true", X, "author: null\n", "author: yes\n",
     f'{XF}:4:9: sources.author: `yes` is read by YAML as the boolean True — write "yes" in quotes if you mean the text'),
    ("octal 033", X, "deal_count: 33\n", "deal_count: 033\n",
     f'{XF}:95:17: agreements.deal_count: `033` is read by YAML as a number in another notation (octal, hex, '
     'sexagesimal or special) — write "033" in quotes if you mean the text, or the number in plain decimals'),
    ("url without a scheme", X, "url: null\n", "url: NOnull\n",
     f"{XF}:6:6: sources.url: `NOnull` is not a web address — write the whole address, starting with https:// or http://"),
    ("url not on the web", X, "url: null\n", "url: ftp://example.org/a\n",
     f"{XF}:6:6: sources.url: `ftp://example.org/a` is not of the required form — see the data dictionary for sources.url"),
    ("unknown key", X, "    amount: 26 billion dollars\n", "    ammount: 26 billion dollars\n",
     f"{XF}:43:5: investment.ammount: unknown key — did you mean `amount`?"),
    ("missing key", X, "    flow: turnover\n    kind: target\n", "    kind: target\n",
     f"{XF}:17:5: trade.flow: missing — add `flow:` to this record"),
    ("alpha-2 country code", X, "    host: KAZ\n", "    host: KZ\n",
     f"{XF}:39:11: investment.host: `KZ` is not an ISO 3166-1 alpha-3 country code — did you mean KAZ?"),
    ("retired country code", X, "    investor: CHN\n", "    investor: SUN\n",
     f"{XF}:38:15: investment.investor: `SUN` is a retired ISO 3166 code (USSR, Union of Soviet Socialist Republics, "
     "withdrawn 1992-08-30) — use the code of the country that exists now"),
    ("unknown group", M, "    partner: central-asia\n    flow: turnover\n    period: 1992\n",
     "    partner: central-asian\n    flow: turnover\n    period: 1992\n",
     f"{MF}:24:14: trade.partner: `central-asian` is not a country group defined in data/groups.yaml — did you mean central-asia?"),
    ("dangling entity", X, "    entity_id: zte\n", "    entity_id: zte-corp\n",
     f"{XF}:104:16: companies.entity_id: `zte-corp` is not in data/entities.yaml — add the entity to data/entities.yaml"),
    ("quote not in the article", X, "reached 28.6 billion dollars in 2013\n", "reached 28.6 billion dollars in 2014\n",
     f'{XF}:33:12: trade.quote: the quote is not in the archived text — copy it verbatim; the closest passage is: '
     '"Bilateral trade between the two sides reached 28.6 billion dollars in 2013, and China is becoming '
     "Kazakhstan's largest trading partner.\""),
    ("amount not in its quote", X, "amount: 28.6 billion dollars", "amount: 28.5 billion dollars",
     f"{XF}:32:13: trade.amount: `28.5 billion dollars` is not in the quote as a figure of money — the quote's figures "
     "of money are: 28.6 billion dollars"),
    ("year not in its quote", X, "    date: 2012\n", "    date: 2011\n",
     f"{XF}:53:11: agreements.date: the quote dates this figure 2012, not 2011 — record the date the words by the "
     "figure give (the nearest date in its sentence; `from 2012` is a base)"),
    ("relative date resolved wrongly", A, "    date: 2019-04\n", "    date: 2018-04\n",
     f"{AF}:70:11: agreements.date: `in April this year` resolves to 2019-04 against the publication date 2019-06-24, "
     "not 2018-04 — write `date: 2019-04`"),
    ("unexplained relative phrase", M,
     '    period_note: >-\n      The text dates the establishment of diplomatic ties 30 years before its\n'
     '      publication in 2022 ("Since the establishment of diplomatic ties 30 years ago").\n', "",
     f"{MF}:26:13: trade.period: cannot resolve `at the beginning of the establishment of diplomatic ties` by itself "
     "— leave `period_as_written` out when the words give the date themselves (\"in 2023\", \"截至2024年9月底\"), or "
     "explain in `period_note` how the date follows from the source"),
    ("id does not match the file name", X, f"id: {X}\n", "id: xinhua-2015-05-07-china-kazakhstan\n",
     f"{XF}:1:5: sources.id: id `xinhua-2015-05-07-china-kazakhstan` does not match the file name `{X}.yaml` — "
     f"rename the file to `xinhua-2015-05-07-china-kazakhstan.yaml` or set `id: {X}`"),
    ("id tries a path", X, f"id: {X}\n", "id: ../../etc/passwd\n",
     f"{XF}:1:5: sources.id: id `../../etc/passwd` does not match the file name `{X}.yaml` — "
     f"rename the file to `../../etc/passwd.yaml` or set `id: {X}`"),
    ("duplicate record id", X, "  - id: turnover-2013\n", "  - id: target-2015\n",
     f"{XF}:27:9: trade.id: id `{X}:target-2015` is used twice (first at {XF}:17) — give each record its own id"),
    ("publication date in the future", X, "published_date: 2015-05-07\n", "published_date: 2027-01-01\n",
     f"{XF}:5:17: sources.published_date: 2027-01-01 is in the future — write the date the source was published"),
    ("bound written into the amount", X, "    amount: 14 billion dollars\n    bound: more_than\n",
     "    amount: more than 14 billion dollars\n",
     f"{XF}:76:13: agreements.amount: the amount starts with `more than` — write only the figure here and the bound "
     "as `bound: more_than` (or less_than, at_most, at_least, about)"),
    ("unreadable amount", X, "    amount: 14 billion dollars\n", "    amount: fourteen billion dollars\n",
     f"{XF}:76:13: agreements.amount: cannot read `fourteen billion dollars` as an amount — write the figure as the "
     "source does, such as `$1.3 billion`, `USD500 million`, `28.6 billion dollars`, `28,6 млрд долларов` or `286亿美元`"),
    ("value not in the list", X, "    status: in_operation\n", "    status: in_operaton\n",
     f"{XF}:51:13: agreements.status: `in_operaton` is not one of: proposed, planned, under_negotiation, "
     "agreed_in_principle, signed, adopted, launched, under_construction, completed, in_operation, active — "
     "did you mean in_operation?"),
    ("tab", X, "    flow: turnover\n    kind: target\n", "    flow: turnover\n\tkind: target\n",
     f"{XF}:21:1: tab character — indent with spaces and write no tabs"),
    ("python tag", X, "author: null\n", "author: !!python/object/apply:os.system [ls]\n",
     f"{XF}:4:9: author: tag tag:yaml.org,2002:python/object/apply:os.system is not allowed — remove the tag (the !! part)"),
    ("share without its base", A, "    share_base: south-caucasus\n", "",
     f"{AF}:30:5: trade.share_base: share_percent and share_base go together — name whose trade the share is of "
     "in `share_base`, or remove it"),
    ("rate without its source", X, "    amount: 26 billion dollars\n", "    amount: 26 billion dollars\n    usd_rate: 1.0\n",
     f"{XF}:44:15: investment.usd_rate: usd_rate and usd_rate_source go together — cite the rate's source in "
     "`usd_rate_source`, or remove both"),
    ("scalar instead of a list", X, "    parties: [CHN, KAZ]\n    date: 2012\n", "    parties: CHN, KAZ\n    date: 2012\n",
     f"{XF}:52:14: agreements.parties: expected a list — write it as [a, b] or as lines starting with `- `"),
    ("negative count", X, "deal_count: 33\n", "deal_count: -3\n",
     f"{XF}:95:17: agreements.deal_count: `-3` is below the minimum — see the data dictionary for agreements.deal_count"),
    ("broken indentation", A, f"id: {A}\n", f"- id: {A}\n",
     f"{AF}:2:1: YAML syntax: did not find expected '-' indicator — fix the YAML at this place"),
    ("NaN share", A, "    share_percent: 43\n", "    share_percent: .nan\n",
     f"{AF}:36:20: trade.share_percent: `.nan` is YAML's not-a-number or infinity, which no field accepts — "
     "write the figure the source states"),
    ("infinite share", A, "    share_percent: 43\n", "    share_percent: .inf\n",
     f"{AF}:36:20: trade.share_percent: `.inf` is YAML's not-a-number or infinity, which no field accepts — "
     "write the figure the source states"),
    ("NaN amount", X, "    amount: 26 billion dollars\n", "    amount: NaN billion dollars\n",
     f"{XF}:43:13: investment.amount: cannot read `NaN billion dollars` as an amount — write the figure as the "
     "source does, such as `$1.3 billion`, `USD500 million`, `28.6 billion dollars`, `28,6 млрд долларов` or `286亿美元`"),
    ("zero amount", X, "    amount: 26 billion dollars\n", "    amount: 0 billion dollars\n",
     f"{XF}:43:13: investment.amount: the amount is zero — record only amounts the source states"),
    ("negative amount", X, "    amount: 26 billion dollars\n", "    amount: -26 billion dollars\n",
     f"{XF}:43:13: investment.amount: cannot read `-26 billion dollars` as an amount — write the figure as the "
     "source does, such as `$1.3 billion`, `USD500 million`, `28.6 billion dollars`, `28,6 млрд долларов` or `286亿美元`"),
    ("formula =", X, "    activity: telecom\n", "    activity: =HYPERLINK(\"http://x\")\n",
     f"{XF}:106:15: companies.activity: the text starts with =, +, - or @, which a spreadsheet would run as a "
     "formula — reword it so that it starts with a letter, a digit or a quotation mark"),
    ("formula @", X, "publisher: Xinhua\n", "publisher: \"@SUM(A1)\"\n",
     f"{XF}:3:12: sources.publisher: the text starts with =, +, - or @, which a spreadsheet would run as a "
     "formula — reword it so that it starts with a letter, a digit or a quotation mark"),
    ("formula + in a list", X, "    parties: [CHN]\n", "    parties: [CHN]\n    sectors: [\"+cmd\"]\n",
     f"{XF}:62:14: agreements.sectors: the text starts with =, +, - or @, which a spreadsheet would run as a "
     "formula — reword it so that it starts with a letter, a digit or a quotation mark"),
    ("very long string", X, "publisher: Xinhua\n", "publisher: " + "X" * 300 + "\n",
     f"{XF}:3:12: sources.publisher: the text is shorter or longer than its limits allow — see the data dictionary for "
     "sources.publisher"),
    ("wrong type", X, "deal_count: 33\n", "deal_count: many\n",
     f"{XF}:95:17: agreements.deal_count: `many` is not a whole number — write digits only, such as 33"),
    ("unknown top-level key", X, "language: en\n", "language: en\nsource_url: x\n",
     f"{XF}:8:1: sources.source_url: unknown key — the keys are: {', '.join(sorted(source_table().entry_fields))}"),
    ("missing hash", X, "text_sha256: db68d9343064c8720ebbfc030e02aa5b49cb8359694dc7fa15cdc3d0226743f1\n", "",
     f"{XF}:1:1: sources.text_sha256: missing — add `text_sha256:` to this record"),
    ("invalid country code", X, "    host: KAZ\n", "    host: XYZ\n",
     f"{XF}:39:11: investment.host: `XYZ` is not an ISO 3166-1 alpha-3 country code — use an ISO 3166-1 alpha-3 "
     "code, such as KAZ"),
    ("impossible date", X, "published_date: 2015-05-07\n", "published_date: 2015-02-30\n",
     f"{XF}:5:17: sources.published_date: `2015-02-30` is not a real date (day is out of range for month) — "
     "check the month and day"),
    ("record that is not a mapping", X, "  - id: china-stock\n    investor: CHN\n",
     "  - china-stock\n  - id: china-stock\n    investor: CHN\n",
     f"{XF}:37:5: investment: expected a mapping of `key: value` lines — write the record as indented "
     "`key: value` lines"),
    ("alias bomb", X, "publisher: Xinhua\n",
     "publisher: &a Xinhua\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
     f"{XF}:3:12: publisher: anchors and aliases (& and *) are not allowed — write the value out in full"),
    ("dangling investor entity", X, "    investor: CHN\n", "    investor: CHN\n    investor_entity: sinopec\n",
     f"{XF}:39:22: investment.investor_entity: `sinopec` is not in data/entities.yaml — add the entity to "
     "data/entities.yaml"),
    ("unknown language", X, "language: en\n", "language: xx\n",
     f"{XF}:7:11: sources.language: `xx` is not an ISO 639-1 language code — write a two-letter code such as en or ru"),
    ("unknown currency", X, "    amount: 26 billion dollars\n", "    amount: 26 billion dollars\n    currency: XXQ\n",
     f"{XF}:44:15: investment.currency: `XXQ` is not a currency this build knows — write the amount's currency as "
     "an ISO 4217 code in `currency:`, such as KZT"),
]


def assert_rejected(root: Path, capsys, expected: str) -> None:
    before = snapshot(root)
    code, out, err = run(capsys, "build", "--root", str(root))
    lines = err.splitlines()
    assert code == 1
    assert expected in lines, err
    assert lines[-1].endswith("nothing was written.")
    assert "Traceback" not in err and out == ""
    assert snapshot(root) == before  # the published package is untouched
    assert not (root / ".build-staging").exists()
    code, _, err_check = run(capsys, "check", "--root", str(root))
    assert code == 1 and expected in err_check.splitlines()


def test_there_are_enough_cases():
    assert len(CASES) >= 15
    assert len({case[0] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case, entry, old, new, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_entry_is_reported_at_its_line(built, capsys, case, entry, old, new, expected):
    edit_entry(built, entry, old, new)
    assert_rejected(built, capsys, expected)


def test_altered_archived_text(built, capsys):
    text = built / "data" / "sources" / f"{X}.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("28.6 billion", "29.6 billion"), encoding="utf-8")
    digest = hashlib.sha256(text.read_bytes()).hexdigest()
    assert_rejected(built, capsys, f"{XF}:8:14: sources.text_sha256: data/sources/{X}.txt has changed since the "
                    f"entry was written (its SHA-256 is {digest}) — restore the archived text, or re-check every "
                    "quote and then write the new hash (a published text never changes: an amended article is "
                    "archived as a new version, under `versions:`)")


def test_missing_archived_text(built, capsys):
    (built / "data" / "sources" / f"{X}.txt").unlink()
    assert_rejected(built, capsys, f"{XF}:1:1: sources.text_path: the archived text data/sources/{X}.txt is missing — "
                    "save the article text beside the entry with the same name and .txt")


def test_actual_figure_dated_after_its_source(built, capsys):
    """Only targets and forecasts may lie after the publication date."""
    text = built / "data" / "sources" / f"{X}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nTrade reached 45 billion dollars in 2016.\n", encoding="utf-8")
    entry = built / "data" / "sources" / f"{X}.yaml"
    digest = hashlib.sha256(text.read_bytes()).hexdigest()
    content = entry.read_text(encoding="utf-8").replace("db68d9343064c8720ebbfc030e02aa5b49cb8359694dc7fa15cdc3d0226743f1", digest)
    content = content.replace("\ninvestment:\n", "  - id: turnover-2016\n    reporter: CHN\n    partner: KAZ\n"
                              "    flow: turnover\n    period: 2016\n    amount: 45 billion dollars\n"
                              "    quote: Trade reached 45 billion dollars in 2016.\n\ninvestment:\n")
    entry.write_text(content, encoding="utf-8")
    assert_rejected(built, capsys, f"{XF}:39:13: trade.period: 2016 is after the source's publication date 2015-05-07 — "
                    "an actual event is dated no later than its source; mark targets with `kind: target`")


def test_bad_registry_entry(built, capsys):
    groups = built / "data" / "groups.yaml"
    groups.write_text(groups.read_text(encoding="utf-8").replace("[KAZ, KGZ, TJK, TKM, UZB]", "[KAZ, KGZ, TJK, TKM, UZ]"),
                      encoding="utf-8")
    assert_rejected(built, capsys, "data/groups.yaml:7:12: groups.members: `UZ` is not an ISO 3166-1 alpha-3 country "
                    "code — did you mean UZB?")


def test_list_instead_of_a_mapping(built, capsys):
    (built / "data" / "sources" / f"{A}.yaml").write_text("- trade\n- investment\n", encoding="utf-8")
    assert_rejected(built, capsys, f"{AF}:1:1: sources: expected a mapping of `key: value` lines at the top — "
                    "start the file with `id: <source-id>` (see CONTRIBUTING.md)")


@pytest.mark.parametrize("case, content, expected", [
    ("non-UTF-8 bytes", b"id: x\ntitle: caf\xe9\n", f"{AF}:2:11: byte 0xe9 is not UTF-8 — save the file as UTF-8"),
    ("byte-order mark", b"\xef\xbb\xbfid: x\n", f"{AF}:1:1: the file starts with a byte-order mark — save it as UTF-8 without BOM"),
    ("NUL character", b"id: x\x00\n", f"{AF}:1:6: control character U+0000 — delete it"),
    ("oversized file", b"id: x\nnotes: " + b"a" * 1_000_001 + b"\n",
     f"{AF}:1:1: the file is 1000015 bytes, over the limit of 1000000 — split it or shorten it"),
], ids=["non-utf8", "bom", "nul", "oversized"])
def test_bad_bytes(built, capsys, case, content, expected):
    (built / "data" / "sources" / f"{A}.yaml").write_bytes(content)
    assert_rejected(built, capsys, expected)


def test_duplicate_id_in_a_registry(built, capsys):
    entities = built / "data" / "entities.yaml"
    before = entities.read_text(encoding="utf-8")
    first = before.splitlines().index("- id: zte") + 1
    again = len(before.splitlines()) + 2
    entities.write_text(before + "\n- id: zte\n  name: ZTE again\n  type: company\n  country: CHN\n", encoding="utf-8")
    assert_rejected(built, capsys, f"data/entities.yaml:{again}:7: entities.id: id `zte` is used twice (first at "
                    f"data/entities.yaml:{first}) — give each record its own id")


def test_empty_entry_file(built, capsys):
    (built / "data" / "sources" / f"{A}.yaml").write_text("", encoding="utf-8")
    assert_rejected(built, capsys, f"{AF}:1:1: the file is empty — write the entry's keys (see CONTRIBUTING.md)")


def test_all_errors_of_a_run_are_reported_at_once(built, capsys):
    for stem, old, new in [(X, "    host: KAZ\n", "    host: KZ\n"), (A, "    date: 2019-04\n", "    date: 2018-04\n")]:
        path = built / "data" / "sources" / f"{stem}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    code, _, err = run(capsys, "check", "--root", str(built))
    assert code == 1
    assert err.splitlines()[-1] == "2 problem(s) in 2 file(s); nothing was written."
    assert [line.split(":")[0] for line in err.splitlines()[:2]] == [AF, XF]  # grouped by file, in order
