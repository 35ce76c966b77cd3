"""painscope.reports: the clinician PDF (content model + layout).

Pure: no Django. ``build_report(frame, ...)`` gives the :class:`ReportContent` (every
sentence and number), ``render_pdf(content)`` the PDF bytes.
"""

from painscope.reports.clinician import Line, ReportContent, Section, build_report, wilson_interval
from painscope.reports.pdf import page_count, render_pdf

__all__ = ["Line", "ReportContent", "Section", "build_report", "page_count", "render_pdf", "wilson_interval"]
