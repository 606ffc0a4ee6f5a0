"""Reading the kind of product a turn asks for: the head noun of the request (a compound where the
modifier makes it one), its synonyms, the catalog's spelling of a word typed with a slip, and budget
words typed with one. The constraint rules `product_type` and `kind_typo` of `assistant.rules`'s
table live here; `found` is that module's `Found`.
"""

from __future__ import annotations

import difflib
import re

from assistant.known_brands import KNOWN_BRANDS
from assistant.lexicon import DEVICES, MATERIALS, MODIFIER_SYNONYMS, NOT_KINDS, NOUNS_LIKE_ADJECTIVES, PRODUCT_NOUNS, SYNONYMS
from assistant.vocabulary import Vocabulary, fold, name_pattern, singular

_BUDGET_WORDS = ("under", "below", "between", "around", "cheaper", "budget", "maximum", "dollars", "rupees", "riyals")  # "20 dolars"


def mend_budget_words(text: str) -> str:
    """Budget words typed with a slip read as meant ('undr $80', 'bellow 50', 'udner': one edit, same
    first letter; 'no more then 1000'); 'u' is 'you' ('do u sell hammocks')."""
    text = re.sub(r"\b(more|less|cheaper|higher|lower|other) then\b", r"\1 than", text)
    text = re.sub(r"\bu\b", "you", text)

    def mend(match: re.Match) -> str:
        word = match.group(0)
        if word in _BUDGET_WORDS:
            return word
        return next((b for b in _BUDGET_WORDS if b[0] == word[0] and _one_edit(word, b)), word)

    return re.sub(r"\b[a-z]{4,8}\b", mend, text)


# request words around the thing asked for: cut at the first of these, then drop the rest
_CLAUSE_END = re.compile(
    r",|;|\?|!|\(|\.(?!\d)|\b(?:under|below|less than|cheaper than|at most|max(?:imum)?|up to|no more than|not more than|within|budget|"
    r"over|above|more than|at least|min(?:imum)?|from|starting|between|around|about|for|with|without|that|which|who|but|and then|"
    r"rated|rating|priced|costing|by|in (?:size|stock|colou?r)|can (?:i|we|you)|do (?:i|we|you)|should (?:i|we)|size(?=\s+(?:\d|xs|s|m|l|xl|xxl|small|medium|large)\b)|you|please|only|if|so|because|to|somewhere|anything|something|in|on|at|like)\b"
)
_OPENERS = re.compile(
    r"^(?:(?:hi|hey|hello|ok|okay|hmm|um|so|well|please|pls)\b[\s,]*)*"
    r"(?:(?:i'?m|i am|we'?re|we are)\s+)?(?:(?:looking|searching|shopping)\s+(?:for|at)|look for|look at|search for|i\s+(?:need|want|would like)|"
    r"need|want|show me|find me|find|get me|recommend(?: me)?|suggest(?: me)?|can you (?:recommend|suggest|find|show me)|"
    r"do you (?:have|sell|carry)|is there|are there|what'?s|what is|which is|any|got)?\s*"
)


def _adjective(word: str) -> bool:
    """'lovely', 'stylish', 'washable', 'expensive': an ending adjectives have, after a stem of four
    letters or more ('table', 'dish', 'drive', 'jelly' are nouns), save nouns that look alike."""
    if word in NOUNS_LIKE_ADJECTIVES:
        return False
    return any(word.endswith(ending) and len(word) - len(ending) >= 4 for ending in ("ly", "ous", "ful", "ive", "able", "ish"))


def _modifier(word: str) -> bool:
    """A word that makes a compound kind with the next one ("shower" curtain, "bean" bag), unlike who
    it is for ("men's", "kids"), a size ("double" bed), a device an accessory fits ("iphone" case) or
    a material ("glass" vase: the `material` rule reads it, in the description too).
    The record check needs the last word in the record's label and the modifier anywhere in its text."""
    return not (word.endswith(("'s", "s'")) or word in _NOT_MODIFIERS or word in DEVICES or word in MATERIALS)


