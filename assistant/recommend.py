"""The recommend path of a turn: retrieve under the hard constraints, personalize, and plan the
prompt — or abstain honestly, offering the nearest alternatives labelled as outside the constraints.

Products in the answer are the records themselves (`ShownProduct` is rendered from them by code);
the model only writes the text around them and may refer to products by candidate id.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer import Draft, ShownProduct
from assistant.personalization import RankedCandidate, personalize
from assistant.plan import PlanContext
from assistant.profiles import UserProfile
from assistant.render import product_line
from assistant.templates import load_prompt
from assistant.understanding import Constraints
from assistant.vocabulary import kind_pattern
from retrieval.filters import Filters
from retrieval.money import format_price
from runtime.base import Message


def plan_recommendation(context: PlanContext) -> Draft:
    """Candidates that satisfy every hard constraint, ranked for this shopper, and the prompt about them."""
    understanding, search, s = context.understanding, context.products, context.settings
    k, depth = s.k, s.depth
    constraints = understanding.constraints
    currencies = search.columns.currencies
    profile = _in_catalog_currency(context.profile, currencies)
    described = describe(constraints, currencies[0] if len(currencies) == 1 else "")
    query = understanding.query
    if understanding.similar_to and (like := search.catalog.get(understanding.similar_to)) is not None:
        query = f"{like.title} {query}"
    deep = replace(search.settings, k=depth, candidates=max(depth, search.settings.candidates))
    result = search.search(query, constraints.to_filters(), deep)
    hits = [h for h in result.hits if constraints.matches(h.product) and h.product.id != understanding.similar_to]
    if not hits and constraints.product_type:  # the other words may have crowded out the kind asked for: search for the kind
        filters = replace(constraints.to_filters(), category="")  # alone, beyond the category read from the words, which files
        home = constraints.category and _files_kind(search, constraints)  # the kind or not; where it does, a product outside
        result = search.search(" ".join(constraints.product_type), filters, deep)  # counts only on a shelf named after the kind
        hits = [  # (a Flipkart leaf named after the product: "V&G HD-37 Hair Dryer (Red)"), never a "Fridge Magnets" one
            h
            for h in result.hits
            if constraints.matches(h.product)
            and h.product.id != understanding.similar_to
            and (not home or _shelved_as(h.product, constraints.product_type))
        ]
    if "rating" in understanding.preferences:  # "well reviewed": better-rated first, by half stars, relevance within
        hits.sort(key=lambda h: -round((h.product.rating or 0) * 2))
    if "price" in understanding.preferences:  # "the cheapest": cheaper first
        hits.sort(key=lambda h: h.product.price)
    if hits:
        ranked = personalize(hits, profile, context.taste, search.catalog.vector, k, s.personalization_weight, s.exploration_share, s.seed)
        ranked = [replace(c, reasons=(() if described == "your request" else (f"meets: {described}",)) + c.reasons) for c in ranked]
        prompt = load_prompt("recommend").substitute(
            candidates=_candidate_lines(ranked), constraints=described, profile=_profile_line(profile)
        )
        shown = tuple(ShownProduct.of(c.product, True, c.exploration, c.reasons) for c in ranked)
        follow = (f"Is [{ranked[0].product.id}] good for everyday use?", "Anything cheaper?")
        if len(ranked) >= 2:
            follow += ("Compare #1 and #2",)
        fallback = f"{_count_line(len(ranked), _fitting(result.matched, hits, constraints, depth), described)} Best match: {product_line(ranked[0].product)}."
        return Draft(
            "recommend",
            constraints,
            (Message("system", prompt),),
            candidates=tuple(c.product for c in ranked),
            products=shown,
            fallback=fallback,
            follow_ups=follow,
        )
    relaxed = search.search(query, Filters(category=constraints.category), replace(search.settings, k=k))
    alternatives = [h.product for h in relaxed.hits]
    notice = " ".join([*_not_carried(understanding, search), f"Nothing in the catalog matches {described}."])
    if not alternatives:
        return Draft(
            "recommend",
            constraints,
            text=f"{notice} I found no close alternative either.",
            abstained=True,
            follow_ups=("Can you show me something else?",),
        )
    prompt = load_prompt("abstain").substitute(candidates="\n".join(f"- {product_line(p)}" for p in alternatives), constraints=described)
    reason = ("outside your constraints: " + described,)
    shown = tuple(ShownProduct.of(p, False, False, reason) for p in alternatives)
    return Draft(
        "recommend",
        constraints,
        (Message("system", prompt),),
        text=notice,
        candidates=tuple(alternatives),
        products=shown,
        abstained=True,
        fallback="The closest alternatives are below, each marked as outside your constraints.",
        follow_ups=("What if I raise the budget?", "Show me other brands"),
    )


def _files_kind(search, constraints: Constraints) -> bool:
    """True when some product of the kind asked for is filed under the constraints' category."""
    kind, under = Constraints(product_type=constraints.product_type), constraints.category.lower()
    return any(p.category_path.lower().startswith(under) and kind.matches(p) for p in search.catalog)


