"""A word whose letters come from two scripts is a look-alike no reader sees: refused in any
archived text; the words of real texts in the dataset's languages (accents, Azerbaijani and
Uzbek Latin, Russian beside Latin names, Chinese beside Latin abbreviations) are not."""

from __future__ import annotations

import pytest

from scripts.read.texts import fingerprint, mixed_script


@pytest.mark.parametrize("word", ["Sp\u043etlight", "Chin\u03b1", "\u13aand", "ho\u3164me", "\u0535xport",
                                  "Sh\u0430rif", "\u0397uawei", "\u0442rade"])
def test_a_word_of_two_scripts_is_found(word):
    assert mixed_script(f"In 2023 {word} rose.") == (8, word)


@pytest.mark.parametrize("text", ["İlham Əliyev met Oʻzbekiston's envoy in Bakı.", "Товарооборот с iPhone-ом вырос.",
                                  "中国GDP增长30%。", "Pakistanʼs ＩＣＢＣ branch", "Café, naïve, Zürich, Kraków.",
                                  "σήμερα и сегодня"])
def test_words_of_one_script_each_pass(text):
    assert mixed_script(text) is None


def test_latin_look_alikes_and_compatibility_forms_print_the_same_fingerprint():
    assert fingerprint("China's ICBC") == fingerprint("Ch\u0131na\u02bcs \uff29\uff23\uff22\uff23") == \
        fingerprint("Chi\u0301na's ICBC")
