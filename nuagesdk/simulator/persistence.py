"""The state file: the whole store as JSON, written atomically.

A write goes to a temporary file in the state file's folder, is flushed to
disk, then replaces the state file with ``os.replace``. A failure at any
point (a full disk, a crash) leaves the previous state file whole.

The file holds user passwords in clear text, as the simulator needs them
to check logins; it is created readable by its owner only.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from .store import Store

logger = logging.getLogger(__name__)

STATE_FORMAT = "nuagesdk-simulator-state"
STATE_FORMAT_VERSION = 1

#: Bytes written per call when writing the temporary file.
WRITE_CHUNK_SIZE = 1024 * 1024


class StateFileError(Exception):
    """The state file cannot be read or is not a simulator state."""


def load_state(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """Return the store snapshot saved in ``path``, or ``None`` if it does not exist.

    Raises:
        StateFileError: the file is not JSON or not a simulator state.
    """
    state_path = Path(path)
    try:
        text = state_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise StateFileError(
            f"cannot read the state file {state_path}: {error}"
        ) from error
    try:
        envelope = json.loads(text)
    except ValueError as error:
        raise StateFileError(
            f"the state file {state_path} is not valid JSON: {error}"
        ) from None
    if not isinstance(envelope, dict) or envelope.get("format") != STATE_FORMAT:
        raise StateFileError(
            f'{state_path} is not a simulator state file (no "format": "{STATE_FORMAT}")'
        )
    if envelope.get("formatVersion") != STATE_FORMAT_VERSION:
        raise StateFileError(
            f"{state_path} has state format version {envelope.get('formatVersion')!r}; "
            f"this simulator reads version {STATE_FORMAT_VERSION}"
        )
    return {"objects": envelope.get("objects"), "links": envelope.get("links", [])}


def encode_state(snapshot: dict[str, Any]) -> bytes:
    """Return the state file content for a store snapshot."""
    envelope = {
        "format": STATE_FORMAT,
        "formatVersion": STATE_FORMAT_VERSION,
        **snapshot,
    }
    return json.dumps(envelope, ensure_ascii=False, indent=1).encode("utf-8")


def _write_chunk(handle: Any, chunk: bytes) -> None:
    handle.write(chunk)


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, whole.

    Raises:
        OSError: the write failed; ``path`` is unchanged and the temporary
            file is removed.
    """
    target = Path(path)
    folder = target.parent
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=folder
    )
    try:
        with open(descriptor, "wb") as handle:
            for start in range(0, len(data), WRITE_CHUNK_SIZE):
                _write_chunk(handle, data[start : start + WRITE_CHUNK_SIZE])
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open folders.
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


class StateWriter:
    """Writes the store to the state file after changes.

    With a delay of 0, :meth:`notify` writes before returning. Otherwise a
    background thread writes once per ``delay`` seconds at most, gathering
    the changes made meanwhile; :meth:`stop` writes what is left.
    """

    def __init__(
        self, store: Store, path: str | os.PathLike[str], delay: float
    ) -> None:
        self.store = store
        self.path = Path(path)
        self.delay = delay
        self._written_revision: int | None = None
        self._write_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the background writer (when the delay is not 0)."""
        if self.delay > 0 and self._thread is None:
            self._stopping.clear()
            self._thread = threading.Thread(
                target=self._run, name="nuagesdk-simulator-state", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        """Stop the background writer and write any change not yet written.

        Raises:
            OSError: the last write failed.
        """
        thread = self._thread
        if thread is not None:
            self._stopping.set()
            self._wake.set()
            thread.join(timeout=10)
            self._thread = None
        self.flush()

    def notify(self) -> None:
        """Record that the store changed."""
        if self.delay <= 0:
            self.flush()
        else:
            self._wake.set()

    def flush(self) -> bool:
        """Write the store if it changed since the last write; return whether it wrote.

        Raises:
            OSError: the write failed; the previous state file is unchanged.
        """
        with self._write_lock:
            with self.store.lock:
                revision = self.store.revision
                if revision == self._written_revision:
                    return False
                data = encode_state(self.store.snapshot())
            atomic_write(self.path, data)
            self._written_revision = revision
            return True

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait()
            self._wake.clear()
            if self._stopping.is_set():
                return
            self._stopping.wait(self.delay)
            try:
                self.flush()
            except OSError:
                # The next change retries; the previous file is still whole.
                logger.exception("writing the state file %s failed", self.path)
