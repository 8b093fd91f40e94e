"""Calibrated confidence: each frame's ``confidence`` is the precision it reaches on the dev set.

Why: a relation's ``confidence`` is only useful if it means something a user can act on
(``build --min-confidence``). The precision of a frame is a property of the frame, so it is
measured, not guessed: the dev set is built, every predicted relation is matched against the
gold annotations with the dev scorer's own matching (``score.py``, imported from its path at
run time, never copied), and each frame (``Relation.rule``) gets the share of its relations
that are right.

Smoothing: few firings say little, so the measured rate is shrunk towards the pooled
precision of all frames, as a Beta prior worth ``--prior-weight`` relations (default 4):
``confidence = (right + k * pooled) / (fired + k)``. A frame that never fires on the dev set
keeps the confidence it has. One relation is one (document, head, type, tail, rule): a frame
that states the same pair in three sentences of one article counts once, as the scorer does.

The script then rebuilds the dev set with the new confidences and prints precision / recall /
F1 at several ``--min-confidence`` thresholds, in sample and two-fold cross-validated (frames
calibrated on one half of the articles, thresholds applied to the other), and the
threshold whose precision stays >= ``--target`` in both (best cross-validated F1): the value for
``settings.DEFAULT_MIN_CONFIDENCE``.

Usage::

    .venv/bin/python benchmarks/calibrate.py [--gold ../shared/eval/dev] [--scorer PATH]
        [--write] [--json results.json]

Without ``--write`` nothing is changed; with it, the ``confidence`` fields of
``graphbuilder/data/frames.jsonl`` are rewritten in place (every other field kept as it is).

>>> smoothed(9, 10, pooled=0.8, weight=4)
0.94
>>> smoothed(0, 1, pooled=0.8, weight=4)
0.64
>>> prf(9, 1, 10)
(0.9, 0.474, 0.621)
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

__all__ = ["smoothed", "prf", "load_scorer", "dev_relations", "rule_stats", "calibrate",
           "threshold_table", "choose_threshold", "write_confidences", "main"]

FRAMES_FILE = ROOT / "graphbuilder" / "data" / "frames.jsonl"
THRESHOLDS = (0.0, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def smoothed(right: int, fired: int, pooled: float, weight: float) -> float:
    """Beta-smoothed precision, rounded to two decimals."""
    return round((right + weight * pooled) / (fired + weight), 2)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (rounded to three decimals)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 3), round(r, 3), round(f, 3)


def load_scorer(path: Path):
    """The dev scorer as a module, from its own file."""
    spec = importlib.util.spec_from_file_location("gb_dev_score", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise SystemExit(f"Error: no scorer at {path} (give --scorer)")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def dev_relations(gold_dir: Path, scorer) -> tuple[list[tuple], dict[str, set]]:
    """Build the dev set and match every relation against the gold.

    Returns ``(items, gold)``: one item ``(doc, (head, type, tail), rule, confidence, right)``
    per predicted relation (gold names for matched entities, ``?id`` otherwise, as the scorer
    writes them) and the gold relation set of each document.
    """
    from graphbuilder.documents import read_documents
    from graphbuilder.graph import build_graph
    from graphbuilder.model import Document
    from graphbuilder.pipeline import extract_documents
    from graphbuilder.sinks.node_link import to_node_link, write_json

    docs = [d for d in read_documents([gold_dir]) if isinstance(d, Document) and d.source.endswith(".txt")]
    extractions = list(extract_documents(docs))
    with tempfile.TemporaryDirectory(prefix="gb-calib-") as tmp:
        path = Path(tmp) / "graph.json"
        write_json(to_node_link(build_graph(extractions)), path)
        nodes, _ = scorer.load_pred(path)
    gold = scorer.load_gold(gold_dir)
    items = []
    for ex in extractions:
        doc = ex.document.id
        g = gold.get(doc)
        if g is None:
            continue
        pred_ids = [pid for pid, n in nodes.items() if doc in n["docs"]]
        assign = scorer.match_entities(g["entities"], pred_ids, nodes)
        name = {pid: scorer.norm(g["entities"][gi]["name"]) for pid, gi in assign.items()}
        for r in ex.relations:
            key = (name.get(r.source, f"?{r.source}"), r.type, name.get(r.target, f"?{r.target}"))
            if r.type in scorer.SYMMETRIC and (key[2], key[1], key[0]) in g["relations"]:
                key = (key[2], key[1], key[0])
            items.append((doc, key, r.rule, r.confidence, key in g["relations"]))
    return items, {doc: g["relations"] for doc, g in gold.items()}


def rule_stats(items: Iterable[tuple]) -> dict[str, list[int]]:
    """rule -> [right, fired], one count per (document, relation, rule)."""
    seen, stats = set(), defaultdict(lambda: [0, 0])
    for doc, key, rule, _, right in items:
        if (doc, key, rule) in seen:
            continue
        seen.add((doc, key, rule))
        stats[rule][0] += int(right)
        stats[rule][1] += 1
    return dict(stats)


def calibrate(stats: Mapping[str, list[int]], current: Mapping[str, float],
              weight: float = 4.0) -> tuple[dict[str, float], float]:
    """New confidence per frame (unfired frames keep theirs) and the pooled precision."""
    right = sum(s[0] for s in stats.values())
    fired = sum(s[1] for s in stats.values())
    pooled = right / fired if fired else 0.0
    new = dict(current)
    for rule, (r, n) in stats.items():
        new[rule] = smoothed(r, n, pooled, weight)
    return new, pooled


def _score_at(items: Iterable[tuple], gold: Mapping[str, set], conf, t: float) -> tuple[float, float, float]:
    pred = {(doc, key) for doc, key, rule, c, _ in items if conf(rule, c) >= t}
    truth = {(doc, r) for doc, rels in gold.items() for r in rels}
    tp = len(pred & truth)
    return prf(tp, len(pred) - tp, len(truth) - tp)


def threshold_table(items: list[tuple], gold: Mapping[str, set], weight: float,
                    current: Mapping[str, float], rebuilt: bool = True) -> list[dict]:
    """P/R/F1 at each threshold: in sample and two-fold cross-validated (each half scored with
    confidences calibrated on the other half). In sample uses each relation's own confidence
    when the dev set was ``rebuilt`` with the new values, else its frame's new value; the
    cross-validated figures use the frame's value from the other half (a relation whose
    confidence combines two frames takes its own frame's)."""
    own = (lambda rule, c: c) if rebuilt else (lambda rule, c: current.get(rule, c))
    docs = sorted(gold)
    halves = [set(docs[0::2]), set(docs[1::2])]
    fold_conf = []
    for train in halves:
        conf, _ = calibrate(rule_stats(i for i in items if i[0] in train), current, weight)
        fold_conf.append(conf)
    rows = []
    for t in sorted(set(THRESHOLDS)):
        p, r, f = _score_at(items, gold, own, t)
        cv = [0, 0, 0]
        for k, test in enumerate(halves):
            other = fold_conf[1 - k]
            sub = [i for i in items if i[0] in test]
            pred = {(d, key) for d, key, rule, c, _ in sub if other.get(rule, c) >= t}
            truth = {(d, x) for d in test for x in gold[d]}
            tp = len(pred & truth)
            cv = [cv[0] + tp, cv[1] + len(pred) - tp, cv[2] + len(truth) - tp]
        cp, cr, cf = prf(*cv)
        rows.append({"threshold": t, "p": p, "r": r, "f1": f, "cv_p": cp, "cv_r": cr, "cv_f1": cf})
    return rows


