"""The contributor's path: the JSON Schema for editors, the scaffold, the guide's
example, and the pull-request workflow."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from scripts.contrib import entry_schema
from scripts.schema.registry import ROOT
from tests.helpers import FIXTURES, X, run

SCHEMA_FILE = ROOT / entry_schema.PATH


def entries(root: Path = ROOT) -> list[Path]:
    return sorted((root / "data" / "sources").glob("*.yaml"))


def as_json(value):
    """An entry as an editor's YAML server sees it: dates as text."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def test_entry_schema_is_up_to_date():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == entry_schema.render(), \
        "schemas/entry.schema.json is out of date: run `python -m scripts schema` (or `make build`)"


def test_every_entry_passes_the_editors_schema():
    """An entry the check accepts is one the editors' JSON Schema accepts too (whatever
    entries data/ holds)."""
    validator = Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    checked = 0
    for path in entries():
        text = path.read_text(encoding="utf-8")
        errors = list(validator.iter_errors(as_json(yaml.safe_load(text))))
        assert errors == [], (path.name, [e.message for e in errors])
        checked += 1
    assert checked == len(entries()) > 0  # every entry, however many the data holds


@pytest.mark.parametrize("change, fragment", [
    (lambda e: e["trade"][0].update(ammount="$1 billion"), "Additional properties are not allowed"),
    (lambda e: e["trade"][0].update(kind="hoped"), "is not one of"),
    (lambda e: e["trade"][0].pop("quote"), "'quote' is a required property"),
    (lambda e: e.update(language="english"), "does not match"),
])
def test_the_schema_catches_what_an_editor_should_flag(change, fragment):
    validator = Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    frozen = FIXTURES / "sources" / "xinhua-2015-05-07-china-kazakhstan-capacity-cooperation.yaml"
    entry = as_json(yaml.safe_load(frozen.read_text(encoding="utf-8")))
    change(entry)
    messages = [e.message for e in validator.iter_errors(entry)]
    assert any(fragment in m for m in messages), messages


