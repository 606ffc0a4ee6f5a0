"""The Agent tab: a customer-service agent's queue, the customer's thread, suggested drafts with what
they rely on, Accept / Edit-then-send / Discard, tone buttons and a grammar fix, the hand-off banner,
and proposed actions with Confirm. Every suggestion and decision goes to the suggestion log.

`AgentCallbacks` holds the callbacks as plain methods (tests call them without a server);
`build_agent_tab` lays out the components and wires them. Per-browser state is an `AgentState`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

import gradio as gr

from assistant.render import escape_markdown
from assistant.support.assist import Suggestion, SupportAssistant
from assistant.support.records import SuggestionLog
from assistant.support.thread import Message, Thread, ThreadError, read_thread, thread_from_dict
from assistant.support.tone import TONES, fix_grammar, rewrite
from runtime.base import Generator
from ui.auth import Gate
from ui.errors import UserFacingError, friendly

DRAFTS = 3  # draft slots on the page
ACTIONS = 2  # action slots


@dataclass
class AgentState:
    thread: Thread | None = None
    suggestion: Suggestion | None = None
    suggestion_id: int | None = None
    sent: tuple[int, ...] = ()  # drafts already decided on
    agent: str = ""  # the signed-in agent, bound when the page loads (app.auth "users" or "header")


def read_queue(path: Path) -> list[Thread]:
    """The demo conversations (JSONL: id, subject, messages, verified_email), subject kept in the id's label."""
    threads = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            data = json.loads(line)
            thread = thread_from_dict(data, f"line {number}")
            threads.append(replace(thread, thread_id=f"{thread.thread_id} · {data.get('subject', '')}".strip(" ·")))
    return threads


class AgentCallbacks:
    """What the Agent tab does, as plain methods of (inputs, state) -> outputs."""

    def __init__(
        self,
        support: SupportAssistant,
        log: SuggestionLog,
        queue: list[Thread],
        tone_model: Generator | None = None,
        gate: Gate | None = None,
    ):
        self.support, self.log, self.queue, self.tone_model = support, log, {t.thread_id: t for t in queue}, tone_model
        self.gate = gate or Gate()

    def sign_in(self, request: gr.Request) -> tuple:
        """Bind the page's account to its state (on load): only an agent account may use the tab."""
        account = self.gate.account(request)
        agent = account.name if account.role == "agent" else ""
        return AgentState(agent=agent), gr.update(visible=bool(agent))

    def _check(self, state: AgentState | None) -> None:
        if not self.gate.open and (state is None or not state.agent):
            raise UserFacingError("The Agent tab needs an agent account.")

    @friendly
    def open(self, thread_id: str, state: AgentState) -> tuple:
        """Show a queued conversation (no suggestion yet)."""
        self._check(state)
        if thread_id not in self.queue:
            raise UserFacingError("Pick a conversation from the queue.")
        return self._show(AgentState(self.queue[thread_id], agent=state.agent), f"Opened {thread_id}.")

    @friendly
    def paste(self, text: str, state: AgentState) -> tuple:
        """A pasted conversation: JSON, or "Customer: …" / "Agent: …" lines, or one customer message."""
        self._check(state)
        try:
            thread = read_thread(text or "", thread_id="pasted")
        except ThreadError as exc:
            raise UserFacingError(f"Could not read that conversation: {exc}") from None
        return self._show(AgentState(thread, agent=state.agent), "Pasted conversation opened.")

    @friendly
    def customer_replied(self, text: str, state: AgentState) -> tuple:
        """Add the customer's next message to the open conversation, then suggest again."""
        self._check(state)
        if state.thread is None:
            raise UserFacingError("Open a conversation first.")
        if not (text or "").strip():
            raise UserFacingError("Type the customer's message first.")
        thread = replace(state.thread, messages=(*state.thread.messages, Message("customer", text.strip())))
        return self.suggest(AgentState(thread, agent=state.agent))

    @friendly
    def suggest(self, state: AgentState) -> tuple:
        """Suggestions for the open conversation, logged as shown."""
        self._check(state)
        if state.thread is None:
            raise UserFacingError("Open a conversation from the queue, or paste one, first.")
        suggestion = self.support.suggest(state.thread)
        fresh = AgentState(state.thread, suggestion, self.log.record(state.thread, suggestion, agent=state.agent), agent=state.agent)
        timing = sum(seconds for _, seconds in suggestion.timings)
        return self._show(fresh, f"{len(suggestion.drafts)} draft(s) in {timing:.1f} s.")

    @friendly
    def send(self, index: int, text: str, state: AgentState) -> tuple:
        """Send draft `index` as it stands in its box: "accepted" when unchanged, "edited" otherwise."""
        self._check(state)
        suggestion = self._suggestion(state, index)
        original = suggestion.drafts[index].text
        final = (text or "").strip()
        if not final:
            raise UserFacingError("The reply is empty: edit it or discard the draft.")
        decision = "accepted" if final == original else "edited"
        self.log.decide(state.suggestion_id, index, decision, final if decision == "edited" else "")
        thread = replace(state.thread, messages=(*state.thread.messages, Message("agent", final)))
        sent = AgentState(thread, suggestion, state.suggestion_id, (*state.sent, index), agent=state.agent)
        return self._show(sent, f"Sent draft {index + 1} ({decision}).")

    @friendly
    def discard(self, index: int, reason: str, state: AgentState) -> tuple[str, AgentState]:
        """Discard draft `index`, with an optional reason."""
        self._check(state)
        self._suggestion(state, index)
        self.log.decide(state.suggestion_id, index, "discarded", reason=reason or "")
        state.sent = (*state.sent, index)
        return f"Discarded draft {index + 1}" + (f" ({reason.strip()})." if (reason or "").strip() else "."), state

    @friendly
    def tone(self, tone: str, text: str, state: AgentState | None = None) -> tuple[str, str]:
        """The draft's text in another tone (facts unchanged) and a note."""
        self._check(state)
        if not (text or "").strip():
            raise UserFacingError("There is no text to rewrite.")
        return rewrite(text, tone, self.tone_model)

    @friendly
    def grammar(self, text: str, state: AgentState | None = None) -> tuple[str, str]:
        """The agent's text with spacing, capitals, punctuation and common misspellings fixed."""
        self._check(state)
        return fix_grammar(text or ""), "Grammar fixed."

    @friendly
    def confirm(self, index: int, state: AgentState) -> str:
        """Confirm proposed action `index`: recorded for the order system; the model never executes it."""
        self._check(state)
        if state.suggestion is None or state.suggestion_id is None or index >= len(state.suggestion.actions):
            raise UserFacingError("There is no such proposed action.")
        try:
            action = self.log.confirm(state.suggestion_id, index)
        except ValueError as exc:
            raise UserFacingError(str(exc)) from None
        return f"Confirmed: {action['name']} {action['arguments']} (recorded; carry it out in the order system)."

    def _suggestion(self, state: AgentState, index: int) -> Suggestion:
        if state.suggestion is None or state.suggestion_id is None or index >= len(state.suggestion.drafts):
            raise UserFacingError("There is no such draft: ask for suggestions first.")
        if index in state.sent:
            raise UserFacingError(f"Draft {index + 1} was already sent or discarded.")
        return state.suggestion

    def _show(self, state: AgentState, status: str) -> tuple:
        """Every output of the tab for a state: thread, banner, overview, drafts, actions, status, state."""
        s = state.suggestion
        drafts = list(s.drafts) if s else []
        slots = []
        for i in range(DRAFTS):
            live = i < len(drafts) and i not in state.sent
            d = drafts[i] if i < len(drafts) else None
            label = f"**Draft {i + 1}** · {'from the records' if d and d.kind == 'facts' else 'by the model, checked'}" if d else ""
            slots += [
                gr.update(visible=live),
                label,
                d.text if d else "",
                sources_markdown(s, d) if d else "",
            ]
        actions = list(s.actions) if s else []
        buttons = [gr.update(visible=i < len(actions) and actions[i].ready) for i in range(ACTIONS)]
        return (
            thread_markdown(state.thread),
            handoff_markdown(s),
            overview_markdown(s),
            *slots,
            actions_markdown(s),
            *buttons,
            status,
            state,
        )


