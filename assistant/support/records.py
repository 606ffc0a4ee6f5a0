"""What agents did with suggestions: every suggestion shown (with its conversation) and the agent's
decision on each draft — accepted as is, edited (with the text sent), discarded (with a reason) — and
each proposed action confirmed, with timestamps. Kept in SQL through SQLAlchemy (a SQLite file by
default, PostgreSQL by URL).

Read back two ways: as fine-tuning data (accepted and edited replies become the targets of the
prompt the model drafted from), and as analytics (acceptance, edit distance, top intents, questions
the policy could not answer, de-duplicated for a person to review).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from assistant.database import failure, shown_url, sql_engine
from assistant.support.assist import Suggestion
from assistant.support.thread import Thread
from runtime.errors import UserError

DECISIONS = ("accepted", "edited", "discarded")
POLICY_INTENTS = ("shipping", "payment", "return", "exchange", "refund", "cancel", "account", "product_question", "other")


class RecordsError(UserError, ValueError):
    """A suggestion log that cannot be opened; the message names the setting."""


@dataclass(frozen=True)
class Analytics:
    suggestions: int
    decided: int  # suggestions with at least one decision
    accepted: float  # share of decisions: accepted as is
    edited: float
    discarded: float
    edit_distance: float | None  # mean normalised character edit distance of edited drafts (0 = unchanged, 1 = rewritten)
    top_intents: tuple[tuple[str, int], ...]
    handoffs: int
    actions_confirmed: int
    unanswered: tuple[tuple[str, int], ...]  # customer questions the policy did not cover, merged when alike, with how often

    def as_dict(self) -> dict:
        """The figures as JSON-ready values."""
        return {k: (list(map(list, v)) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


class SuggestionLog:
    """Suggestions and the agents' decisions, in a SQL database."""

    def __init__(self, url: str = "sqlite://"):
        import sqlalchemy as sa

        self._sa = sa
        try:
            self._engine = sql_engine(url)
            self._t = _tables(sa)
            self._t["metadata"].create_all(self._engine)
        except sa.exc.SQLAlchemyError as exc:
            raise RecordsError(f"cannot open the suggestion log at {shown_url(url)} ({failure(exc)}); check support.records_url") from None

    def record(self, thread: Thread, suggestion: Suggestion, agent: str = "") -> int:
        """Store a suggestion as shown; its id for the decisions on it."""
        row = {
            "thread_id": thread.thread_id,
            "created_at": time.time(),
            "agent": agent,
            "intent": suggestion.intent.name,
            "handoff": suggestion.handoff.action == "handoff",
            "question": thread.last_customer_text,
            "answered": bool(suggestion.facts or suggestion.passages),
            "conversation": json.dumps([{"role": m.role, "text": m.text} for m in thread.messages], ensure_ascii=False),
            "suggestion": json.dumps(suggestion.as_dict(), ensure_ascii=False),
        }
        with self._engine.begin() as db:
            return db.execute(self._sa.insert(self._t["suggestions"]).values(**row)).inserted_primary_key[0]

    def decide(self, suggestion_id: int, draft: int, decision: str, text: str = "", reason: str = "") -> None:
        """The agent's decision on draft number `draft` (0-based): accepted, edited (with the text
        sent) or discarded (with an optional reason)."""
        if decision not in DECISIONS:
            raise ValueError(f"decision must be one of {', '.join(DECISIONS)}, got {decision!r}")
        drafts = self.suggestion(suggestion_id)["drafts"]
        if not 0 <= draft < len(drafts):
            raise ValueError(f"suggestion {suggestion_id} has drafts 0-{len(drafts) - 1}, not {draft}")
        if decision == "edited" and not text.strip():
            raise ValueError("an edited draft needs the text the agent sent")
        final = drafts[draft]["text"] if decision == "accepted" else text.strip() if decision == "edited" else ""
        row = {
            "suggestion_id": suggestion_id,
            "draft": draft,
            "decision": decision,
            "text": final,
            "reason": reason.strip(),
            "at": time.time(),
        }
        with self._engine.begin() as db:
            db.execute(self._sa.insert(self._t["decisions"]).values(**row))

    def confirm(self, suggestion_id: int, action: int) -> dict:
        """Record that the agent confirmed proposed action number `action`; the action as confirmed."""
        actions = self.suggestion(suggestion_id)["actions"]
        if not 0 <= action < len(actions):
            raise ValueError(f"suggestion {suggestion_id} proposes actions 0-{len(actions) - 1}, not {action}")
        if not actions[action]["ready"]:
            raise ValueError(f"{actions[action]['name']} is not allowed by the policy: its preconditions do not all hold")
        with self._engine.begin() as db:
            db.execute(
                self._sa.insert(self._t["confirmed"]).values(
                    suggestion_id=suggestion_id, action=json.dumps(actions[action]), at=time.time()
                )
            )
        return actions[action]

    def suggestion(self, suggestion_id: int) -> dict:
        """A stored suggestion as it was shown."""
        t = self._t["suggestions"]
        with self._engine.connect() as db:
            found = db.execute(self._sa.select(t.c.suggestion).where(t.c.id == suggestion_id)).scalar()
        if found is None:
            raise ValueError(f"no suggestion {suggestion_id} in the log")
        return json.loads(found)

    def training_examples(self, store: str) -> list[dict]:
        """Accepted and edited replies as chat examples: the prompt the model drafted from (facts,
        passages, the conversation), the reply the agent sent as the target."""
        from assistant.support.drafts import draft_messages  # the one rendering of the draft prompt

        sa, s, d = self._sa, self._t["suggestions"], self._t["decisions"]
        query = sa.select(s.c.id, s.c.conversation, s.c.suggestion, d.c.decision, d.c.text).join(d, d.c.suggestion_id == s.c.id)
        with self._engine.connect() as db:
            rows = db.execute(query.where(d.c.decision.in_(("accepted", "edited"))).order_by(d.c.at)).all()
        examples = []
        for sid, conversation, suggestion, decision, text in rows:
            data = json.loads(suggestion)
            messages = draft_messages(store, json.loads(conversation), data["facts"], data["passages"], data["missing"])
            examples.append(
                {"messages": [*messages, {"role": "assistant", "content": text}], "task": "support_draft"}
                | {"source": f"agent-{decision}", "group": f"suggestion-{sid}"}
            )
        return examples

    def analytics(self, unanswered_limit: int = 20) -> Analytics:
        """The figures over everything logged."""
        sa, s, d, c = self._sa, self._t["suggestions"], self._t["decisions"], self._t["confirmed"]
        with self._engine.connect() as db:
            suggestions = db.execute(sa.select(s.c.id, s.c.intent, s.c.handoff, s.c.question, s.c.answered, s.c.suggestion)).all()
            decisions = db.execute(sa.select(d.c.suggestion_id, d.c.draft, d.c.decision, d.c.text)).all()
            confirmed = db.execute(sa.select(sa.func.count()).select_from(c)).scalar_one()
        shown = {sid: json.loads(payload)["drafts"] for sid, *_, payload in suggestions}
        counts = Counter(row.decision for row in decisions)
        total = sum(counts.values())
        distances = [
            1 - SequenceMatcher(None, shown[row.suggestion_id][row.draft]["text"], row.text).ratio()
            for row in decisions
            if row.decision == "edited"
        ]
        questions = [q for _, intent, _, q, answered, _ in suggestions if not answered and intent in POLICY_INTENTS]
        return Analytics(
            suggestions=len(suggestions),
            decided=len({row.suggestion_id for row in decisions}),
            accepted=counts["accepted"] / total if total else 0.0,
            edited=counts["edited"] / total if total else 0.0,
            discarded=counts["discarded"] / total if total else 0.0,
            edit_distance=round(sum(distances) / len(distances), 3) if distances else None,
            top_intents=tuple(Counter(intent for _, intent, *_ in suggestions).most_common(5)),
            handoffs=sum(bool(h) for _, _, h, *_ in suggestions),
            actions_confirmed=confirmed,
            unanswered=tuple(merge_alike(questions)[:unanswered_limit]),
        )