def test_scaffold_writes_a_valid_skeleton(built, capsys, tmp_path):
    package = built  # the frozen fixtures: no entry of data/ can hold the id this case writes
    article = tmp_path / "article.txt"
    article.write_text("Azerbaijan and China held talks in Baku. Trade between the two sides reached $2 billion in "
                       "2020.\n", encoding="utf-8")
    code, out, err = run(capsys, "new", str(article), "--root", str(package), "--publisher", "Trend News",
                         "--date", "2021-03-04", "--topic", "Azerbaijan China trade", "--title", "Trade: up")
    assert code == 0, err
    ident = "trend-news-2021-03-04-azerbaijan-china-trade"
    entry = package / "data" / "sources" / f"{ident}.yaml"
    assert (package / "data" / "sources" / f"{ident}.txt").read_bytes() == article.read_bytes()
    assert entry.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../schemas/entry.schema.json\n")  # editors find the schema
    code, out, err = run(capsys, "check", "--root", str(package), str(entry))
    assert code == 1 and '"$2 billion"' in err and "left_out" in err, err  # its one figure: to record, or leave out
    # filling in a record from the skeleton's own example gives a valid entry
    entry.write_text(entry.read_text(encoding="utf-8") + "trade:\n  - id: turnover-2020\n    reporter: CHN\n"
                     "    partner: AZE\n    flow: turnover\n    period: 2020\n    amount: $2 billion\n"
                     "    quote: Trade between the two sides reached $2 billion in 2020.\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "--root", str(package), str(entry))
    assert code == 0, err
    code, _, err = run(capsys, "new", str(article), "--root", str(package), "--publisher", "Trend News",
                       "--date", "2021-03-04", "--topic", "Azerbaijan China trade")
    assert code == 1
    assert err.startswith(f"new: data/sources/{ident}.txt already exists: an entry has the id {ident}.")
    assert "delete its .yaml and .txt first" in err and "ID=" in err


@pytest.mark.parametrize("publisher, expected", [
    ("Xinhua | People's Daily Online", "xinhua"),
    ("Ministry of Commerce (China)", "ministry-of-commerce"),
    ("The Diplomat's Central Asia Desk of the Week", "the-diplomats-central"),
    ("Trend Nëws Agency", "trend-news-agency"),
    (None, "unattributed"),
])
def test_the_id_takes_a_short_publisher_name(publisher, expected):
    from scripts.contrib.new import choose_id

    assert choose_id(None, publisher, "2023-05-19", "China Uzbekistan trade") == f"{expected}-2023-05-19-china-uzbekistan-trade"


@pytest.mark.parametrize("publisher", ["Азаттык", "Газета.uz"])
def test_a_publisher_in_another_script_asks_for_the_id(publisher):
    from scripts.contrib.new import choose_id

    with pytest.raises(ValueError, match="give the id yourself, in Latin letters, as ID="):
        choose_id(None, publisher, "2023-05-19", "China Kyrgyzstan trade")
    assert choose_id("azattyk-2023-05-19-kgz-trade", publisher, "2023-05-19", None) == "azattyk-2023-05-19-kgz-trade"


def test_the_contributor_chooses_the_id_and_the_language(built, capsys, tmp_path):
    package = built
    article = tmp_path / "article.txt"
    article.write_text("Товарооборот между двумя странами составил 2 млрд долларов.\n", encoding="utf-8")
    ident = "kabar-2023-05-19-kyrgyzstan-china-trade"
    code, out, err = run(capsys, "new", str(article), "--root", str(package), "--publisher", "Kabar | News Agency",
                         "--date", "2023-05-19", "--id", ident, "--language", "ru")
    assert code == 0, err
    entry = (package / "data" / "sources" / f"{ident}.yaml").read_text(encoding="utf-8")
    assert f"id: {ident}\n" in entry and 'language: "ru"' in entry
    for bad, says in [("Kabar-2023-05-19-x", "is not an id"), ("kabar-2023-05-20-trade", "does not carry the date")]:
        code, _, err = run(capsys, "new", str(article), "--root", str(package), "--date", "2023-05-19", "--id", bad)
        assert code == 1 and says in err, err


def test_the_guide_example_entry_is_valid(built, capsys):
    """CONTRIBUTING.md's complete example checks clean against its article (the frozen
    fixture copy of it: the live entry may change)."""
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", guide, flags=re.S).group(1)
    entry = built / "data" / "sources" / f"{X}.yaml"
    entry.write_text(example, encoding="utf-8")
    code, out, err = run(capsys, "check", "--root", str(built), str(entry))
    assert code == 0, err
    assert "trade 2, investment 1, agreements 2, companies 1, counts 1, left_out 1" in out


def test_pull_request_workflow_runs_the_makefile_read_only():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
    assert "pull_request" in triggers and "pull_request_target" not in triggers
    assert workflow["permissions"] == {"contents": "read"}
    commands = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert "make check NO_CACHE=1" in commands and "make test" in commands  # CI trusts no cache
    # what runs is pinned: actions by commit, the container by digest; one run per branch at a time
    uses = [step["uses"] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses
    assert all(re.search(r"@sha256:[0-9a-f]{64}$", job["container"]) for job in workflow["jobs"].values())
    assert "group" in workflow["concurrency"]
    assert (ROOT / ".github" / "pull_request_template.md").is_file()


def test_the_guide_record_examples_are_valid(built, capsys):
    """Each record example of CONTRIBUTING.md's "What else an article says" checks clean
    in the entry its comment names (the frozen fixture of that article)."""
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    examples = re.findall(r"```yaml\n *# in data/sources/([a-z0-9-]+)\.yaml(?:, under ([a-z]+):)?\n(.*?)```", guide, re.S)
    assert len(examples) >= 2
    for stem, table, block in examples:
        entry = built / "data" / "sources" / f"{stem}.yaml"
        data = yaml.safe_load(entry.read_text(encoding="utf-8"))
        snippet = yaml.safe_load(textwrap.dedent(block))
        records = {table: snippet} if table else snippet
        for name, items in records.items():
            data.setdefault(name, []).extend(items)
        entry.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        code, out, err = run(capsys, "check", "--root", str(built), str(entry))
        assert code == 0, (stem, err)


def test_the_guide_amendment_example_is_valid(built, capsys):
    """CONTRIBUTING.md's "When the publisher amends an article": its `versions:` and its
    record quoting version 2, in the Xinhua entry (the frozen fixture) with the article as
    the example says its publisher corrected it, check clean, and so does its SHA-256."""
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = guide[guide.index("### When the publisher amends an article"):]
    declared, record = (yaml.safe_load(textwrap.dedent(block))
                        for block in re.findall(r"```yaml\n(.*?)```", section, flags=re.S)[:2])
    sources = built / "data" / "sources"
    text = (sources / f"{X}.txt").read_bytes()
    (sources / f"{X}.v2.txt").write_bytes(text.replace(b"reached 28.6 billion dollars", b"reached 28.9 billion dollars"))
    entry = sources / f"{X}.yaml"
    data = yaml.safe_load(entry.read_text(encoding="utf-8"))
    assert declared["text_sha256"] == data["text_sha256"]
    data["versions"] = declared["versions"]
    data["trade"] = [item for item in data["trade"] if item["id"] != "turnover-2013"] + record["trade"]
    entry.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, err = run(capsys, "check", "--root", str(built), str(entry))
    assert code == 0, err
    assert "text_versions 2" in out
    validator = Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))  # editors accept it too
    assert list(validator.iter_errors(as_json(data))) == []
    data["versions"][0].pop("reason")  # and flag a version without its reason
    assert any("'reason' is a required property" in e.message for e in validator.iter_errors(as_json(data)))
