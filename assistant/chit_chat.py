"""Chit-chat: greetings, thanks and "who are you" get a short reply from the model, steered back to
shopping, with a fixed greeting when its text cannot be grounded.

Planner for the "chit_chat" intent.
"""

from __future__ import annotations

from assistant.answer import Draft
from assistant.plan import PlanContext
from assistant.templates import load_prompt
from runtime.base import Message


def plan_chit_chat(context: PlanContext) -> Draft:
    """The chit-chat prompt, a safe greeting, and what to ask next."""
    prompt = load_prompt("chit_chat").substitute(store=context.store_name)
    follow = ("What do you recommend?",) + (("What is the return policy?",) if context.policy is not None else ())
    return Draft(
        "chit_chat",
        context.understanding.constraints,
        (Message("system", prompt),),
        fallback="Hello! Tell me what you are shopping for.",
        follow_ups=follow,
    )
