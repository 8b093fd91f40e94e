"""Role finding: who holds which title of which country or organization.

Why its own module: titles are found by a scan of the role lexicon (``data/roles.jsonl``),
not by a trigger lemma, and tie a Person to a Country/Organization in many surface ways:
"Ukraine's defence minister X", "French President X", "X, the Prime Minister of Y",
"X is the NATO Secretary-General".

>>> import spacy
>>> from spacy.tokens import Doc
>>> doc = Doc(spacy.blank("en").vocab, words=["Hello"])
>>> out = []; find_roles(Sentence(doc[0:1], [], {}, "d", out)); out
[]
"""
from __future__ import annotations

from ..lexicon import cues, max_role_words, norm_title, role_first_words, roles_table, state_roles
from ..model import Mention
from .context import Sentence
from .modifiers import planned
from .syntax import ENT_LABELS, NP_MOD_DEPS, deps_of, np_mentions, pobjs

__all__ = ["find_roles"]


def find_roles(ctx: Sentence) -> None:
    """LEADER_OF / OFFICIAL_OF from titles found with the role lexicon.

    Person side: a Person right after the title ("President Joe Biden", "President and CEO X",
    "Ambassador to Tokyo X"), an apposition ("Starmer, the Prime Minister ..."), or a copula.
    Target side: a Country/Org right before the title ("Ukraine's President", "NATO
    Secretary-General"), a modifier of the title ("the French president") or an "of"/"at"
    phrase ("Prime Minister of the United Kingdom", "an analyst at KB Securities").
    A title in the past ("former", "ex-", "late", "had been") is no leadership; a deputy ("vice",
    "deputy") is an official, not the leader; a title still to come ("will become") is nothing.
    A party group's leader ("Senate Majority Leader") leads no chamber, and a minister holds
    office in a state only ("Wheat Board Minister X" is no official of the board).
    """
    for span, (role, rtype, ctype) in _titles(ctx):
        time = _time_of(ctx, span)
        if time == "past_gone":
            continue
        persons = _role_persons(ctx, span)
        if not persons:
            continue
        targets = [t for t in _role_targets(ctx, span) if not _party_group(ctx, t, span)]
        if role in state_roles():
            targets = [t for t in targets if ctx.label(t) == "Country"]
        for person, rule in persons:
            when = _copula_time(span.root.head) if rule == "role_copula" else time
            if when == "future":
                continue
            for tgt in targets[:1]:
                t_type = ctype if ctx.label(tgt) == "Country" else rtype
                if time == "deputy" or _of_a_part(ctx, span, tgt):
                    t_type = "OFFICIAL_OF"
                if when == "past" or time == "past":
                    if t_type == "LEADER_OF":
                        continue
                    ctx.emit(person, t_type, tgt, rule, role="Former " + role)
                    continue
                ctx.emit(person, t_type, tgt, rule, role=role)


def _of_a_part(ctx: Sentence, span, tgt: Mention) -> bool:
    """"director of export finance at Barclays", "the bank's director for Latin America": the title
    heads a part or a region named by no body, so its holder is an official of the body, not its
    leader."""
    def names_no_body(p) -> bool:  # "export finance", "Latin America": no country, body or person
        found = [ctx.at(t) for t in p.subtree if ctx.at(t) is not None]
        return (p.pos_ == "NOUN" or bool(found)) and all(ctx.label(m) == "Location" for m in found)
    return any(p.i >= span.end and names_no_body(p) for p in pobjs(span.root, ("of",))) or any(
        p.i >= span.end and names_no_body(p) and not any(t.like_num for t in p.subtree)
        for p in pobjs(span.root, ("for",)))  # not "prime minister for a record 3-1/2 years"


def _party_group(ctx: Sentence, tgt: Mention, span) -> bool:
    """A party word between the body and the title ("Senate Republican leader", "House Majority
    Leader"): the title is that of a group inside the body; a conjunction there ("Orvex and
    Trade Secretary X"): the body is another conjunct."""
    t = ctx.spans[id(tgt)]
    return t.end <= span.start and any(w.lower_ in cues()["party_group"] or w.pos_ == "CCONJ"
                                       for w in ctx.sent.doc[t.end:span.start])


def _copula_time(verb) -> str:
    """"future" for a copula still to come ("will become chairman", "to be director"), "past" for
    one that is over ("had been president", "was president"), else ""."""
    if planned(verb) or any(c.tag_ == "TO" for c in verb.children):
        return "future"
    if verb.tag_ == "VBD" or any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children):
        return "past"
    return ""


def _titles(ctx: Sentence):
    """Each title span of the sentence with its (role, type, type for a country), longest first."""
    sent, roles, maxw, firsts = ctx.sent, roles_table(), max_role_words(), role_first_words()
    i = sent.start
    while i < sent.end:
        hit = None
        if sent.doc[i].lower_.split("-")[0] in firsts:
            for n in range(min(maxw + 2, sent.end - i), 0, -1):  # +2: hyphens are tokens
                span = sent.doc[i:i + n]
                if ctx.at(span[0]) is not None and ctx.label(ctx.at(span[0])) == "Person":
                    break
                key = norm_title(span.text)
                if key in roles and all(ctx.at(t) is None for t in span):
                    hit = (span, roles[key])
                    break
        if hit:
            yield hit
            i = hit[0].end
        else:
            i += 1


