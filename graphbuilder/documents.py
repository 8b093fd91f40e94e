"""Read documents from files and folders: text, Markdown, HTML and JSON Lines.

Why a stage of its own: everything downstream trusts ``Document.text`` (mention offsets point
into it), so reading decides once what that text is. Bad input never raises: a file that
cannot be read becomes a ``Skipped`` with a one-line reason, and the run goes on.

Rules:

- paths are read in the order given; folders recursively, in sorted order, and only files
  ending in ``.txt``, ``.md``, ``.html``/``.htm`` or ``.jsonl`` (hidden files and folders,
  whose names start with ``.``, are left out). A file named explicitly is read whatever
  its extension (as text unless it is HTML or JSONL). The same file named twice is read once.
- UTF-8 with or without a byte order mark, and UTF-16 or UTF-32 with one (the mark tells
  which; it is dropped); other encodings, binary files (NUL bytes without a mark), empty
  files and files over ``max_bytes`` are skipped.
- a folder inside a folder that cannot be listed, or that is a symbolic link (never followed,
  so a link loop cannot run forever), gives one warning; a folder with no file of a known
  extension says which extensions are read.
- ``source`` is the absolute path (plus ``:line`` for JSONL), so ids and sources are the same
  whether a path was typed relative or absolute.
- HTML keeps visible text only; ``<title>`` gives the title.
- JSONL: one document per line with ``text`` and optional ``id`` (a string, or a number used
  as its string), ``title``, ``source``; ``max_bytes`` applies to each line, so a large
  corpus file streams.
- document ids are the file stem (or JSONL ``id``), made unique in reading order: ``a``,
  ``a-2``, ``a-3``.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "note.txt").write_text("Macron met Scholz.\\n", encoding="utf-8")
>>> _ = (d / "note.md").write_text("# Note\\nSecond one.", encoding="utf-8")
>>> [(x.id, x.title) for x in read_documents([d])]   # same stem, unique ids
[('note', 'Note'), ('note-2', 'Macron met Scholz.')]
"""
from __future__ import annotations

import codecs
import io
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

from .model import Document, Skipped
from .settings import DEFAULT_MAX_BYTES

__all__ = ["read_documents", "count_documents", "html_to_text", "SUFFIXES", "TITLE_MAX",
           "DEFAULT_MAX_BYTES", "COUNT_BUDGET"]

#: Extensions read when walking a folder (compared lower-case).
SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
#: JSONL bytes ``count_documents`` scans line by line; beyond, it estimates from the bytes
#: per line seen so far (a progress total need not be exact, it must be cheap).
COUNT_BUDGET = 64 * 1024 * 1024
#: Longest title taken from the first line of a document.
TITLE_MAX = 200

_HTML = (".html", ".htm")
#: A hook saying why a path must not be read (None: read it).
Skip = Callable[[Path], "str | None"]
_BOM = "\ufeff"
#: Byte order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


# --------------------------------------------------------------------------- HTML


class _VisibleText(HTMLParser):
    """Collect the text a browser would show, with block elements as line breaks."""

    SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head"})
    BLOCK = frozenset({
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
        "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    })

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.skip: list[str] = []  # open elements whose content is not shown
        self.in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "body" or (tag in self.BLOCK and "head" in self.skip):
            # a missing </head>: the body has started
            self.skip = [t for t in self.skip if t != "head"]
        if tag == "title":
            self.in_title = True
        elif tag in self.SKIP:
            self.skip.append(tag)
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in self.SKIP and tag in self.skip:
            while self.skip and self.skip.pop() != tag:
                pass
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        elif not self.skip:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str]:
    """Visible text and ``<title>`` of an HTML page: paragraphs separated by a blank line.

    Why: offsets must refer to readable text, and spaCy should not see scripts, styles or
    run-together paragraphs.

    >>> html_to_text("<html><head><title>T &amp; A</title><style>p{}</style></head>"
    ...              "<body><h1>Head</h1><p>One&nbsp;two<br>three</p><script>x()</script></body>")
    ('Head\\n\\nOne two\\n\\nthree', 'T & A')
    """
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    raw = "".join(parser.parts).replace("\xa0", " ")
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in raw.split("\n"))
    text = "\n\n".join(line for line in lines if line)
    title = " ".join("".join(parser.title_parts).split())
    return text, title


# --------------------------------------------------------------------------- helpers


