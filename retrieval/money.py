"""Money, in one place: currency codes and the words shoppers use for them, reading an amount from a
catalog cell or from free text, formatting a price, comparing amounts, and choosing the currency a
price range is searched in (there are no exchange rates: another currency is refused, never converted).

Used by every stage that sees a price: the catalog loader (cells), filters (which currency),
understanding (the shopper's budget), grounding (prices the model states) and rendering (format).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from runtime.errors import UserError

# the codes as a table in one string: a list literal would be 160 lines
ISO_4217 = frozenset(
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN "  # noqa: SIM905
    "BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS "
    "GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW "
    "KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD "
    "NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD "
    "SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES "
    "VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL".split()
)
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "INR": "₹"}  # prices in these show the symbol, others the code
COMMON_CODES = frozenset({"USD", "EUR", "GBP", "INR"})  # codes read as money anywhere; others only where a price uses them
# symbols and words (lower case) -> ISO code
CURRENCY_WORDS = {
    **{symbol: code for code, symbol in SYMBOLS.items()},
    **{code.lower(): code for code in ("USD", "EUR", "GBP", "INR", "SAR", "JPY", "CNY")},
    **dict.fromkeys(("dollar", "dollars", "bucks"), "USD"),
    **dict.fromkeys(("euro", "euros"), "EUR"),
    **dict.fromkeys(("pound", "pounds", "quid"), "GBP"),
    **dict.fromkeys(("rs", "rs.", "rupee", "rupees"), "INR"),
    **dict.fromkeys(("riyal", "riyals", "sr"), "SAR"),  # "700 SR": the Saudi shorthand
    **dict.fromkeys(("yen", "円", "¥", "￥"), "JPY"),  # ¥/￥ are yuan in Chinese text (see currency_of)
    **dict.fromkeys(("yuan", "rmb", "元", "块"), "CNY"),
}
# signs several currencies write: a catalog cell's says nothing; in model text it is the one of the products in play
SHARED_SYMBOLS = {
    "$": frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"}),
    "¥": frozenset({"JPY", "CNY"}),
    "￥": frozenset({"JPY", "CNY"}),
}
WEIGHT_WORDS = frozenset({"pound", "pounds"})  # also a unit of weight: a shopper's budget word, never money in model text
MAX_AMOUNT = 1e9  # above this an amount is a unit or format error, not a price or a budget

_SYMBOL = "[$€£₹¥￥]"
_WORDS = "dollars?|bucks|quid|euros?|pounds?|rupees?|rs|riyals?|sr|yen|yuan|rmb|usd|eur|gbp|inr|sar|jpy|cny"
_WHOLE = r"(?<![\d,])(?<!\d\.)(?<![^a-z]\.)(?:{groups}|\d+(?:[.,]\d{{1,2}})?)(?![.,]?\d)(?![eE][+-]?\d)"
# a whole number: "1,299.99", "1.299,00", "50,00", "1299", "rs.500", not the "2999" of "1,2999", the "5" of "0.5" or ".5", nor the "1" of "1e308";
# groups take one separator and the decimals the other, so `number` reads whatever it matches ("1,234,56" is no number)
NUMBER = _WHOLE.format(groups=r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?")
# in model and review text any grouping counts, so that a price written "$1,234,56" is still checked (see money_in)
_WRITTEN = _WHOLE.format(groups=r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?")
PREFIX = rf"{_SYMBOL}|rs\.?|(?:usd|eur|gbp|inr|sar|jpy|cny)(?![a-z])"  # in lower-cased text: "$50", "rs. 500", "usd 50"
SUFFIX = rf"(?:{_WORDS})(?![a-z])|{_SYMBOL}|[元块円]"  # "50 bucks", "50,00 €", "200元"
# an amount with its currency in text as written (model text): "$9.99", "USD 9.99", "Rs. 500", "9.99 USD", "10 dollars", "999€"
MONEY = re.compile(
    rf"(?:(?P<sym>{_SYMBOL})\s?|\b(?P<code>[A-Z]{{3}}|Rs\.?)\s?)(?P<num>{_WRITTEN})(?![^\W\d])"
    rf"|\b(?P<num2>{_WRITTEN})(?![^\W\d])\s?(?:(?P<post>[A-Z]{{3}}|(?i:{_WORDS}))\b|(?P<sym2>{_SYMBOL}|[元块円]))"
)
_DECIMAL_COMMA = re.compile(r"\d{1,3}(?:\.\d{3})+,\d{1,2}|\d+,\d{1,2}")  # "1.234,56", "50,00", "265,0"
_DECIMAL_POINT = re.compile(r"\d{1,3}(?:,\d{3})+\.\d{1,2}")  # "1,234.56"
_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")  # "1.234.567": two dots, so neither is a decimal point
# where a group separator may stand before the decimal one: between groups of three, or India's "1,23,456"
_GROUPS = {",": re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}"), ".": re.compile(r"\d{1,3}(?:\.\d{3})+")}


class MoneyError(UserError, ValueError):
    """An amount that cannot be read or used as given; the message says what to fix."""


@dataclass(frozen=True)
class Amount:
    value: float
    currency: str | None  # ISO 4217 code; None when the text names no currency


def quoted(value: object, limit: int = 40) -> str:
    """A value as an error message shows it: its repr, a long text cut (a 1 MB cell is not said back)."""
    if isinstance(value, str) and len(value) > limit:
        value = value[:limit] + "…"
    return repr(value)


def amount_pattern(tag: str = "") -> str:
    """A regex for an amount in lower-cased shopper text, currency optional ("$50", "50 bucks", "2k",
    "50,00 €", "rs. 500"); its group names end with `tag` so two amounts fit in one pattern."""
    return rf"(?P<pre{tag}>{PREFIX})?\s*(?P<num{tag}>{NUMBER})\s*(?P<k{tag}>k\b)?\s*(?P<post{tag}>{SUFFIX})?"


def amount_of(match: re.Match, tag: str = "") -> Amount:
    """The amount an `amount_pattern` match states ("2k" is 2,000)."""
    value = number(match.group(f"num{tag}")) * (1000 if match.group(f"k{tag}") else 1)
    return Amount(value, currency_of(match.group(f"pre{tag}") or match.group(f"post{tag}") or "", match.string))


def currency_of(word: str, text: str = "") -> str | None:
    """The ISO code a currency word or symbol stands for in `text`, or None. The yen sign in Chinese
    text (Han characters, no kana) is the yuan."""
    code = CURRENCY_WORDS.get(word.lower())
    if word in ("¥", "￥") and re.search(r"[\u4e00-\u9fff]", text) and not re.search(r"[\u3040-\u30ff]", text):
        return "CNY"
    return code


def money_in(text: str, priced_in: frozenset[str] | set[str] = frozenset()) -> list[tuple[re.Match, Amount]]:
    """Amounts with a currency in text as written (model or review text), with their matches.

    A code ("SAR 45", "45 sar") counts when it is a common one or a currency of the products in play
    (`priced_in`); a sign several currencies write ($, ¥) is the one of those products when exactly one
    of them writes it. "USB 3", "AMD 7950", "TOP 10" and "weighs 5 pounds" are no prices. An amount
    whose number cannot be read ("$1,234,56") has the value NaN: it is the same as no price, so a
    check corrects or removes it rather than failing the turn.
    """
    codes = COMMON_CODES | set(priced_in)
    found = []
    for match in MONEY.finditer(text):
        word = match.group("sym") or match.group("sym2") or match.group("code") or match.group("post")
        if word.upper() in ISO_4217:  # a code: "SAR 1.6 W/kg" is a phone's radiation, not riyals, in a dollar store
            currency = word.upper() if word.upper() in codes else None
        elif word.lower() in WEIGHT_WORDS:
            currency = None
        elif len(writers := SHARED_SYMBOLS.get(word, frozenset()) & set(priced_in)) == 1:
            currency = next(iter(writers))
        else:
            currency = currency_of(word, text)
        if currency is not None:
            try:
                value = number(match.group("num") or match.group("num2"))
            except MoneyError:
                value = math.nan
            found.append((match, Amount(value, currency)))
    return found


_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "  # noqa: SIM905
        "eighteen nineteen".split()
    )
}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}  # noqa: SIM905
_SCALES = {"hundred": 100, "thousand": 1000, "lakh": 100_000, "million": 1_000_000}
_NUMBER_WORDS = re.compile(
    rf"\b(?:a |an )?(?:(?:{'|'.join([*_UNITS, *_TENS])}|\d+)(?:[\s-](?:{'|'.join([*_UNITS, *_TENS])}))?\s*)?"
    rf"(?:{'|'.join(_SCALES)})\b|\b(?:{'|'.join(_TENS)})(?:[\s-](?:{'|'.join(list(_UNITS)[1:10])}))?\b|\b(?:{'|'.join(list(_UNITS)[2:])})\b"
)


def digits(text: str) -> str:
    """Lower-case text with amounts written in words as digits: "thirty bucks" -> "30 bucks", "a thousand
    rupees" -> "1000 rupees", "fifteen hundred" -> "1500", "2 lakh" -> "200000" ("one" stays a word)."""

    def value(match: re.Match) -> str:
        total, current = 0, 0
        for word in re.findall(r"\d+|[a-z]+", match.group(0)):
            if word.isdigit():
                current += int(word)
            elif word in _UNITS:
                current += _UNITS[word]
            elif word in _TENS:
                current += _TENS[word]
            elif word in _SCALES:
                total, current = total + max(current, 1) * _SCALES[word], 0
        return str(total + current)

    return _NUMBER_WORDS.sub(value, text)


