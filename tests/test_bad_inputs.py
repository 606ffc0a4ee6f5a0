"""The "bad input, nothing lost" corpus: catalog files that are malformed, huge, binary or wrongly
encoded, duplicate ids, prices in every bad form, formula cells, hostile chat turns and profile
fields. One table per family, a named row per case with the outcome it must have: an error that
says where and what to fix, or a safe answer (only catalog products, everything shown escaped).
Every input is built here in code, so the repository holds no binaries; for every rejected one
the store and the profiles are compared, as a hash, before and after.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import io
import json
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from assistant.conversation import Session
from assistant.render import answer_markdown, card_html, escape_markdown, listing
from retrieval.catalog import CONTROL, load_catalog
from retrieval.catalog_files import CatalogError
from retrieval.mapping import load_mapping
from tests.fakes import HashEmbedder
from tests.test_pipeline import make, parts  # noqa: F401 - `parts` is a fixture
from ui.errors import UNEXPECTED, UserFacingError
from ui.shop import ShopCallbacks

HEADER = "id,title,price,currency,brand\n"
BASE = (
    ("p1", "Trail running shoe", "59.99", "Stridewell"),
    ("p2", "Ceramic coffee mug", "12.50", "Hearth"),
    ("p3", "Wireless headphones", "89.00", "Tono"),
)


def line(product_id: str, title: str, price: str, currency: str = "USD", brand: str = "Hearth") -> str:
    return f'{product_id},{title},"{price}",{currency},{brand}\n'


def base_csv(p2: str | None = None, decimal_comma: bool = False) -> str:
    """The corpus catalog, with p2's line replaced by `p2` when given (the bad row is an update of p2)."""
    rows = [line(i, t, p.replace(".", ",") if decimal_comma else p, "USD", b) for i, t, p, b in BASE]
    return HEADER + "".join(p2 if p2 is not None and row.startswith("p2,") else row for row in rows)


def jsonl(p2: str | None = None) -> str:
    rows = [json.dumps({"id": i, "title": t, "price": p, "currency": "USD", "brand": b}) for i, t, p, b in BASE]
    return "\n".join(p2 if p2 is not None and i == 1 else row for i, row in enumerate(rows)) + "\n"


def png() -> bytes:
    """A 1x1 PNG image, chunk by chunk."""
    chunks = ((b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)), (b"IDAT", zlib.compress(b"\x00\xff\x00\x00")), (b"IEND", b""))
    return b"\x89PNG\r\n\x1a\n" + b"".join(struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d)) for t, d in chunks)


def zipped() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("catalog.csv", base_csv())
    return buffer.getvalue()


def write_mapping(folder: Path, decimal_comma: bool = False) -> Path:
    path = folder / "mapping.toml"
    fields = "\n".join(f'{f} = "{f}"' for f in ("id", "title", "price", "currency", "brand"))
    path.write_text(f'[source]\ncurrency = "USD"\ndecimal_comma = {str(decimal_comma).lower()}\n[fields]\n{fields}\n', encoding="utf-8")
    return path


BIG = HEADER + "".join(line(f"x{i}", f"Mug number {i}", f"{i}.99") for i in range(300))


class Store:
    """One catalog of the corpus in a real Chroma store (fake embedder): index files, read back what is stored."""

    def __init__(self, root: Path, client, tmp_path: Path):
        self.root, self.client, self.name, self.embedder = root, client, tmp_path.name, HashEmbedder()  # one catalog per test
        self.mapping = write_mapping(tmp_path)

    def config(self, paths: list[Path]):
        from assistant.config import load_config

        options = {"paths.data_dir": str(self.root), "catalog.paths": [str(p) for p in paths], "catalog.mapping": str(self.mapping)}
        return load_config(None, [f"{k}={json.dumps(v)}" for k, v in options.items()] + [f"catalog.name={self.name}"])

    def index(self, paths: list[Path]):
        from assistant.builders import run_index

        return run_index(self.config(paths), self.embedder, self.client)

    def stored(self):
        from assistant.builders import open_stores

        return open_stores(self.config([]), self.client, self.embedder)[0].load_all()

    def records(self) -> dict[str, dict]:
        return {i: json.loads(m["record"]) for i, m in zip(self.stored().ids, self.stored().metadatas)}

    def fingerprint(self) -> str:
        """A hash of every stored row: ids, documents, metadata and vectors."""
        text = json.dumps([(rows := self.stored()).ids, rows.documents, rows.metadatas], sort_keys=True)
        return hashlib.sha256(text.encode() + rows.vectors.tobytes()).hexdigest()


