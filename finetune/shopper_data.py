"""Shopper-task examples: the prompts the pipeline itself sends, with targets that pass its grounding.

Every request is put to the real assistant (understanding, retrieval under the hard constraints,
personalization, the prompt) with a generator that only records what it is sent (`Recorder`), so
a training prompt is byte for byte the prompt served (then redacted like every training text). The
target is written from the records the answer holds, replayed through the same turn (`Replayer`)
and kept only when grounding changes nothing in it (the project's checker: 0 violations).

- catalog requests (`catalog_requests`): built from the catalog's own shelves, brands and prices,
  in several wordings, some meant to fit nothing (the abstain prompt); targets name one or two
  fitting products by id and say why from their descriptions, in varied wording and order;
- product questions about the catalog's products, answered from the review snippets the turn
  gathered (quoted and cited by label) or from its description; left out when no sentence shares a
  specific word with the question (an answer in other words is possible, so no target is sure);
- SubjQA (research use only, never in a shipped adapter): review questions through the path
  the product_qa suite takes, the human answer span cited by its review's label as the target, or
  "the reviews don't say" where SubjQA marks the question unanswerable. Its wording is not ours,
  so its dev side is the held-out slice.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from assistant.answer import Answer
from assistant.conversation import Session
from assistant.grounding import ID_REF
from eval.product_qa_suite import Question
from finetune.examples import Built, Example
from runtime.base import GenerationParams, Message
from runtime.redact import redact

DEV_SHARE = 8  # one shelf (or item) in DEV_SHARE goes to the dev side
NOT_SAID = "The reviews don't say."  # SubjQA's unanswerable questions


@dataclass(frozen=True)
class Request:
    text: str
    group: str  # the split unit: the shelf (category) the request is about, or the SubjQA item
    kind: str  # "recommend" or "question"
    answers: tuple[str, ...] | None = None  # SubjQA: the human spans (empty: unanswerable); None: write the target


class Recorder:
    """A Generator that writes nothing and keeps the messages each turn sends it."""

    name = "recorder"
    context_length = 1 << 20  # never trims: the length filter decides later, with the real tokenizer
    adapters: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.sent: list[tuple[Message, ...]] = []

    def count_tokens(self, messages: Sequence[Message]) -> int:
        return sum(len(m.content) for m in messages) // 4

    def generate(self, messages: Sequence[Message], params: GenerationParams) -> str:
        return ""  # the model-decided intent keeps the rules' guess

    def stream(self, messages: Sequence[Message], params: GenerationParams) -> Iterator[str]:
        self.sent.append(tuple(messages))
        return iter(())


class Replayer(Recorder):
    """A Generator that answers every turn with the text it is given."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def stream(self, messages: Sequence[Message], params: GenerationParams) -> Iterator[str]:
        self.sent.append(tuple(messages))
        return iter((self.text,))


def side(key: str) -> str:
    """'dev' for one key in DEV_SHARE by a hash of the key (stable when the catalog grows), else 'train'."""
    return "dev" if int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") % DEV_SHARE == 0 else "train"