def thread_markdown(thread: Thread | None) -> str:
    """The conversation, customer and agent turns labelled, text escaped."""
    if thread is None:
        return "_No conversation open._"
    head = f"**{escape_markdown(thread.thread_id)}**" + (
        f" · verified {escape_markdown(thread.verified_email)}" if thread.verified_email else ""
    )
    turns = [f"**{'Customer' if m.role == 'customer' else 'Agent'}:** {escape_markdown(m.text)}" for m in thread.messages]
    return "\n\n".join([head, *turns])


def handoff_markdown(s: Suggestion | None) -> str:
    """The hand-off banner: empty unless the conversation should go to a person."""
    if s is None or s.handoff.action != "handoff":
        return ""
    return f"### ⚠ Hand off to a person — {s.handoff.reason.replace('_', ' ')}\n{escape_markdown(s.handoff.detail)}"


def overview_markdown(s: Suggestion | None) -> str:
    """Intent with its confidence, what is missing, and the summary for the next agent."""
    if s is None:
        return ""
    lines = [f"**Intent:** {s.intent.name.replace('_', ' ')} ({s.intent.confidence:.0%})"]
    lines += [f"**Missing:** {escape_markdown(m)}" for m in s.missing]
    lines += [f"_Not shown: {escape_markdown(why)}_" for why in s.dropped]
    lines += ["**Summary for the next agent:**", *(f"- {escape_markdown(line)}" for line in s.summary)]
    return "\n\n".join(lines)


def sources_markdown(s: Suggestion, draft) -> str:
    """The facts and passages a draft relies on, with the tool call behind each fact."""
    facts = {f.label: f for f in s.facts}
    passages = {f"P{i}": p for i, p in enumerate(s.passages, 1)}
    lines = [f"- **{label}** {escape_markdown(facts[label].text)} · `{facts[label].tool}`" for label in draft.facts if label in facts]
    lines += [
        f"- **{label}** ({escape_markdown(passages[label].section)}) {escape_markdown(passages[label].text)}"
        for label in draft.passages
        if label in passages
    ]
    lines += [f"- _repaired:_ {escape_markdown(r.detail)}" for r in draft.repairs]
    return "\n".join(lines) or "_Relies on no order fact or policy passage._"


