"""Reports: the analysis library's tables for this deployment, on screen, as files and
from the command line. All the counting is in ``analysis/``; this package only
chooses the data, the configuration and the period (one implementation for all)."""

from __future__ import annotations


def init_app(app) -> None:
    from feedback_app.reports.cli import report_cli

    app.cli.add_command(report_cli)
