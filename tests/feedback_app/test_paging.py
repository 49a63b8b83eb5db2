"""requested_page(): whatever is typed in ?page=, a page number a query can take.
(The staff lists that use it: tests/feedback_app/staff/test_list_pages.py.)"""

from __future__ import annotations

import pytest

from feedback_app.paging import MAX_PAGE, requested_page


@pytest.mark.parametrize(("raw", "page"), [
    ("3", 3), ("", 1), ("abc", 1), ("-1", 1), ("0", 1), ("1e9", 1), ("1.5", 1), ("١٢", 1),
    ("99999999999999999999", MAX_PAGE), ("999999999", MAX_PAGE), ("5", 5),
])
def test_requested_page(app, raw, page):
    with app.test_request_context("/", query_string={"page": raw}):
        assert requested_page() == page
    with app.test_request_context("/", query_string={"page": raw}):
        assert requested_page(max_page=4) == min(page, 4)
