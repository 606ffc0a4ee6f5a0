"""Money: amounts read from what shoppers type, from the cells the shared catalogs store, and from
model text; formatted, compared, and refused in another currency. One table per kind of text."""

from __future__ import annotations

import re

import pytest

from assistant.understanding import understand
from assistant.vocabulary import Vocabulary
from retrieval.money import (
    Amount,
    MoneyError,
    amount_of,
    amount_pattern,
    cell_amount,
    digits,
    format_price,
    money_in,
    number,
    price_currency,
    same_amount,
)

# what shoppers type (lower-cased, as understanding reads it) -> (value, currency or None)
SHOPPER = [
    ("$50", 50.0, "USD"),
    ("50 bucks", 50.0, "USD"),
    ("50 dollars", 50.0, "USD"),
    ("usd 50", 50.0, "USD"),
    ("usd50", 50.0, "USD"),
    ("50 quid", 50.0, "GBP"),
    ("£50", 50.0, "GBP"),
    ("50 pounds", 50.0, "GBP"),
    ("€50", 50.0, "EUR"),
    ("50,00 €", 50.0, "EUR"),
    ("1.299,00 €", 1299.0, "EUR"),
    ("50 euros", 50.0, "EUR"),
    ("rs. 500", 500.0, "INR"),
    ("rs 500", 500.0, "INR"),
    ("₹1,299", 1299.0, "INR"),
    ("2k rupees", 2000.0, "INR"),
    ("sar 45", 45.0, "SAR"),
    ("45 riyals", 45.0, "SAR"),
    ("700 sr", 700.0, "SAR"),
    ("¥1,500", 1500.0, "JPY"),
    ("1500 yen", 1500.0, "JPY"),
    ("1500円", 1500.0, "JPY"),
    ("200元", 200.0, "CNY"),
    ("1k", 1000.0, None),
    ("1.5k", 1500.0, None),
    ("$1,299.99", 1299.99, "USD"),
]


@pytest.mark.parametrize(("text", "value", "currency"), SHOPPER)
def test_amounts_as_shoppers_type_them(text, value, currency):
    match = re.fullmatch(amount_pattern(), text)
    assert match is not None, text
    assert amount_of(match) == Amount(value, currency)


def test_the_yen_sign_in_chinese_text_is_the_yuan():
    assert amount_of(re.search(amount_pattern(), "200￥以下的耳机")).currency == "CNY"
    assert amount_of(re.search(amount_pattern(), "￥1500 のイヤホン")).currency == "JPY"


# budgets in whole turns, through understanding: (turn, price_min, price_max, currency)
BUDGETS = [
    ("headphones under $50", None, 50.0, "USD"),
    ("headphones under 50 bucks", None, 50.0, "USD"),
    ("headphones under 50 quid", None, 50.0, "GBP"),
    ("headphones under €50", None, 50.0, "EUR"),
    ("headphones under 50,00 €", None, 50.0, "EUR"),
    ("headphones under Rs. 500", None, 500.0, "INR"),
    ("headphones under ₹1,299", None, 1299.0, "INR"),
    ("headphones under 1k", None, 1000.0, None),
    ("headphones between 20 and 30 dollars", 20.0, 30.0, "USD"),
    ("a lamp under 45 riyals", None, 45.0, "SAR"),
    ("headphones under ¥5,000", None, 5000.0, "JPY"),
    ("headphones under 50", None, 50.0, None),
    ("a kettle under thirty bucks", None, 30.0, "USD"),
    ("a mixer under a thousand rupees", None, 1000.0, "INR"),
    ("a sofa between 20k and 40k", 20000.0, 40000.0, None),
    ("earbuds for seventy-five dollars or less", None, 75.0, "USD"),  # a bare number after "under": the catalog's currency
    ("a tv under 50 inches", None, None, None),  # ... unless a unit follows
]


@pytest.mark.parametrize(("turn", "low", "high", "currency"), BUDGETS)
def test_budgets_in_whole_turns(turn, low, high, currency):
    c = understand(turn, Vocabulary()).constraints
    assert (c.price_min, c.price_max, c.currency) == (low, high, currency)


