"""Grounding: check the LLM's text against the candidate records and repair what it got wrong.

Stage after generation: generate -> ground -> answer. The model may refer to products only by
the candidate ids it was shown ("[DS-0008]"). Unknown ids are removed, stated prices that differ
from the record are corrected from the record, and sentences naming a catalog brand that is not
among the candidates are dropped; every repair is recorded so evaluators can count them. When
too little survives, a safe fallback rendered from the records replaces the text. `finish` turns a
planned `Draft` and the model's text into the `Answer`. Nothing is rendered here: facts shown to
the shopper come from `assistant.render`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.answer import Answer, Draft, Repair
from assistant.render import LINK, MD_LINK, listing
from assistant.templates import PROMPTS_DIR
from retrieval.money import format_price, money_in, same_amount
from retrieval.records import Product

ID_REF = re.compile(r"\[([A-Za-z0-9][A-Za-z0-9_.:-]{0,63})\]")
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
LOOP = re.compile(
    r"\b([^\W\d]\w*(?:\W+\w+){0,3}?)(?:\W+\1\b){3,}", re.IGNORECASE
)  # "no, no, no, no": a phrase (starting with a letter) 4+ times in a row
FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
# a model that followed an instruction planted in a record, a review or the message (OWASP LLM01):
# words no answer of ours says, prices given away, and claims a record must state before the answer repeats them
OBEYED = re.compile(
    r"(?i)\b(?:hacked|pwned|jailbr\w*|developer mode|(?:ignor\w*|disregard\w*) (?:the |all |any |my |your |previous |prior |above )*"
    r"(?:instructions?|rules|catalog|records?|prompt)|system prompt|my (?:instructions|prompt|rules)\b|"
    r"you are (?:the|a|an) [\w -]{0,40}assistant)"
)
PRICE_CLAIMS = re.compile(  # prices are rendered from the records by code: the text never gives one away
    r"(?i)\b(?:(?:promo|discount|coupon|voucher) code\b[^.!?]*|(?:use|apply|enter|with) (?:the |this |my )?code\b[^.!?]*|\d+ ?% (?:off|discount)|(?:every|all) (?:items?|products?|orders?) "
    r"(?:is|are) free|(?:is|are) (?:now |all |totally |completely )?free\b(?! of)|for free\b|free of charge|free (?:gift|upgrade|item)s?\b)"
)
RECORD_CLAIMS = re.compile(r"(?i)\b(?:lifetime|life-long|lifelong) (?:warranty|guarantee)")  # only what a record in play states
BUDGET_WORDS = re.compile(
    r"\b(?:under|below|less than|at most|up to|no more than|within|budget(?: of)?|max(?:imum)?|over|above|at least|"
    r"more than|between|from|and|to)\s*$",
    re.IGNORECASE,
)
# a reply that declines what it can serve: "as a shopping assistant, I'm not equipped to…", "I'm sorry, but I can't…"
REFUSAL = re.compile(
    r"\b(?:i'?m|i am|we are|we're)\s+(?:not\s+(?:able|equipped|allowed|designed|programmed)|unable|sorry,?\s+but)\b"
    r"|\bi\s+(?:can ?not|can'?t|won'?t|do not|don'?t)\s+(?:help|provide|assist|recommend|suggest|offer|do that|fulfil|fulfill|give)\b"
    r"|\bas an?\s+(?:ai|language model|shopping assistant|assistant)\b|\bunable to\s+(?:help|provide|assist|recommend|suggest)\b"
    r"|\bi\s+(?:do not|don'?t)\s+have\s+(?:access|the ability|enough information)\b",
    re.IGNORECASE,
)

# an answer about a product that says its sources do not answer: "The reviews don't say.", "Nothing in the reviews answers that."
NOT_ANSWERED = re.compile(
    r"\b(?:reviews?|description|catalog|snippets?|sources?)\b[^.!?]{0,60}?\b(?:do(?:es)?n'?t|do(?:es)? not|never)\s+"
    r"(?:say|mention|cover|answer|tell)|\bnothing in the (?:reviews?|description|catalog)\b[^.!?]{0,40}?\b(?:answers|says|mentions)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Grounded:
    text: str
    cited_ids: tuple[str, ...]  # candidate ids the text refers to, in order of first mention
    repairs: tuple[Repair, ...]

    @property
    def repaired(self) -> bool:
        """True when anything in the LLM's text had to be changed."""
        return bool(self.repairs)


