"""What makes a statement official is checked like any value: a stater's body is named in
the article (by its name, an alias or an office that speaks for it, entities.offices), and a
publisher's entity is in the registry."""

from __future__ import annotations

import re

from tests.helpers import MINISTRY, WIRE, add_official_sources, edit_entry, run


def test_a_ministrys_office_names_it_and_without_it_the_stater_is_refused(built, capsys):
    add_official_sources(built)
    code, _, err = run(capsys, "build", "--root", str(built))
    assert code == 0, err
    entities = built / "data" / "entities.yaml"
    content = entities.read_text(encoding="utf-8")
    assert content.count("  offices:\n  - Trade Minister\n") == 1
    entities.write_text(content.replace("  offices:\n  - Trade Minister\n", ""), encoding="utf-8")
    code, _, err = run(capsys, "check", "--root", str(built))
    assert code == 1 and "Traceback" not in err
    assert re.search(rf"data/sources/{WIRE}\.yaml:\d+:\d+: trade\.stated_by_entity: the quote does not name "
                     r"kaz-ministry-of-trade", err), err


def test_a_publisher_entity_not_in_the_registry_is_refused_at_its_line(built, capsys):
    add_official_sources(built)
    edit_entry(built, MINISTRY, "publisher_entity: kaz-ministry-of-trade\n", "publisher_entity: kaz-ministry-of-trades\n")
    code, _, err = run(capsys, "check", "--root", str(built))
    assert code == 1 and "Traceback" not in err
    assert re.search(rf"data/sources/{MINISTRY}\.yaml:\d+:\d+: sources\.publisher_entity: `kaz-ministry-of-trades` "
                     r"is not in data/entities\.yaml", err), err
