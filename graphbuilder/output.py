"""The build output folder: its manifest, its lock, and the swap that fills it.

Why a module of its own: a build folder must always hold *one complete build*, and a build
must never read an earlier build's files as documents. Three rules give that:

- **Manifest.** Every build writes ``graphbuilder.json`` (tool and code version, model name
  and version, knowledge version, options, every input document's content hash, and each
  output's hash). A folder holding one is a build folder: the reader skips it with one
  warning (:func:`input_exclusion` is the hook ``read_documents`` calls), and an incremental
  build knows what it may reuse.
- **One writer.** :class:`OutputFolder` takes an OS lock (``fcntl.flock``) on
  ``.graphbuilder/lock``: a second build into the same folder fails at once with
  ``OutputBusyError``; the kernel drops the lock when the holder dies, so a killed build never
  blocks the next one.
- **Staged swap.** Every output is written into a private staging folder
  (``.graphbuilder/stage-<pid>-<random>/``) and moved into place only at the end, the manifest
  last, so a crash or Ctrl-C leaves the previous build untouched.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
>>> with OutputFolder(out) as folder:
...     _ = folder.stage("graph.json").write_text("{}", encoding="utf-8")
...     _ = write_manifest(folder, {"tool": {"name": "graphbuilder"}})
...     moved = folder.commit(["graph.json"])
>>> [p.name for p in moved], is_build_folder(out)
(['graph.json', 'graphbuilder.json'], True)
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import secrets
import shutil
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from .errors import OutputBusyError, OutputError

try:  # POSIX; elsewhere builds run without the folder lock
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

__all__ = ["MANIFEST", "STATE_DIR", "OUTPUT_NAMES", "OutputFolder", "is_build_folder",
           "input_exclusion", "knowledge_version", "code_version", "file_sha256",
           "write_manifest", "read_manifest"]

#: The manifest every build writes into its folder.
MANIFEST = "graphbuilder.json"
#: Hidden folder for the lock, the staging area and the extraction store.
STATE_DIR = ".graphbuilder"
#: Files a build writes (a folder holding these and ``graph.graphml`` predates manifests).
OUTPUT_NAMES = ("graph.json", "graph.graphml", "mentions.jsonl", "graph.html", MANIFEST)
_LOCK = "lock"
_STAGE_PREFIX = "stage-"


def read_manifest(folder: str | Path) -> dict | None:
    """The manifest of the build in ``folder``, or None when there is none (or it is not ours).

    >>> read_manifest("/no/such/folder") is None
    True
    """
    try:
        with open(Path(folder) / MANIFEST, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    tool = data.get("tool") if isinstance(data, dict) else None
    return data if isinstance(tool, dict) and tool.get("name") == "graphbuilder" else None


def is_build_folder(folder: str | Path) -> bool:
    """True when ``folder`` holds a graphbuilder build: a manifest, or (builds from before
    manifests) both ``graph.graphml`` and ``mentions.jsonl``.

    >>> is_build_folder("/no/such/folder")
    False
    """
    folder = Path(folder)
    if read_manifest(folder) is not None:
        return True
    return (folder / "graph.graphml").is_file() and (folder / "mentions.jsonl").is_file()


def input_exclusion(path: str | Path, allow: Path | None = None) -> str | None:
    """Why ``path`` must not be read as input (a build folder, or a file a build wrote), or None.

    ``allow`` is the folder being built into: its documents are read, its outputs are not.

    >>> input_exclusion("/no/such/file.txt") is None
    True
    """
    path = Path(path)
    if path.name in OUTPUT_NAMES and path.is_file():
        return ("written by a graphbuilder build; not read as input"
                if is_build_folder(path.parent) else None)
    if not path.is_dir() or (allow is not None and _same(path, allow)):
        return None
    if is_build_folder(path):
        return f"holds a graphbuilder build ({MANIFEST}); its files are not read as input"
    return None


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def file_sha256(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x"; _ = p.write_bytes(b"")
    >>> file_sha256(p)[:12]
    'e3b0c44298fc'
    """
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _tree_hash(root, suffix: str) -> str:
    """SHA-256 over the names and bytes of every ``suffix`` file under ``root``, sorted."""
    h = hashlib.sha256()
    stack, found = [root], []
    while stack:
        node = stack.pop()
        for child in node.iterdir():
            if child.is_dir():
                if child.name != "__pycache__":
                    stack.append(child)
            elif child.name.endswith(suffix):
                found.append(child)
    base = str(root)
    for child in sorted(found, key=str):
        h.update(str(child)[len(base):].encode("utf-8") + b"\0")
        h.update(child.read_bytes() + b"\0")
    return h.hexdigest()


