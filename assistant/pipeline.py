"""One shopper turn, top to bottom: understand -> plan (retrieve, personalize, gather evidence) ->
generate (streamed) -> ground -> answer. The only module that knows the order of the stages.

`Assistant` holds the long-lived parts (searches, model, profile store, policy) and is shared by
every session; a `Session` holds one conversation. Entry points (CLI, app, evaluation) build an
Assistant with `assistant.builders.build_assistant` and call `respond` (streaming) or `ask`.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import replace

import numpy as np

from assistant.answer import Answer, Draft, Repair
from assistant.chit_chat import plan_chit_chat
from assistant.compare import plan_comparison
from assistant.config import AssistantConfig
from assistant.conversation import Session
from assistant.grounding import finish
from assistant.plan import PlanContext
from assistant.policy import PolicyBook, plan_policy_answer
from assistant.profiles import ProfileError, ProfileStore, Signal, UserProfile, taste_vector
from assistant.questions import named_product, plan_question
from assistant.recommend import plan_recommendation
from assistant.templates import load_prompt
from assistant.understanding import INTENTS, Understanding, understand
from assistant.vocabulary import Vocabulary
from retrieval.catalog import CONTROL
from retrieval.filters import FilterError
from retrieval.search import ProductSearch, ReviewSearch
from runtime.base import GenerationParams, Generator, LLMError, Message, fit_to_context, task_adapter
from runtime.errors import UserError

log = logging.getLogger(__name__)
MODEL_DOWN = "The language model did not answer just now, so this reply comes straight from the catalog records."
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
FEEDBACK_EVENTS = ("thumbs_up", "thumbs_down", "not_for_me", "clicked")
# one planner per intent, all with the signature plan(context) -> Draft
PLANNERS: dict[str, Callable[[PlanContext], Draft]] = {
    "recommend": plan_recommendation,
    "product_question": plan_question,
    "compare": plan_comparison,
    "policy": plan_policy_answer,
    "chit_chat": plan_chit_chat,
}


class TurnError(UserError, ValueError):
    """A shopper turn that cannot be answered as sent (empty, too long); the message says what to change."""


class Assistant:
    """The shopping assistant over one catalog: shared by all sessions, stateless between turns."""

    def __init__(
        self,
        products: ProductSearch,
        reviews: ReviewSearch | None,
        generator: Generator,
        settings: AssistantConfig | None = None,
        profiles: ProfileStore | None = None,
        policy: PolicyBook | None = None,
        store_name: str = "the store",
        clock: Callable[[], float] = time.time,
    ):
        self.products = products
        self.reviews = reviews
        self.generator = generator
        self.settings = settings or AssistantConfig()
        self.profiles = profiles
        self.policy = policy
        self.store_name = store_name
        self.clock = clock
        self.catalog = products.catalog
        self.vocabulary = Vocabulary.from_products(list(self.catalog))
        self.catalog_brands = self.catalog.brands

    @property
    def warning(self) -> str:
        """The incomplete-index warning of the product or review index ('' when both are complete):
        every entry point shows it, as `search` does."""
        return self.products.index.warning or (self.reviews.index.warning if self.reviews is not None else "")

    def respond(self, session: Session, text: str) -> Iterator[str | Answer]:
        """Stream the model's text pieces as they come, then yield the grounded `Answer` (always last)."""
        text = " ".join(CONTROL.sub(" ", text).split())  # NUL, terminal escapes and bidi overrides are no words
        if not ZERO_WIDTH.sub("", text):  # nor are zero-width characters alone (kept inside words: Hindi and emoji join with them)
            raise TurnError("the message is empty; type what you are looking for")
        if len(text) > self.settings.max_message_chars:  # before any work: a 1 MB message once cost 1.1 GB and a context error
            raise TurnError(
                f"the message is {len(text):,} characters long; keep it under {self.settings.max_message_chars:,} "
                "(a request or a question, not a document)"
            )
        clock = Stopwatch()
        understanding = understand(text, self.vocabulary, session.understanding, session.shown)
        if understanding.uncertain:
            understanding = self._classify(understanding)
        clock.lap("understand")
        log.debug(
            "understood %r: %s, rules %s, %s", text[:80], understanding.intent, ", ".join(understanding.rules), understanding.constraints
        )
        draft = self._plan(understanding, session, clock)
        clock.lap("plan")  # retrieval, filters, ranking with the profile, the prompt
        pieces: list[str] = []
        failed = ""
        if draft.messages:
            adapter = task_adapter(self.generator, "shopper")
            params = GenerationParams(max_new_tokens=self.settings.max_new_tokens, seed=self.settings.seed, adapter=adapter)
            messages = [*draft.messages, *session.history(self.settings.history_turns), Message("user", text)]
            messages = fit_to_context(messages, self.generator.count_tokens, self.generator.context_length, params.max_new_tokens)
            try:
                for piece in self.generator.stream(messages, params):
                    pieces.append(piece)
                    yield piece
            except LLMError as exc:  # down, slow past llm.timeout_s, or garbage: the records still answer
                log.warning("the model failed this turn (%s); answering from the records", exc)
                failed, pieces = str(exc), []  # a reply cut off mid-stream is no reply
        clock.lap("generate")  # includes the caller's time between streamed pieces
        answer = finish(draft, "".join(pieces), self.catalog_brands)
        if failed:
            text = f"{MODEL_DOWN} {answer.text or 'Please ask again in a moment.'}"
            answer = replace(answer, text=text, repairs=(*answer.repairs, Repair("model_failed", failed)))
        clock.lap("ground")
        answer = replace(answer, rules=understanding.rules, sources=understanding.sources, timings=clock.laps)
        if answer.repairs:
            log.info("grounding repaired %d thing(s): %s", len(answer.repairs), "; ".join(r.kind for r in answer.repairs))
        session.record(text, understanding, answer, tuple(self.catalog[p.id] for p in answer.products))
        yield answer

    def ask(self, session: Session, text: str) -> Answer:
        """The whole answer to one turn (no streaming)."""
        for item in self.respond(session, text):
            if isinstance(item, Answer):
                return item
        raise AssertionError("respond() always ends with an Answer")

    def feedback(self, session: Session, product_id: str, event: str) -> str:
        """Record the shopper's reaction to a product in their profile; returns the user id it went to.

        An anonymous session gets a fresh anonymous id on its first feedback, so its feedback
        shapes its own later turns and can be exported or deleted like any profile.
        """
        if event not in FEEDBACK_EVENTS:
            raise ProfileError(f"feedback must be one of {FEEDBACK_EVENTS}, got {event!r}")
        if product_id not in self.catalog:
            raise ProfileError(f"product {product_id!r} is not in the catalog")
        if self.profiles is None:
            raise ProfileError("no profile store is configured, so feedback cannot be kept")
        user_id = session.ensure_user_id()
        self.profiles.add_signal(Signal(user_id, product_id, event, self.clock()))
        return user_id

    def profile_of(self, session: Session) -> tuple[UserProfile | None, np.ndarray | None]:
        """The session's shopper profile and taste vector (None, None when anonymous)."""
        if session.user_id is None or self.profiles is None:
            return None, None
        signals = self.profiles.signals(session.user_id)
        taste = taste_vector(signals, self.catalog.vector, self.clock(), self.settings.taste_half_life_days)
        return self.profiles.get(session.user_id), taste

    def _plan(self, understanding: Understanding, session: Session, clock: Stopwatch) -> Draft:
        profile, taste = self.profile_of(session) if understanding.intent == "recommend" else (None, None)  # only recommending reads it
        clock.lap("profile")
        settings = replace(
            self.settings,
            personalization_weight=_override(session.personalization_weight, self.settings.personalization_weight),
            exploration_share=_override(session.exploration_share, self.settings.exploration_share),
        )
        context = PlanContext(
            understanding, session.shown, self.products, self.reviews, self.policy, settings, self.store_name, profile, taste
        )
        try:
            draft = PLANNERS[understanding.intent](context)
        except FilterError as exc:  # "under 50 euros" in a store that prices in dollars
            draft = Draft(understanding.intent, understanding.constraints, text=f"I can't search that way: {exc}.", abstained=True)
        if understanding.unread:  # say what was asked but not used, rather than drop it silently
            draft = replace(draft, text=f"I could not use {', '.join(understanding.unread)}. {draft.text}".strip())
        return draft

    def _classify(self, understanding: Understanding) -> Understanding:
        """Decide the intent the rules could not: a question naming a catalog product is about it;
        otherwise ask the model, keeping the rules' guess if it answers nonsense."""
        if understanding.query.rstrip().endswith("?") and named_product(understanding.query, self.products) is not None:
            return replace(understanding, intent="product_question", uncertain=False, rules=(*understanding.rules, "names_a_product"))
        messages = [Message("system", load_prompt("classify").substitute(intents=", ".join(INTENTS))), Message("user", understanding.query)]
        reply = self.generator.generate(messages, GenerationParams(max_new_tokens=6)).lower()
        found = re.search("|".join(INTENTS + ("product question", "chit chat")), reply)
        if not found:
            return understanding
        return replace(
            understanding, intent=found.group(0).replace(" ", "_"), uncertain=False, rules=(*understanding.rules, "model_intent")
        )


class Stopwatch:
    """Laps of one turn's stages, in the order they ran."""

    def __init__(self) -> None:
        self.laps: tuple[tuple[str, float], ...] = ()
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps += ((stage, now - self._last),)
        self._last = now


def _override(session_value: float | None, configured: float) -> float:
    """A session's slider value where it set one, else the configured value."""
    return configured if session_value is None else session_value
