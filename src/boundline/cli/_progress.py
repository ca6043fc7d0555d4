"""A Rich progress bar per table, fed by the ingest observer interface."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from boundline.ingest import TableReport


class RichObserver:
    """Draws one progress bar per table while an ingest runs."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("{task.description:<18}"),
            BarColumn(),
            TextColumn("{task.fields[what]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> RichObserver:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def table_started(self, table: str, file: str, steps: int) -> None:
        """Add the table's bar."""
        self._tasks[table] = self.progress.add_task(table, total=steps, what="reading")

    def step(self, table: str, what: str) -> None:
        """Advance the table's bar."""
        self.progress.update(self._tasks[table], advance=1, what=what)

    def table_done(self, report: TableReport) -> None:
        """Show the table's counts on its bar."""
        self.progress.update(
            self._tasks[report.table],
            what=f"{report.accepted:,} accepted, {report.set_aside:,} set aside",
        )

    def committing(self) -> None:
        """Nothing to draw: the summary follows."""
