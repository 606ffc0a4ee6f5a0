"""Rules about the turn as a whole, run after the constraint rules of `assistant.rules`: which
earlier-shown products it points at (REFERENCE_RULES), constraints relative to them (CONTEXT_RULES:
"cheaper", "other brands"), and its intent (INTENT_RULES; the first that fires wins).
Text reaching a rule is lower-cased with single spaces.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.rules import Found
from assistant.vocabulary import Vocabulary
from retrieval.records import Product

ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3, "fifth": 4, "5th": 4, "last": -1}
POSITION = re.compile(r"(?:#|number |no\. ?)(\d+)\b")  # "#2", "number 2", "no. 2"
POLICY_WORDS = r"\b(return|returns|refund|refunds|shipping|ship|delivery|deliver|warranty|guarantee|payment|pay with|paypal|gift card|exchange|cancel|cancellation|order status|damaged|missing item|policy)\b"
COMPARE_WORDS = r"\b(compare|comparison|versus|vs\.?|difference between|differences between|which is better|which one is better)\b"
QUESTION_WORDS = r"^(does|do|is|are|can|will|how|what|which|why|when|where|who)\b|\?$"
RECOMMEND_WORDS = r"\b(do you (?:have|sell|carry|stock)|(?:is|are) there (?:any|an?)|got any|recommend|suggest|looking for|look for|need|want|show me|find|buy|gift|searching|search for|options|ideas|something|anything|cheaper|alternatives?)\b"
CHITCHAT = r"^(hi|hello|hey|thanks|thank you|thx|good (morning|afternoon|evening)|bye|goodbye|who are you|how are you)\b"


def points_at_position(text: str) -> bool:
    """True when the turn points at a position in a list ("#7", "the second one", "the last one")."""
    words = "|".join(w for w in ORDINALS if w != "last")
    return bool(POSITION.search(text) or re.search(rf"\b(?:{words}|the last|last one)\b", text))


# --- reference rules --------------------------------------------------------------------------------


def ordinal(text: str, shown: tuple[Product, ...], vocabulary: Vocabulary, picked: tuple[str, ...]) -> tuple[str, ...]:
    """'the second one', 'the 1st', 'the last one' ("last" alone is also a verb: "how long does it last")."""
    ids = []
    for word, index in ORDINALS.items():
        pattern = r"\b(the last|last one)\b" if word == "last" else rf"\b{word}\b"
        if re.search(pattern, text) and -len(shown) <= index < len(shown):
            ids.append(shown[index].id)
    return tuple(ids)


def position(text: str, shown: tuple[Product, ...], vocabulary: Vocabulary, picked: tuple[str, ...]) -> tuple[str, ...]:
    """'#2', 'number 2', 'no. 2'."""
    return tuple(shown[int(m.group(1)) - 1].id for m in POSITION.finditer(text) if 1 <= int(m.group(1)) <= len(shown))


def shown_id(text: str, shown: tuple[Product, ...], vocabulary: Vocabulary, picked: tuple[str, ...]) -> tuple[str, ...]:
    """A shown product's id written in the turn ('is ds-0008 waterproof')."""
    return tuple(p.id for p in shown if p.id.lower() in text)


def pronoun(text: str, shown: tuple[Product, ...], vocabulary: Vocabulary, picked: tuple[str, ...]) -> tuple[str, ...]:
    """'is it waterproof?', 'does this one fold?': the first shown product, when nothing else was pointed at."""
    pointing = re.search(r"\b(it|this one|that one|this|that)\b(?!\s+(?:brand|store|shop|price|budget|colou?r|size|kind|type)\b)", text)
    if shown and not picked and pointing and re.search(QUESTION_WORDS, text):  # not "that brand"
        return (shown[0].id,)
    return ()


def catalog_id(text: str, shown: tuple[Product, ...], vocabulary: Vocabulary, picked: tuple[str, ...]) -> tuple[str, ...]:
    """'[DS-0008]': any catalog product by its id in brackets (follow-up suggestions use them)."""
    return tuple(vocabulary.ids[m] for m in re.findall(r"\[([^\]\s]{1,64})\]", text) if m in vocabulary.ids)


ReferenceRule = Callable[[str, tuple[Product, ...], Vocabulary, tuple[str, ...]], tuple[str, ...]]
REFERENCE_RULES: tuple[ReferenceRule, ...] = (ordinal, position, shown_id, pronoun, catalog_id)


# --- context rules: constraints relative to the products shown ---------------------------------------


