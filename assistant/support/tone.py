"""An agent's text made better before it is sent: a draft in another tone, and a grammar fix of the
agent's own typing. Both by rules, so no fact can change: the tone rules reword the greeting, add or
drop courtesy sentences, expand contractions, or (concise) keep only the sentences that carry a fact
or ask something. With `support.model_tone`, the model tries first and its rewrite is kept only when
every fact survives and none is added (the 135M default model rarely manages: see the README).
"""

from __future__ import annotations

import re

from assistant.grounding import FIGURE
from assistant.support.drafts import DATE, TRACKING, ground_draft
from assistant.support.thread import ORDER_ID
from assistant.templates import load_prompt
from runtime.base import GenerationParams, Generator, LLMError, Message

TONES = {
    "neutral": "plain and matter-of-fact",
    "warm": "friendly and caring, still brief",
    "concise": "as short as possible, at most two sentences",
    "formal": "polite and formal, without contractions",
    "apologetic": "apologise once, sincerely, for the trouble",
}
TYPOS = {
    "teh": "the", "recieve": "receive", "recieved": "received", "adress": "address", "wich": "which", "untill": "until",
    "dont": "don't", "cant": "can't", "wont": "won't", "didnt": "didn't", "doesnt": "doesn't", "isnt": "isn't", "im": "I'm",
    "youre": "you're", "thier": "their", "definately": "definitely", "seperate": "separate", "occured": "occurred",
    "refered": "referred", "shiped": "shipped", "arrivng": "arriving", "apologise's": "apologies", "sory": "sorry", "plz": "please",
    "pls": "please", "thx": "thanks", "u": "you", "ur": "your",
}  # fmt: skip


def facts_of(text: str) -> set[str]:
    """The fact tokens of a text: order ids, tracking numbers, dates and other figures."""
    found = {m.upper() for m in ORDER_ID.findall(text)} | set(TRACKING.findall(text)) | {d.lower() for d in DATE.findall(text)}
    rest = DATE.sub("", TRACKING.sub("", ORDER_ID.sub("", text)))
    return found | {f.replace(",", "") for f in FIGURE.findall(rest)}


def rewrite(text: str, tone: str, generator: Generator | None = None, max_new_tokens: int = 200) -> tuple[str, str]:
    """(the text in `tone`, a note for the agent): the model's rewrite when a model is given and its
    rewrite keeps every fact and adds none, else the rules' (`restyle`)."""
    if tone not in TONES:
        raise ValueError(f"tone must be one of {', '.join(TONES)}, got {tone!r}")
    if generator is not None:
        out, why = model_rewrite(text, tone, generator, max_new_tokens)
        if out:
            return out, f"Rewritten by the model in a {tone} tone; every fact is unchanged."
        return restyle(text, tone), f"Rewritten by rules in a {tone} tone (the model's rewrite {why})."
    return restyle(text, tone), f"Rewritten in a {tone} tone; every fact is unchanged."


def model_rewrite(text: str, tone: str, generator: Generator, max_new_tokens: int = 200) -> tuple[str, str]:
    """(the model's rewrite, "") when it keeps every fact (every order id even when concise) and adds
    none; ("", why) otherwise."""
    system = load_prompt("support_tone").substitute(tone=tone, how=TONES[tone])
    try:
        out = generator.generate(
            [Message("system", system), Message("user", text)], GenerationParams(max_new_tokens=max_new_tokens)
        ).strip()
    except LLMError as exc:
        return "", f"failed ({exc})"
    out, _ = ground_draft(out, (text,))  # repeats and echoes out, facts checked against the original
    before, after = facts_of(text), facts_of(out)
    lost = before - after if tone != "concise" else {f for f in before - after if ORDER_ID.fullmatch(f)}
    if not out:
        return "", "was empty"
    if after - before or lost:
        return "", f"changed the facts ({', '.join(sorted((after - before) | lost))})"
    return out, ""


ASKS = re.compile(r"\?$|\bplease\b|\bcould you\b", re.IGNORECASE)  # a sentence that asks the customer for something
GREETING = re.compile(r"^(?:Hi|Hello|Dear)(?: ([A-Z][\w'-]*))?,? thanks for getting in touch\.\s*")
CONTRACTIONS = {
    "can't": "cannot", "won't": "will not", "don't": "do not", "doesn't": "does not", "isn't": "is not", "hasn't": "has not",
    "haven't": "have not", "couldn't": "could not", "I'm": "I am", "it's": "it is", "It's": "It is", "you're": "you are",
    "we'll": "we will", "We'll": "We will", "I've": "I have", "I'll": "I will", "that's": "that is", "there's": "there is",
    "Shall I": "Would you like me to", "shall I": "would you like me to",
}  # fmt: skip
OPENINGS = {  # tone -> greeting with the customer's name ({name}) or without
    "neutral": ("Hello {name}.", "Hello."),
    "warm": ("Hi {name}, thanks so much for reaching out!", "Hi, thanks so much for reaching out!"),
    "formal": ("Dear {name}, thank you for contacting us.", "Dear customer, thank you for contacting us."),
    "apologetic": ("Hi {name}, I'm very sorry for the trouble with this.", "Hi, I'm very sorry for the trouble with this."),
    "concise": ("", ""),
}
CLOSINGS = {"warm": "Let me know if there's anything else I can do for you!", "formal": "Kind regards."}


def restyle(text: str, tone: str) -> str:
    """The text in `tone` by rules: a greeting of the tone, courtesy added or dropped, contractions
    expanded when formal, only fact- or question-bearing sentences when concise; facts never touched."""
    greeting = GREETING.match(text)
    name = greeting.group(1) if greeting and greeting.group(1) else ""
    body = text[greeting.end() :] if greeting else text
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", body.strip()) if s]
    if tone == "concise":
        sentences = [s for s in sentences if facts_of(s) or ASKS.search(s) or "can't" in s or "not possible" in s][:3] or sentences[:2]
        sentences = [s for s in sentences if not s.startswith("From our policy")] or sentences
    opening = OPENINGS[tone][0 if name else 1].format(name=name)
    if tone == "apologetic" and any("sorry" in s.lower() for s in sentences):  # one apology is enough
        opening = f"Hi {name}." if name else "Hi."
    parts = ([opening] if opening else []) + sentences + ([CLOSINGS[tone]] if tone in CLOSINGS else [])
    out = " ".join(parts)
    if tone == "formal":
        out = re.sub("|".join(re.escape(k) for k in sorted(CONTRACTIONS, key=len, reverse=True)), lambda m: CONTRACTIONS[m.group(0)], out)
        out = out.replace("I am very sorry", "I apologise")
    return out


def fix_grammar(text: str) -> str:
    """Spacing, sentence capitals, a capital "I", spaces around punctuation, common misspellings, a final full stop."""
    fixed = re.sub(r"[ \t]+", " ", text.strip())
    fixed = re.sub(r"\s+([,.!?;:])", r"\1", fixed)
    fixed = re.sub(r"([,;:])(?=[^\s\d])", r"\1 ", fixed)
    fixed = re.sub(r"\b[A-Za-z']+\b", lambda m: _spelled(m.group(0)), fixed)
    fixed = re.sub(r"\bi\b", "I", fixed)
    fixed = re.sub(r"(^|[.!?]\s+|\n)([a-z])", lambda m: m.group(1) + m.group(2).upper(), fixed)
    return fixed if not fixed or fixed[-1] in ".!?)\"'" else fixed + "."


def _spelled(word: str) -> str:
    right = TYPOS.get(word.lower())
    if right is None:
        return word
    return right[0].upper() + right[1:] if word[0].isupper() else right