PROMPT_RUN = 7  # words in a row shared with a prompt template's own text: the model is saying its prompt back


@functools.cache
def _prompt_runs() -> frozenset[tuple[str, ...]]:
    """Every PROMPT_RUN-word run of the prompt templates' own text (placeholders split it: the
    records filled into them are the answer's to quote)."""
    runs: set[tuple[str, ...]] = set()
    for path in PROMPTS_DIR.glob("*.md"):
        text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("<!--"))
        for piece in re.split(r"\$\{?\w+\}?", text):
            words = re.findall(r"[a-z0-9']+", piece.lower())
            runs.update(tuple(words[i : i + PROMPT_RUN]) for i in range(len(words) - PROMPT_RUN + 1))
    return frozenset(runs)


def _echoes_prompt(sentence: str) -> bool:
    words = re.findall(r"[a-z0-9']+", sentence.lower())
    runs = _prompt_runs()
    return any(tuple(words[i : i + PROMPT_RUN]) in runs for i in range(len(words) - PROMPT_RUN + 1))


def _obeyed(sentence: str, records: str) -> str:
    """What in the sentence follows a planted instruction: an injection word, a price given away
    (free, a code, a discount: prices come from the records), or a warranty no record in play
    states; "" when nothing does. A record that plants "every item is free" does not make it so."""
    found = OBEYED.search(sentence) or PRICE_CLAIMS.search(sentence)
    if found:
        return found.group(0)
    if _echoes_prompt(sentence):
        return "the words of its own prompt"
    claim = RECORD_CLAIMS.search(sentence)
    return claim.group(0) if claim and claim.group(0).lower() not in records else ""


def ground(
    text: str,
    candidates: list[Product],
    catalog_brands: set[str] = frozenset(),
    min_keep: int = 1,
    extra_refs: set[str] = frozenset(),
    fallback: str | None = None,
    presents: bool = False,
    budget: tuple[tuple[float, str | None], ...] = (),
) -> Grounded:
    """Repair `text` against `candidates`; fall back to a record-rendered answer when little is left.

    `extra_refs` are bracketed labels the text may also use (review snippets "[R1]"); `fallback`
    replaces the record listing as the safe answer. `presents`: the candidates are shown to the
    shopper as fitting cards, so a text that refuses, or names none of them, is replaced too.
    `budget`: the shopper's own bounds (amount, currency or None), which the text may repeat after a
    word like "under" ("all under $50") without it being taken for a product's price.
    """
    by_id = {p.id: p for p in candidates}
    links = {p.url for p in candidates if p.url}
    currencies = {p.currency for p in candidates}
    repairs: list[Repair] = []
    candidate_brands = {p.brand.lower() for p in candidates if p.brand}
    foreign_brands = {b.lower() for b in catalog_brands} - candidate_brands
    kept: list[str] = []
    cited: list[str] = []
    current: Product | None = None  # the product a price in the text is about: the last one referred to
    cited_labels = False
    records = " ".join(f"{p.title} {p.description} {' '.join(v for _, v in p.attributes)}" for p in candidates).lower()
    for sentence in _new_sentences(text, repairs):
        obeyed = _obeyed(sentence, records)
        if obeyed:
            repairs.append(Repair("followed_instruction", f"dropped a sentence saying {obeyed!r}, which no record states"))
            continue
        foreign = _named(sentence, foreign_brands)
        if foreign:
            repairs.append(Repair("foreign_product", f"dropped a sentence naming {', '.join(foreign)}, which is not among the candidates"))
            continue
        sentence = _drop_links(sentence, links, repairs)  # first: "[A1](https://…)" leaves "[A1]" to check
        unknown = [ref for ref in ID_REF.findall(sentence) if ref not in by_id and ref not in extra_refs]
        repairs += [Repair("unknown_id", f"removed [{ref}]: not a candidate") for ref in unknown]
        sentence = ID_REF.sub(lambda m: m.group(0) if m.group(1) in by_id or m.group(1) in extra_refs else "", sentence)
        if unknown and not re.match(r"\s*[A-Z0-9\[\"'(]", sentence.lstrip(" ,;:-")):  # "[X] is a good pick." lost its subject, or all
            continue
        parts, position = [], 0
        for match, stated in money_in(sentence, currencies):
            before = sentence[position : match.start()]
            if any(
                same_amount(stated.value, amount) and currency in (None, stated.currency) for amount, currency in budget
            ) and BUDGET_WORDS.search(before):
                parts += [before, match.group(0)]  # the shopper's own budget, said back
                position = match.end()
                continue
            refs = [r for r in ID_REF.findall(before) if r in by_id]
            named = [(before.lower().rfind(p.title.lower()[:24]), p) for p in candidates]
            named = [(at, p) for at, p in named if at >= 0]
            current = by_id[refs[-1]] if refs else (max(named, key=lambda x: x[0])[1] if named else current)
            parts.append(before)
            if current is None:
                repairs.append(Repair("unattributed_price", f"removed {match.group(0)}: it belongs to no candidate"))
                parts.append("")
            elif not same_amount(stated.value, current.price) or stated.currency != current.currency:
                repairs.append(
                    Repair("wrong_price", f"{match.group(0)} for {current.id} corrected to {format_price(current.price, current.currency)}")
                )
                parts.append(format_price(current.price, current.currency))
            else:
                parts.append(match.group(0))
            position = match.end()
        parts.append(sentence[position:])
        sentence = re.sub(r"\s{2,}", " ", "".join(parts)).strip()
        for ref in ID_REF.findall(sentence):
            if ref in by_id:
                cited.append(ref)
                current = by_id[ref]
            elif ref in extra_refs:
                cited_labels = True
        if sentence:
            kept.append(sentence)
    cited_ids = tuple(dict.fromkeys(cited))
    problem = presentation_problem(" ".join(kept), candidates) if presents else None
    ungroundable = len(kept) < min_keep or (
        candidates and not cited_ids and not cited_labels and any(r.kind != "wrong_price" for r in repairs)
    )
    if problem == "refusal" or (problem and not ungroundable):  # a refusal is counted as one even when ungroundable too
        repairs.append(Repair(problem, PROBLEMS[problem]))
    elif not ungroundable:
        return Grounded(" ".join(kept), cited_ids, tuple(repairs))
    repairs.append(Repair("fallback", "the model's text could not be grounded; answered from the records"))
    return Grounded(listing(candidates) if fallback is None else fallback, tuple(p.id for p in candidates), tuple(repairs))