def _targets(shown: tuple[Product, ...], references: tuple[str, ...]) -> list[Product]:
    return [p for p in shown if p.id in references] or list(shown)


def other_brand(text: str, found: Found, references: tuple[str, ...], shown: tuple[Product, ...]) -> Found:
    """'not that brand', 'other brands': exclude the brand of the product pointed at (or the first shown)."""
    if not (
        re.search(r"\b(not that brand|(?:don'?t|do not) want that brand|other brands?|different brand)\b", text) and (references or shown)
    ):
        return {}
    target = [p for p in shown if p.id in references] or list(shown[:1])
    return {"exclude_brands": (*found.get("exclude_brands", ()), *(p.brand for p in target if p.brand))}


def cheaper(text: str, found: Found, references: tuple[str, ...], shown: tuple[Product, ...]) -> Found:
    """'anything cheaper': below the cheapest product pointed at (or shown)."""
    if not (re.search(r"\bcheaper\b", text) and shown and found.get("price_max") is None):
        return {}
    return {"price_max": max(0.0, round(min(p.price for p in _targets(shown, references)) - 0.01, 2))}


def pricier(text: str, found: Found, references: tuple[str, ...], shown: tuple[Product, ...]) -> Found:
    """'something more expensive', 'premium': above the dearest product pointed at (or shown)."""
    if not (re.search(r"\b(more expensive|pricier|higher[- ]end|premium)\b", text) and shown and found.get("price_min") is None):
        return {}
    return {"price_min": round(max(p.price for p in _targets(shown, references)) + 0.01, 2)}


ContextRule = Callable[[str, Found, tuple[str, ...], tuple[Product, ...]], Found]
CONTEXT_RULES: tuple[ContextRule, ...] = (other_brand, cheaper, pricier)


# --- intent rules: (text, anything read?, references) -> fires; the first that fires decides -----------


def compare_words(text: str, constrained: bool, references: tuple[str, ...]) -> bool:
    """'compare', 'versus', 'which is better', or two products pointed at with 'better'/'or'."""
    return bool(re.search(COMPARE_WORDS, text) or (len(references) >= 2 and re.search(r"\b(better|difference|or)\b", text)))


def policy_words(text: str, constrained: bool, references: tuple[str, ...]) -> bool:
    """Returns, shipping, warranty, payment… and no request for products."""
    return bool(re.search(POLICY_WORDS, text) and not re.search(RECOMMEND_WORDS, text))


def question_about_shown(text: str, constrained: bool, references: tuple[str, ...]) -> bool:
    """A question pointing at a product ('does #2 fold?'), not asking for others like it."""
    return bool(references and re.search(QUESTION_WORDS, text) and not re.search(r"\b(like|similar|cheaper|instead)\b", text))


def request_words(text: str, constrained: bool, references: tuple[str, ...]) -> bool:
    """'recommend', 'looking for', 'show me'…, or any hard constraint read."""
    return bool(re.search(RECOMMEND_WORDS, text) or constrained)


def greeting(text: str, constrained: bool, references: tuple[str, ...]) -> bool:
    """'hi', 'thanks', 'who are you'."""
    return bool(re.search(CHITCHAT, text))


def unsure_question_about_shown(text: str, constrained: bool, references: tuple[str, ...]) -> bool:
    """Some other question pointing at a product: probably about it (the model may decide)."""
    return bool(references and re.search(QUESTION_WORDS, text))


def unsure_question(text: str, constrained: bool, references: tuple[str, ...]) -> bool:
    """Some other question: probably chit-chat (the model may decide)."""
    return bool(re.search(QUESTION_WORDS, text))


def anything_else(text: str, constrained: bool, references: tuple[str, ...]) -> bool:
    """Nothing matched: treated as a request, marked uncertain."""
    return True


IntentRule = Callable[[str, bool, tuple[str, ...]], bool]
INTENT_RULES: tuple[tuple[IntentRule, str, bool], ...] = (  # (rule, intent, uncertain)
    (compare_words, "compare", False),
    (policy_words, "policy", False),
    (question_about_shown, "product_question", False),
    (request_words, "recommend", False),
    (greeting, "chit_chat", False),
    (unsure_question_about_shown, "product_question", True),
    (unsure_question, "chit_chat", True),
    (anything_else, "recommend", True),
)


def looks_like(text: str, references: tuple[str, ...]) -> str | None:
    """'something like the second one': the product to look alike."""
    return references[0] if references and re.search(r"\b(like|similar to|similar)\b", text) else None
