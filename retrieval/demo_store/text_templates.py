"""The sentence-template engine behind descriptions, reviews and titles.

Templates are ``str.format`` strings.  A template is only used when every field it names is
known for the product at hand (usable()), so sentences specific to one kind can sit in a shared
pool.  Derived keys whose names start with ``if_`` hold an empty string and act purely as guards
(``{if_anc}`` marks a sentence that only makes sense for noise-cancelling headphones).

Grammar keys let one template serve singular and plural products: ``{this}`` ("these
headphones" / "this kettle"), ``{the}``, ``{short}``, ``{it}`` ("they" / "it"), ``{them}``,
``{is}``, ``{was}``, ``{has}``, and the verb suffixes ``{s}`` / ``{es}`` ("{it} fit{s}" ->
"they fit" / "it fits").
"""

from __future__ import annotations

import re
import string
from functools import cache

_FORMATTER = string.Formatter()


@cache
def fields(template):
    """The field names a template needs."""
    return frozenset(name for _, name, _, _ in _FORMATTER.parse(template) if name)


def usable(pool, ctx):
    """The templates in pool whose fields are all known in ctx."""
    return [t for t in pool if fields(t) <= ctx.keys()]


# "a" before a vowel sound: "an 80 g stove", "an XL", "an OLED panel" (but "a USB-C cable").
_AN = re.compile(r"\b([Aa]) (?!one\b|one-|once)(?=8|11(?![\d,])|18(?![\d,])|(?:XS|S|M|L|XL|XXL|MFi)\b|[aeioAEIO])")


def fill(template, ctx):
    """Fill a template, fix "a"/"an" and capitalise the first letter."""
    text = _AN.sub(lambda m: m.group(1) + "n ", template.format_map(ctx))
    return text[:1].upper() + text[1:]


def grammar(kind):
    """The grammar keys for one product kind, singular or plural."""
    short = kind["short"]
    if kind["plural"]:
        one = short.removesuffix("s")
        return {
            "this": f"these {short}",
            "the": f"the {short}",
            "short": short,
            "short_s": one,
            "it": "they",
            "them": "them",
            "is": "are",
            "was": "were",
            "has": "have",
            "s": "",
            "es": "",
        }
    return {
        "this": f"this {short}",
        "the": f"the {short}",
        "short": short,
        "short_s": short,
        "it": "it",
        "them": "it",
        "is": "is",
        "was": "was",
        "has": "has",
        "s": "s",
        "es": "es",
    }
