"""Finding the contract tables in a source folder and checking their headers."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from boundline.contract import TABLES, Table
from boundline.errors import (
    MissingColumnError,
    MissingTableError,
    SourceFolderError,
    UnsupportedFileError,
)
from boundline.ingest._profile import Profile, TableMapping

_SUFFIXES = (".csv", ".parquet")
_HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class SourceFile:
    """One table's file in the source folder, with its header and fingerprint."""

    table: Table
    path: Path
    kind: str  # "csv" or "parquet"
    header: tuple[str, ...]
    mapping: TableMapping
    sha256: str
    size: int

    @property
    def extras(self) -> tuple[str, ...]:
        """Columns of the file the contract does not name (kept, ignored)."""
        mapped = {self.mapping.source_column(c) for c in self.table.names}
        return tuple(h for h in self.header if h not in mapped)


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _csv_header(path: Path, delimiter: str) -> tuple[str, ...]:
    try:
        with path.open("rb") as fh:
            first = fh.readline(1 << 20).decode("utf-8-sig")
        row = next(csv.reader([first], delimiter=delimiter), None)
    except UnicodeDecodeError as exc:
        raise UnsupportedFileError(
            f"{path}: the header line is not UTF-8 text, so this is not a CSV file the data "
            f"contract accepts (save it as UTF-8 CSV)."
        ) from exc
    except csv.Error as exc:
        raise UnsupportedFileError(f"{path}: the header line is not valid CSV ({exc}).") from exc
    if not row or not any(h.strip() for h in row):
        raise UnsupportedFileError(
            f"{path}: the file is empty or has no header row; a CSV file must start with a "
            f"header naming its columns."
        )
    header = tuple(h.strip() for h in row)
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise UnsupportedFileError(
            f"{path}: the header names column(s) {', '.join(repeated)} more than once; "
            f"each column must have one name."
        )
    return header


def _parquet_header(path: Path) -> tuple[str, ...]:
    try:
        con = duckdb.connect()
        try:
            rows = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        finally:
            con.close()
    except duckdb.Error as exc:
        raise UnsupportedFileError(
            f"{path}: not a readable Parquet file ({str(exc).splitlines()[0]})."
        ) from exc
    return tuple(str(r[0]) for r in rows)


def _find(folder: Path, table: Table, mapping: TableMapping) -> Path | None:
    if mapping.file is not None:
        path = folder / mapping.file
        if not path.is_file():
            raise MissingTableError(
                f"{path}: the mapping profile says table '{table.name}' is in this file, but "
                f"there is no such file in {folder}."
            )
        return path
    found = [
        folder / f"{table.name}{s}" for s in _SUFFIXES if (folder / f"{table.name}{s}").is_file()
    ]
    if len(found) > 1:
        raise SourceFolderError(
            f"{folder}: table '{table.name}' is there twice ({found[0].name} and {found[1].name}); "
            f"keep one file per table."
        )
    if found:
        return found[0]
    others = sorted(p.name for p in folder.glob(f"{table.name}.*") if p.is_file())
    if others:
        raise UnsupportedFileError(
            f"{folder / others[0]}: table '{table.name}' must be a .csv or .parquet file."
        )
    return None


def _check_columns(source: SourceFile) -> None:
    header = set(source.header)
    for name in source.table.required_columns:
        wanted = source.mapping.source_column(name)
        if wanted not in header:
            alias = "" if wanted == name else f" (mapped from '{wanted}' by the profile)"
            raise MissingColumnError(
                f"{source.path}: required column '{name}'{alias} of table '{source.table.name}' "
                f"is missing. The header has: {', '.join(source.header)}."
            )


def discover(folder: Path, profile: Profile) -> list[SourceFile]:
    """Find and check every contract table in ``folder``, in ingest order."""
    if not folder.exists():
        raise SourceFolderError(f"{folder}: the source folder does not exist.")
    if not folder.is_dir():
        raise SourceFolderError(f"{folder}: the source must be a folder of table files.")
    sources: list[SourceFile] = []
    for table in TABLES:
        mapping = profile.mapping(table.name)
        path = _find(folder, table, mapping)
        if path is None:
            if table.required:
                raise MissingTableError(
                    f"{folder}: required table '{table.name}' is missing (expected "
                    f"{table.name}.csv or {table.name}.parquet, or a 'file' in the mapping "
                    f"profile)."
                )
            continue
        kind = "parquet" if path.suffix.lower() == ".parquet" else "csv"
        if kind == "csv" and path.suffix.lower() != ".csv" and mapping.file is None:
            raise UnsupportedFileError(f"{path}: not a .csv or .parquet file.")
        header = (
            _parquet_header(path) if kind == "parquet" else _csv_header(path, mapping.delimiter)
        )
        source = SourceFile(
            table, path, kind, header, mapping, sha256_of(path), path.stat().st_size
        )
        _check_columns(source)
        sources.append(source)
    return sources