def merge_alike(questions: list[str], alike: float = 0.6) -> list[tuple[str, int]]:
    """Questions grouped when their word sets overlap by `alike` (Jaccard) or more: the first wording of
    each group and its size, most asked first."""
    groups: list[tuple[str, set[str], int]] = []
    for q in questions:
        words = set(re.findall(r"[a-z0-9]+", q.lower())) - STOP
        for i, (first, seen, n) in enumerate(groups):
            if words and len(words & seen) / len(words | seen) >= alike:
                groups[i] = (first, seen | words, n + 1)
                break
        else:
            groups.append((" ".join(q.split()), words, 1))
    return sorted(((first, n) for first, _, n in groups), key=lambda g: -g[1])


STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "i",
        "my",
        "me",
        "you",
        "your",
        "is",
        "are",
        "do",
        "does",
        "can",
        "to",
        "for",
        "of",
        "on",
        "in",
        "it",
        "this",
        "that",
        "and",
        "or",
        "with",
        "be",
        "will",
        "please",
        "hi",
        "hello",
    ]
)


def _tables(sa) -> dict:
    m = sa.MetaData()
    text, real = sa.Text, sa.Float
    suggestions = sa.Table(
        "suggestions",
        m,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("thread_id", sa.String, nullable=False, index=True),
        sa.Column("created_at", real, nullable=False),
        sa.Column("agent", sa.String, nullable=False),
        sa.Column("intent", sa.String, nullable=False),
        sa.Column("handoff", sa.Boolean, nullable=False),
        sa.Column("question", text, nullable=False),
        sa.Column("answered", sa.Boolean, nullable=False),  # facts or policy passages were found for it
        sa.Column("conversation", text, nullable=False),
        sa.Column("suggestion", text, nullable=False),
    )
    decisions = sa.Table(
        "decisions",
        m,
        sa.Column("suggestion_id", sa.Integer, sa.ForeignKey("suggestions.id"), nullable=False, index=True),
        sa.Column("draft", sa.Integer, nullable=False),
        sa.Column("decision", sa.String, nullable=False),
        sa.Column("text", text, nullable=False),
        sa.Column("reason", text, nullable=False),
        sa.Column("at", real, nullable=False),
    )
    confirmed = sa.Table(
        "confirmed_actions",
        m,
        sa.Column("suggestion_id", sa.Integer, sa.ForeignKey("suggestions.id"), nullable=False, index=True),
        sa.Column("action", text, nullable=False),
        sa.Column("at", real, nullable=False),
    )
    return {"metadata": m, "suggestions": suggestions, "decisions": decisions, "confirmed": confirmed}
