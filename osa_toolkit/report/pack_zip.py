"""Write the compliance pack: render its PDFs and cover page, and zip it so the same store always
gives the same bytes.

:mod:`osa_toolkit.core.compliance.pack` decides what goes in; this shell reads the store, prints the records as
PDF (headless Chromium, like every PDF of the toolkit), lays out the cover page and writes the zip.
Determinism: files are stored in a fixed order with a fixed time (the pack's "as of" time, the latest
thing saved), fixed permissions and a fixed compression level; Chromium stamps the print time into
each PDF, so that stamp is replaced by the pack's time, and the ids of its accessibility tags (browser
node numbers, seen to differ between prints on a busy machine) are renumbered in order of use; both
keep their length, so the PDF's offsets hold.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from osa_toolkit.core.compliance.pack import (
    Cover,
    PackPlan,
    PackSource,
    PdfJob,
    finish_pack,
    plan_pack,
)
from osa_toolkit.report.html import page_html
from osa_toolkit.report.model import Fields, Para, Report, Section, Table

HtmlToPdf = Callable[[str], bytes]
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{14})([^)]*)\)")
_FIXED_ZONE = b"+00'00'"
_NODE_ID = re.compile(rb"\(node(\d{8})\)")


def pack_source(store: Any, service_id: str) -> PackSource:
    """Everything the store holds about ``service_id`` that the pack needs."""
    versions = tuple(store.list_versions(service_id))
    return PackSource(
        service_id=service_id,
        versions=versions,
        approvals={v.record_id: tuple(store.approvals(v.record_id)) for v in versions},
        deletions=tuple(store.deletions(service_id)),
        compliance_reviews=tuple(store.compliance_reviews(service_id)),
        duties_done=tuple(store.duties_done(service_id)),
    )


def fix_pdf_dates(pdf: bytes, plan: PackPlan) -> bytes:
    """Make a Chromium PDF depend only on the page: the print time it stamps becomes the pack's time,
    and the ids of its accessibility tags (taken from the browser's internal node numbers, which can
    differ between two prints of one page) are numbered in order of first use. Every replacement has
    the length of what it replaces, so the PDF's byte offsets stay right."""
    stamp = plan.as_of.strftime("%Y%m%d%H%M%S").encode("ascii")

    def swap(m: re.Match[bytes]) -> bytes:
        zone = _FIXED_ZONE if len(m.group(3)) == len(_FIXED_ZONE) else m.group(3)
        return b"/" + m.group(1) + b" (D:" + stamp + zone + b")"

    numbers: dict[bytes, bytes] = {}

    def renumber(m: re.Match[bytes]) -> bytes:
        digits = m.group(1)
        if digits not in numbers:
            numbers[digits] = str(len(numbers) + 1).zfill(len(digits)).encode("ascii")
        return b"(node" + numbers[digits] + b")"

    return _NODE_ID.sub(renumber, _PDF_DATE.sub(swap, pdf))


def record_html(job: PdfJob) -> str:
    """The printable page of one record, whichever kind it is."""
    if job.kind == "childrens_access":
        from osa_toolkit.report.caa_report import caa_report

        return report_html(caa_report(job.record))
    from osa_toolkit.report.html import render_html

    history = list(job.history) if job.kind == "illegal_content" else None
    return render_html(job.record, history=history)


_CONTENTS_CSS = """
table.t-contents { table-layout: fixed; }
.t-contents th:nth-child(1), .t-contents td:nth-child(1) { width: 30%; overflow-wrap: anywhere; }
.t-contents th:nth-child(2), .t-contents td:nth-child(2) { width: 31%; }
.t-contents th:nth-child(3), .t-contents td:nth-child(3) { width: 9%; }
.t-contents th:nth-child(4), .t-contents td:nth-child(4) { width: 30%; }
.t-contents td:nth-child(4) { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt;
  overflow-wrap: anywhere; }
"""


def report_html(report: Report) -> str:
    """A :class:`Report` as one self-contained HTML page (every string escaped)."""
    return page_html(report, _CONTENTS_CSS)


def cover_report(cover: Cover) -> Report:
    """The cover page as a report: what the pack is, the service and provider, the records, and the
    contents list with the SHA-256 of every file."""
    sections = [
        Section("about", "What this pack is", tuple(Para(p) for p in cover.intro)),
        Section("service", "The service", (Fields(cover.service_details),)),
        Section("provider", "The provider", (Fields(cover.provider_details),)),
        Section(
            "records",
            "The records in this pack",
            (
                Fields(cover.records),
                *(
                    (Para("No saved version of: " + "; ".join(cover.missing) + "."),)
                    if cover.missing
                    else ()
                ),
            ),
        ),
        Section(
            "contents",
            "Contents",
            (
                Table(
                    ("File", "What it is", "Bytes", "SHA-256"),
                    tuple((r.path, r.what, str(r.size), r.sha256) for r in cover.contents),
                    name="contents",
                ),
                Para(cover.how_to_check),
            ),
        ),
        Section("disclaimer", "Please note", (Para(cover.disclaimer),)),
    ]
    return Report(cover.title, cover.subtitle, tuple(sections))


def build_pack(source: PackSource, registers: Any, *, pdf: HtmlToPdf | None = None) -> bytes:
    """The bytes of the pack's zip file for ``source`` (``pdf`` prints HTML; default Chromium)."""
    if pdf is None:
        from osa_toolkit.report.pdf import html_to_pdf as pdf
    plan = plan_pack(source, registers)
    rendered = {
        f.path: fix_pdf_dates(pdf(record_html(f.pdf)), plan)
        for f in plan.files
        if f.pdf is not None
    }
    files, cover = finish_pack(plan, rendered)
    page = report_html(cover_report(cover))
    members = [
        ("00-cover.html", page.encode("utf-8")),
        ("00-cover.pdf", fix_pdf_dates(pdf(page), plan)),
        *((f.path, f.data) for f in files),
    ]
    when = plan.as_of.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permissions below mean the same everywhere
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()


def pack_name(service_id: str) -> str:
    """The file name the app offers: ``<service>-compliance-pack.zip``."""
    return f"{service_id}-compliance-pack.zip"


def write_pack(
    store: Any,
    service_id: str,
    path: str | os.PathLike[str],
    registers: Any = None,
    *,
    pdf: HtmlToPdf | None = None,
) -> Path:
    """Build the pack of ``service_id`` from ``store`` and write it to ``path`` atomically."""
    from osa_toolkit.core.registers import load_registers
    from osa_toolkit.files.output import check_target, write_atomically

    check_target(path, "The pack")  # a folder, device, link or missing folder: refused first
    return write_atomically(
        path,
        lambda: build_pack(pack_source(store, service_id), registers or load_registers(), pdf=pdf),
        "The pack",
    )
