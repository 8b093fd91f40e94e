"""The relation frames: each way a text states a relation, registered under its name.

Why a registry over data: a frame's name is what ``Relation.rule`` records, so an audited
relation points back at one row of ``data/frames.jsonl`` (its trigger words, which parse
path fills which role, the allowed types, its confidence) and at the one kind of walk that
reads it. Adding coverage means adding rows and test sentences, not branches: the code here
walks the parse generically and never names a word.

A row's ``kind`` says how its roles combine: ``binary`` (source role x target role, the
common case), or one of the few kinds whose roles depend on each other (a transfer's
recipient also operates what it received; a meeting pairs everyone in it).

>>> "verb_transfer" in FRAMES.get_all() and "noun_attack" in FRAMES.get_all()
True
>>> FRAMES.get("verb_fire").keywords["row"]["relation"]
'OPERATES'
"""
from __future__ import annotations

from functools import partial

import catalogue

from ..lexicon import cues, frame_rows, rule_confidence, triggers
from ..model import Mention
from .context import Sentence
from .modifiers import planned
from .syntax import (arguments, deps_of, hyphen_suffixed, np_mentions, np_top, objects_of, pobjs, premods,
                     subject_of, uniq, weapons_in)

__all__ = ["FRAMES", "KINDS", "run_frame"]

#: frame name -> the function that finds it (a ``kind`` bound to the frame's row)
FRAMES = catalogue.create("graphbuilder", "frames")
#: kind name -> walk(ctx, trigger token, row)
KINDS = catalogue.create("graphbuilder", "frame_kinds")
_kind = KINDS.register


def run_frame(ctx: Sentence, tok, row: dict) -> None:
    """Run the frame ``row`` on the trigger ``tok``, unless a blocking particle or word is there
    ("shot down" is an interception, a "phone call" no meeting) or the verb only describes a
    noun ("visiting minister"; a row with ``as_modifier`` allows it: "donated equipment")."""
    if any(c.dep_ == "prt" and c.lower_ in row.get("blocking_particles", ()) for c in tok.children):
        return
    if any(t.lower_ in row.get("blocking_words", ()) for t in tok.subtree):
        return
    if "required_words" in row and not _military(ctx, tok, row["required_words"]):
        return  # "a supplier of oil": the row needs weapons named or a military word
    if any(c.dep_ == "prep" and c.lower_ in row.get("blocking_preps", ()) for c in tok.children):
        return  # "led the team to victory": a result, not a leadership
    if row.get("planned_is_none") and planned(tok):
        return  # "will visit", "is to meet": a plan, not an event
    if tok.dep_ == "amod" and tok.pos_ == "VERB" and not row.get("as_modifier"):
        return  # "visiting Minister X": the participle describes X, it states no event with a place
    FRAMES.get(row["frame"])(ctx, tok)


def _military(ctx: Sentence, tok, required) -> bool:
    """A named weapon or one of the ``required`` lemmas in the trigger's phrase, or in the clause of
    the verb it is the object of ("won an order from X to supply missiles", as the parser hangs it)."""
    scope = tok.head.subtree if tok.dep_ == "dobj" else tok.subtree
    return any(t.lemma_.lower() in required or t.lower_ in required or
               (ctx.at(t) is not None and ctx.label(ctx.at(t)) == "Weapon") for t in [*scope, *premods(tok)])


@_kind("binary")
def binary(ctx: Sentence, tok, row: dict) -> None:
    """Every source x every target (conjuncts included): the row's two roles, nothing more."""
    sources = arguments(ctx, tok, row["source"], row)
    if not sources:
        return
    targets = [t for t in arguments(ctx, tok, row["target"], row) if t not in sources]
    rule = row["frame"]
    if not targets and "implied_target" in row:
        targets, rule = _implied_target(ctx, tok, sources, row), row["implied_target"]
    for s in sources:
        for t in targets:
            ctx.emit(s, row["relation"], t, rule)


def _implied_target(ctx: Sentence, n, sources: list[Mention], row: dict) -> list[Mention]:
    """"Ukraine has faced Russian strikes for months": a target-less attack noun is on the one other
    country of the sentence; not when a target phrase names something else ("attacks on Kharkiv"),
    nor when that country only speaks of or reacts to it ("Germany condemned Russian strikes",
    "officials in Poland said Russian attacks killed ten": the row's ``reacting_verbs``)."""
    if any(c.dep_ == "prep" and c.lower_ in row.get("target_preps", ()) for c in n.children):
        return []
    own = [c for c in premods(n) if ctx.at(c) is not None and ctx.label(ctx.at(c)) == "Country"]
    if not any(ctx.at(c) in sources and c.dep_ in ("amod", "poss") and c.tag_ != "PRP$" for c in own):
        return []  # a demonym or a named possessive says who attacks; "the Iraq attack" says where
    found = _one_other_country(ctx, sources + [ctx.at(c) for c in own])
    if not found:
        return []
    at = ctx.spans[id(found[0])].root.i
    t = n
    while t.head.i != t.i:
        t = t.head
        if t.lemma_.lower() in row.get("reacting_verbs", ()) and any(
                s.left_edge.i <= at <= s.right_edge.i for s in deps_of(t, "nsubj", "nsubjpass", "dobj")):
            return []
    return found