def choose_threshold(rows: list[dict], target: float) -> float:
    """The threshold with the best cross-validated F1 among those whose precision is >=
    ``target`` in sample and cross-validated; on a tie the lower one (no evidence to drop
    more); the highest threshold tried when none reaches the target. Cross-validated F1
    decides because in-sample figures reward dropping the very relations the calibration saw.

    >>> choose_threshold([{"threshold": 0.0, "p": .8, "cv_p": .8, "cv_f1": .7},
    ...                   {"threshold": 0.6, "p": .92, "cv_p": .91, "cv_f1": .65},
    ...                   {"threshold": 0.7, "p": .93, "cv_p": .92, "cv_f1": .65},
    ...                   {"threshold": 0.8, "p": .97, "cv_p": .95, "cv_f1": .5}], 0.9)
    0.6
    """
    ok = [r for r in rows if r["p"] >= target and r["cv_p"] >= target]
    if not ok:
        return max(r["threshold"] for r in rows)
    return max(ok, key=lambda r: (r["cv_f1"], -r["threshold"]))["threshold"]


def read_confidences(path: Path = FRAMES_FILE) -> dict[str, float]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["frame"]: float(row["confidence"]) for row in rows}


def write_confidences(new: Mapping[str, float], path: Path = FRAMES_FILE) -> int:
    """Rewrite the ``confidence`` of each frame in ``new``; other fields, their order and the
    line order stay. Returns the number of lines changed."""
    out, changed = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            out.append(line)
            continue
        row = json.loads(line)
        if row["frame"] in new and float(row["confidence"]) != new[row["frame"]]:
            row["confidence"] = new[row["frame"]]
            changed += 1
            line = json.dumps(row, ensure_ascii=False)
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return changed