_SHORT_KINDS = frozenset({"tv", "pc", "ac", "dj"})  # two-letter words that name kinds ("tv stand")
_NOT_MODIFIERS = frozenset(
    "men mens women womens kid kids boy boys girl girls unisex adult adults toddler toddlers ladies gents "  # noqa: SIM905
    "single double queen king twin full after before some about like such other few many all every each".split()
)


_REQUEST_VERB = re.compile(  # where a request starts inside a longer turn ("my mom only trusts Prestige, so I need a ...")
    r"\b(?:need|want|would like|looking for|look(?:ing)? at|searching for|shopping for|show me|find me|get me|do you (?:have|sell|carry|stock)|"
    r"(?:is|are) there any|got any)\b"
)


_LEADING_BOUND = re.compile(
    r"^(?:size\s+(?:\d+(?:\.5)?|xs|s|m|l|xl|xxl)\s+|(?:under|below|less than|over|above|at least|at most|max|up to)\s+(?:[$₹€£]\s*)?\d[\d,.]*k?\s*"
    r"(?:cm|mm|m|inch(?:es)?|in|dollars?|bucks|usd|rs\.?|rupees|inr|riyals?|sar)?\b\s*)"
)
_FURNITURE_SET = re.compile(
    r"\b((?:(?:dining|bar|kitchen|garden|patio)\s+)?(?:table|desk))\s+(?:with|and|\+|&)\s+(\d)\s+((?:bar\s+)?(?:chairs|stools|benches))\b"
)


def product_type(text: str, vocabulary: Vocabulary, found: dict) -> dict:
    """The kind of product asked for: the head noun of the request's first clause ('a Dyson vacuum under
    $300' -> vacuum, 'iPhone 15 case' -> case, made for the iPhone; 'foil or cassette' -> either), with
    its synonyms; the clause after a request verb when the turn opens with something else ('my mom
    trusts Prestige, so I need a pressure cooker'). Read from the words, with a compound where the
    store writes the pair; the record check then needs one of them in a fitting product's title or category."""
    text = re.sub(r"\bw/\s*", "with ", text)  # "dresser w/ 3 drawers"
    text = re.sub(r"\bsit[\s/-]*(?:and\s+|&\s*)?stand(?:ing)?\b", "standing", text)  # "sit/stand desk": one kind, not two
    text = re.sub(r"\b(?:top|highly|best|well)[- ](?:rated|reviewed)\b", " ", text)
    text = re.sub(r"\(?\b\d(?:\.\d)?\s*\+?\s*stars?\b\s*\+?\)?", " ", text).strip()  # "4 stars+" names no kind
    if m := _FURNITURE_SET.search(text):  # "dining table with 4 chairs": the set, as "Table and 4 chairs"
        table, count, seat = m.group(1), m.group(2), singular(m.group(3))
        return {
            "product_type": tuple(dict.fromkeys((f"{table} and {count} {seat}", f"{table.split()[-1]} and {count} {seat.split()[-1]}")))
        }
    if m := re.search(r"\bchest of (\d) drawers?\b|\b(\d)[\s-]*drawers? (?:chest|dresser)\b", text):  # "chest of 6 drawers"
        return {"product_type": (f"chest of {m.group(1) or m.group(2)} drawer",)}
    verb = [m.start() for m in _REQUEST_VERB.finditer(text)][:1]
    starts = verb + [0] + [m.end() for m in re.finditer(r"[?!;]|\.(?!\d)", text)]  # then each later sentence ("anything by X? a headboard")
    for start in starts:
        request = _LEADING_BOUND.sub("", _OPENERS.sub("", text[start:], count=1), count=1)  # "under 30 cm vase": the vase
        heads, made_for = _kind(_CLAUSE_END.split(request, maxsplit=1)[0], vocabulary)
        if heads:
            terms = tuple(dict.fromkeys(t for h in heads for t in (h, *_synonyms(h))))
            return {"product_type": terms} | (
                {"made_for": tuple(dict.fromkeys((*found.get("made_for", ()), *made_for)))} if made_for else {}
            )
    return {}


