"""A problem is reported on one line whatever the value it quotes holds."""

from __future__ import annotations

from scripts.core.problems import Problem, Problems


def test_a_value_cannot_forge_a_line_of_its_own():
    problems = Problems()
    problems.add("data/sources/x.yaml", 3, 5, "trade.partner", "`KAZ\n::error file=README.md::forged` is not a code",
                 "write\r a code\u202e")
    lines = problems.report().splitlines()
    assert len(lines) == 2
    assert lines[0] == ("data/sources/x.yaml:3:5: trade.partner: `KAZ\\n::error file=README.md::forged` is not a code"
                        " — write\\r a code\\u202e")


def test_plain_text_is_left_as_it_is():
    assert str(Problem("a.yaml", 1, 2, "t.c", "`Kazakh – “quoted”` is fine", "")) == \
        "a.yaml:1:2: t.c: `Kazakh – “quoted”` is fine"
