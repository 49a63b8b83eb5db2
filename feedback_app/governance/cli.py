"""``governance dpia --out FILE``: the draft DPIA as FILE.md and FILE.pdf."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from feedback_app import privacy
from feedback_app.governance.document import to_markdown
from feedback_app.governance.dpia import TITLE, build
from feedback_app.governance.facts import read_facts
from feedback_app.governance.pdf import render_pdf
from feedback_app.governance.threat_model import THREAT_MODEL, read_rules

governance_cli = AppGroup("governance", help="Documents for the council's information governance team.")


def output_paths(out: str) -> tuple[Path, Path]:
    """FILE.md and FILE.pdf for ``--out FILE`` (a .md or .pdf ending typed on FILE is dropped),
    or a ClickException naming what is wrong, before anything is written."""
    try:
        return _checked_paths(out)
    except OSError as error:  # a name too long, a path through a file...: one line, not a traceback
        raise click.ClickException(f"--out {out!r}: {error.strerror}") from None


def _checked_paths(out: str) -> tuple[Path, Path]:
    base = Path(out)
    if base.suffix.lower() in (".md", ".pdf"):
        base = base.with_suffix("")
    if not base.name or out.endswith(("/", os.sep)):
        raise click.ClickException(f"--out {out!r} must name a file, not a folder")
    folder = base.parent
    if not folder.is_dir():
        raise click.ClickException(f"--out {out!r}: the folder {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK):
        raise click.ClickException(f"--out {out!r}: the folder {str(folder)!r} cannot be written to")
    paths = (base.with_name(base.name + ".md"), base.with_name(base.name + ".pdf"))
    for path in paths:
        if path.is_dir():
            raise click.ClickException(f"--out {out!r}: {str(path)!r} is a folder")
    return paths


@governance_cli.command("dpia")
@click.option("--out", "out", required=True, help="FILE: writes FILE.md and FILE.pdf.")
def dpia(out: str) -> None:
    """A draft data protection impact assessment filled in from this deployment, for the council to complete."""
    markdown_path, pdf_path = output_paths(out)
    if not THREAT_MODEL.is_file():
        raise click.ClickException(f"the insider threat model {THREAT_MODEL} is missing: it is quoted in the DPIA")
    facts = read_facts(current_app)
    blocks = build(facts, read_rules(), privacy.today())
    # Both made in memory first, so a failure leaves neither file half-written.
    markdown = to_markdown(blocks)
    pdf = render_pdf(blocks, TITLE, facts.council)
    try:
        markdown_path.write_text(markdown, encoding="utf-8")
        pdf_path.write_bytes(pdf)
    except OSError as error:
        markdown_path.unlink(missing_ok=True)
        raise click.ClickException(f"--out {out!r}: could not write ({error.strerror})") from None
    click.echo(f"Wrote {markdown_path} and {pdf_path}: a draft; complete every [Council to complete: …]")
