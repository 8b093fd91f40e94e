"""Reading documents: every format, and every kind of bad input becomes a ``Skipped``."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from graphbuilder.documents import html_to_text, read_documents
from graphbuilder.model import Document, Skipped


#: Python that drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from this process (Linux
#: capget/capset), so a process running as root meets permission errors like anyone else.
_DROP_DAC = """import ctypes
libc = ctypes.CDLL(None, use_errno=True)
hdr = (ctypes.c_uint32 * 2)(0x20080522, 0)
data = (ctypes.c_uint32 * 6)()
assert libc.capget(hdr, data) == 0
data[0] &= ~0b110
assert libc.capset(hdr, data) == 0, ctypes.get_errno()
"""


def _read_unprivileged(path: Path) -> list[str]:
    """Read ``path`` in a fresh process without root's power to read anything, one line per
    item: ``Document SOURCE`` or ``Skipped SOURCE REASON``."""
    import subprocess
    import sys
    code = ("import sys; from graphbuilder.documents import read_documents\n"
            "for x in read_documents([sys.argv[1]]): print(type(x).__name__, x.source, "
            "getattr(x, 'reason', ''))")
    if os.geteuid() == 0:
        code = _DROP_DAC + code
    r = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout.splitlines()


def _read(*paths, **kw):
    return list(read_documents(list(paths), **kw))


def _docs(items):
    return [x for x in items if isinstance(x, Document)]


def _skips(items):
    return [x for x in items if isinstance(x, Skipped)]


def test_documents_txt_keeps_text_and_first_line_title(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text("\n  Paris talks open  \nMacron met Scholz.\n", encoding="utf-8")
    [doc] = _read(p)
    assert doc.id == "story"
    assert doc.text == "\n  Paris talks open  \nMacron met Scholz.\n"
    assert doc.title == "Paris talks open"
    assert doc.source == str(p)


def test_documents_title_is_capped_at_200_chars(tmp_path):
    p = tmp_path / "long.txt"
    p.write_text("word " * 100, encoding="utf-8")
    [doc] = _read(p)
    assert len(doc.title) <= 200
    assert doc.title.startswith("word word")


def test_documents_markdown_title_drops_heading_marks(tmp_path):
    p = tmp_path / "m.md"
    p.write_text("## Allies meet\n\nBody text.", encoding="utf-8")
    [doc] = _read(p)
    assert doc.title == "Allies meet"
    assert doc.text.startswith("## Allies meet")


def test_documents_bom_is_dropped_and_offsets_follow_returned_text(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeffFrance agreed.".encode("utf-8"))
    [doc] = _read(p)
    assert doc.text == "France agreed."
    assert doc.text[0:6] == "France"


def test_documents_html_visible_text_only(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(
        "<!doctype html><html><head><title>Talks &amp; Tanks</title>"
        "<style>body{color:red}</style><script>var France = 1;</script></head>"
        "<body><h1>Headline</h1><p>Germany&nbsp;sent tanks&hellip;</p>"
        "<noscript>enable JS</noscript><div>Second<br/>line</div></body></html>",
        encoding="utf-8")
    [doc] = _read(p)
    assert doc.title == "Talks & Tanks"
    assert doc.text == "Headline\n\nGermany sent tanks\u2026\n\nSecond\n\nline"
    assert "France" not in doc.text
    assert "enable JS" not in doc.text


def test_documents_html_without_title_uses_first_line(tmp_path):
    p = tmp_path / "p.htm"
    p.write_text("<p>First para.</p><p>Second.</p>", encoding="utf-8")
    [doc] = _read(p)
    assert doc.title == "First para."


def test_documents_html_missing_head_end_still_reads_body():
    text, title = html_to_text("<head><title>T</title><p>Body text.</p>")
    assert text == "Body text."
    assert title == "T"


def test_documents_html_without_visible_text_is_skipped(tmp_path):
    p = tmp_path / "empty.html"
    p.write_text("<html><head><script>x()</script></head><body> </body></html>",
                 encoding="utf-8")
    [skip] = _read(p)
    assert isinstance(skip, Skipped)
    assert "no visible text" in skip.reason


def test_documents_jsonl_one_document_per_line(tmp_path):
    p = tmp_path / "corpus.jsonl"
    rows = [{"id": "n1", "text": "France agreed.", "title": "T1", "source": "https://x/1"},
            {"id": "n2", "text": "Poland agreed."}]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    docs = _read(p)
    assert [d.id for d in docs] == ["n1", "n2"]
    assert docs[0].title == "T1"
    assert docs[0].source == "https://x/1"
    assert docs[1].title == "Poland agreed."
    assert docs[1].source == f"{p}:2"


def test_documents_jsonl_malformed_lines_are_skipped_with_line_numbers(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_text("\n".join([
        '{"id": "ok", "text": "Fine."}',
        '{"id": "broken", "text": ',
        '{"id": "no-text"}',
        '{"id": "blank", "text": "   "}',
        '{"id": 7, "text": "Numeric id."}',
        '["not", "an", "object"]',
        '{"text": "No id given."}',
    ]), encoding="utf-8")
    items = _read(p)
    assert [d.id for d in _docs(items)] == ["ok", "7", "bad-7"]
    assert [s.source for s in _skips(items)] == [f"{p}:{n}" for n in (2, 3, 4, 6)]
    reasons = [s.reason for s in _skips(items)]
    assert reasons[0].startswith("invalid JSON")
    assert reasons[1:] == ['no "text" field', 'empty "text" field',
                           'a JSON object with a "text" field was expected']


@pytest.mark.issue(9)
def test_documents_jsonl_numeric_id_is_its_string_and_bad_values_say_why(tmp_path):
    p = tmp_path / "n.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in [
        {"id": 12, "text": "Twelve."}, {"id": 2.5, "text": "Half."}, {"id": "12", "text": "Dup."},
        {"id": True, "text": "Bool."}, {"id": "t", "text": ["a", "list"]}, {"id": "u", "text": 3},
    ]), encoding="utf-8")
    items = _read(p)
    assert [d.id for d in _docs(items)] == ["12", "2.5", "12-2"]
    assert [s.reason for s in _skips(items)] == [
        '"id" must be a string or a number, not bool', '"text" must be a string, not array',
        '"text" must be a string, not number']


def test_documents_jsonl_bom_and_bad_utf8_line(tmp_path):
    p = tmp_path / "enc.jsonl"
    p.write_bytes(b'\xef\xbb\xbf{"id": "a", "text": "One."}\n'
                  b'{"id": "b", "text": "caf\xe9"}\n')
    items = _read(p)
    assert [d.id for d in _docs(items)] == ["a"]
    assert _skips(items)[0].source == f"{p}:2"
    assert "UTF-8" in _skips(items)[0].reason


def test_documents_jsonl_size_limit_applies_per_line(tmp_path):
    p = tmp_path / "big.jsonl"
    p.write_text(json.dumps({"id": "s", "text": "short"}) + "\n"
                 + json.dumps({"id": "l", "text": "x" * 500}) + "\n", encoding="utf-8")
    items = _read(p, max_bytes=100)
    assert [d.id for d in _docs(items)] == ["s"]
    assert "larger than 100 bytes" in _skips(items)[0].reason


@pytest.mark.issue(9)
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_documents_utf16_and_utf32_with_bom_are_decoded(tmp_path, encoding):
    p = tmp_path / "wide.md"
    p.write_bytes("\ufeff# Kyiv talks\nZoë met Ana in Kyiv.".encode(encoding))
    [doc] = _read(p)
    assert doc.text == "# Kyiv talks\nZoë met Ana in Kyiv."
    assert doc.title == "Kyiv talks"


@pytest.mark.issue(9)
def test_documents_utf16_jsonl_streams_its_lines(tmp_path):
    p = tmp_path / "wide.jsonl"
    rows = [{"id": "a", "text": "Zoë agreed."}, {"text": "Second line."}]
    p.write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-16"))
    assert [(d.id, d.text) for d in _docs(_read(p))] == [("a", "Zoë agreed."), ("wide-2", "Second line.")]


def test_documents_utf16_without_bom_is_still_binary(tmp_path):
    p = tmp_path / "nobom.txt"
    p.write_bytes("Kyiv".encode("utf-16-le"))
    [skip] = _read(p)
    assert "binary" in skip.reason


def test_documents_binary_file_is_skipped(tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    [skip] = _read(p)
    assert isinstance(skip, Skipped)
    assert "binary" in skip.reason


def test_documents_latin1_file_is_skipped_with_reason(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Café in Zürich".encode("latin-1"))
    [skip] = _read(p)
    assert isinstance(skip, Skipped)
    assert "not UTF-8" in skip.reason
    assert "0xe9" in skip.reason


@pytest.mark.parametrize("content", [b"", b"   \n\t\n"])
def test_documents_empty_file_is_skipped(tmp_path, content):
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    [skip] = _read(p)
    assert isinstance(skip, Skipped)
    assert skip.reason == "empty file"


def test_documents_too_large_file_is_skipped(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("a" * 2000, encoding="utf-8")
    [skip] = _read(p, max_bytes=1000)
    assert isinstance(skip, Skipped)
    assert "larger than 1000 bytes" in skip.reason
    [doc] = _read(p, max_bytes=2000)
    assert len(doc.text) == 2000


def test_documents_missing_path_is_skipped(tmp_path):
    missing = tmp_path / "nope.txt"
    [skip] = _read(missing)
    assert skip == Skipped(str(missing), "no such file or directory")


def test_documents_unreadable_file_is_skipped(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text("hidden", encoding="utf-8")
    p.chmod(0)
    assert _read_unprivileged(p) == [f"Skipped {p} cannot read: Permission denied"]


@pytest.mark.issue(9)
def test_documents_symlinked_folder_gives_one_warning_and_is_not_followed(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "r.txt").write_text("Real.", encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Input.", encoding="utf-8")
    (tmp_path / "in" / "loop").symlink_to(tmp_path / "in")
    (tmp_path / "in" / "elsewhere").symlink_to(tmp_path / "real")
    items = _read(tmp_path / "in")
    assert [d.id for d in _docs(items)] == ["a"]
    assert [(s.source, s.reason.split(";")[0]) for s in _skips(items)] == [
        (str(tmp_path / "in" / "elsewhere"), "symbolic link to a folder, not followed"),
        (str(tmp_path / "in" / "loop"), "symbolic link to a folder, not followed")]
    assert [d.id for d in _docs(_read(tmp_path / "in" / "elsewhere"))] == ["r"]  # named: read


@pytest.mark.issue(9)
def test_documents_unreadable_subfolder_gives_one_warning(tmp_path):
    (tmp_path / "in" / "locked").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text("Input.", encoding="utf-8")
    (tmp_path / "in" / "locked" / "b.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / "in" / "locked").chmod(0)
    try:
        lines = _read_unprivileged(tmp_path / "in")
    finally:
        (tmp_path / "in" / "locked").chmod(0o755)
    assert lines == [f"Document {tmp_path / 'in' / 'a.txt'} ",
                     f"Skipped {tmp_path / 'in' / 'locked'} cannot read folder: Permission denied"]


@pytest.mark.issue(9)
def test_documents_folder_without_known_extension_names_the_extensions(tmp_path):
    (tmp_path / "notes.csv").write_text("x,y\n", encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF")
    [skip] = _read(tmp_path)
    assert skip.source == str(tmp_path)
    assert skip.reason.startswith("no .txt, .md, .html, .htm, .jsonl file in this folder "
                                  "(found only .csv, .pdf)")


@pytest.mark.issue(9)
def test_documents_ids_and_sources_do_not_depend_on_how_the_path_was_typed(tmp_path, monkeypatch):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "in" / "c.jsonl").write_text('{"text": "Two."}\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    typed = [["in"], ["./in/"], [str(tmp_path / "in")], ["in/../in"]]
    seen = {tuple((d.id, d.source) for d in _read(*p)) for p in typed}
    assert seen == {(("a", str(tmp_path / "in" / "a.txt")), ("c-1", f"{tmp_path / 'in' / 'c.jsonl'}:1"))}


def test_documents_duplicate_stems_get_unique_ids_in_reading_order(tmp_path):
    for sub in ("x", "y", "z"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "a.txt").write_text(f"From {sub}.", encoding="utf-8")
    (tmp_path / "a-2.md").write_text("A real a-2.", encoding="utf-8")
    docs = _read(tmp_path)
    assert [(d.id, d.text) for d in docs] == [
        ("a-2", "A real a-2."), ("a", "From x."), ("a-3", "From y."), ("a-4", "From z.")]


def test_documents_folder_order_is_sorted_and_unknown_extensions_ignored(docs_dir):
    items = _read(docs_dir)
    assert [d.id for d in items] == ["a", "c", "b"]  # a.txt, c.html, sub/b.md
    assert all(isinstance(x, Document) for x in items)


def test_documents_explicit_unknown_extension_is_read_as_text(tmp_path):
    p = tmp_path / "notes.log"
    p.write_text("Germany sent tanks.", encoding="utf-8")
    [doc] = _read(p)
    assert doc.id == "notes"
    assert doc.text == "Germany sent tanks."


def test_documents_hidden_files_in_folders_are_ignored(tmp_path):
    (tmp_path / ".draft.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / "seen.txt").write_text("seen", encoding="utf-8")
    assert [d.id for d in _read(tmp_path)] == ["seen"]


def test_documents_odd_file_names(tmp_path):
    names = ["with space.txt", "-leading-dash.txt", "Ελλάδα.txt", "tab\tname.txt"]
    for n in names:
        (tmp_path / n).write_text(f"Text of {n}", encoding="utf-8")
    ids = sorted(d.id for d in _read(*(tmp_path / n for n in names)))
    assert ids == sorted(Path(n).stem for n in names)


def test_documents_same_file_named_twice_is_read_once(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Once.", encoding="utf-8")
    assert [d.id for d in _read(p, tmp_path, str(p))] == ["a"]


def test_documents_bad_input_never_stops_the_stream(tmp_path):
    (tmp_path / "1.txt").write_bytes(b"\x00\x01")
    (tmp_path / "2.txt").write_text("Good one.", encoding="utf-8")
    items = _read(tmp_path / "missing", tmp_path)
    assert [type(x).__name__ for x in items] == ["Skipped", "Skipped", "Document"]


def test_documents_reading_is_lazy(tmp_path):
    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    it = read_documents([tmp_path])
    assert next(it).id == "a"


def test_documents_excluded_folder_is_not_walked(tmp_path):
    (tmp_path / "a.txt").write_text("Input.", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mentions.jsonl").write_text('{"document": "a"}\n', encoding="utf-8")
    (tmp_path / "out" / "graph.html").write_text("<p>View</p>", encoding="utf-8")
    items = list(read_documents([tmp_path], exclude=[tmp_path / "out"]))
    assert [(type(x).__name__, getattr(x, "id", "")) for x in items] == [("Document", "a")]
