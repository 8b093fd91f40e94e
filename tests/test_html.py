"""Tests for the offline graph view (``graphbuilder.sinks.html``).

The render tests open the page in a real headless Chromium (Debian package ``chromium``)
and check what vis-network actually drew; they skip when the browser is not installed.
"""
from __future__ import annotations

import re
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from graphbuilder.graph import build_graph
from graphbuilder.model import CoMention, DocumentInfo, Entity, Evidence, Extraction, Mention, Relation
from graphbuilder.sinks.html import LABEL_COLORS, to_html, view_data, write_html

CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="headless render needs /usr/bin/chromium (apt-get install chromium)")

NASTY = '</script><script>alert("x")</script> O\'Brien & «Zoë» \u2028 <!--'


def _graph():
    """A small graph in the real shape, built through graph.py from our own sentences."""
    text = ("French President Anne Durand met Piotr Nowak in Warsaw. "
            "France sent Falcon missiles to Poland.")
    s1 = Evidence("doc-a", text[:55], 0, 55)
    s2 = Evidence("doc-a", text[56:], 56, len(text))
    ents = (
        Entity("person:anne-durand", "Person", "Anne Durand", ("Anne Durand", "Durand")),
        Entity("person:piotr-nowak", "Person", "Piotr Nowak", ("Piotr Nowak",)),
        Entity("country:FRA", "Country", "France", ("France", "French"), (("iso3", "FRA"),)),
        Entity("country:POL", "Country", "Poland", ("Poland",), (("iso3", "POL"),)),
        Entity("location:warsaw", "Location", "Warsaw", ("Warsaw",)),
        Entity("weapon:falcon", "Weapon", "Falcon", ("Falcon",), (("category", "missile"),)),
        Entity("org:acme-arms", "Organization", NASTY, (NASTY, "Acme")),
    )
    mentions = tuple(Mention("doc-a", 0, 1, e.name, e.label, e.id) for e in ents)
    rels = (
        Relation("person:anne-durand", "LEADER_OF", "country:FRA", s1, "title", 0.9, role="President"),
        Relation("person:anne-durand", "MET_WITH", "person:piotr-nowak", s1, "met", 0.8),
        Relation("country:FRA", "SUPPLIES", "country:POL", s2, "sent", 0.8, weapon="weapon:falcon"),
        Relation("weapon:falcon", "PRODUCED_BY", "org:acme-arms", s2, "poss", 0.7),
    )
    comentions = (CoMention("country:FRA", "country:POL", s2),)
    info = DocumentInfo("doc-a", "A test <title>", "doc-a.txt", "0" * 64, len(text), 16)
    return build_graph([Extraction(info, ents, mentions, rels, comentions)])


def test_html_has_no_external_resource():
    page = to_html(_graph())
    refs = re.findall(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=""", page, re.I)
    assert refs == []
    assert re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I) is None


def test_html_escapes_names():
    page = to_html(_graph())
    assert NASTY not in page
    assert '</script><script>alert("x")' not in page
    # only our three script elements and the page's own closing tags remain
    assert page.lower().count("</script>") == 3
    assert page.count("<!--") == 0


def test_html_data_round_trips_unicode_names():
    import json
    page = to_html(_graph())
    raw = re.search(r'<script type="application/json" id="gb-data">(.*?)</script>', page, re.S).group(1)
    names = {n["name"] for n in json.loads(raw)["nodes"]}
    assert NASTY in names


def test_html_view_drops_context_for_large_graph():
    g = _graph()
    small = view_data(g)
    big = view_data(g, max_nodes=3)
    assert any(n["label"] == "Document" for n in small["nodes"])
    assert not any(n["label"] == "Document" for n in big["nodes"])
    assert {e["type"] for e in big["edges"]} & {"MENTIONS", "CO_MENTIONED"} == set()
    assert {e["type"] for e in big["edges"]} == {"LEADER_OF", "MET_WITH", "SUPPLIES", "PRODUCED_BY"}


def test_html_edge_keeps_evidence():
    edges = view_data(_graph())["edges"]
    supplies = next(e for e in edges if e["type"] == "SUPPLIES")
    assert supplies["props"]["evidence"][0]["text"] == "France sent Falcon missiles to Poland."


def _chromium(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,800",
             "--virtual-time-budget=10000", "--run-all-compositor-stages-before-draw"]
    run = subprocess.run([str(CHROMIUM), *flags, *args], capture_output=True, text=True, timeout=120)
    if "--dump-dom" in args and "data-node-count" not in run.stdout:
        # headless Chromium on a loaded 2-core machine sometimes exits before the page's
        # scripts ran (empty DOM, nothing in stderr); one more start tells a real failure apart
        run = subprocess.run([str(CHROMIUM), *flags, *args], capture_output=True, text=True, timeout=120)
    return run


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB/RGBA non-interlaced PNG with zlib only: (width, height, rows)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, bpp, rows


@needs_chromium
def test_html_renders_every_node_in_chromium(tmp_path):
    g = _graph()
    page = write_html(g, tmp_path / "graph.html")
    run = _chromium(["--dump-dom", page.as_uri()], tmp_path)
    dom = run.stdout
    assert "<canvas" in dom
    count = re.search(r'data-node-count="(\d+)"', dom)
    assert count is not None, run.stderr[-2000:]
    assert int(count.group(1)) == g.number_of_nodes()
    assert re.search(r'data-edge-count="(\d+)"', dom).group(1) == str(g.number_of_edges())


@needs_chromium
def test_html_search_finds_node_by_alias(tmp_path):
    page = write_html(_graph(), tmp_path / "graph.html")
    run = _chromium(["--dump-dom", page.as_uri() + "?q=durand"], tmp_path)
    assert 'data-found="person:anne-durand"' in run.stdout


@needs_chromium
def test_html_screenshot_shows_label_colours(tmp_path):
    page = write_html(_graph(), tmp_path / "graph.html")
    png = tmp_path / "shot.png"
    _chromium([f"--screenshot={png}", page.as_uri()], tmp_path)
    width, bpp, rows = _png_pixels(png.read_bytes())
    colours = set()
    for row in rows[::2]:
        for x in range(0, width * bpp, bpp * 2):
            colours.add(row[x:x + 3])
    assert len(colours) > 50  # not a blank page
    for label in ("Person", "Country", "Weapon", "Organization"):
        rgb = bytes.fromhex(LABEL_COLORS[label][1:])
        assert rgb in colours, label