@lru_cache(maxsize=1)
def knowledge_version() -> str:
    """Hash of ``graphbuilder/data/*.jsonl``: what the extraction knows.

    >>> len(knowledge_version())
    64
    """
    return _tree_hash(files("graphbuilder.data"), ".jsonl")


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of graphbuilder's own ``.py`` files, so a changed extractor never reuses old results.

    >>> code_version() == code_version()
    True
    """
    return _tree_hash(files("graphbuilder"), ".py")


def write_manifest(folder: "OutputFolder", manifest: dict[str, Any]) -> Path:
    """Stage the manifest with the hash of every output staged so far; it is moved in last."""
    outputs = {p.name: file_sha256(p) for p in sorted(folder.stage_dir.iterdir())
               if p.is_file() and p.name in OUTPUT_NAMES and p.name != MANIFEST}
    path = folder.stage(MANIFEST)
    text = json.dumps({**manifest, "outputs": outputs}, ensure_ascii=False, indent=1,
                      sort_keys=True) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


class OutputFolder:
    """Exclusive, all-or-nothing writing into one build folder (a context manager).

    ``stage(name)`` gives the private path to write ``name`` to; ``commit(names)`` moves the
    staged files into the folder (the manifest last). Leaving the block without ``commit``,
    by an error or Ctrl-C, drops the staging folder and leaves the folder as it was.
    """

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        self.state = self.out / STATE_DIR
        self.stage_dir = self.state / f"{_STAGE_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        self._lock_fd: int | None = None

    # ---------------------------------------------------------------- lock
    def _acquire(self) -> None:
        path = self.state / _LOCK
        while True:
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except FileNotFoundError:  # a finishing build removed the empty state folder
                self.state.mkdir(exist_ok=True)
                continue
            if fcntl is None:  # pragma: no cover
                self._lock_fd = fd
                return
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as err:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                os.close(fd)
                if err.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    who = f" (process {holder})" if holder.isdigit() else ""
                    raise OutputBusyError(
                        f"another build is writing to {self.out}{who}; wait for it to finish "
                        f"or choose another --out") from None
                raise
            try:  # the holder before us may have removed the file: lock the current one
                same = os.fstat(fd).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                os.ftruncate(fd, 0)
                os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
                self._lock_fd = fd
                return
            os.close(fd)

    def _release(self) -> None:
        if self._lock_fd is None:
            return
        try:
            os.unlink(self.state / _LOCK)  # still locked: nobody can take this inode now
        except OSError:
            pass
        os.close(self._lock_fd)
        self._lock_fd = None
        try:
            self.state.rmdir()  # only when empty (no extraction store yet)
        except OSError:
            pass

    # ---------------------------------------------------------------- staging
    def __enter__(self) -> "OutputFolder":
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            if not self.out.is_dir():
                raise OutputError(f"output path {self.out} is not a folder")
            self.state.mkdir(exist_ok=True)
        except OSError as err:
            raise OutputError(f"cannot create output folder {self.out}: {err.strerror or err}") from err
        self._acquire()
        try:
            for old in self.state.glob(f"{_STAGE_PREFIX}*"):  # left by a killed build
                shutil.rmtree(old, ignore_errors=True)
            self.stage_dir.mkdir()
        except OSError as err:
            self._release()
            raise OutputError(f"cannot write in {self.out}: {err.strerror or err}") from err
        return self

    def stage(self, name: str) -> Path:
        """Where to write output ``name`` before the swap."""
        return self.stage_dir / name

    def state_path(self, name: str) -> Path:
        """A file of the folder's private state (the extraction store), read before the swap."""
        return self.state / name

    def commit(self, names: list[str], state: tuple[str, ...] = ()) -> list[Path]:
        """Move the staged ``names`` (then ``state`` files, then the manifest) into place."""
        moved = []
        try:
            for name in state:
                os.replace(self.stage(name), self.state / name)
            for name in [n for n in names if n != MANIFEST] + [MANIFEST]:
                if self.stage(name).exists():
                    os.replace(self.stage(name), self.out / name)
                    moved.append(self.out / name)
        except OSError as err:
            raise OutputError(f"cannot write in {self.out}: {err.strerror or err}") from err
        return moved

    def __exit__(self, exc_type, exc, tb) -> None:
        shutil.rmtree(self.stage_dir, ignore_errors=True)
        self._release()