def kind_typo(text: str, vocabulary: Vocabulary, found: dict) -> dict:
    """A kind the catalog never writes that is one typing slip from a word it does ('earings',
    'hedphones', 'refil', 'mechanicle keybord'): the catalog's word. A kind the store simply lacks
    ('lawn mower') stays."""
    kinds = found.get("product_type", ())
    if not kinds or not vocabulary.words:
        return {}
    fixed = tuple(" ".join(known_spelling(w, vocabulary) for w in kind.split()) for kind in kinds)
    return {"product_type": tuple(dict.fromkeys(fixed))} if fixed != kinds else {}


def known_spelling(word: str, vocabulary: Vocabulary) -> str:
    """The catalog's word one slip away (5-letter words: one edit; longer: one edit or 85% alike), same first letter;
    a word only a product or two use ('earing') gives way to a category's word one slip away ('earring')."""
    if len(word) < 5 or word in PRODUCT_NOUNS or word in MODIFIER_SYNONYMS:  # words of our own tables are no slips
        return word
    if word in vocabulary.words and word not in vocabulary.rare:
        return word
    named = {w for name in vocabulary.categories for w in name.split()}  # the words of category names
    if word in vocabulary.words:  # rare: a seller's slip maybe
        common = sorted(w for w in named if _doubled_or_swapped(word, w))
        return common[0] if common else word
    close = difflib.get_close_matches(word, vocabulary.words, n=30, cutoff=0.8)
    close = [
        w
        for w in close
        if w[0] == word[0] and (_one_edit(word, w) or (len(word) >= 6 and difflib.SequenceMatcher(None, word, w).ratio() >= 0.85))
    ]
    close.sort(key=lambda w: w not in named)  # "earings": Earrings, a category, before "earning"
    return close[0] if close else word


def _doubled_or_swapped(typed: str, word: str) -> bool:
    """The slips careful spellers make too: a double letter written once ('earing'), two neighbours swapped."""
    if len(word) == len(typed) + 1:
        return any(word[i] == word[i + 1] and word[:i] + word[i + 1 :] == typed for i in range(len(word) - 1))
    return len(word) == len(typed) and word != typed and _one_edit(typed, word) and sorted(word) == sorted(typed)


def _one_edit(a: str, b: str) -> bool:
    """One letter added, dropped or changed, or two neighbours swapped."""
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        swapped = len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        return len(diffs) == 1 or swapped
    short, long = sorted((a, b), key=len)
    return len(long) - len(short) == 1 and any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _synonyms(kind: str) -> tuple[str, ...]:
    """The kind's synonyms, and for a pair its head's ('door fridge': door refrigerator)."""
    *modifier, head = kind.split()
    return SYNONYMS.get(kind, ()) + tuple(" ".join([*modifier, s]) for s in SYNONYMS.get(head, ()) if modifier)


def _kind(clause: str, vocabulary: Vocabulary) -> tuple[list[str], list[str]]:
    """The head nouns of a clause ('foil or cassette': both) and the devices named before them."""
    clause = fold(clause)  # "poäng chair": the line's name as typed or without its accent
    for name in (*vocabulary.brands, *KNOWN_BRANDS, *vocabulary.colours, *vocabulary.lines):
        clause = re.sub(name_pattern(name), " ", clause)
    heads, made_for = [], []
    for part in re.split(r"\s+(?:or|/)\s+|/", clause):
        found = re.findall(r"(?<![\da-z'-])[a-z][a-z'-]*[a-z]", part)  # "10000mah", "4mm": units, no words
        read = [w for w in found if (len(w) >= 3 or w in _SHORT_KINDS) and w not in NOT_KINDS]
        words = [w for w in read if not _adjective(w)]
        next_to = (
            len(words) >= 2 and read[len(read) - 1 - read[::-1].index(words[-1]) - 1] == words[-2]
        )  # "height adjustable desk": no "height desk"
        if (
            next_to and _modifier(words[-2]) and singular(words[-2]) != singular(words[-1])
        ):  # "pressure cooker", "bean bag", "rocking chair": the pair is the kind
            heads.append(f"{singular(words[-2])} {singular(words[-1])}")
        elif words:
            heads.append(singular(words[-1]))
            made_for += [d for d in DEVICES if d in words[:-1]]
    return heads, made_for
