"""The ``graphbuilder`` command: a thin typer wrapper over ``graphbuilder.api``.

Why thin: every decision lives in ``build`` (tested directly); this module parses options,
shows progress and warnings on stderr, prints the summary on stdout and maps errors to exit
codes: 0 success, 1 data error (one line ``Error [GBxxx]: ...``, never a traceback), 2 usage.

>>> from typer.testing import CliRunner
>>> CliRunner().invoke(app, ["build", "--help"]).exit_code
0
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

import typer
from typer.core import TyperGroup

from . import __version__
from .api import Summary, build
from .errors import GraphbuilderError, OutOfMemoryError, format_error
from .model import Skipped
from .settings import (DEFAULT_BATCH_SIZE, DEFAULT_MAX_BYTES, DEFAULT_MIN_CONFIDENCE, DEFAULT_N_PROCESS,
                       FALLBACK_MODEL, MODEL_ENV)

__all__ = ["app", "main", "build_cli", "format_summary", "out_of_memory", "LINK_TYPES"]


class _Group(TyperGroup):
    """Turn every ``GraphbuilderError`` of every command into one line and exit code 1, running
    out of memory into one coded line too, and Ctrl-C into one line and exit code 130."""

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except GraphbuilderError as err:
            typer.echo(format_error(err), err=True)
            raise typer.Exit(err.exit_code) from None
        except MemoryError as exc:
            err = out_of_memory(exc)
            typer.echo(format_error(err), err=True)
            raise typer.Exit(err.exit_code) from None
        except KeyboardInterrupt:
            # build writes its files only at the end (mentions.jsonl is removed on abort), and
            # every load batch is its own transaction: re-running the command completes the work
            typer.echo("Interrupted: nothing half-written was kept; run the command again to finish.",
                       err=True)
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=_Group,
    name="graphbuilder",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def out_of_memory(exc: MemoryError) -> OutOfMemoryError:
    """The one-line error for a ``MemoryError`` (numpy's says how much it wanted).

    >>> str(out_of_memory(MemoryError("Unable to allocate 66.1 MiB")))
    'out of memory (Unable to allocate 66.1 MiB); nothing half-written was kept: lower --batch-size or --n-process, or skip the largest inputs with --max-bytes'
    """
    what = " ".join(str(exc).split()) or "MemoryError"
    return OutOfMemoryError(f"out of memory ({what}); nothing half-written was kept: lower "
                            "--batch-size or --n-process, or skip the largest inputs with --max-bytes")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"graphbuilder {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """Turn news text into a typed, evidenced knowledge graph.

    \b
    Example:
      graphbuilder build seeds --out out
    """


def _warn(item: Skipped) -> None:
    typer.echo(f"warning: skipped {item.source}: {item.reason}", err=True)


def _note(message: str) -> None:
    typer.echo(f"note: {message}", err=True)


#: Relationship types that link documents and co-occurring entities, not stated facts.
LINK_TYPES = ("MENTIONS", "CO_MENTIONED")


def format_summary(s: Summary) -> str:
    """The summary printed after a build: every number with thousands separators, typed
    relations (facts with evidence) apart from the MENTIONS and CO_MENTIONED links.

    >>> print(format_summary(Summary(documents=1200, entities={"Country": 2}, words=10, seconds=1.0,
    ...                              relations={"CO_MENTIONED": 1500, "LEADER_OF": 3, "MENTIONS": 9})))
    Documents: 1,200 read, 0 skipped
    Entities: 2
      Country               2
    Typed relations: 3
      LEADER_OF             3
    Links: 1,509
      MENTIONS              9
      CO_MENTIONED      1,500
    Mentions: 0
    Speed: 10 words in 1.0 s (10 words/s; model loaded in 0.0 s)
    """
    typed = {t: n for t, n in s.relations.items() if t not in LINK_TYPES}
    links = {t: s.relations[t] for t in LINK_TYPES if t in s.relations}
    lines = [f"Documents: {s.documents:,} read, {len(s.skipped):,} skipped"]
    if s.incremental:
        lines.append(f"Incremental: reused {s.reused:,}, processed {s.processed:,}, "
                     f"removed {s.removed:,}")
    for title, counts in (("Entities", s.entities), ("Typed relations", typed), ("Links", links)):
        lines.append(f"{title}: {sum(counts.values()):,}")
        lines += [f"  {key:<14}{n:>9,}" for key, n in counts.items()]
    lines.append(f"Mentions: {s.mentions:,}")
    lines.append(f"Speed: {s.words:,} words in {s.seconds - s.load_seconds:,.1f} s "
                 f"({s.words_per_second:,.0f} words/s; model loaded in {s.load_seconds:,.1f} s)")
    if s.outputs:
        lines.append("Wrote:")
        lines += [f"  {p}" for p in s.outputs]
    return "\n".join(lines)


@app.command("build", short_help="Build the graph files (graph.json, graph.graphml, "
             "mentions.jsonl, graph.html) from documents.")
def build_cli(
    paths: list[Path] = typer.Argument(..., metavar="PATH",
                                       help="Files or folders (.txt .md .html .htm .jsonl)."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder (created if needed)."),
    model: str = typer.Option(FALLBACK_MODEL, "--model", "-m", envvar=MODEL_ENV,
                              help="spaCy pipeline to load."),
    batch_size: int = typer.Option(DEFAULT_BATCH_SIZE, "--batch-size", min=1,
                                   help="Documents per nlp.pipe batch."),
    n_process: int = typer.Option(DEFAULT_N_PROCESS, "--n-process", min=1,
                                  help="Worker processes for nlp.pipe."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                                  help="Skip files (and JSONL lines) larger than this."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    incremental: bool = typer.Option(
        False, "--incremental",
        help="Reuse --out's earlier build for unchanged documents (same result as a full build)."),
    min_confidence: float = typer.Option(
        DEFAULT_MIN_CONFIDENCE, "--min-confidence", min=0.0, max=1.0,
        help="Drop relations whose confidence (their frame's dev-set precision) is below this."),
    dask: str = typer.Option(
        None, "--dask", metavar="local|tcp://HOST:PORT",
        help="Extract on Dask: 'local' starts a LocalCluster (--n-process workers, default one "
             "per CPU), an address uses that scheduler. Needs graphbuilder[dask]."),
) -> None:
    """Build the graph from PATH... into the folder --out, which then holds:

    \b
      graph.json          the graph as networkx node-link JSON
      graph.graphml       the same graph as GraphML (Gephi, yEd, APOC import)
      mentions.jsonl      one line per mention, with offsets into its document
      graph.html          an interactive view for a browser
      graphbuilder.json   the manifest: tool version, model, options, input hashes
      .graphbuilder/      the lock, the staging area and the store --incremental reuses

    All files are swapped in together at the end. Folders are read recursively;
    unreadable inputs, and earlier builds' folders, are skipped with a warning on
    stderr. Progress and warnings go to stderr, the summary to stdout.

    \b
    Example:
      graphbuilder build seeds --out out
    """
    result = build(paths, out, model=model, batch_size=batch_size, n_process=n_process,
                   max_bytes=max_bytes, progress=not quiet and sys.stderr.isatty(),
                   incremental=incremental, min_confidence=min_confidence, dask=dask,
                   on_skip=_warn, on_note=_note)
    typer.echo(format_summary(result.summary))


def _register_extensions() -> None:
    """Commands from optional modules (Neo4j ``load``/``query``/``export``) when present."""
    if importlib.util.find_spec("graphbuilder.cli_neo4j") is not None:
        importlib.import_module("graphbuilder.cli_neo4j").register(app)


_register_extensions()


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point (``graphbuilder``; also ``python -m graphbuilder``)."""
    app(args=argv, prog_name="graphbuilder")