def _time_of(ctx: Sentence, span) -> str:
    """"past" ("former", "ex-"), "past_gone" ("late"), "deputy" ("vice", "deputy") or "" for
    the word before a title. A hyphen, the title's own country and the words that name the body
    the title is of ("former Iraqi governing council president") are skipped on the way."""
    k = span.start - 1
    doc = ctx.sent.doc
    cue = cues()
    while k >= max(ctx.sent.start, span.start - 6):
        word = doc[k].lower_
        if word in cue["role_gone"]:
            return "past_gone"
        if word in cue["role_past"]:
            return "past"
        if word in cue["role_deputy"]:
            return "deputy"
        if doc[k].text in "-\u2010\u2011" or doc[k].tag_ == "POS" \
                or ctx.at(doc[k]) is not None and ctx.label(ctx.at(doc[k])) != "Person" \
                or doc[k].dep_ in ("compound", "amod") and k < doc[k].head.i <= span.end:
            k -= 1  # "ex-President", "former Philippines Defence Secretary", "the late French president"
            continue
        break
    return ""


def _skip(ctx: Sentence, j: int) -> int:
    """Past honorifics and ranks ("Mr", "Lt Gen") and conjoined titles ("President and CEO")."""
    sent, hon = ctx.sent, cues()["honorific"]
    while j < sent.end:
        if sent.doc[j].lower_ in hon:
            j += 1
        elif sent.doc[j].lower_ == "and" and j + 1 < sent.end and \
                sent.doc[j + 1].lower_.split("-")[0] in role_first_words():
            j += 2
            while j < sent.end and norm_title(sent.doc[j].text) in roles_table():
                j += 1
        else:
            return j
    return j


def _person_at(ctx: Sentence, j: int) -> Mention | None:
    if j < ctx.sent.end:
        m = ctx.at(ctx.sent.doc[j])
        if m is not None and ctx.label(m) == "Person":
            return m
    return None


def _role_persons(ctx: Sentence, span) -> list[tuple[Mention, str]]:
    sent = ctx.sent
    head = span.root
    persons: list[tuple[Mention, str]] = []
    j = _skip(ctx, span.end)
    if _person_at(ctx, j) is not None:
        persons.append((_person_at(ctx, j), "role_prefix"))
    elif j < sent.end and sent.doc[j].dep_ == "prep":
        # "Ambassador to Tokyo X", "Minister for Defence of Sweden Mr. X", "the PM of the UK, X,"
        end = min(max(t.i for t in sent.doc[j].subtree) + 1, sent.end)
        if "," not in sent.doc[j:end].text:
            if _person_at(ctx, _skip(ctx, end)) is not None:
                persons.append((_person_at(ctx, _skip(ctx, end)), "role_prefix"))
            elif _person_at(ctx, end - 1) is not None and ctx.spans[id(_person_at(ctx, end - 1))].start > j + 1:
                # "Advisor to the Minister of Internal Affairs Anton Gerashchenko": the parser
                # hung the name inside the phrase; it still closes the title
                persons.append((_person_at(ctx, end - 1), "role_prefix"))
        commas = [t.i for t in sent.doc[j:min(j + 8, sent.end)] if t.text == ","]
        if commas and _person_at(ctx, _skip(ctx, commas[0] + 1)) is not None:
            persons.append((_person_at(ctx, _skip(ctx, commas[0] + 1)), "role_appos"))
    if head.dep_ == "appos" and ctx.at(head.head) is not None:
        persons.append((ctx.at(head.head), "role_appos"))
    for c in deps_of(head, "appos"):
        persons += [(m, "role_appos") for m in [ctx.at(c)] if m is not None]
    if head.dep_ == "attr":
        for s in deps_of(head.head, "nsubj"):
            persons += [(m, "role_copula") for m in [ctx.at(s)] if m is not None]
    return [(m, r) for m, r in persons if ctx.label(m) == "Person"]


def _role_targets(ctx: Sentence, span) -> list[Mention]:
    """The country or organization the title belongs to; a city's officials are not the
    country's, so no Location stands in for a country here."""
    sent, head = ctx.sent, span.root
    targets: list[Mention] = []
    k = span.start - 1
    while k >= sent.start and (sent.doc[k].tag_ == "POS" or sent.doc[k].dep_ == "det"):
        k -= 1
    left = ctx.at(sent.doc[k]) if k >= sent.start else None
    if left is not None and ctx.label(left) in ENT_LABELS and "\n" not in ctx.doc_text[left.end:span.start_char]:
        targets.append(left)
    if not targets:
        for t in span:
            targets += [m for c in t.children if c.dep_ in NP_MOD_DEPS and c.i < span.start
                        for m in [ctx.at(c)] if m is not None and ctx.label(m) in ENT_LABELS]
    if not targets:
        for p in pobjs(head, ("of", "at")) + [q for f in pobjs(head, ("for",)) for q in pobjs(f, ("of",))]:
            # "Prime Minister of the UK", "an analyst at KB", "Minister for Defence of Sweden"
            targets += np_mentions(ctx, p, ENT_LABELS, modifiers=False)
    return [t for t in targets if t.label != "Location"]