def _new_sentences(text: str, repairs: list[Repair]) -> Iterator[str]:
    """The text's sentences, loops collapsed, each said once (small models repeat themselves)."""
    seen: set[str] = set()
    for sentence in (s.strip() for s in SENTENCE.split(_collapse_loops(text, repairs)) if s.strip()):
        key = " ".join(re.findall(r"\w+", sentence.lower()))
        if key in seen:
            repairs.append(Repair("repetition", f"dropped a repeated sentence: {sentence[:60]!r}"))
            continue
        seen.add(key)
        yield sentence


PROBLEMS = {
    "refusal": "the text declined while fitting products are shown",
    "ignored_products": "the text names none of the products shown",
}


def presentation_problem(text: str, shown: list[Product]) -> str | None:
    """What is wrong with a text shown beside fitting product cards: "refusal" (it declines a request
    the cards serve), "ignored_products" (it names none of them), or None. Evaluators count both."""
    if not shown:
        return None
    if REFUSAL.search(text):
        return "refusal"
    ids = {p.id for p in shown}
    if not any(ref in ids for ref in ID_REF.findall(text)) and not _names_any(text, shown):
        return "ignored_products"
    return None


def _names_any(text: str, candidates: list[Product]) -> bool:
    """True when the text names a candidate by (the start of) its title or by its brand."""
    lowered = text.lower()
    return any(p.title.lower()[:24] in lowered for p in candidates) or bool(_named(text, {p.brand.lower() for p in candidates if p.brand}))


def _named(sentence: str, brands: set[str]) -> list[str]:
    """The (lower-case) brands a sentence names as whole words."""
    lowered = sentence.lower()
    return sorted(b for b in brands if re.search(rf"\b{re.escape(b)}\b", lowered))


def _collapse_loops(text: str, repairs: list[Repair]) -> str:
    """Say a phrase the model repeated in a row only once (small models loop inside a sentence)."""

    def once(match: re.Match) -> str:
        repairs.append(Repair("repetition", f"collapsed {match.group(1)!r} repeated in a row"))
        return match.group(1)

    return LOOP.sub(once, text)


