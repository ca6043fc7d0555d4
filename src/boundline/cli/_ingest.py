"""``boundline ingest`` and ``boundline rejects``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from boundline.cli._common import DEFAULT_STORE_PATH, StoreOption, guarded, out
from boundline.cli._progress import RichObserver
from boundline.ingest import IngestReport, Profile, ingest, load_profile
from boundline.store import Reject, list_rejects, open_store


def summary_table(report: IngestReport) -> Table:
    """The closing summary: per table, rows read / accepted / set aside / duplicates."""
    grid = Table(title=f"Ingest {report.ingest_id} into {report.store}")
    for name in ("table", "read", "accepted", "set aside", "duplicates", "seconds"):
        grid.add_column(name, justify="left" if name == "table" else "right")
    for t in report.tables.values():
        if t.already_ingested:
            grid.add_row(t.table, "-", "-", "-", "-", "already ingested (same SHA-256)")
            continue
        grid.add_row(
            t.table,
            f"{t.read:,}",
            f"{t.accepted:,}",
            f"{t.set_aside:,}",
            f"{t.duplicates:,}",
            f"{t.seconds:.2f}",
        )
    return grid


def run_ingest(source: Path, store: Path, profile: Profile | None, quiet: bool) -> IngestReport:
    """Ingest with progress bars (or silently)."""
    if quiet:
        return ingest(source, store, profile)
    with RichObserver(out) as observer:
        return ingest(source, store, profile, observer)


@guarded
def ingest_command(
    source: Annotated[Path, typer.Argument(help="Source folder in the data-contract format.")],
    store: StoreOption = DEFAULT_STORE_PATH,
    profile: Annotated[
        Path | None, typer.Option(help="Mapping profile (TOML or YAML) for a force's own export.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Load a source folder into the store, setting aside (never dropping) bad rows."""
    loaded = load_profile(profile) if profile is not None else None
    report = run_ingest(source, store, loaded, quiet=as_json)
    if as_json:
        out.print_json(json.dumps(report.as_json()))
        return
    out.print(summary_table(report))
    if not report.committed:
        out.print("Nothing new: every file was already in the store, which is unchanged.")
    else:
        out.print(
            f"Done in {report.seconds:.1f} s. Set-aside rows: `boundline rejects --store {store}`."
        )


@guarded
def rejects_command(
    store: StoreOption = DEFAULT_STORE_PATH,
    table: Annotated[str | None, typer.Option(help="Only this table.")] = None,
    rule: Annotated[str | None, typer.Option(help="Only this rule (e.g. duplicate_key).")] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many rows (0 = all).")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as JSON lines.")] = False,
) -> None:
    """List the rows ingest set aside: table, file, line, column, rule and raw values."""
    opened = open_store(store)
    opened.require()
    total, rows = list_rejects(opened, table, rule, limit or None)
    if as_json:
        for r in rows:
            typer.echo(json.dumps(r.__dict__ | {"raw": json.loads(r.raw)}, sort_keys=True))
        return
    grid = Table(
        title=f"{total:,} set-aside rows" + (f" (first {len(rows)})" if len(rows) < total else "")
    )
    for name in ("table", "file", "line", "column", "rule", "value as written"):
        grid.add_column(name, overflow="fold")
    for r in rows:
        grid.add_row(r.table, Path(r.file).name, str(r.line), r.column or "", r.rule, _value(r))
    out.print(grid)
    if rows:
        out.print("The whole row as written: --json.")


def _value(reject: Reject) -> str:
    """The offending column's value as written (the whole record for malformed rows)."""
    raw = json.loads(reject.raw)
    if reject.column in raw:
        value = raw[reject.column]
        return "(empty)" if value is None else repr(value)
    return repr(raw.get("record", reject.raw))
