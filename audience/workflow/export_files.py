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


class TableWriter:
    """A CSV (text cells neutralised against spreadsheet formulas) or Parquet file written one
    Arrow table at a time, so an export never holds all its rows: ``write`` each batch, then
    ``close`` (fsynced). The first batch's columns are the file's; later batches are cast to them.
    """

    def __init__(self, path: Path, fmt: str) -> None:
        self.fmt = fmt
        self.rows = 0
        self.schema: pa.Schema | None = None
        self._handle = path.open("xb")
        self._writer: pacsv.CSVWriter | pq.ParquetWriter | None = None

    def write(self, table: pa.Table) -> None:
        """Append ``table``'s rows (an empty first table still fixes the columns)."""
        if self.schema is None or (self._writer is None and table.num_rows):
            self.schema = table.schema
        if not table.num_rows:
            return
        if self._writer is None:
            self._writer = self._open(self.schema)
        out = table.cast(self.schema)
        self._writer.write_table(neutralise_table(out) if self.fmt == "csv" else out)
        self.rows += table.num_rows

    def close(self) -> None:
        """Finish the file (a header, or an empty Parquet file, when nothing was written) and
        fsync it."""
        try:
            if self._writer is None:
                self._writer = self._open(self.schema or pa.schema([]))
            self._writer.close()
            self._handle.flush()
            os.fsync(self._handle.fileno())
        finally:
            self._handle.close()

    def _open(self, schema: pa.Schema) -> pacsv.CSVWriter | pq.ParquetWriter:
        if self.fmt == "csv":
            return pacsv.CSVWriter(self._handle, schema)
        return pq.ParquetWriter(self._handle, schema)


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
