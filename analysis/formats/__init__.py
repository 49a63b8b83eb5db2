"""Writing a :class:`~analysis.tables.Report` out: JSON, CSV (a folder of files),
XLSX and PDF.

:func:`write` puts a report in a file (or, for CSV, a folder); :func:`to_bytes` gives
the same for a web download (CSV as a zip of the folder's files).
"""

from __future__ import annotations

import io
import re
import zipfile

from analysis.tables import Report

FORMATS = ("json", "csv", "xlsx", "pdf")

MIMETYPES = {
    "json": "application/json",
    "csv": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
EXTENSIONS = {"json": "json", "csv": "zip", "xlsx": "xlsx", "pdf": "pdf"}


def write(report: Report, fmt: str, out_path) -> None:
    """Write ``report`` as ``fmt`` to ``out_path`` (a folder for ``csv``, made if need be)."""
    fmt = _check(fmt)
    if fmt == "json":
        from analysis.formats.json_format import write_json

        write_json(report, out_path)
    elif fmt == "csv":
        from analysis.formats.csv_format import write_csv

        write_csv(report, out_path)
    elif fmt == "xlsx":
        from analysis.formats.xlsx_format import write_xlsx

        write_xlsx(report, out_path)
    else:
        from analysis.formats.pdf_format import write_pdf

        write_pdf(report, out_path)


def to_bytes(report: Report, fmt: str) -> tuple[bytes, str, str]:
    """``(contents, mimetype, filename)`` for downloading ``report`` as ``fmt``; CSV
    comes as a zip holding the folder's files in a folder of the same name."""
    fmt = _check(fmt)
    base = base_name(report)
    if fmt == "csv":
        from analysis.formats.csv_format import csv_files

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in csv_files(report).items():
                archive.writestr(f"{base}/{name}", data)
        data = buffer.getvalue()
    else:
        buffer = io.BytesIO()
        write(report, fmt, buffer)
        data = buffer.getvalue()
    return data, MIMETYPES[fmt], f"{base}.{EXTENSIONS[fmt]}"


def base_name(report: Report) -> str:
    """``complaints-2011-12``: the report's kind and period label, safe as a file name."""
    text = f"{report.kind}-{report.period.label}"
    text = re.sub(r"[^A-Za-z0-9_.-]+", "-", text.replace("/", "-")).strip("-.")
    return re.sub(r"-{2,}", "-", text) or "report"


def _check(fmt: str) -> str:
    fmt = (fmt or "").lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")
    return fmt


def report_to_dict(report: Report) -> dict:
    """The report as the JSON contract's plain values (see :mod:`.json_format`)."""
    from analysis.formats.json_format import report_to_dict as to_dict

    return to_dict(report)