def _first_line_title(text: str, markdown: bool = False) -> str:
    for line in text.splitlines():
        line = line.strip()
        if markdown:
            line = line.lstrip("#").strip()
        if line:
            return line[:TITLE_MAX].rstrip()
    return ""


def _bom_encoding(head: bytes) -> str | None:
    """The encoding a byte order mark announces, or None.

    >>> _bom_encoding(b"\\xff\\xfe\\x00\\x00x"), _bom_encoding(b"\\xff\\xfex\\x00"), _bom_encoding(b"ab")
    ('utf-32', 'utf-16', None)
    """
    for mark, encoding in _BOMS:
        if head.startswith(mark):
            return encoding
    return None


def _decode(data: bytes) -> str:
    """Decode UTF-8, or UTF-16/UTF-32 with a byte order mark (the mark dropped); raise
    ``UnicodeDecodeError`` otherwise.

    >>> _decode("\\ufeffKyiv".encode("utf-16-le")), _decode(b"Kyiv")
    ('Kyiv', 'Kyiv')
    """
    text = data.decode(_bom_encoding(data[:4]) or "utf-8")
    return text[1:] if text.startswith(_BOM) else text


def _decode_reason(err: UnicodeDecodeError) -> str:
    bad = err.object[err.start:err.start + 1].hex()
    if err.encoding.replace("-", "").lower() != "utf8":
        return (f"not valid {err.encoding.upper()} text (byte 0x{bad} at offset {err.start}) "
                "although it starts with that byte order mark; convert it to UTF-8")
    return f"not UTF-8 text (byte 0x{bad} at offset {err.start}); convert it to UTF-8"


def _too_big(size: int, max_bytes: int) -> str:
    return f"larger than {max_bytes} bytes ({size} bytes); raise --max-bytes to read it"


def _norm_id(raw: str) -> str:
    return unicodedata.normalize("NFC", raw.strip())