def actions_markdown(s: Suggestion | None) -> str:
    """Proposed actions with each precondition ticked or not."""
    if s is None or not s.actions:
        return ""
    blocks = []
    for n, a in enumerate(s.actions, 1):
        checks = "\n".join(f"  - {'**holds**' if ok else '**fails**'}: {escape_markdown(text)}" for text, ok in a.preconditions)
        state = "ready to confirm" if a.ready else "not allowed by the policy"
        blocks.append(f"{n}. **{a.name.replace('_', ' ')}** `{dict(a.arguments)}` — {state} ({escape_markdown(a.section)})\n{checks}")
    return "**Proposed actions** (confirming records them; nothing is executed by the model)\n\n" + "\n".join(blocks)


def build_agent_tab(callbacks: AgentCallbacks, app: gr.Blocks | None = None, tab: gr.Tab | None = None) -> None:
    """Lay out the Agent tab inside the current `gr.Blocks` and wire it to `callbacks`; with accounts,
    the page's account is bound on load and the tab shown to agents only."""
    state = gr.State(AgentState())
    with gr.Row():
        with gr.Column(scale=1):
            queue = gr.Radio(list(callbacks.queue), label="Queue", elem_id="agent-queue")
            pasted = gr.Textbox(
                label="Or paste a conversation", lines=5, placeholder="Customer: where is my order ORD-10168?", elem_id="agent-paste"
            )
            use = gr.Button("Open pasted", size="sm", elem_id="agent-open-pasted")
            overview = gr.Markdown(elem_id="agent-overview")
        with gr.Column(scale=3):
            thread = gr.Markdown("_No conversation open._", elem_id="agent-thread")
            banner = gr.Markdown(elem_id="agent-handoff")
            suggest = gr.Button("Suggest replies", variant="primary", elem_id="agent-suggest")
            slots = []
            for i in range(DRAFTS):
                with gr.Group(visible=False, elem_id=f"draft-{i}") as group:
                    label = gr.Markdown()
                    text = gr.Textbox(show_label=False, lines=4, elem_id=f"draft-{i}-text")
                    with gr.Accordion("What it relies on", open=False):
                        sources = gr.Markdown(elem_id=f"draft-{i}-sources")
                    with gr.Row():
                        send = gr.Button("Send", variant="primary", size="sm", elem_id=f"draft-{i}-send")
                        discard = gr.Button("Discard", size="sm", elem_id=f"draft-{i}-discard")
                        reason = gr.Textbox(placeholder="why discard (optional)", show_label=False, scale=2, elem_id=f"draft-{i}-reason")
                    with gr.Row():
                        tones = [gr.Button(tone, size="sm", min_width=0, elem_id=f"draft-{i}-{tone}") for tone in TONES]
                        grammar = gr.Button("fix grammar", size="sm", min_width=0, elem_id=f"draft-{i}-grammar")
                slots.append((group, label, text, sources, send, discard, reason, tones, grammar))
            actions = gr.Markdown(elem_id="agent-actions")
            with gr.Row():
                confirms = [
                    gr.Button(f"Confirm action {n + 1}", visible=False, size="sm", elem_id=f"agent-confirm-{n}") for n in range(ACTIONS)
                ]
            with gr.Row():
                reply = gr.Textbox(placeholder="the customer's next message", show_label=False, scale=4, elem_id="agent-customer-next")
                add = gr.Button("Add and suggest", size="sm", elem_id="agent-add")
            status = gr.Markdown(elem_id="agent-status")

    outputs = [thread, banner, overview, *[c for slot in slots for c in slot[:4]], actions, *confirms, status, state]
    queue.input(callbacks.open, [queue, state], outputs)
    use.click(callbacks.paste, [pasted, state], outputs)
    suggest.click(callbacks.suggest, [state], outputs)
    add.click(callbacks.customer_replied, [reply, state], outputs).then(lambda: "", None, [reply])
    for i, (_, _, text, _, send, discard, reason, tones, grammar) in enumerate(slots):
        send.click(lambda t, s, i=i: callbacks.send(i, t, s), [text, state], outputs)
        discard.click(lambda r, s, i=i: callbacks.discard(i, r, s), [reason, state], [status, state]).then(
            lambda: gr.update(visible=False), None, [slots[i][0]]
        )
        for tone, button in zip(TONES, tones, strict=True):
            button.click(lambda t, s, tone=tone: callbacks.tone(tone, t, s), [text, state], [text, status])
        grammar.click(callbacks.grammar, [text, state], [text, status])
    for n, button in enumerate(confirms):
        button.click(lambda s, n=n: callbacks.confirm(n, s), [state], [status])
    if app is not None and not callbacks.gate.open:
        app.load(callbacks.sign_in, None, [state, tab if tab is not None else status])