_PLAIN_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def number(text: str, decimal_comma: bool | None = None) -> float:
    """The value of a written number: '1,299.99', '1.299,00', '50,00', '265,0' (decimal_comma), '1299'.

    `decimal_comma` None reads the separators from the form (a comma with one or two digits after it
    is a decimal comma); True or False is what a catalog declares, and a number written the other
    way is an error rather than a price off by a factor of 100. Group separators stand between
    groups of three digits (or India's "1,23,456"): "10,0000" and "1,2,3" are errors, not 100000 and 123.
    """
    text = text.strip().lstrip("+")
    unsigned = text.lstrip("-")
    # the last of two different separators is the decimal one ("1.234,567"); dots in groups are no decimal point
    last_two = -1 < unsigned.rfind(".") < unsigned.rfind(",")
    comma_form = bool(_DECIMAL_COMMA.fullmatch(unsigned) or _DOT_GROUPS.fullmatch(unsigned)) or last_two
    if decimal_comma is False and comma_form:
        raise MoneyError(
            f"{quoted(text)} looks like a decimal-comma number; set source.decimal_comma = true in the mapping if the file writes 1.234,56"
        )
    if decimal_comma and _DECIMAL_POINT.fullmatch(unsigned):
        raise MoneyError(f"{quoted(text)} looks like a decimal-point number; set source.decimal_comma = false in the mapping")
    point, group = (",", ".") if decimal_comma or comma_form else (".", ",")
    whole, _, decimals = unsigned.rpartition(point) if point in unsigned else (unsigned, "", "")
    if point in whole or group in decimals or (group in whole and not _GROUPS[group].fullmatch(whole)):  # "10,0000", "1,2,3"
        form = "like 1,234.56 or 1.234,56" if decimal_comma is None else f"written {'1.234,56' if decimal_comma else '1,234.56'}"
        raise MoneyError(f"must be a number {form} (digits grouped in threes), got {quoted(text)}")
    if decimal_comma or comma_form:
        text = text.replace(".", "").replace(",", ".")
    plain = text.replace(",", "")
    try:
        value = float(plain)
    except ValueError:
        raise MoneyError(f"must be a number, got {quoted(text)}") from None
    if not math.isfinite(value):  # "nan", "inf", "1e400"
        raise MoneyError(f"must be a finite number, got {quoted(text)}")
    if not _PLAIN_NUMBER.fullmatch(plain):  # float() also takes "1_000" and " 12"
        raise MoneyError(f"must be a number, got {quoted(text)}")
    return value


