"""``boundline synth`` and ``boundline demo``."""

from __future__ import annotations

import json
import secrets
import shutil
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from boundline.cases import Actor, Role
from boundline.cli._common import guarded, open_engine, out
from boundline.cli._detect import alerts_table, run_detect
from boundline.cli._files import require_folder
from boundline.cli._ingest import run_ingest, summary_table
from boundline.contract import DEFAULT_TIMEZONE
from boundline.errors import UserInputError
from boundline.scoring import Alert, QualityReport, quality_check


def quality_table(report: QualityReport) -> Table:
    """Each planted case and look-alike with its rank, and whether that is right."""
    grid = Table(title=f"Planted cases must rank in the top {report.top}; look-alikes must not")
    for name in ("planted", "item", "officer", "person", "rank", "score", "severity", "check"):
        grid.add_column(name, justify="right" if name in ("rank", "score") else "left")
    for i in report.items:
        grid.add_row(
            "case" if i.planted else "look-alike",
            i.kind,
            i.officer_id,
            i.person_id or "",
            "-" if i.rank is None else str(i.rank),
            "-" if i.score is None else f"{i.score:g}",
            i.severity or "not flagged",
            "[green]ok[/]" if i.ok else "[bold red]WRONG[/]",
        )
    return grid


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

    require_folder(out_dir)
    started = time.perf_counter()
    try:
        config = SynthConfig(scale=scale, officers=officers, months=months, seed=seed)
    except ValueError as exc:
        raise UserInputError(f"boundline synth: {exc}.") from exc
    result = generate(config, out_dir)
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
    """Generate a demo-scale synthetic force and run the whole pipeline on it.

    Synthesise, ingest, detect (alerts in DIR/alerts) and check the ranking against
    the planted cases: each in the top 2 × (number of cases), no look-alike there.
    """
    from boundline.synth import SynthConfig, generate

    require_folder(workdir, "--dir")
    started = time.perf_counter()
    source, store = workdir / "source", workdir / "store"
    for folder in (source, store, workdir / "alerts"):
        if folder.exists():
            shutil.rmtree(folder)
    out.rule("1. A synthetic force")
    result = generate(SynthConfig(scale="demo", seed=seed), source)
    out.print(f"Wrote {sum(result.rows.values()):,} rows in {len(result.rows)} tables to {source}")
    out.rule("2. Ingest")
    report = run_ingest(source, store, None, quiet=False)
    out.print(summary_table(report))
    out.rule("3. Detect")
    alerts_dir = workdir / "alerts"
    alerts = run_detect(store, alerts_dir, None, None, DEFAULT_TIMEZONE)
    out.print(alerts_table(alerts, 8, f"Top 8 of {len(alerts)} alerts"))
    out.rule("4. Quality check against the planted cases")
    check = quality_check(alerts, json.loads(result.scenarios_path.read_text(encoding="utf-8")))
    out.print(quality_table(check))
    verdict = "[bold green]PASS[/]" if check.passed else "[bold red]FAIL[/]"
    out.print(
        f"{verdict}: every planted case within the top {check.top} (2 × planted cases) "
        "and no legitimate look-alike there."
        if check.passed
        else f"{verdict}: see the table above (top {check.top} = 2 × planted cases)."
    )
    out.rule("5. The evidence for the first alert")
    figures_path, report_path = _first_alert_evidence(store, workdir, alerts)
    out.rule("6. The workbench: one user per role, the alerts in the queue")
    _workbench(store, alerts_dir / "alerts.json")
    out.rule("Where everything is")
    out.print(f"source files      {source}")
    out.print(f"planted cases     {result.scenarios_path}")
    out.print(f"store             {store}  (manifest: {store / 'manifest.json'})")
    out.print(f"alerts            {alerts_dir / 'alerts.csv'}, {alerts_dir / 'alerts.json'}")
    if figures_path is not None and report_path is not None:
        out.print(f"evidence (JSON)   {figures_path}")
        out.print(f"evidence report   {report_path}")
    out.print(f"set-aside rows    boundline rejects --store {store}")
    out.print(f"the workbench     boundline serve --store {store}   (sign in as a user above)")
    out.print(f"Demo finished in {time.perf_counter() - started:.1f} s.")


#: The demo's users: one per role.
DEMO_USERS = {
    "demo-admin": Role.ADMIN,
    "demo-analyst": Role.ANALYST,
    "demo-investigator": Role.INVESTIGATOR,
    "demo-authority": Role.APPROPRIATE_AUTHORITY,
    "demo-auditor": Role.AUDITOR,
}


def _workbench(store: Path, alerts_json: Path) -> None:
    """Add one user per role with a generated password (printed once), load the queue."""
    from boundline.cases import add_user, load_alerts, open_case_db
    from boundline.cases.acting import acting

    grid = Table(title="Workbench users (passwords shown once; only their hashes are kept)")
    for name in ("user", "role", "password"):
        grid.add_column(name)
    with open_case_db(store) as db:
        with db.transaction() as session:
            admin: Actor | None = None
            for username, role in DEMO_USERS.items():
                password = secrets.token_urlsafe(12)
                add_user(session, admin, username, role, None, password)
                admin = admin or Actor(username, role)
                grid.add_row(username, role.value, password)
        with acting(db, "demo-analyst") as (session, actor):
            loaded = load_alerts(session, actor, alerts_json)
    out.print(grid)
    out.print(f"{len(loaded.new)} alerts loaded into the triage queue as demo-analyst.")


def _first_alert_evidence(
    store: Path, workdir: Path, alerts: list[Alert]
) -> tuple[Path | None, Path | None]:
    """Write the evidence JSON and the HTML report of the first alert about a person."""
    from boundline.evidence import evidence
    from boundline.reports import build_report, render_html

    first = next((a for a in alerts if a.person_id), None)
    if first is None or first.person_id is None:
        out.print("No alert names a known person, so there is no evidence report to write.")
        return None, None
    engine = open_engine(store)
    stem = f"{first.officer_id}-{first.person_id}"
    figures_path = workdir / f"evidence-{stem}.json"
    figures = evidence(engine, first.officer_id, first.person_id)
    figures_path.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    report_path = workdir / f"report-{stem}.html"
    report = build_report(engine, first.officer_id, person_id=first.person_id)
    report_path.write_text(render_html(report), encoding="utf-8")
    comms = figures["comms"]
    out.print(
        f"Alert 1: officer {first.officer_id} and person {first.person_id}: "
        f"{comms['total']:,} contacts ({comms['off_shift']:,} off shift, {comms['night']:,} "
        f"at night, {comms['after_closure']:,} after closure); "
        f"{figures['visits']['unexplained']} unexplained visits."
    )
    return figures_path, report_path