def _one_other_country(ctx: Sentence, taken_ms: list[Mention]) -> list[Mention]:
    """The one country of the sentence that is none of ``taken_ms``, if there is exactly one."""
    taken = {ctx.ent(a)[0] for a in taken_ms}
    others = uniq(m for m in ctx.mentions if ctx.label(m) == "Country" and ctx.ent(m)[0] not in taken)
    return others[:1] if len({ctx.ent(m)[0] for m in others}) == 1 else []


def _themes(ctx: Sentence, v) -> tuple[list, list[Mention]]:
    """The things transferred: objects that are not the recipient, and "with" phrases."""
    objs = objects_of(ctx, v)
    group = cues()["group_noun"]
    themes = [o for o in objs if not np_mentions(ctx, o, {"Country"}, modifiers=False) or o.dep_ == "nsubjpass"]
    recips = [o for o in themes if o.dep_ in ("dobj", "dative") and o.lemma_.lower() in group]
    themes = [o for o in themes if o not in recips]  # "supplied Sudan's army with drones"
    themes += pobjs(v, ("with",)) + [p for o in recips for p in pobjs(o, ("with",))]
    return themes, uniq(w for o in themes for w in weapons_in(ctx, o))


_AGENT = {"paths": ["subject"], "otherwise": ["head_premod"], "types": ["Country", "Organization"]}
_RECIPIENT = {"paths": ["dobj", "pobj:to|for"], "types": ["Country"]}


@_kind("transfer")
def transfer(ctx: Sentence, v, row: dict) -> None:
    """"Germany sent Leopard tanks to Ukraine": SUPPLIES per named weapon, and the recipient
    OPERATES what it received (unless the row says the frame is an offer or a pledge)."""
    agents = arguments(ctx, v, row.get("source", _AGENT), row)
    # "selling American-made units": the country of a "-made" word made them, it receives nothing
    recips = [r for r in arguments(ctx, v, row.get("target", _RECIPIENT), row) if not hyphen_suffixed(ctx, r)]
    themes, weapons = _themes(ctx, v)
    generic = cues()["generic_weapon"] | set(row.get("generic_themes", ()))
    if not weapons and themes and not any(o.lemma_.lower() in generic for o in themes):
        return
    rule = row["frame"]
    if not recips and agents and weapons:
        recips, rule = _implied_recipients(ctx, v, agents), "transfer_implied_recipient"
    for a in agents:
        for r in recips:
            for w in weapons or [None]:
                ctx.emit(a, row["relation"], r, rule, weapon=ctx.ent(w)[0] if w else "")
    if _realised(v, row):
        conf = min(rule_confidence(rule), rule_confidence("transfer_recipient_operates"))
        for r in recips:
            for w in weapons:
                ctx.emit(r, "OPERATES", w, "transfer_recipient_operates", conf=conf)


def _realised(v, row: dict) -> bool:
    """An offer, or a transfer governed by one ("pledged to send"), is not in the recipient's hands."""
    gov = triggers().get((v.head.lemma_.lower(), "VERB"), []) if v.dep_ == "xcomp" else []
    return row.get("recipient_operates", True) and all(g.get("recipient_operates", True) for g in gov)


def _implied_recipients(ctx: Sentence, v, agents: list[Mention]) -> list[Mention]:
    """No recipient phrase: the user of the weapons in the governing clause ("Moldova fired
    NASAMS missiles, which are supplied by Norway"), or the one other country of the sentence."""
    if v.dep_ in ("relcl", "acl"):
        gv = np_top(v.head).head
        while gv.dep_ == "prep" or gv.pos_ == "ADP":
            gv = gv.head
        if any(r.get("kind") == "binary" and r["relation"] == "OPERATES"
               for r in triggers().get((gv.lemma_.lower(), "VERB"), [])):
            found = [m for m in subject_of(ctx, gv, {"Country"}) if m not in agents]
            if found:
                return found
    return _one_other_country(ctx, agents)