def _reload_data() -> None:
    """Forget cached data files, so a rebuild reads the confidences just written."""
    from graphbuilder import knowledge, lexicon
    for fn in (lexicon.frame_rows, getattr(knowledge, "read_rows", None)):
        if hasattr(fn, "cache_clear"):
            fn.cache_clear()


def _print_rules(stats, current, new) -> None:
    print(f"{'frame':<30}{'right':>6}{'fired':>6}{'prec':>7}{'old':>6}{'new':>6}")
    for rule in sorted(stats, key=lambda k: (-stats[k][1], k)):
        r, n = stats[rule]
        print(f"{rule:<30}{r:>6}{n:>6}{r / n:>7.2f}{current.get(rule, 0):>6.2f}{new[rule]:>6.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "eval" / "dev")
    ap.add_argument("--scorer", type=Path, default=None, help="default: GOLD/../score.py")
    ap.add_argument("--prior-weight", type=float, default=4.0)
    ap.add_argument("--target", type=float, default=0.90, help="precision the default must keep")
    ap.add_argument("--write", action="store_true", help="rewrite confidences in frames.jsonl")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    scorer = load_scorer(args.scorer or args.gold.parent / "score.py")
    current = read_confidences()
    items, gold = dev_relations(args.gold, scorer)
    stats = rule_stats(items)
    new, pooled = calibrate(stats, current, args.prior_weight)
    print(f"# dev set {args.gold}: {len(gold)} articles, pooled precision {pooled:.3f}, "
          f"prior weight {args.prior_weight:g}\n")
    _print_rules(stats, current, new)
    if args.write:
        print(f"\nwrote {write_confidences(new)} confidences into {FRAMES_FILE}")
        _reload_data()
        items, gold = dev_relations(args.gold, scorer)
    rows = threshold_table(items, gold, args.prior_weight, new, rebuilt=args.write)
    print(f"\n{'min-conf':>8}{'P':>7}{'R':>7}{'F1':>7}{'cv P':>7}{'cv R':>7}{'cv F1':>7}")
    for row in rows:
        print(f"{row['threshold']:>8.2f}{row['p']:>7.3f}{row['r']:>7.3f}{row['f1']:>7.3f}"
              f"{row['cv_p']:>7.3f}{row['cv_r']:>7.3f}{row['cv_f1']:>7.3f}")
    best = choose_threshold(rows, args.target)
    print(f"\nbest cross-validated F1 with P >= {args.target} (in sample and cross-validated): "
          f"--min-confidence {best}")
    if args.json:
        args.json.write_text(json.dumps({"pooled": pooled, "rules": stats, "confidence": new,
                                         "thresholds": rows, "default": best}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