class _Ids:
    """Hand out unique ids in reading order: ``a``, ``a-2``, ``a-3``."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.last: dict[str, int] = {}  # wanted id -> last suffix tried (keeps 10k "index" fast)

    def claim(self, wanted: str) -> str:
        doc_id, n = wanted, self.last.get(wanted, 1)
        if n > 1:
            doc_id = f"{wanted}-{n}"
        while doc_id in self.used:
            n += 1
            doc_id = f"{wanted}-{n}"
        self.last[wanted] = n
        self.used.add(doc_id)
        return doc_id


# --------------------------------------------------------------------------- walking


def _walk(folder: Path, exclude: frozenset[Path] = frozenset(),
          skip: Skip | None = None) -> Iterator[Path | Skipped]:
    """Files with a known extension under ``folder``, sorted, hidden names left out; a folder or
    file ``skip`` gives a reason for (an earlier build's output) is a ``Skipped`` instead, and so
    is each folder that cannot be listed or is a symbolic link (not followed), and a folder that
    holds no file with a known extension."""
    errors: list[OSError] = []
    found = warned = False
    others: set[str] = set()
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        warned = warned or bool(errors)
        yield from _folder_errors(errors, folder)
        kept = []
        for d in sorted(dirs):
            sub = Path(root, d)
            if d.startswith(".") or (exclude and _resolved(sub) in exclude):
                continue
            reason = skip(sub) if skip is not None else None
            if not reason and sub.is_symlink():
                reason = "symbolic link to a folder, not followed; name it as a PATH to read it"
            if reason:
                warned = True
                yield Skipped(str(sub), reason)
            else:
                kept.append(d)
        dirs[:] = kept
        for name in sorted(files):
            p = Path(root, name)
            if name.startswith("."):
                continue
            if p.suffix.lower() in SUFFIXES and p.is_file():
                reason = skip(p) if skip is not None else None
                warned = warned or bool(reason)
                found = found or not reason
                yield Skipped(str(p), reason) if reason else p
            else:
                others.add(p.suffix.lower() or "(no extension)")
    warned = warned or bool(errors)
    yield from _folder_errors(errors, folder)
    if not found and not warned:
        seen = f" (found only {', '.join(sorted(others))})" if others else ""
        yield Skipped(str(folder), f"no {', '.join(SUFFIXES)} file in this folder{seen}; "
                      "name a file as a PATH to read it whatever its extension")


def _folder_errors(errors: list[OSError], folder: Path) -> Iterator[Skipped]:
    for err in errors:
        yield Skipped(err.filename or str(folder), f"cannot read folder: {err.strerror or err}")
    errors.clear()


def _resolved(p: Path) -> Path:
    try:
        return p.resolve()
    except OSError:
        return p.absolute()


def _files(paths: Iterable[str | Path], exclude: frozenset[Path] = frozenset(),
           skip: Skip | None = None) -> Iterator[Path | Skipped]:
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        try:
            reason = skip(path) if skip is not None else None
            if reason:
                yield Skipped(str(path), reason)
                continue
            if path.is_dir():
                candidates: Iterable[Path | Skipped] = _walk(path, exclude, skip)
            elif path.is_file():
                candidates = [path]
            elif path.exists():
                yield Skipped(str(path), "not a regular file")
                continue
            else:
                yield Skipped(str(path), "no such file or directory")
                continue
        except OSError as err:
            yield Skipped(str(path), f"cannot read: {err.strerror or err}")
            continue
        for p in candidates:
            if isinstance(p, Skipped):
                yield p
                continue
            key = _resolved(p)
            if key not in seen:
                seen.add(key)
                yield p


def _source(path: Path) -> str:
    """The absolute path, symbolic links kept as named (the same however it was typed).

    >>> _source(Path("/a/./b/../c.txt"))
    '/a/c.txt'
    """
    return os.path.abspath(path)


# --------------------------------------------------------------------------- formats


def _read_file(path: Path, max_bytes: int, ids: _Ids) -> Document | Skipped:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Skipped(source, _too_big(size, max_bytes))
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as err:
        return Skipped(source, f"cannot read: {err.strerror or err}")
    if len(data) > max_bytes:
        return Skipped(source, _too_big(len(data), max_bytes))
    if b"\x00" in data and _bom_encoding(data[:4]) in (None, "utf-8"):
        return Skipped(source, "binary file (contains NUL bytes)")
    try:
        text = _decode(data)
    except UnicodeDecodeError as err:
        return Skipped(source, _decode_reason(err))
    if "\x00" in text:
        return Skipped(source, "binary file (contains NUL characters)")
    suffix = path.suffix.lower()
    if suffix in _HTML:
        text, title = html_to_text(text)
        if not text:
            return Skipped(source, "no visible text")
        title = title[:TITLE_MAX].rstrip() or _first_line_title(text)
    else:
        if not text.strip():
            return Skipped(source, "empty file")
        title = _first_line_title(text, markdown=suffix == ".md")
    return Document(ids.claim(_norm_id(path.stem) or "document"), text, title, _source(path))


def _jsonl_id(raw_id: object) -> str | Skipped:
    """The id of a JSONL record: a string, or a number used as its JSON text.

    >>> _jsonl_id(42), _jsonl_id(" a "), _jsonl_id(None), _jsonl_id(True)
    ('42', 'a', '', '"id" must be a string or a number, not bool')
    """
    if raw_id is None:
        return ""
    if isinstance(raw_id, str):
        return _norm_id(raw_id)
    if isinstance(raw_id, (int, float)) and not isinstance(raw_id, bool):
        return json.dumps(raw_id)
    return f"\"id\" must be a string or a number, not {_json_type(raw_id)}"


def _json_type(value: object) -> str:
    return {dict: "object", list: "array", bool: "bool", int: "number", float: "number",
            type(None): "null"}.get(type(value), type(value).__name__)


def _read_jsonl_line(line: str, where: str, origin: str, fallback_id: str,
                     ids: _Ids) -> Document | Skipped | None:
    if not line.strip():
        return None  # blank lines separate nothing
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as err:
        return Skipped(where, f"invalid JSON ({err.msg} at column {err.colno})")
    if not isinstance(rec, dict):
        return Skipped(where, "a JSON object with a \"text\" field was expected")
    text = rec.get("text")
    if text is None:
        return Skipped(where, "no \"text\" field")
    if not isinstance(text, str):
        return Skipped(where, f"\"text\" must be a string, not {_json_type(text)}")
    if not text.strip():
        return Skipped(where, "empty \"text\" field")
    if "\x00" in text:
        return Skipped(where, "binary text (contains NUL characters)")
    doc_id = _jsonl_id(rec.get("id"))
    if doc_id.startswith('"id" must'):
        return Skipped(where, doc_id)
    title = rec.get("title")
    title = " ".join(title.split())[:TITLE_MAX] if isinstance(title, str) else ""
    source = rec.get("source")
    source = source if isinstance(source, str) and source.strip() else origin
    return Document(ids.claim(doc_id or fallback_id), text, title or _first_line_title(text), source)


def _jsonl_lines(f, max_bytes: int) -> Iterator[str | Skipped]:
    """Decoded lines of an open binary JSONL file (a ``str`` reason for a bad line)."""
    encoding = _bom_encoding(f.peek(4)[:4]) if hasattr(f, "peek") else None
    if encoding in ("utf-16", "utf-32"):
        unit = 2 if encoding == "utf-16" else 4
        try:
            for lineno, line in enumerate(io.TextIOWrapper(f, encoding=encoding, newline=None)):
                line = line[1:] if lineno == 0 and line.startswith(_BOM) else line
                n = len(line) * unit
                yield line if n <= max_bytes else Skipped("", _too_big(n, max_bytes))
        except UnicodeDecodeError as err:
            yield Skipped("", _decode_reason(err))
        return
    for lineno, raw in enumerate(f, 1):
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        if len(raw) > max_bytes:
            yield Skipped("", _too_big(len(raw), max_bytes))
            continue
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as err:
            yield Skipped("", _decode_reason(err))


def _read_jsonl(path: Path, max_bytes: int, ids: _Ids) -> Iterator[Document | Skipped]:
    stem = _norm_id(path.stem) or "document"
    origin = _source(path)
    produced = False
    try:
        with path.open("rb") as f:
            for lineno, line in enumerate(_jsonl_lines(f, max_bytes), 1):
                where = f"{path}:{lineno}"
                if isinstance(line, Skipped):
                    item: Document | Skipped | None = Skipped(where, line.reason)
                else:
                    item = _read_jsonl_line(line, where, f"{origin}:{lineno}",
                                            f"{stem}-{lineno}", ids)
                if item is not None:
                    produced = True
                    yield item
    except OSError as err:
        yield Skipped(str(path), f"cannot read: {err.strerror or err}")
        return
    if not produced:
        yield Skipped(str(path), "empty file")


def read_documents(paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES, *,
                   exclude: Iterable[str | Path] = (),
                   skip: Skip | None = None) -> Iterator[Document | Skipped]:
    """Yield a ``Document`` for every readable input and a ``Skipped`` for every other one.

    Why a generator: documents stream into the pipeline; a corpus is never held in memory.
    Folders in ``exclude`` are not entered when walking (``build`` passes its output folder,
    so ``graphbuilder build . --out out`` does not read its own ``mentions.jsonl``). ``skip``
    returns a reason for a folder or file not to read (``build`` passes
    ``output.input_exclusion``: an earlier build's folder), which becomes a ``Skipped``.

    >>> [type(x).__name__ for x in read_documents(["/no/such/file.txt"])]
    ['Skipped']
    """
    ids = _Ids()
    for item in _files(paths, frozenset(_resolved(Path(p)) for p in exclude), skip):
        if isinstance(item, Skipped):
            yield item
        elif item.suffix.lower() == ".jsonl":
            yield from _read_jsonl(item, max_bytes, ids)
        else:
            yield _read_file(item, max_bytes, ids)


def count_documents(paths: Iterable[str | Path], *, exclude: Iterable[str | Path] = (),
                    skip: Skip | None = None, budget: int = COUNT_BUDGET) -> int:
    """About how many documents ``read_documents`` will yield, found cheaply for a progress
    total: one per file, one per line of JSONL files (lines counted in the first ``budget``
    bytes of JSONL, estimated from their length beyond). Nothing is decoded or parsed.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("One.", encoding="utf-8")
    >>> _ = (d / "b.jsonl").write_text('{"text": "x"}\\n{"text": "y"}\\n', encoding="utf-8")
    >>> count_documents([d])
    3
    """
    files = lines = seen = pending = 0
    for item in _files(paths, frozenset(_resolved(Path(p)) for p in exclude), skip):
        if isinstance(item, Skipped):
            continue
        if item.suffix.lower() != ".jsonl":
            files += 1
            continue
        try:
            if seen >= budget:
                pending += item.stat().st_size
                continue
            with item.open("rb") as f:
                last = b"\n"
                while chunk := f.read(1 << 20):
                    lines += chunk.count(b"\n")
                    seen += len(chunk)
                    last = chunk[-1:]
                    if seen >= budget:
                        pending += max(0, item.stat().st_size - f.tell())
                        break
                lines += last != b"\n"
        except OSError:
            continue
    if pending and seen:
        lines += round(pending * lines / seen)
    return files + lines