# cells as the shared catalogs and common exports store them: (cell, decimal_comma, value, currency)
CELLS = [
    ("16.84", False, 16.84, None),  # amazon-1k (USD), as text
    ("999.0", False, 999.0, None),  # flipkart-20k retail_price (INR)
    ("265,0", True, 265.0, None),  # ikea (SAR, decimal comma)
    ("1.299,00", True, 1299.0, None),
    ("$1,299.99", False, 1299.99, None),  # "$" is written by several currencies: no currency read
    ("₹1,299", False, 1299.0, "INR"),
    ("Rs. 500", False, 500.0, "INR"),
    ("£50", False, 50.0, "GBP"),
    ("45 SAR", False, 45.0, "SAR"),
    ("SAR 45", False, 45.0, "SAR"),
    ("1.299,00 €", True, 1299.0, "EUR"),
    ("¥1,500", False, 1500.0, None),
    ("1\u00a0299,00\u00a0€", True, 1299.0, "EUR"),
    ("-0", False, 0.0, None),
]


@pytest.mark.parametrize(("cell", "decimal_comma", "value", "currency"), CELLS)
def test_catalog_cells(cell, decimal_comma, value, currency):
    assert cell_amount(cell, decimal_comma) == Amount(value, currency)


@pytest.mark.parametrize(
    ("cell", "decimal_comma", "message"),
    [
        ("1.234,56", False, "set source.decimal_comma = true"),
        ("265,0", False, "set source.decimal_comma = true"),
        ("1,234.56", True, "set source.decimal_comma = false"),
        ("abc", False, "must be a number, got 'abc'"),
        ("12 apples", False, "must be a number, got '12 apples'"),
        ("12 abc", False, "'abc' in '12 abc' is no currency"),
    ],
)
def test_catalog_cells_that_cannot_be_read_say_why(cell, decimal_comma, message):
    with pytest.raises(MoneyError, match=re.escape(message)):
        cell_amount(cell, decimal_comma)


def test_numbers_read_their_separators_from_the_form():
    assert number("1,299") == 1299.0 and number("50,00") == 50.0 and number("1.299,50") == 1299.5 and number("4.5") == 4.5


# model text: (text, currencies of the products in play, amounts found)
MODEL_TEXT = [
    ("It costs $9.99.", set(), [(9.99, "USD")]),
    ("Now 1,299.00 USD or Rs. 500.", set(), [(1299.0, "USD"), (500.0, "INR")]),
    ("A mere 10 dollars, or 999€.", set(), [(10.0, "USD"), (999.0, "EUR")]),
    ("It is 45 SAR.", set(), []),  # SAR counts only where a product is priced in it
    ("It is 45 SAR.", {"SAR"}, [(45.0, "SAR")]),
    ("USB 3, AMD 7950 and TOP 10.", set(), []),
    ("It weighs 2 pounds.", set(), []),
    ("It weighs 20 pounds.", {"GBP"}, []),  # a weight even in a store in pounds sterling
    ("Only ¥99.", {"CNY"}, [(99.0, "CNY")]),  # the sign of the products in play
    ("Only ¥99.", set(), [(99.0, "JPY")]),
    ("Just $12.", {"CAD"}, [(12.0, "CAD")]),
    ("It is 45 sar.", set(), []),
    ("The 7950X is $5.", set(), [(5.0, "USD")]),
    ("Only 50,00 €.", set(), [(50.0, "EUR")]),
]


@pytest.mark.parametrize(("text", "priced_in", "found"), MODEL_TEXT)
def test_money_in_model_text(text, priced_in, found):
    assert [(a.value, a.currency) for _, a in money_in(text, priced_in)] == found


def test_format_compare_and_refuse_other_currencies():
    assert format_price(1299, "SAR") == "1,299.00 SAR" and format_price(5, "EUR") == "€5.00" and format_price(1299.5, "USD") == "$1,299.50"
    assert same_amount(9.99, 9.994) and not same_amount(9.99, 9.98)
    assert price_currency(None, ("USD",)) == "USD" and price_currency("eur", ("EUR", "USD")) == "EUR"
    with pytest.raises(MoneyError, match="no product is priced in CNY; the catalog's prices are in USD"):
        price_currency("CNY", ("USD",))
    with pytest.raises(MoneyError, match="say which currency"):
        price_currency(None, ("EUR", "USD"))


def test_amounts_in_words_read_as_digits():
    assert digits("under thirty bucks") == "under 30 bucks" and digits("fifteen hundred rupees") == "1500 rupees"
    assert digits("2 lakh") == "200000" and digits("one of them") == "one of them"
