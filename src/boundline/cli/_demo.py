"""``boundline synth`` and ``boundline demo``."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Annotated

import typer

from boundline.cli._common import guarded, out
from boundline.cli._ingest import run_ingest, summary_table


@guarded
def synth_command(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the source files to.")],
    scale: Annotated[str, typer.Option(help="demo (CSV) or force (Parquet).")] = "demo",
    officers: Annotated[int | None, typer.Option(help="Officers (default: the scale's).")] = None,
    months: Annotated[
        int | None, typer.Option(help="Months of data (default: the scale's).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same bytes.")] = 7,
) -> None:
    """Write a synthetic force with planted cases and look-alikes (and scenarios.json)."""
    from boundline.synth import SynthConfig, generate

    started = time.perf_counter()
    result = generate(
        SynthConfig(scale=scale, officers=officers, months=months, seed=seed), out_dir
    )
    for table, rows in result.rows.items():
        out.print(f"{table:<18} {rows:>12,} rows")
    out.print(
        f"Wrote {out_dir} in {time.perf_counter() - started:.1f} s; "
        f"planted cases in {result.scenarios_path}."
    )


@guarded
def demo_command(
    workdir: Annotated[
        Path, typer.Option("--dir", help="Folder for the demo's source files and store.")
    ] = Path("boundline-demo"),
    seed: Annotated[int, typer.Option(help="Random seed of the synthetic force.")] = 7,
) -> None:
    """Generate a demo-scale synthetic force and run the whole pipeline on it."""
    from boundline.synth import SynthConfig, generate

    started = time.perf_counter()
    source, store = workdir / "source", workdir / "store"
    for folder in (source, store):
        if folder.exists():
            shutil.rmtree(folder)
    out.rule("1. A synthetic force")
    result = generate(SynthConfig(scale="demo", seed=seed), source)
    out.print(f"Wrote {sum(result.rows.values()):,} rows in {len(result.rows)} tables to {source}")
    out.rule("2. Ingest")
    report = run_ingest(source, store, None, quiet=False)
    out.print(summary_table(report))
    out.rule("Where everything is")
    out.print(f"source files      {source}")
    out.print(f"planted cases     {result.scenarios_path}")
    out.print(f"store             {store}  (manifest: {store / 'manifest.json'})")
    out.print(f"set-aside rows    boundline rejects --store {store}")
    out.print(f"Demo finished in {time.perf_counter() - started:.1f} s.")
