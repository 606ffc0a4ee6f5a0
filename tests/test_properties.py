"""Property-based tests (hypothesis): whatever text arrives, the catalog loader, the money and
constraint parser and the card renderer do not crash, never let a non-finite or negative price
through, keep budgets ordered, and render every value escaped."""

from __future__ import annotations

import csv
import io
import math
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assistant.answer import ShownProduct
from assistant.render import card_html
from assistant.understanding import understand
from assistant.vocabulary import Vocabulary
from retrieval.catalog import CatalogError, load_catalog
from retrieval.mapping import mapping_from_dict
from retrieval.money import MoneyError, cell_amount, number

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# text as shoppers and files send it: any character, plus the ones that break parsers and pages
NASTY = st.sampled_from(["<script>", "</div>", '"', "'", "&amp;", "javascript:", "\x00", "\u202e", "\r\n", ",", ";", "$", "€", "1e999"])
TEXT = st.lists(st.one_of(st.text(max_size=12), NASTY), max_size=6).map("".join)
PRICES = st.one_of(
    TEXT,
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["nan", "NaN", "inf", "-inf", "Infinity", "-5", "1.299,00", "1,299.99", "$12", "12 USD", "₹1,299", "ten", "", "1e400"]),
)


@SETTINGS
@given(PRICES)
def test_a_cell_amount_is_a_finite_number_or_a_money_error(text):
    try:
        amount = cell_amount(text)
    except MoneyError:
        return
    assert math.isfinite(amount.value), (text, amount)


@SETTINGS
@given(PRICES)
def test_a_written_number_is_finite_or_refused(text):
    try:
        value = number(text)
    except MoneyError:
        return
    assert math.isfinite(value), (text, value)


MAPPING = mapping_from_dict(
    {"source": {"format": "csv", "currency": "USD"}, "fields": {"id": "id", "title": "title", "price": "price", "brand": "brand"}}
)
ROWS = st.lists(st.tuples(TEXT, TEXT, PRICES, TEXT), min_size=1, max_size=8)


@SETTINGS
@given(ROWS)
def test_any_csv_loads_or_is_one_catalog_error_and_every_loaded_product_is_sound(tmp_path_factory, rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([("id", "title", "price", "brand"), *rows])
    path = tmp_path_factory.mktemp("catalog") / "cat.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", errors="surrogatepass")
    try:
        report = load_catalog([path], MAPPING)
    except CatalogError as exc:
        assert str(exc) and "\x00" not in str(exc)
        return
    ids = [p.id for p in report.products]
    assert len(ids) == len(set(ids)) and len(report.products) + len(report.rejections) <= len(rows) + 1
    for p in report.products:
        assert math.isfinite(p.price) and p.price >= 0, p
        assert p.title.strip() and p.id.strip()
        assert not any(ord(ch) < 32 or 0x202A <= ord(ch) <= 0x202E for ch in p.title + p.id + p.brand), p
    for r in report.rejections:
        assert r.location.startswith("line ") and r.field and r.reason


AMOUNTS = st.one_of(st.integers(-(10**12), 10**12).map(str), st.floats(allow_nan=True, allow_infinity=True).map(str), PRICES)
BUDGETS = st.one_of(
    TEXT,
    st.builds(lambda a: f"headphones under ${a}", AMOUNTS),
    st.builds(lambda a, b: f"shoes between {a} and {b} dollars", AMOUNTS, AMOUNTS),
    st.builds(lambda a, b: f"over {a} but less than {b}", AMOUNTS, AMOUNTS),
    st.builds(lambda a, t: f"{t} at least {a} stars under {a}k", AMOUNTS, TEXT),
)


@SETTINGS
@given(BUDGETS, st.one_of(st.none(), BUDGETS))
@example("over 10 but less than 0", None)  # found by this test: the bounds came out reversed (min 10, max 0)
@example("shoes between 100 and 50 dollars", "under 20")
def test_budgets_read_from_any_message_are_finite_non_negative_and_ordered(first, second):
    vocabulary = Vocabulary()
    try:
        understanding = understand(first, vocabulary)
        if second is not None:
            understanding = understand(second, vocabulary, understanding)
    except ValueError as exc:  # an empty message is refused with a sentence
        assert "empty" in str(exc)
        return
    c = understanding.constraints
    for bound in (c.price_min, c.price_max):
        assert bound is None or (math.isfinite(bound) and bound >= 0), c
    if c.price_min is not None and c.price_max is not None:
        assert c.price_min <= c.price_max, c
    assert c.min_rating is None or 0 <= c.min_rating <= 5, c


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


CARD_TAGS = {"div", "span", "img", "a", "small", "code", "details", "summary", "ul", "li"}


@SETTINGS
@given(TEXT, TEXT, TEXT, TEXT, st.lists(TEXT, max_size=3), st.floats(0, 1e9))
def test_a_card_renders_every_value_escaped_and_links_only_to_the_web(title, product_id, url, image, reasons, price):
    product = ShownProduct(product_id, title, price, "USD", None, None, "in_stock", url, image, True, False, tuple(reasons))
    parser = _Tags()
    parser.feed(card_html(product, 1))
    assert {tag for tag, _ in parser.tags} <= CARD_TAGS  # no tag of the record's making
    for tag, attrs in parser.tags:
        assert not any(name.startswith("on") for name in attrs), attrs
        for name in ("href", "src"):
            if name in attrs:
                assert attrs[name].startswith(("https://", "http://")), attrs
    assert title in "".join(parser.text)  # shown as text, whatever it holds


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "1e400", "NaN", "Infinity"])
def test_non_finite_numbers_are_refused_by_name(text):
    with pytest.raises(MoneyError):
        number(text)
