"""File primitives of the export: durable writes, directory fsync, checksums, manifests.

A file is durable once its bytes are fsynced; a rename is durable once its directory is fsynced.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from audience.workflow.contacts import neutralise_table

MANIFEST_NAME = "manifest.json"
JsonDict = dict[str, object]


def write_table(table: pa.Table, path: Path, fmt: str) -> None:
    """Write ``table`` as CSV (``fmt == "csv"``, text cells neutralised against spreadsheet
    formulas) or Parquet, then fsync the file."""
    with path.open("xb") as handle:
        if fmt == "csv":
            pacsv.write_csv(neutralise_table(table), handle)
        else:
            pq.write_table(table, handle)
        handle.flush()
        os.fsync(handle.fileno())


def write_bytes(path: Path, payload: bytes) -> None:
    """Write ``payload`` to a new file (never through an existing one) and fsync it."""
    with path.open("xb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_manifest(folder: Path) -> JsonDict | None:
    """The manifest of an export folder, or None if it is missing or unreadable."""
    try:
        loaded = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def verify_export_folder(folder: Path) -> bool:
    """True if the folder's data file exists and matches its manifest's checksum."""
    manifest = read_manifest(folder)
    if manifest is None:
        return False
    data = folder / str(manifest.get("file"))
    return data.is_file() and file_sha256(data) == manifest.get("sha256")


def fsync_dir(path: Path) -> None:
    """Make renames and new entries in the directory ``path`` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