def single_weapon(ctx: Sentence) -> list[Mention]:
    """The one named weapon of the sentence, if exactly one is named."""
    every = uniq(m for m in ctx.mentions if ctx.label(m) == "Weapon")
    return every[:1] if len({m.entity for m in every}) == 1 else []


@_kind("acquire")
def acquire(ctx: Sentence, v, row: dict) -> None:
    """"Ukraine received Leopard tanks from Poland", "Latvia took delivery of HIMARS from the
    United States", "Egypt bought Rafale jets from France": the subject got the goods, the
    "from" phrase (or the row's ``otherwise`` path: the maker named on what was bought)
    SUPPLIES it; a delivery taken (``recipient_operates``) is in the recipient's hands."""
    recips = arguments(ctx, v, row["target"], row)
    weapons = arguments(ctx, v, row["theme"], row)
    heads = objects_of(ctx, v) + pobjs(v, ("of",))
    if not recips or not weapons and not any(h.lemma_.lower() in cues()["generic_weapon"] for h in heads):
        return
    taken = {ctx.ent(r)[0] for r in recips}
    for a in arguments(ctx, v, row["source"], row):
        if ctx.ent(a)[0] in taken:
            continue
        for r in recips:
            for w in weapons or [None]:
                ctx.emit(a, row["relation"], r, row["frame"], weapon=ctx.ent(w)[0] if w else "")
    if row.get("recipient_operates"):
        for r in recips:
            for w in weapons:
                ctx.emit(r, "OPERATES", w, "transfer_recipient_operates")


@_kind("produce")
def produce(ctx: Sentence, v, row: dict) -> None:
    """"manufactured by Lockheed Martin": the weapon is PRODUCED_BY the maker; "the missiles are
    made by X" with one named weapon in the sentence stands for that weapon."""
    makers = arguments(ctx, v, row["target"], row)
    weapons, rule = arguments(ctx, v, row["source"], row), row["frame"]
    if not weapons and any(o.lemma_.lower() in cues()["generic_weapon"] for o in objects_of(ctx, v)):
        weapons, rule = single_weapon(ctx), "produce_single_weapon"
    for w in weapons:
        for mk in makers:
            ctx.emit(w, row["relation"], mk, rule)


@_kind("meet")
def meet(ctx: Sentence, v, row: dict) -> None:
    """"Macron met Scholz", "X was received by Y": host and guest MET_WITH; with ``pair_alone``,
    "X and Y met" pairs the subjects; with a ``place`` role the guest VISITED the place."""
    hosts = arguments(ctx, v, row["source"], row)
    guests = arguments(ctx, v, row["target"], row)
    pairs = [(h, g) for h in hosts for g in guests]
    if not guests and row.get("pair_alone"):
        pairs = [(a, b) for i, a in enumerate(hosts) for b in hosts[i + 1:]]
    for a, b in pairs:
        ctx.emit(a, row["relation"], b, row["frame"])
    if "place" in row and guests:
        for g in guests:
            for pl in arguments(ctx, v, row["place"], row):
                ctx.emit(g, "VISITED", pl, row["visit_frame"])


@_kind("meet_noun")
def meet_noun(ctx: Sentence, n, row: dict) -> None:
    """"talks with Scholz", "a meeting between X and Y", "X and Y held talks": everyone in it
    met everyone else."""
    people = arguments(ctx, n, row["target"], row)
    own = arguments(ctx, n, {"paths": ["premod"], "otherwise": ["light_subject"], "types": ["Person"]}, row)
    if not people and (len({m.entity for m in own}) < 2 or n.head.lemma_.lower() not in row.get("pair_light_verbs", ())):
        return  # "X and Y attended the summit": both were there, no meeting of the two is said
    group = uniq(own + people)
    for i, a in enumerate(group):
        for b in group[i + 1:]:
            ctx.emit(a, row["relation"], b, row["frame"])


@_kind("belong")
def belong(ctx: Sentence, v, row: dict) -> None:
    """"The yard belongs to Navantia", "Navantia, 70 percent of whose shares belong to the Spanish
    state": the owned body is the subject, the organization the clause hangs from, or the
    antecedent of its "whose"."""
    owners = arguments(ctx, v, row["target"], row)
    owned = subject_of(ctx, v, {"Organization"}) or _ancestor_mentions(ctx, v, {"Organization"})
    whose = [d for s in deps_of(v, "nsubj") for d in s.children if d.tag_ == "WP$"]
    if whose and not owned:
        owned = [m for m in ctx.mentions if m.end <= whose[0].idx and ctx.label(m) == "Organization"][-1:]
    for o in owned[:1]:
        for w in owners:
            ctx.emit(o, row["relation"], w, row["frame"])


