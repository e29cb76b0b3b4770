"""The base of a change said relative to the figure ("from the previous year", "a year
earlier", "годом ранее") is resolved against the period the change is measured to, not the
publication date: in an article of 2024 about 2023, "from the previous year" is 2022."""

from __future__ import annotations

import pytest

from tests.check.test_left_out import write
from tests.helpers import run

SENTENCE = "Trade between China and Kyrgyzstan grew 30 percent from the previous year to 19.8 billion dollars in 2023."
RECORD = ("  - id: change\n    reporter: CHN\n    partner: KGZ\n    flow: turnover\n    period: 2023\n"
          "    change_percent: 30\n    base_period: {base}\n    base_period_as_written: from the previous year\n"
          "    quote: \"{quote}\"\n"
          "  - id: value\n    reporter: CHN\n    partner: KGZ\n    flow: turnover\n    period: 2023\n"
          "    amount: 19.8 billion dollars\n    quote: \"{quote}\"\n")


@pytest.mark.parametrize("base, accepted", [(2022, True), (2023, False)])
def test_a_base_said_relative_to_the_figure_is_resolved_against_its_period(built, capsys, base, accepted):
    sid = "test-2024-02-10-relative-base"
    entry = write(built, sid, SENTENCE + "\n", RECORD.format(base=base, quote=SENTENCE[:-1]), published="2024-02-10")
    code, _, err = run(capsys, "check", "--root", str(built), str(entry))
    if accepted:
        assert code == 0, err
    else:
        assert code == 1 and "resolves to 2022 against the period it is measured to, 2023" in err, err
        assert "write `base_period: 2022`" in err