def ground_figures(text: str, sources: tuple[str, ...], catalog_brands: set[str] = frozenset(), fallback: str = "") -> Grounded:
    """Keep only sentences whose numbers (amounts, days, percentages) all appear in `sources`.

    For answers drawn from passages rather than products (store policy): a number the passages do
    not contain is one the model made up. Returns `fallback` when nothing survives.
    """
    allowed = {comparable_figure(f) for source in sources for f in FIGURE.findall(source)}
    brands = {b.lower() for b in catalog_brands}
    repairs: list[Repair] = []
    kept: list[str] = []
    said = " ".join(sources).lower()
    for sentence in _new_sentences(text, repairs):
        obeyed = _obeyed(sentence, said)
        if obeyed:
            repairs.append(Repair("followed_instruction", f"dropped a sentence saying {obeyed!r}, which no source states"))
            continue
        unsupported = sorted({f for f in FIGURE.findall(ID_REF.sub("", sentence)) if comparable_figure(f) not in allowed})
        if unsupported:
            repairs.append(
                Repair("unsupported_figure", f"dropped a sentence stating {', '.join(unsupported)}, which the sources do not say")
            )
            continue
        named = _named(sentence, brands)
        if named:
            repairs.append(Repair("foreign_product", f"dropped a sentence naming {', '.join(named)}"))
            continue
        sentence = ID_REF.sub(lambda m: m.group(0) if re.fullmatch(r"P\d+", m.group(1)) else "", _drop_links(sentence, set(), repairs))
        if sentence:
            kept.append(sentence)
    if not kept:
        repairs.append(Repair("fallback", "the model's text could not be grounded; answered from the sources"))
        return Grounded(fallback, (), tuple(repairs))
    return Grounded(" ".join(kept), (), tuple(repairs))


def comparable_figure(text: str) -> str:
    """A number in a comparable form: '1,299.00' and '1299' are the same figure."""
    return text.replace(",", "").removesuffix(".00")


def _drop_links(sentence: str, allowed: set[str], repairs: list[Repair]) -> str:
    """Remove links and images that are not a candidate's own (planted or invented URLs)."""

    def markdown(match: re.Match) -> str:
        url = match.group("url")
        if match.group("image") or url not in allowed:
            repairs.append(Repair("foreign_link", f"removed {'image' if match.group('image') else 'link'} {url[:80]}: not a candidate's"))
            text = match.group("text")
            return "" if match.group("image") else (f"[{text}]" if ID_REF.fullmatch(f"[{text}]") else text)
        return match.group(0)

    sentence = MD_LINK.sub(markdown, sentence)

    def check(match: re.Match) -> str:
        url = match.group(0).rstrip(".,;:!?")
        if url in allowed:
            return match.group(0)
        repairs.append(Repair("foreign_link", f"removed link {url[:80]}: not a candidate's"))
        return ""

    return re.sub(r"\s{2,}", " ", LINK.sub(check, sentence)).strip()


def finish(draft: Draft, model_text: str, catalog_brands: set[str] = frozenset()) -> Answer:
    """Ground the model's text against the draft's records and assemble the Answer."""
    if not draft.messages:
        grounded = Grounded(draft.text, (), ())
    else:
        labels = {c.label for c in draft.citations}
        if draft.figures_from:
            grounded = ground_figures(model_text, draft.figures_from, catalog_brands, fallback=draft.fallback or "")
        else:
            presents = draft.intent == "recommend" and not draft.abstained  # fitting cards are on screen
            c = draft.constraints
            budget = tuple((amount, c.currency) for amount in (c.price_min, c.price_max) if amount is not None)
            grounded = ground(
                model_text,
                list(draft.candidates),
                catalog_brands,
                extra_refs=labels,
                fallback=draft.fallback,
                presents=presents,
                budget=budget,
            )
        if draft.text:
            grounded = Grounded(f"{draft.text} {grounded.text}".strip(), grounded.cited_ids, grounded.repairs)
    citations = draft.citations
    used = [c for c in citations if f"[{c.label}]" in grounded.text]
    if used:  # the model said which snippets it drew on: cite those
        citations = tuple(used)
    # a question the model says its sources do not answer, citing none, is an abstention like the planner's own
    declined = draft.intent == "product_question" and not used and bool(NOT_ANSWERED.search(grounded.text))
    return Answer(
        grounded.text,
        draft.intent,
        draft.constraints,
        draft.abstained or declined,
        draft.products,
        citations,
        draft.table,
        grounded.repairs,
        draft.follow_ups,
    )