def _ancestor_mentions(ctx: Sentence, tok, labels) -> list[Mention]:
    t = tok
    while t.head.i != t.i:
        t = t.head
        m = ctx.at(t)
        if m is not None and ctx.label(m) in labels:
            return [m]
    return []


@_kind("package")
def package(ctx: Sentence, n, row: dict) -> None:
    """"Germany's delivery of Marders to Ukraine", "a package including ... missiles for Ukraine":
    the supplier modifies the noun or announces it; the recipient is anywhere in the phrase."""
    named = uniq(w for t in n.subtree for w in [ctx.at(t)] if w is not None and ctx.label(w) == "Weapon")
    military = set(row.get("military_words", ()))
    if row.get("needs_military") and not named and not any(c.lemma_.lower() in military for c in premods(n)):
        return
    tg = uniq(m for t in n.subtree if t.dep_ == "prep" and t.lower_ in ("to", "for")
              for p in deps_of(t, "pobj") for m in np_mentions(ctx, p, {"Country"}))
    agents = arguments(ctx, n, row["source"], row)
    for a in agents:
        for t in tg:
            for w in named or [None]:
                ctx.emit(a, row["relation"], t, row["frame"], weapon=ctx.ent(w)[0] if w else "")
    if agents and row.get("recipient_operates", True):  # a delivery is in the recipient's hands
        for t in tg:
            for w in named:
                ctx.emit(t, "OPERATES", w, "transfer_recipient_operates")


@_kind("visit_noun")
def visit_noun(ctx: Sentence, n, row: dict) -> None:
    """"Zelensky's visit to Denmark", "the visit to France of Keir Starmer", "made a trip to X"."""
    where = arguments(ctx, n, {"paths": ["pobj_near:to"], "types": ["Country"], "pick": "first"}, row)
    if not where:
        return
    who = [m for t in [n, *pobjs(n, ("to",))] for p in pobjs(t, ("of", "by")) for m in np_mentions(ctx, p, {"Person"})]
    who = who or arguments(ctx, n, {"paths": ["premod"], "otherwise": ["light_subject"], "types": ["Person"]}, row)
    rule = row["frame"]
    if not who:
        who, rule = _visit_np_people(ctx, n, row), row["fallback_frame"]
    for w in uniq(who):
        ctx.emit(w, row["relation"], where[0], rule)


def _visit_np_people(ctx: Sentence, n, row: dict) -> list[Mention]:
    """Persons inside the visit noun phrase itself ("the visit to France of the Prime Minister of the
    United Kingdom, Keir Starmer"), however the parser attached the "of" phrase: no verb and no
    barrier word ("with", "by": hosts or other actors) may stand between the person and the noun."""
    found, barrier = [], set(row.get("barrier_words", ()))
    for tok in n.subtree:
        m = ctx.at(tok)
        if m is None or ctx.label(m) != "Person":
            continue
        cur, ok = tok, True
        while cur.i != n.i and ok:
            cur = cur.head
            ok = cur.pos_ not in ("VERB", "AUX") and cur.lower_ not in barrier
            if cur.head.i == cur.i and cur.i != n.i:
                ok = False
        if ok:
            found.append(m)
    return found


@_kind("member")
def member(ctx: Sentence, tok, row: dict) -> None:
    """"NATO member Finland", "Finland, a member of NATO", "NATO allies such as Poland"."""
    O, C = {"Organization"}, {"Country"}
    orgs = [m for c in premods(tok) for m in [ctx.at(c)] if m is not None and ctx.label(m) in O]
    orgs += [m for p in pobjs(tok, ("of",)) for m in np_mentions(ctx, p, O, modifiers=False)]
    if not orgs:
        return
    countries = []
    if tok.dep_ in ("compound", "appos", "nmod"):
        countries += np_mentions(ctx, tok.head, C, modifiers=False)
    for c in deps_of(tok, "appos"):
        countries += np_mentions(ctx, c, C, modifiers=False)
    countries += arguments(ctx, tok, {"paths": ["copula_subject"], "types": ["Country"]}, row)
    for p in pobjs(tok, row.get("examples_prep", ())):
        countries += np_mentions(ctx, p, C, modifiers=False)
    for c in uniq(countries):
        ctx.emit(c, row["relation"], orgs[0], row["frame"])


def _register_frames() -> None:
    """Each row with a kind becomes a frame: that kind's walk bound to the row, under its name."""
    for name, row in frame_rows().items():
        if "kind" in row:
            FRAMES.register(name, func=partial(KINDS.get(row["kind"]), row=row))


_register_frames()
