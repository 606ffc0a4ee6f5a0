"""Reads the demo store's data files, ``templates/*.toml``, into one Store value.

* ``catalog.toml`` - leaf categories, product kinds, attribute specs, description and review
  sentence templates (its header comment explains the layout)
* ``store.toml``   - brands and their tiers, generic review openers/closers/titles, reviewer names
* ``policy.toml``  - the store policy, written out verbatim as policy.md

Names in catalog.toml are resolved here: ``derive`` / ``rderive`` to the functions in
facts_devices.py and facts_goods.py, attribute specs to attr_specs objects.  Nothing is read at
import time; generate.py calls load_store() once.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import partial

import facts_devices as dev
import facts_goods as goods
from attr_specs import decode_spec

SUB_KEYS = {
    "path",
    "pinned",
    "count",
    "brands",
    "models",
    "variant_rate",
    "derive",
    "rderive",
    "kinds",
    "intro",
    "desc",
    "pos",
    "mix",
    "neg",
    "titles",
}
KIND_KEYS = {
    "noun",
    "short",
    "plural",
    "price",
    "title",
    "attrs",
    "brands",
    "models",
    "variant",
    "per_variant",
    "price_per",
    "intro",
    "desc",
    "pos",
    "mix",
    "neg",
}


@dataclass(frozen=True)
class Store:
    """Everything the generator writes from, as read from templates/."""

    brands: dict  # brand name -> {"tier": "budget" | "mid" | "premium", "blurb": one sentence}
    subcategories: list  # catalog.toml's [[subcategories]] in order, names resolved
    openers: dict  # sentiment ("pos" / "mix" / "neg") -> review opening sentences
    closers: dict  # sentiment -> review closing sentences
    titles: dict  # star rating 1-5 -> review titles
    relations: list  # who a reviewer bought a gift for
    first_names: list  # reviewer first names
    last_initials: str  # reviewer last initials, one letter each
    policy_md: str  # policy.md, verbatim


def derivers(vocab):
    """The functions catalog.toml's derive / rderive keys name, with their vocabularies bound."""
    fns = {
        f.__name__: f
        for f in (
            dev.d_audio,
            dev.d_charging,
            dev.d_watch,
            dev.d_laptop,
            dev.d_keyboard,
            dev.d_mouse,
            dev.d_monitor,
            goods.d_apparel,
            goods.r_apparel,
            goods.r_shoes,
            goods.d_sports,
            goods.r_sports,
            goods.d_beauty,
            goods.d_toys,
            goods.r_toys,
            goods.d_office,
            goods.d_pets,
            goods.r_baby,
        )
    }
    sets = {int(pieces): text for pieces, text in vocab["cookware_sets"].items()}
    fns["d_kitchen"] = partial(goods.d_kitchen, sets=sets, teas=vocab["teas"])
    fns["r_pets"] = partial(goods.r_pets, breeds=vocab["dog_breeds"])
    return fns


def _read(path):
    """One TOML file as a dict."""
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def _check_keys(table, allowed, where):
    """Unknown keys are typos: name them and the keys that are allowed."""
    unknown = set(table) - allowed
    if unknown:
        raise ValueError(f"catalog.toml {where}: unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")


def _resolve(sub, shared, fns):
    """One subcategory with its function names and attribute specs resolved (in place)."""
    where = sub.get("path", "?")
    _check_keys(sub, SUB_KEYS, where)
    for key in ("derive", "rderive"):
        if key in sub:
            if sub[key] not in fns:
                raise ValueError(f"catalog.toml {where}: {key} = {sub[key]!r} is not one of {sorted(fns)}")
            sub[key] = fns[sub[key]]
    for kind in sub["kinds"]:
        at = f"{where} / {kind.get('noun', '?')}"
        _check_keys(kind, KIND_KEYS, at)
        kind["attrs"] = {k: decode_spec(v, shared, f"catalog.toml {at} / {k}") for k, v in kind["attrs"].items()}
    return sub


def load_store(folder):
    """Read catalog.toml, store.toml and policy.toml from folder into a Store."""
    catalog = _read(folder / "catalog.toml")
    text = _read(folder / "store.toml")
    fns = derivers(catalog["vocab"])
    reviews = text["reviews"]
    return Store(
        brands=text["brands"],
        subcategories=[_resolve(sub, catalog["shared"], fns) for sub in catalog["subcategories"]],
        openers=reviews["openers"],
        closers=reviews["closers"],
        titles={int(stars): titles for stars, titles in reviews["titles"].items()},
        relations=text["reviewers"]["relations"],
        first_names=text["reviewers"]["first_names"],
        last_initials=text["reviewers"]["last_initials"],
        policy_md=_read(folder / "policy.toml")["markdown"],
    )