def catalog_requests(products, seed: int = 0) -> list[Request]:
    """Requests about each shelf of a catalog in several wordings: budgets that some products fit and
    one that none does, a brand, its exclusion, the best rated, the cheapest, in stock."""
    rng = random.Random(seed)
    shelves: dict[str, list] = {}
    for p in products:
        shelves.setdefault(p.category_path, []).append(p)
    requests = []
    for path, items in sorted(shelves.items()):
        kind = shelf_words(path)
        prices = sorted(p.price for p in items)
        budget = _round_up(prices[len(prices) * 2 // 3])
        too_low = max(1, int(prices[0] * 0.4))
        brands = sorted({p.brand for p in items if p.brand})
        brand = rng.choice(brands) if brands else ""
        texts = [
            f"{kind} under ${budget}",
            f"I need {kind} for less than {budget} dollars",
            f"what {kind} would you suggest?",
            f"best rated {kind}",
            f"the cheapest {kind} you have",
            f"{kind} in stock, rated 4 stars or more",
            f"looking for {kind}, budget ${budget}",
            f"{kind} under ${too_low}",
        ]
        if brand:
            texts += [f"{brand} {kind}", f"{kind} but not {brand}"]
        requests += [Request(t, path, "recommend") for t in texts]
        for p in items:
            for question in rng.sample(QUESTIONS, 2):
                requests.append(Request(question.format(id=p.id), path, "question"))
    return requests


QUESTIONS = (
    "Is [{id}] comfortable?",
    "How is the battery life of [{id}]?",
    "Is [{id}] easy to clean?",
    "Does [{id}] hold up over time?",
    "Is [{id}] good for travel?",
    "What do reviewers dislike about [{id}]?",
    "Is [{id}] worth it?",
    "Is [{id}] noisy?",
    "How is the quality of [{id}]?",
    "Is [{id}] good for kids?",
)


def shelf_words(path: str) -> str:
    """How a shopper names a shelf: its last part, with the one above when the path is deeper than
    two ('Pet Supplies > Dog > Beds' -> 'dog beds'); '&' read as 'and'."""
    parts = [p.strip() for p in path.split(">")]
    words = " ".join(parts[-2:]) if len(parts) > 2 else parts[-1]
    return words.replace("&", "and").lower()


def _round_up(price: float) -> int:
    step = 5 if price < 50 else 10 if price < 200 else 50
    return int(-(-price // step) * step)


def build(assistant, requests: list[Request], source: str, seed: int = 0, split_of=None, group_of=None) -> Built:
    """Each request as one turn of `assistant` (its generator recording), a target written for the
    draft, kept when the replayed turn needs no repair. `split_of(group)` gives the side (default:
    `side`); `group_of(product)` a product's group (default: its shelf), so that an example showing a
    product of the other side is left out. Every message is redacted as it is kept."""
    split_of = split_of or side
    group_of = group_of or (lambda product: product.category_path)
    rng = random.Random(seed)
    examples: list[Example] = []
    dropped: Counter = Counter()
    redacted: Counter = Counter()
    for request in requests:
        recorder = Recorder()
        assistant.generator = recorder
        answer = assistant.ask(Session(), request.text)
        if not recorder.sent:
            dropped["answered by code alone (nothing for the model to write)"] += 1
            continue
        if answer.intent != ("recommend" if request.kind == "recommend" else "product_question"):
            dropped[f"read as {answer.intent}, not {request.kind}"] += 1
            continue
        split = split_of(request.group)
        if any(split_of(group_of(assistant.catalog[p.id])) != split for p in answer.products):
            dropped["shows a product whose group is on the other side"] += 1
            continue
        if request.answers is not None:
            target = span_target(answer, request.answers)
        elif answer.intent == "recommend":
            target = recommend_target(answer, assistant.catalog, rng)
        else:
            target = question_target(answer, request.text, assistant.catalog[answer.products[0].id], rng)
        if target is None:
            dropped["no target can be written from the records"] += 1
            continue
        assistant.generator = Replayer(target)
        replayed = assistant.ask(Session(), request.text)
        if replayed.repairs:
            dropped[f"target failed grounding: {replayed.repairs[0].kind}"] += 1
            continue
        kept = [redact(m.content) for m in (*recorder.sent[0], Message("assistant", target))]
        if ID_REF.findall(kept[-1].text) != ID_REF.findall(target):
            dropped["redaction would change the target's product references"] += 1
            continue
        for r in kept:
            redacted.update(r.counts)
        roles = [m.role for m in recorder.sent[0]] + ["assistant"]
        messages = tuple(Message(role, r.text) for role, r in zip(roles, kept, strict=True))
        origin = "source" if request.answers else "written"
        examples.append(Example("shopper", request.kind, source, request.group, split, messages, origin))
    return Built(examples, dict(redacted), dict(dropped))


# --- targets ----------------------------------------------------------------------------------------

CONTENT = re.compile(r"[a-z0-9]+")
VAGUE = {"quality", "worth", "good", "reviewers", "dislike", "like", "think", "well"}  # shared, they say nothing about the answer
STOP = set("the a an is it its of to and or for on in with this that does do how what are about be".split())  # noqa: SIM905


def recommend_target(answer: Answer, catalog, rng: random.Random) -> str | None:
    """One or two of the shown products by id, why from their own descriptions; for an abstention,
    the closest alternatives and what each misses."""
    shown = list(answer.products)
    if not shown:
        return None
    if answer.abstained:
        picks = shown[: rng.choice((1, 2))]
        lines = [f"[{p.id}] {misses(catalog[p.id], answer)}" for p in picks]
        opener = rng.choice(("The closest I have:", "Nothing fits exactly.", "These come closest:", ""))
        return " ".join([opener, *(f"{line}." for line in lines)]).strip()
    first, second = shown[0], shown[1] if len(shown) > 1 and rng.random() < 0.6 else None
    why = reason(catalog[first.id])
    forms = [
        f"[{first.id}] fits best: {why}",
        f"I'd pick [{first.id}], the {first.title}. {why[0].upper()}{why[1:]}",
        f"Top match: [{first.id}]. {why[0].upper()}{why[1:]}",
        f"Go for [{first.id}] — {why}",
    ]
    if first.rating:
        forms.append(f"[{first.id}] is a strong choice, rated {first.rating:.1f} stars: {why}")
    text = _sentence(rng.choice(forms))
    if second is not None:
        other = reason(catalog[second.id])
        text += " " + _sentence(
            rng.choice(
                (
                    f"[{second.id}] is a good alternative: {other}",
                    f"If you'd rather, [{second.id}] — {other}",
                    f"Also consider [{second.id}]: {other}",
                )
            )
        )
    return text


def misses(product, answer: Answer) -> str:
    """Which stated constraint an alternative does not meet, in words, from its record and the constraints."""
    c = answer.constraints
    priced = c.currency is None or c.currency == product.currency  # a budget in another currency says nothing here
    if priced and c.price_max is not None and product.price > c.price_max:
        return "is over your budget"
    if priced and c.price_min is not None and product.price < c.price_min:
        return "is below your price range"
    if c.brands and product.brand and product.brand.lower() not in {b.lower() for b in c.brands}:
        return f"is not from {' or '.join(c.brands)}"
    if c.in_stock and product.availability != "in_stock":
        return "is out of stock"
    if c.min_rating is not None and (product.rating or 0) < c.min_rating:
        return "is rated lower than you asked"
    return "does not meet every part of your request"


def reason(product) -> str:
    """The description's first sentence as the candidate list shows it (its first 200 characters),
    lower-cased to follow a colon; the title when that sentence is cut off."""
    shown = product.description[:200].strip()
    sentence = re.split(r"(?<=[.!?])\s", shown)[0] if shown else ""
    if not sentence.endswith((".", "!", "?")):  # cut off at 200 characters: not a whole fact
        return f"the {product.title}"
    sentence = sentence.rstrip(".!?")
    return sentence[0].lower() + sentence[1:]


def question_target(answer: Answer, question: str, product, rng: random.Random) -> str | None:
    """The sentence of a review snippet (quoted with its label) or of the product's description
    sharing most specific words with the question. None when no sentence shares one: the snippets
    may still answer in other words ("noisy?" against "very quiet"), so neither an answer nor "the
    reviews don't say" is sure, and the example is left out."""
    words = {w for w in CONTENT.findall(question.lower()) if w not in STOP and w not in VAGUE and len(w) > 2}
    sources = [(c.label, c.text) for c in answer.citations] + [("", product.description)]
    best, label, score = "", "", 0
    for source_label, text in sources:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            shared = len(words & set(CONTENT.findall(sentence.lower())))
            if shared > score:
                best, label, score = sentence.strip(), source_label, shared
    if not best:
        return None
    if not label:
        return rng.choice((f"The description says: {best}", f"From the description: {best}"))
    forms = (f'A reviewer says: "{best}" [{label}]', f"According to one review [{label}], {best[0].lower()}{best[1:]}", f"{best} [{label}]")
    return rng.choice(forms)


def span_target(answer: Answer, spans: tuple[str, ...]) -> str | None:
    """SubjQA: the first human span with the label of a snippet holding it; "the reviews don't say"
    for an unanswerable question; None when no gathered snippet holds a span."""
    if not spans:
        return NOT_SAID
    for span in spans:
        for citation in answer.citations:
            if span.lower() in citation.text.lower():
                return f"{span} [{citation.label}]"
    return None


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def subjqa_requests(questions: list[Question]) -> list[Request]:
    """SubjQA questions as the product_qa suite asks them ('[ITEM] question'), grouped by item."""
    return [Request(f"[{q.item_id}] {q.text}", q.item_id, "question", q.answers) for q in questions]
