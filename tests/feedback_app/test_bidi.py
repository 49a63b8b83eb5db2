"""Numbers kept left to right in right-to-left pages (issue 11): the filter, and where the pages use it."""

from __future__ import annotations

import re

import pytest

from feedback_app.bidi import ltr_numbers

RIGHT_TO_LEFT = ["ar", "fa", "ps", "ckb", "ur"]


def test_each_run_of_digits_is_isolated_left_to_right():
    assert ltr_numbers("call 999. Childline: 0800 1111.") == (
        'call <span dir="ltr">999</span>. Childline: <span dir="ltr">0800 1111</span>.')
    assert ltr_numbers("0808\u00a0157\u00a00192") == '<span dir="ltr">0808\u00a0157\u00a00192</span>'
    assert ltr_numbers("no numbers") == "no numbers"
    assert ltr_numbers(None) == ""


def test_the_words_around_the_numbers_are_escaped_and_entities_are_left_alone():
    # escaping first would make '"' into '&#34;', whose digits must not be wrapped
    assert ltr_numbers('<b>"7"</b> & \'x\'') == (
        '&lt;b&gt;&#34;<span dir="ltr">7</span>&#34;&lt;/b&gt; &amp; &#39;x&#39;')


def test_right_to_left_pages_load_the_mirroring_styles_and_left_to_right_pages_do_not(client):
    assert "rtl.css" in client.get("/q/lac-review-child/child?lang=ar").get_data(as_text=True)
    assert "rtl.css" not in client.get("/q/lac-review-child/child?lang=pa").get_data(as_text=True)
    assert "rtl.css" not in client.get("/q/lac-review-child/child?lang=en").get_data(as_text=True)


@pytest.mark.parametrize("lang", RIGHT_TO_LEFT)
def test_the_childline_number_in_a_childs_introduction_is_marked_left_to_right(client, lang):
    page = client.get(f"/q/have-your-say/child?lang={lang}").get_data(as_text=True)
    intro = re.search(r'<p class="govuk-body-l">(.*?)</p>', page, re.S).group(1)
    assert re.search(r'<span dir="ltr">0800[ \u00a0]1111</span>', intro), intro
    assert "\u200e" not in intro  # the translators' marks are no longer needed
