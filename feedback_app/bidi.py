"""Numbers that stay readable in right-to-left text (issue 11).

In a right-to-left paragraph the Unicode bidirectional algorithm treats a space between two
numbers as right-to-left, so "0800 1111" is shown as "1111 0800". Phone numbers that the
templates print themselves are links with ``dir="ltr"``; this filter does the same for numbers
inside the questionnaires' own words (an intro that says "call Childline on 0800 1111"), which
come from the translators' catalogues as plain text.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

#: A run of digits, with spaces, no-break spaces, hyphens or left-to-right marks between groups:
#: "999", "0800 1111", "0808 157 0192". A lone group is wrapped too: harmless, and simpler to read.
NUMBER_RUN = re.compile(r"\d+(?:[ \u00a0\u200e\-]+\d+)*")


def ltr_numbers(text: str | None) -> Markup:
    """``text`` escaped, with every run of digits isolated left to right in a ``<span dir="ltr">``."""
    # Found in the raw text, escaped piece by piece: escaping first would turn a quote into "&#34;",
    # whose digits would then be wrapped inside the entity.
    text = text or ""
    pieces, done = [], 0
    for match in NUMBER_RUN.finditer(text):
        pieces += [escape(text[done:match.start()]), Markup('<span dir="ltr">%s</span>') % match.group(0)]
        done = match.end()
    pieces.append(escape(text[done:]))
    return Markup("").join(pieces)