def _shelved_as(product, kinds: tuple[str, ...]) -> bool:
    """A category of the product ends in the kind's last word, the path holding its others: 'Hair
    Dryers', 'V&G HD-37 Hair Dryer (Red)'; not 'Cat > Toys' for a dog toy."""
    ends = [re.sub(r"\([^)]*\)", " ", c).split()[-1:] for c in product.category]
    path = product.category_path.lower()
    return any(
        re.fullmatch(kind_pattern(k.split()[-1]), e[0].lower()) and all(re.search(kind_pattern(w), path) for w in k.split()[:-1])
        for k in kinds
        for e in ends
        if e
    )


def _not_carried(understanding, search) -> list[str]:
    """What the store does not sell at all, said first: 'The store does not carry Dyson.' (a brand
    only the request names), 'The store has no guitar.'"""
    constraints = understanding.constraints
    missing = [value for field, value, source in understanding.sources if field == "brands" and source == "request"]
    said = [f"The store does not carry {' or '.join(missing)}."] if missing else []
    kind = Constraints(product_type=constraints.product_type)
    if constraints.product_type and not any(kind.matches(p) for p in search.catalog):
        said.append(f"The store has no {constraints.product_type[0]}.")
    return said


def _fitting(matched: int, hits: list, constraints: Constraints, depth: int) -> tuple[int, bool]:
    """(how many products fit, whether that is a lower bound). The hard filters count every match;
    record checks (attributes, kind of product) see only the `depth` retrieved, so with them the count is "at least"."""
    if not (constraints.attributes or constraints.product_type or constraints.made_for):
        return matched, False
    return len(hits), matched > depth


def _count_line(shown: int, fitting: tuple[int, bool], described: str) -> str:
    """'24 products fit at most $20.00; the best 4 are shown.' (the cards show them)."""
    total, lower_bound = fitting
    total = max(total, shown)
    if described == "your request":
        return f"Here {'are' if shown > 1 else 'is'} {shown} product{'s' if shown > 1 else ''} that match your words."
    count = f"{'At least ' if lower_bound else ''}{total} product{'s fit' if total > 1 else ' fits'} {described}"
    return f"{count}; the best {shown} are shown." if total > shown else f"{count}."


def describe(constraints: Constraints, catalog_currency: str = "") -> str:
    """The hard constraints in words, e.g. 'Electronics > Headphones, $5.00 to $10.00, in stock'.

    A budget given without a currency is in the catalog's currency.
    """
    currency = constraints.currency or catalog_currency
    kind = (
        f"type {constraints.product_type[0]}" + (f" for {' and '.join(constraints.made_for)}" if constraints.made_for else "")
        if constraints.product_type
        else ""
    )
    parts = [constraints.category] if constraints.category else ([kind] if kind else [])
    if constraints.price_min is not None and constraints.price_max is not None:
        parts.append(f"{format_price(constraints.price_min, currency)} to {format_price(constraints.price_max, currency)}")
    elif constraints.price_max is not None:
        parts.append(f"at most {format_price(constraints.price_max, currency)}")
    elif constraints.price_min is not None:
        parts.append(f"at least {format_price(constraints.price_min, currency)}")
    parts += [f"brand {b}" for b in constraints.brands] + [f"not {b}" for b in constraints.exclude_brands]
    parts += [f"line {x}" for x in constraints.lines] + [f"not {x}" for x in constraints.exclude_lines]
    said = {"spec": "{v}", "spec_min": "at least {v}", "spec_max": "at most {v}", "doors": "{v} door"}
    parts += [said.get(k, "{k} {v}").format(k=k, v=v) for k, v in constraints.attributes]
    if constraints.min_rating is not None:
        parts.append(f"rated {constraints.min_rating:g}+")
    if constraints.in_stock:
        parts.append("in stock")
    return ", ".join(parts) or "your request"


def _candidate_lines(ranked: list[RankedCandidate]) -> str:
    return "\n".join(f"- {product_line(c.product)}: {c.product.description[:200]}" for c in ranked) or "(none)"


def _profile_line(profile: UserProfile | None) -> str:
    if profile is None:
        return ""
    likes = ", ".join(profile.liked_brands) or "none"
    return f"Shopper preferences: likes {likes}; follows {', '.join(profile.categories) or 'no categories'}."


def _in_catalog_currency(profile: UserProfile | None, currencies: tuple[str, ...]) -> UserProfile | None:
    """A usual budget saved without a currency is in the catalog's; in a catalog of several currencies it cannot apply."""
    if profile is None or profile.currency or profile.budget_max is None:
        return profile
    return replace(profile, currency=currencies[0]) if len(currencies) == 1 else replace(profile, budget_max=None)
