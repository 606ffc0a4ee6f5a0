"""The Shop tab: streamed chat, product cards from records, feedback, "Why this?", the profile panel.

`ShopCallbacks` holds the callbacks as plain methods (tests call them with fakes, no server);
`build_shop_tab` lays out the components and wires them. Per-browser state is a `Session` in
`gr.State`; the `Assistant` (and so the model) is shared by every session.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import gradio as gr

from assistant.answer import Answer
from assistant.conversation import Session
from assistant.pipeline import Assistant
from assistant.profiles import ProfileError, UserProfile, check_user_id
from assistant.render import answer_markdown, card_html, escape_markdown, notice_markdown
from retrieval.catalog import CONTROL
from retrieval.money import MAX_AMOUNT, MoneyError, cell_amount, quoted
from ui.auth import Gate
from ui.errors import UserFacingError, friendly, log_failure

ANONYMOUS = "anonymous"
EXPORT_PREFIX = "shopassist-export-"  # temp folders of profile exports, found again by name when the profile is deleted
FOLLOW_UPS = 3
EVENTS = {"Like": "thumbs_up", "Dislike": "thumbs_down", "Not for me": "not_for_me"}
MAX_BOX_CHARS = 500  # one preference box (liked brands, sizes, …)


class ShopCallbacks:
    """What the Shop tab does, as plain methods of (inputs, session) -> outputs."""

    def __init__(
        self,
        assistant: Assistant,
        demo_users: tuple[str, ...] = (),
        assistant_for: Callable[[str], Assistant] | None = None,
        gate: Gate | None = None,
    ):
        self.assistant = assistant  # the configured catalog's; profiles are shared by all catalogs
        self.demo_users = demo_users
        self.gate = gate or Gate()  # open: any demo shopper may be picked; else the signed-in account's profile only
        self._assistant_for = assistant_for
        self._assistants: dict[str, Assistant] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()  # guards the two dicts; building holds only the catalog's own lock

    def assistant_of(self, session: Session) -> Assistant:
        """The assistant of the catalog the session shops (built once per catalog, then shared)."""
        name = session.catalog
        if not name or self._assistant_for is None:
            return self.assistant
        with self._lock:
            if name in self._assistants:
                return self._assistants[name]
            lock = self._locks.setdefault(name, threading.Lock())
        with lock:  # one build per catalog; sessions of other catalogs go on
            with self._lock:
                if name in self._assistants:
                    return self._assistants[name]
            built = self._assistant_for(name)
            with self._lock:
                self._assistants[name] = built
            return built

    def forget(self, name: str) -> None:
        """Drop the cached assistant of a catalog that was just re-indexed; its next session reloads it."""
        with self._lock:
            self._assistants.pop(name, None)

    def use_catalog(self, name: str, default: str, session: Session) -> tuple:
        """Shop another indexed catalog in this session; the conversation starts over. If that
        catalog cannot be opened, the session and the picker stay where they were."""
        fresh = Session(session.user_id, session.personalization_weight, session.exploration_share, catalog="" if name == default else name)
        try:
            assistant = self.assistant_of(fresh)
        except Exception as exc:  # noqa: BLE001 - the boundary: logged, shown as one sentence, the picker put back
            return (
                f"Could not open catalog '{name}': {log_failure(f'opening catalog {name}', exc)}",
                session,
                gr.skip(),
                gr.skip(),
                gr.skip(),
                *[gr.skip()] * FOLLOW_UPS,
                gr.update(value=session.catalog or default),
            )
        status = f"Now shopping **{assistant.store_name}** ({len(assistant.catalog)} products)."
        status += f" **Warning:** {assistant.warning}" if assistant.warning else ""
        return (status, fresh, [], "", (), *[gr.update(visible=False)] * FOLLOW_UPS, gr.update(value=name))

    @friendly
    def send(self, message: str, history: list[dict], session: Session) -> Iterator[tuple]:
        """Stream the reply into the chat, then show the grounded answer, cards and follow-ups."""
        message = (message or "").strip()
        if not message:
            raise UserFacingError("Type what you are looking for first.")
        before = list(history)
        history = [*history, {"role": "user", "content": escape_markdown(message)}, {"role": "assistant", "content": ""}]
        draft = ""
        try:
            for item in self.assistant_of(session).respond(session, message):
                if isinstance(item, Answer):
                    history[-1] = {"role": "assistant", "content": answer_markdown(item)}
                    yield (list(history), "", notice_markdown(item), item.products, *self._follow_ups(item), session)
                else:
                    draft += item
                    history[-1] = {"role": "assistant", "content": escape_markdown(draft)}
                    yield (list(history), "", "", gr.skip(), *([gr.skip()] * FOLLOW_UPS), session)
        except Exception:  # re-raised below (and translated by @friendly) once the draft is off the screen
            # the unchecked draft must not stay on screen, and the shopper's message is given back
            yield (before, message, "", gr.skip(), *([gr.skip()] * FOLLOW_UPS), session)
            raise

    @friendly
    def feedback(self, product_id: str, label: str, session: Session) -> tuple[str, dict, Session]:
        """Record thumbs up / down / "not for me" on a card; returns a status line and the new profile view."""
        user = self.assistant_of(session).feedback(session, product_id, EVENTS[label])
        return f"Noted: {label} on {product_id} (saved to profile `{user}`).", self.profile_view(session), session

    @friendly
    def rate_answer(self, liked: bool, index: int, session: Session) -> tuple[str, dict, Session]:
        """Answer-level thumbs up/down (the chat's like buttons): applied to the products that answer showed as fitting."""
        turn = _turn_of_message(session, index)
        if turn is None or not turn.answer.products:
            return "Thanks for the feedback.", self.profile_view(session), session
        event = "thumbs_up" if liked else "thumbs_down"
        for product in turn.answer.products:
            if product.fits_constraints:
                self.assistant_of(session).feedback(session, product.id, event)
        return (
            f"Noted: thumbs {'up' if liked else 'down'} on that answer's products (profile `{session.user_id}`).",
            self.profile_view(session),
            session,
        )

    def profile_view(self, session: Session) -> dict:
        """Everything stored about the session's shopper (empty when anonymous)."""
        if session.user_id is None or self.assistant.profiles is None:
            return {"user": ANONYMOUS, "profile": None, "signals": []}
        return {"user": session.user_id, **self.assistant.profiles.export(session.user_id)}

    def sign_in(self, request: gr.Request) -> tuple:
        """Bind the page's account to its session (on load, with accounts): its profile is the only one it reaches."""
        account = self.gate.account(request)
        fresh = Session(
            check_user_id(account.name), self.assistant.settings.personalization_weight, self.assistant.settings.exploration_share
        )
        shown = gr.update(choices=[account.name], value=account.name, interactive=False, label=f"Signed in as {account.name}")
        return (fresh, [], "", (), *self._fields(fresh), self.profile_view(fresh), *[gr.update(visible=False)] * FOLLOW_UPS, shown)

    @friendly
    def select_user(self, user: str, session: Session) -> tuple:
        """Switch the session to a demo shopper or anonymous; the conversation starts over."""
        if not self.gate.open:
            raise UserFacingError(f"You are signed in as {session.user_id}: your own profile is the only one shown.")
        fresh = Session(
            None if user == ANONYMOUS else user, session.personalization_weight, session.exploration_share, catalog=session.catalog
        )
        return (fresh, [], "", (), *self._fields(fresh), self.profile_view(fresh), *[gr.update(visible=False)] * FOLLOW_UPS)

    @friendly
    def save_profile(
        self, liked: str, disliked: str, categories: str, budget: str, sizes: str, session: Session
    ) -> tuple[str, dict, Session]:
        """Store the edited preferences (creates the profile of an anonymous session)."""
        if self.assistant.profiles is None:
            raise UserFacingError("No profile store is configured.")
        session.ensure_user_id()
        old = self.assistant.profiles.get(session.user_id) or UserProfile(session.user_id)
        boxes = {"liked brands": liked, "disliked brands": disliked, "categories": categories, "sizes": sizes}
        try:
            for name, text in boxes.items():  # their words go into the prompt of every later turn: a huge box would end them all
                if len(text or "") > MAX_BOX_CHARS:
                    raise ProfileError(f"the {name} box holds {len(text):,} characters; keep it under {MAX_BOX_CHARS}")
            pairs = [p.split("=", 1) for p in _items(sizes)]
            if any(len(p) != 2 or not p[0].strip() or not p[1].strip() for p in pairs):
                raise ProfileError('sizes look like "shoes=10, clothing=M"')
            profile = UserProfile(
                session.user_id,
                old.display_name,
                tuple(sorted((k.strip(), v.strip()) for k, v in pairs)),
                tuple(_items(liked)),
                tuple(_items(disliked)),
                tuple(_items(categories)),
                _budget(budget),
                old.currency,
            )
        except ProfileError as exc:
            raise UserFacingError(f"Profile not saved: {exc}") from None
        self.assistant.profiles.put(profile)
        return "Preferences saved.", self.profile_view(session), session

    @friendly
    def export_profile(self, session: Session) -> str:
        """A JSON file with everything stored about the shopper (removed again when the profile is deleted)."""
        name = check_user_id(session.user_id) if session.user_id else ANONYMOUS
        path = Path(tempfile.mkdtemp(prefix=EXPORT_PREFIX)) / f"profile-{name}.json"
        path.write_text(json.dumps(self.profile_view(session), indent=2, ensure_ascii=False), encoding="utf-8")
        return str(path)

    @friendly
    def delete_profile(self, session: Session) -> tuple:
        """Forget the shopper everywhere: profile, signals, and every export file of it (ours and Gradio's copy)."""
        if session.user_id is not None and self.assistant.profiles is not None:
            self.assistant.profiles.delete(session.user_id)
        if session.user_id is not None:
            self._forget_exports(session.user_id)
        if not self.gate.open:  # still signed in, now with an empty profile
            fresh = Session(session.user_id, session.personalization_weight, session.exploration_share, catalog=session.catalog)
            rest = (fresh, [], "", (), *self._fields(fresh), self.profile_view(fresh), *[gr.update(visible=False)] * FOLLOW_UPS)
            return ("Profile deleted: nothing is stored about you now.", gr.skip(), *rest)
        return ("Profile deleted. You are now anonymous.", gr.update(value=ANONYMOUS), *self.select_user(ANONYMOUS, session))

    def transcript(self, session: Session) -> list[dict]:
        """The chat as the session recorded it: each turn's message and its grounded answer. Run after
        every send, so the last message on screen is the checked answer even if a streamed update of
        the draft reached the browser late (seen in 1 of 12 concurrent turns)."""
        return [
            m
            for t in session.turns
            for m in ({"role": "user", "content": escape_markdown(t.text)}, {"role": "assistant", "content": answer_markdown(t.answer)})
        ]

    @staticmethod
    def _forget_exports(user_id: str) -> None:
        """Delete the export files written for `user_id` (also by an earlier run of the app), and the
        copies Gradio made of them for download."""
        for path in Path(tempfile.gettempdir()).glob(f"{EXPORT_PREFIX}*/profile-{user_id}.json"):
            shutil.rmtree(path.parent, ignore_errors=True)
        gradio_cache = Path(os.environ.get("GRADIO_TEMP_DIR") or Path(tempfile.gettempdir()) / "gradio")
        for copy in gradio_cache.glob(f"*/profile-{user_id}.json") if gradio_cache.is_dir() else ():
            copy.unlink(missing_ok=True)

    def set_sliders(self, weight: float, share: float, session: Session) -> Session:
        """Per-session personalization weight and exploration share."""
        session.personalization_weight, session.exploration_share = float(weight), float(share)
        return session

    def _fields(self, session: Session) -> tuple:
        profile = None if session.user_id is None or self.assistant.profiles is None else self.assistant.profiles.get(session.user_id)
        if profile is None:
            return "", "", "", "", ""
        budget = "" if profile.budget_max is None else f"{profile.budget_max:g}"
        return (
            ", ".join(profile.liked_brands),
            ", ".join(profile.disliked_brands),
            ", ".join(profile.categories),
            budget,
            ", ".join(f"{k}={v}" for k, v in profile.sizes),
        )

    @staticmethod
    def _follow_ups(answer: Answer) -> list:
        texts = list(answer.follow_ups[:FOLLOW_UPS])
        return [gr.update(value=t, visible=True) for t in texts] + [gr.update(visible=False)] * (FOLLOW_UPS - len(texts))


def _budget(text: str | float | None) -> float | None:
    """The usual-budget box: empty means none; otherwise an amount >= 0 ("150", "150.50", "$150", "150,50 €")."""
    text = str(text if text is not None else "").strip()
    if not text:
        return None
    try:
        value = cell_amount(text).value
    except MoneyError:
        raise ProfileError(f"the usual budget must be a number like 150, got {quoted(text)}") from None
    if not 0 <= value <= MAX_AMOUNT:
        raise ProfileError(f"the usual budget must be a number from 0 to {MAX_AMOUNT:,.0f}, got {quoted(text)}")
    return value


def _items(text: str) -> list[str]:
    """A box's comma-separated entries; control characters and bidi overrides are no part of a name."""
    return [t for t in (" ".join(CONTROL.sub(" ", part).split()) for part in (text or "").split(",")) if t]


def _turn_of_message(session: Session, index: int):
    """The turn whose answer is chat message `index` (user and assistant messages alternate)."""
    turn = (index - 1) // 2 if isinstance(index, int) else -1
    return session.turns[turn] if 0 <= turn < len(session.turns) else None


def build_shop_tab(callbacks: ShopCallbacks, catalogs: list[str], default: str, app: gr.Blocks | None = None) -> gr.Dropdown:
    """Lay out the Shop tab inside the current `gr.Blocks` and wire it to `callbacks`; returns the
    catalog picker, so the Catalog tab can offer a freshly indexed catalog. With accounts, the page's
    account is bound to the session on load (`app`)."""
    session = gr.State(Session())
    with gr.Row():
        with gr.Column(scale=3):
            chat = gr.Chatbot(label="Assistant", height=420, elem_id="chat", feedback_options=("Like", "Dislike"))
            notice = gr.Markdown(elem_id="notice")
            with gr.Row():
                box = gr.Textbox(placeholder="e.g. wireless headphones under $100", show_label=False, scale=5, elem_id="message")
                send = gr.Button("Send", variant="primary", scale=1, elem_id="send")
            with gr.Row():
                follow = [gr.Button(visible=False, size="sm", elem_classes=["sa-follow"]) for _ in range(FOLLOW_UPS)]
            shown = gr.State(())  # the ShownProducts of the latest answer: one card each
            status = gr.Markdown(elem_id="status")
            cards_area = gr.Column(elem_id="cards")
        with gr.Column(scale=2):
            catalog = gr.Dropdown(catalogs, value=default, label="Catalog", elem_id="catalog-picker")
            with gr.Accordion("My profile", open=True):
                user = gr.Dropdown([ANONYMOUS, *callbacks.demo_users], value=ANONYMOUS, label="Shopper", elem_id="user")
                weight = gr.Slider(0, 2, value=callbacks.assistant.settings.personalization_weight, step=0.1, label="Personalization")
                share = gr.Slider(0, 1, value=callbacks.assistant.settings.exploration_share, step=0.25, label="Exploration")
                liked = gr.Textbox(label="Liked brands (comma-separated)")
                disliked = gr.Textbox(label="Disliked brands")
                categories = gr.Textbox(label="Categories I shop for")
                budget = gr.Textbox(label="Usual budget (max, empty = none)", placeholder="e.g. 150", elem_id="budget")
                sizes = gr.Textbox(label='Sizes, e.g. "shoes=10, clothing=M"')
                with gr.Row():
                    save = gr.Button("Save preferences", size="sm")
                    export = gr.DownloadButton("Export", size="sm")
                    delete = gr.Button("Delete my profile", variant="stop", size="sm", elem_id="delete-profile")
                view = gr.JSON(callbacks.profile_view(Session()), label="Stored about me", elem_id="profile-json")

    fields = [liked, disliked, categories, budget, sizes]
    with cards_area:

        @gr.render(inputs=[shown])
        def render_cards(products):
            """One card per product, rendered from the record, with its own feedback buttons."""
            with gr.Row(equal_height=True, elem_classes=["sa-card-row"]):
                for position, product in enumerate(products, 1):
                    with gr.Column(min_width=220, elem_classes=["sa-card-column"]):
                        gr.HTML(card_html(product, position))
                        with gr.Row(elem_classes=["sa-feedback"]):
                            for label, event in EVENTS.items():
                                button = gr.Button(label, size="sm", min_width=0, elem_classes=[f"fb-{event}"])
                                button.click(
                                    lambda s, pid=product.id, label=label: callbacks.feedback(pid, label, s),
                                    [session],
                                    [status, view, session],
                                )

    outputs = [chat, box, notice, shown, *follow, session]
    send.click(callbacks.send, [box, chat, session], outputs).then(callbacks.transcript, [session], [chat])
    box.submit(callbacks.send, [box, chat, session], outputs).then(callbacks.transcript, [session], [chat])
    for button in follow:
        button.click(callbacks.send, [button, chat, session], outputs).then(callbacks.transcript, [session], [chat])

    def on_like(data: gr.LikeData, s: Session):
        index = data.index if isinstance(data.index, int) else data.index[0]
        return callbacks.rate_answer(bool(data.liked), index, s)

    chat.like(on_like, [session], [status, view, session])
    user.change(callbacks.select_user, [user, session], [session, chat, notice, shown, *fields, view, *follow])
    weight.change(callbacks.set_sliders, [weight, share, session], [session])
    share.change(callbacks.set_sliders, [weight, share, session], [session])
    save.click(callbacks.save_profile, [*fields, session], [status, view, session])
    export.click(callbacks.export_profile, [session], [export])
    catalog.input(
        lambda name, s: callbacks.use_catalog(name, default, s),
        [catalog, session],
        [status, session, chat, notice, shown, *follow, catalog],
    )
    delete.click(callbacks.delete_profile, [session], [status, user, session, chat, notice, shown, *fields, view, *follow])
    if app is not None and not callbacks.gate.open:
        app.load(callbacks.sign_in, None, [session, chat, notice, shown, *fields, view, *follow, user])
    return catalog