def cell_amount(text: str, decimal_comma: bool | None = None) -> Amount:
    """An amount in a catalog cell or form field: '$1,299.99', '1.299,00 €', '₹1,299', 'Rs. 500',
    'SAR 45', '265,0'. The currency is the one a symbol, code or word names, or None (also for $ and
    ¥, which several currencies write)."""
    cell = re.sub(r"(?<=\d)\s(?=\d{3}\b)", "", " ".join(text.replace("\u00a0", " ").split()))  # "1 299,00 €"
    currency = None
    if m := re.fullmatch(rf"(?i)(?P<pre>{PREFIX}|[a-z]{{3}}\b)?\s*(?P<num>[-+]?[\d.,]*\d)\s*(?P<post>{SUFFIX}|[a-z]{{3}})?", cell):
        word = (m.group("pre") or m.group("post") or "").strip()
        currency = currency_of(word) or (word.upper() if word.upper() in ISO_4217 else None)
        if word and currency is None:
            raise MoneyError(f"{quoted(word)} in {quoted(text)} is no currency; write the number alone or with an ISO 4217 code like USD")
        currency = None if word in SHARED_SYMBOLS else currency
        cell = m.group("num")
    return Amount(number(cell, decimal_comma), currency)


def format_price(value: float, currency: str) -> str:
    """'$1,299.00' for symbol currencies, '1,299.00 SAR' otherwise, '1,299.00' with no currency."""
    if not currency:
        return f"{value:,.2f}"
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{value:,.2f}" if symbol else f"{value:,.2f} {currency}"


def same_amount(a: float, b: float) -> bool:
    """True when two amounts are the same price (to the cent)."""
    return abs(a - b) <= 0.005


def price_currency(stated: str | None, available: tuple[str, ...]) -> str:
    """The currency a price range is searched in: the one stated, else the catalog's only one.
    Raises MoneyError when no product is priced in it (amounts are never converted) or the catalog
    has several and none was stated."""
    if stated:
        if stated.upper() not in available:
            raise MoneyError(f"no product is priced in {stated.upper()}; the catalog's prices are in {', '.join(available)}")
        return stated.upper()
    if len(available) == 1:
        return available[0]
    raise MoneyError(f"the catalog has prices in {', '.join(available)}; say which currency the price range is in")