@pytest.fixture(scope="module")
def chroma(tmp_path_factory):
    from assistant.builders import build_client
    from assistant.config import Config, PathsConfig

    root = tmp_path_factory.mktemp("bad-inputs-store")
    return root, build_client(Config(paths=PathsConfig(data_dir=str(root))))


@pytest.fixture()
def store(chroma, tmp_path) -> Store:
    """A fresh catalog holding p1-p3, indexed from a clean file."""
    made = Store(*chroma, tmp_path)
    base = tmp_path / "base.csv"
    base.write_text(base_csv(), encoding="utf-8")
    assert made.index([base]).products.added == 3
    return made


def put(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", errors="surrogatepass"))
    return path


def refused(pattern: str) -> tuple:
    return ("refused", pattern)  # the whole file, with one CatalogError matching `pattern`


def rejected(where: str, field: str, reason: str, loaded: tuple[str, ...] = ("p1", "p3")) -> tuple:
    return ("rejected", where, field, reason, loaded)  # one row ("file line N: field: reason"); the others load


SAME = ("same",)  # read as the very same catalog

FILES = [
    ("quote_closing_rows_later", lambda d: [put(d, "cat.csv", base_csv('p2,"Ceramic coffee mug,12.50,USD,Hearth\n'))], refused(r"cat.csv line 3: not readable as CSV .*a quote opened there does not close")),
    ("quote_closing_mid_cell", lambda d: [put(d, "cat.csv", base_csv('p2,"Ceramic" coffee mug,12.50,USD,Hearth\n'))], refused(r"cat.csv line 3: not readable as CSV \(',' expected after '\"'\)")),
    ("truncated_in_a_quote", lambda d: [put(d, "cat.csv", base_csv() + 'p4,"Half a ti')], refused(r"cat.csv line 5: not readable as CSV \(unexpected end of data\)")),
    ("unclosed_quote_in_header", lambda d: [put(d, "cat.csv", 'id,"title,price,currency,brand\n' + base_csv()[len(HEADER) :])], refused("line 1: the header is not readable as CSV")),
    ("ragged_short_row", lambda d: [put(d, "cat.csv", base_csv("p2,Ceramic coffee mug\n"))], rejected("line 3", "price", "missing; every product needs a price")),
    ("ragged_long_row_unquoted_thousands", lambda d: [put(d, "cat.csv", base_csv("p2,Ceramic coffee mug,1,299.00,USD,Hearth\n"))], rejected("line 3", "(row)", r"6 cells but the header has 5; quote a cell that holds ','")),
    ("cell_of_5_mb", lambda d: [put(d, "cat.csv", base_csv(line("p2", "x" * 5_000_000, "12.50")))], rejected("line 3", "title", "a cell of 5,000,000 characters")),
    ("gzip_renamed_csv", lambda d: [put(d, "cat.csv", gzip.compress(base_csv().encode(), mtime=0))], refused("not a text file")),
    ("big_gzip_renamed_csv", lambda d: [put(d, "cat.csv", gzip.compress(BIG.encode(), mtime=0))], refused("not a text file")),
    ("zip_renamed_csv", lambda d: [put(d, "cat.csv", zipped())], refused("not a text file")),
    ("png_renamed_csv", lambda d: [put(d, "cat.csv", png())], refused("not a text file")),
    ("utf16_le_with_bom", lambda d: [put(d, "cat.csv", b"\xff\xfe" + base_csv().encode("utf-16-le"))], SAME),
    ("utf16_be_with_bom", lambda d: [put(d, "cat.csv", b"\xfe\xff" + base_csv().encode("utf-16-be"))], SAME),
    ("utf8_with_bom", lambda d: [put(d, "cat.csv", base_csv().encode("utf-8-sig"))], SAME),
    ("utf16_without_bom", lambda d: [put(d, "cat.csv", base_csv().encode("utf-16-le"))], refused("not a text file .* UTF-16 without a byte-order mark")),
    ("latin1_bytes_in_utf8", lambda d: [put(d, "cat.csv", base_csv(line("p2", "Café mug", "12.50")).encode("latin-1"))], rejected("line 3", "title", "bad encoding")),
    ("empty_file", lambda d: [put(d, "cat.csv", b"")], refused("the file is empty")),
    ("header_only", lambda d: [put(d, "cat.csv", HEADER)], refused("no product could be loaded .*0 rows read")),
    ("jsonl_truncated_line", lambda d: [put(d, "cat.jsonl", jsonl('{"id": "p2", "title": "Ceramic co'))], rejected("line 2", "(row)", r"not valid JSON \(Unterminated string")),
    ("jsonl_nested_100k_deep", lambda d: [put(d, "cat.jsonl", jsonl() + "[" * 100_000 + "]" * 100_000 + "\n")], rejected("line 4", "(row)", "not readable JSON: nested too deeply", ("p1", "p2", "p3"))),
    ("json_nested_100k_deep", lambda d: [put(d, "cat.json", "[" * 100_000 + "]" * 100_000)], refused("cat.json: not readable JSON: nested too deeply")),
    ("jsonl_price_of_400_digits", lambda d: [put(d, "cat.jsonl", jsonl('{"id": "p2", "title": "Mug", "price": ' + "9" * 400 + ', "currency": "USD"}'))], rejected("line 2", "price", "a 400-digit number is not a plausible price")),
    ("jsonl_number_of_5000_digits", lambda d: [put(d, "cat.jsonl", jsonl('{"id": "p2", "title": "Mug", "price": ' + "9" * 5000 + "}"))], rejected("line 2", "(row)", "not readable JSON: a number with more than 4,300 digits")),
    ("jsonl_lone_surrogate", lambda d: [put(d, "cat.jsonl", jsonl('{"id": "p2", "title": "Mug \\ud800", "price": "12.50", "currency": "USD"}'))], rejected("line 2", "title", "bad encoding")),
    ("duplicate_id_in_one_file", lambda d: [put(d, "cat.csv", base_csv() + line("p2", "Cheap copy", "1.00"))], rejected("line 5", "id", r"duplicate id 'p2' \(first seen at cat.csv line 3\); ids must be unique", ("p1", "p2", "p3"))),
    ("duplicate_id_across_files", lambda d: [put(d, "cat.csv", base_csv()), put(d, "more.csv", HEADER + line("p2", "Cheap copy", "1.00"))], rejected("line 2", "id", r"duplicate id 'p2' \(first seen at cat.csv line 3\)", ("p1", "p2", "p3"))),
]  # fmt: skip


@pytest.mark.parametrize(("build", "outcome"), [pytest.param(b, o, id=n) for n, b, o in FILES])
def test_bad_catalog_files_are_refused_or_rejected_by_row_and_the_store_keeps_every_product(store, tmp_path, build, outcome):
    from ui.catalog import CatalogCallbacks

    before = store.fingerprint()
    paths = build(tmp_path)
    if outcome[0] == "refused":
        with pytest.raises(CatalogError, match=outcome[1]) as info:
            store.index(paths)
        assert "\\x" not in str(info.value) and "\x00" not in str(info.value) and "\n" not in str(info.value)
        with pytest.raises(UserFacingError) as shown:  # the Catalog tab: the same, in one sentence
            CatalogCallbacks(store.config(paths), store.embedder, store.client).validate([str(p) for p in paths], "", str(store.mapping))
        assert re.search(outcome[1], shown.value.message) and shown.value.message != UNEXPECTED
    else:
        report = store.index(paths)
        found = [str(r) for r in report.catalog.rejections]
        if outcome[0] == "rejected":
            _, where, field, reason, loaded = outcome
            assert len(found) == 1 and re.match(rf"\S+ {where}: {re.escape(field)}: {reason}", found[0]), found
            assert tuple(p.id for p in report.catalog.products) == loaded and report.products.deleted == 0
        else:
            assert found == [] and [p.id for p in report.catalog.products] == ["p1", "p2", "p3"]
    assert store.fingerprint() == before  # nothing deleted, nothing changed


# price cells of p2: (cell, currency column, decimal_comma) -> the price stored, or why the row is rejected
PRICES = [
    ("ten", "USD", False, "must be a number, got 'ten'"),
    ("-5", "USD", False, "must be a number >= 0, got -5"),
    ("NaN", "USD", False, "missing; every product needs a price"),  # "nan" is one of source.null_values
    ("inf", "USD", False, "must be a finite number, got 'inf'"),
    ("-inf", "USD", False, "must be a finite number"),
    ("1e400", "USD", False, "must be a finite number, got '1e400'"),
    ("1e308", "USD", False, "is not a plausible price"),
    ("", "USD", False, "missing; every product needs a price"),
    ("(5.00)", "USD", False, r"must be a number, got '\(5.00\)'"),
    ("−5", "USD", False, "must be a number, got '−5'"),  # U+2212, not a hyphen
    ("1_000", "USD", False, "must be a number"),
    ("0x1F", "USD", False, "must be a number"),
    ("=1+1", "USD", False, "must be a number"),
    ("5 XYZ", "USD", False, "'XYZ' in '5 XYZ' is no currency"),
    ("1.234,56", "USD", False, "looks like a decimal-comma number; set source.decimal_comma = true"),
    ("1.234,56", "EUR", True, 1234.56),
    ("1 234,56", "EUR", True, 1234.56),
    ("1 234,56", "EUR", False, "looks like a decimal-comma number"),
    ("1.234.567", "USD", False, "looks like a decimal-comma number"),
    ("₹1,23,456", "INR", False, 123456.0),
    ("₹1,23,456", "USD", False, r"'₹1,23,456' is in INR but the row's currency is USD"),
    ("12,50 €", "EUR", True, 12.5),
    ("12,50 €", "EUR", False, "looks like a decimal-comma number"),
    ("12,50 €", "USD", True, "is in EUR but the row's currency is USD"),
    ("$1,299.00", "USD", False, 1299.0),
    ("1,299.00", "USD", True, "looks like a decimal-point number; set source.decimal_comma = false"),
    # separators in places no number has them were read by dropping them: 100000, 123, 12.345678, 15, 5
    ("10,0000", "USD", False, r"must be a number written 1,234.56 \(digits grouped in threes\), got '10,0000'"),
    ("1,2,3", "USD", False, "digits grouped in threes"),
    ("12.345,678", "USD", False, "looks like a decimal-comma number"),
    ("1.5", "EUR", True, r"must be a number written 1.234,56 \(digits grouped in threes\), got '1.5'"),
    (".5", "EUR", True, "digits grouped in threes"),
]


@pytest.mark.parametrize(
    ("cell", "currency", "decimal_comma", "expected"), PRICES, ids=[f"{c or 'empty'}-{k}-{d}" for c, k, d, _ in PRICES]
)
def test_a_price_is_read_right_or_its_row_rejected_never_a_wrong_number(store, tmp_path, cell, currency, decimal_comma, expected):
    store.mapping = write_mapping(tmp_path, decimal_comma)
    path = put(tmp_path, "cat.csv", base_csv(line("p2", "Ceramic coffee mug", cell, currency), decimal_comma))
    before = store.fingerprint()
    report = store.index([path])
    if isinstance(expected, float):
        assert not report.catalog.rejections and (store.records()["p2"]["price"], store.records()["p2"]["currency"]) == (expected, currency)
        return
    (rejection,) = report.catalog.rejections
    assert str(rejection).startswith("cat.csv line 3: price: ") and re.search(expected, rejection.reason), str(rejection)
    assert store.fingerprint() == before and store.records()["p2"]["price"] == 12.5


FORMULAS = ['=HYPERLINK("http://evil.example/x","Click")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "=1+1"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_formula_cells_are_stored_as_text_and_shown_escaped(tmp_path, formula):
    """No part of the project writes CSV (see the next test), so a formula cell can only be shown:
    it is stored as written and rendered as inert text, its link neither linked nor clickable."""
    from assistant.answer import Answer, ShownProduct
    from assistant.understanding import Constraints

    cell = '"' + formula.replace('"', '""') + '"'
    path = put(tmp_path, "cat.csv", HEADER + f"p9,{cell},4.00,USD,{cell}\n")
    (product,) = load_catalog([path], load_mapping(write_mapping(tmp_path))).products
    assert (product.title, product.brand, product.price) == (formula, formula, 4.0)  # as written, never a computed value
    shown = ShownProduct(product.id, product.title, product.price, "USD", None, None, "in_stock", "", "", True, False, (formula,))
    card = card_html(shown, 1)
    assert (
        f'<div class="sa-title">{html.escape(formula)}</div>' in card and f"<li>{html.escape(formula)}</li>" in card and "<a " not in card
    )
    chat = answer_markdown(Answer(listing([product]), "recommend", Constraints(), False, ()))
    assert "](" not in chat and "http:" not in chat and "<" not in chat and escape_markdown(formula) in chat


def test_no_module_writes_csv_so_no_formula_reaches_a_spreadsheet():
    """A CSV export must prefix cells starting with = + - @ (tab, CR) with a quote; there is none to
    neutralise today. Whoever adds one finds this test."""
    root = Path(__file__).resolve().parent.parent
    modules = [
        root / "app.py",
        *(p for folder in ("assistant", "retrieval", "runtime", "ui", "eval", "finetune") for p in (root / folder).rglob("*.py")),
    ]
    writers = [str(p.relative_to(root)) for p in modules if re.search(r"csv\.writer|DictWriter|\.to_csv\(", p.read_text(encoding="utf-8"))]
    assert writers == [], f"{writers} write CSV: neutralise formula cells there, then extend this test"


def test_the_index_command_says_a_bad_file_in_one_line_and_exit_2(store, tmp_path, capsys, monkeypatch):
    import assistant.builders
    from assistant.cli import main

    monkeypatch.setattr(assistant.builders, "build_embedder", lambda config: store.embedder)
    before = store.fingerprint()
    for name, content in [("cat.csv", png()), ("cat.csv", base_csv('p2,"Mug,1,USD,H\n')), ("cat.json", "[" * 100_000)]:
        path = put(tmp_path, name, content)
        options = ["--set", f"paths.data_dir={json.dumps(str(store.root))}", "--set", f"catalog.name={store.name}"]
        assert main(["index", "--catalog", str(path), "--mapping", str(store.mapping), "--quiet", *options]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    assert store.fingerprint() == before


# --- chat turns -------------------------------------------------------------------------------------

LANGUAGES = {
    "chinese": "推荐一款无线耳机",
    "arabic": "أريد سماعات رأس لاسلكية",
    "hindi": "मुझे वायरलेस हेडफ़ोन चाहिए",
    "russian": "Нужны беспроводные наушники до 100 долларов",
    "emoji_only": "🎧🎧🎧",
    "mixed_rtl_ltr": "سماعات headphones under $100",
}
REFUSED_TURNS = {
    "one_megabyte": ("a" * 1_000_000, "the message is 1,000,000 characters long; keep it under 2,000"),
    "one_megabyte_of_words": ("headphones " * 100_000, "keep it under 2,000"),
    "empty": ("", "Type what you are looking for first."),
    "whitespace_only": (" \t\n\r\u3000 ", "Type what you are looking for first."),
    "nul_only": ("\x00\x00\x00", "the message is empty"),
    "c0_and_c1_controls": ("\x01\x02\x1b\x07\x7f\x85\x9b", "the message is empty"),
    "bidi_only": ("\u202e\u2066\u2067\u2068\u2069\u202c", "the message is empty"),
    "zero_width_only": ("\u200b\u200c\u200d\u2060\ufeff", "the message is empty"),  # was answered with three products
}
ANSWERED_TURNS = {
    "nul_inside": "head\x00phones under $100",
    "escape_sequence": "headphones \x1b]0;pwned\x07\x1b[31m under $100",
    "bidi_override": "\u202eheadphones under $100\u202c",
    "bidi_isolates": "\u2066headphones\u2069 \u2067under $100\u2069",
    "zero_width_inside": "head\u200bphones under $100",
    "long_single_token": "x" * 1999,
    "html": "<script>alert(1)</script><img src=x onerror=alert(2)> headphones",
    "markdown_link_and_image": "![x](http://evil.example/a.png) [click](javascript:alert(1)) headphones",
    "formula": '=HYPERLINK("http://evil.example","x") headphones',
    "unreadable_budget": "headphones under $1,234,56",
    "dot_grouped_budget": "headphones under $1.234.567",
    **LANGUAGES,
}


def echo(messages) -> str:
    """A model that repeats the shopper's message: whatever the turn holds reaches the answer text."""
    return f"You wrote: {messages[-1].content} [h1] is a good pick at $1.234,56."


def world(assistant) -> str:
    """A hash of the catalog the assistant serves and of every row of its profile store."""
    import sqlalchemy as sa

    with assistant.profiles._engine.connect() as db:
        tables = [[list(r) for r in db.execute(sa.text(f"SELECT * FROM {t} ORDER BY 1, 2"))] for t in ("profiles", "signals")]
    records = [p.to_json() for p in assistant.catalog]
    return hashlib.sha256(json.dumps([records, tables]).encode()).hexdigest()


@pytest.fixture()
def chat(parts):  # noqa: F811
    from assistant.profiles import Signal, UserProfile

    assistant, generator = make(parts)
    generator.reply = echo
    assistant.profiles.put(UserProfile("u1", liked_brands=("Tono",), budget_max=120.0))
    assistant.profiles.add_signal(Signal("u1", "h1", "thumbs_up", 999_000.0))
    return ShopCallbacks(assistant, ("u1",)), generator


def send(shop: ShopCallbacks, message: str, session: Session) -> tuple[list, str]:
    """Every step the Shop tab shows for one message, and the sentence it ends with ('' when none)."""
    steps: list = []
    try:
        steps.extend(shop.send(message, [], session))  # the steps before a failure are kept
    except UserFacingError as exc:
        return steps, exc.message
    return steps, ""


@pytest.mark.parametrize(("message", "sentence"), list(REFUSED_TURNS.values()), ids=list(REFUSED_TURNS))
def test_turns_with_nothing_to_answer_are_one_sentence_and_change_nothing(chat, message, sentence):
    shop, generator = chat
    session, before = Session(user_id="u1"), world(shop.assistant)
    steps, said = send(shop, message, session)
    assert sentence in said and "\n" not in said and len(said) <= 300, said
    assert generator.prompts == [] and session.turns == [] and world(shop.assistant) == before
    assert all(step[0] == [] for step in steps)  # the chat is put back as it was (the message stays in its box)


@pytest.mark.parametrize("message", list(ANSWERED_TURNS.values()), ids=list(ANSWERED_TURNS))
def test_hostile_and_foreign_turns_get_a_grounded_answer_shown_inert(chat, message):
    shop, _ = chat
    session, before = Session(user_id="u1"), world(shop.assistant)
    steps, said = send(shop, message, session)
    assert said == "" and steps, said
    answer = session.turns[-1].answer
    assert answer.text and {p.id for p in answer.products} <= {p.id for p in shop.assistant.catalog}
    assert all(p.price <= 100 for p in answer.products if p.fits_constraints) or answer.constraints.price_max != 100
    assert "1.234,56" not in answer.text and "$1,234,56" not in answer.text  # a price no record states never reaches the shopper
    for shown in (steps[-1][0][-1]["content"], *(m["content"] for m in shop.transcript(session))):
        assert not CONTROL.search(shown) and "<" not in shown and "](" not in shown and "http:" not in shown, shown  # no tag, no link
    for position, product in enumerate(steps[-1][3], 1):
        assert "<script" not in card_html(product, position) and "onerror" not in card_html(product, position)
    assert world(shop.assistant) == before


def test_an_unreadable_price_in_model_text_is_corrected_not_a_failed_turn(chat):
    """The model writing "$1.234.567" (or a review quoting "$1,234,56") failed the whole turn with
    "must be a number, got '1.234.567'"; now it is read, or taken as no price, and corrected."""
    shop, generator = chat
    for written in ("$1.234.567", "$1,234,56", "1.234,567 USD"):
        generator.reply = f"[h1] costs {written} today."
        answer = shop.assistant.ask(Session(), "headphones")
        assert written not in answer.text and any(r.kind == "wrong_price" for r in answer.repairs), answer.text


# --- profile fields ---------------------------------------------------------------------------------

PROFILE_FIELDS = {  # (liked, disliked, categories, budget, sizes) -> the sentence
    "budget_text": (("", "", "", "abc", ""), "the usual budget must be a number like 150, got 'abc'"),
    "budget_negative": (("", "", "", "-5", ""), "the usual budget must be a number from 0 to 1,000,000,000"),
    "budget_1e400": (("", "", "", "1e400", ""), "the usual budget must be a number like 150, got '1e400'"),
    "budget_nan": (("", "", "", "NaN", ""), "the usual budget must be a number like 150"),
    "budget_inf": (("", "", "", "inf", ""), "the usual budget must be a number like 150"),
    "budget_misgrouped": (("", "", "", "10,0000", ""), "the usual budget must be a number like 150, got '10,0000'"),  # was 100000
    "budget_1mb": (("", "", "", "9" * 1_000_000, ""), "the usual budget must be a number like 150"),
    "sizes_without_equals": (("", "", "", "", "shoes 10"), 'sizes look like "shoes=10, clothing=M"'),
    "sizes_without_name": (("", "", "", "", "=10"), 'sizes look like "shoes=10, clothing=M"'),  # was stored as {"": "10"}
    "sizes_without_value": (("", "", "", "", "shoes="), 'sizes look like "shoes=10, clothing=M"'),
    "liked_brands_1mb": (("x" * 1_000_000, "", "", "", ""), "the liked brands box holds 1,000,000 characters; keep it under 500"),
    "liked_brands_100k": ((",".join(f"b{i}" for i in range(100_000)), "", "", "", ""), "box holds 688,889"),  # ended every later turn
    "categories_1mb": (("", "", "c" * 1_000_000, "", ""), "the categories box holds 1,000,000 characters"),
    "liked_and_disliked": (("Tono", "tono", "", "", ""), r"brands cannot be liked and disliked at once: \['tono'\]"),
}


@pytest.mark.parametrize(("fields", "sentence"), list(PROFILE_FIELDS.values()), ids=list(PROFILE_FIELDS))
def test_bad_profile_fields_are_one_sentence_and_the_stored_profile_stays(chat, fields, sentence):
    shop, _ = chat
    before = world(shop.assistant)
    with pytest.raises(UserFacingError) as info:
        shop.save_profile(*fields, Session(user_id="u1"))
    said = info.value.message
    assert said.startswith("Profile not saved: ") and re.search(sentence, said) and "\n" not in said and len(said) <= 300, said
    assert world(shop.assistant) == before


def test_control_characters_in_profile_fields_are_no_part_of_a_name(chat):
    shop, _ = chat
    _, view, _ = shop.save_profile("Tono\u202e\x00, \x1b[31mVoltrix", "", "Electronics\u2066", "", "shoes=10\x07", Session(user_id="u1"))
    assert view["profile"]["liked_brands"] == ["Tono", "[31mVoltrix"] and view["profile"]["categories"] == ["Electronics"]
    assert view["profile"]["sizes"] == {"shoes": "10"}
