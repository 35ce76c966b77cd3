"""Lay out a :class:`~painscope.reports.clinician.ReportContent` as an A4 PDF (fpdf2).

The font is matplotlib's DejaVu Sans (it ships inside the matplotlib wheel), so "–", "≥",
"±", "·" and names in any Latin, Greek or Cyrillic script print as written; the PDF core
fonts cover Latin-1 only.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, time
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from painscope.reports.clinician import Line, ReportContent, Section
from painscope.reports.figures import pain_chart_png

FONT = "DejaVu"
BODY_PT = 11
SMALL_PT = 9
MARGIN_MM = 14
GUTTER_MM = 8
CHART_MM = 36
KEEP_WITH_HEADING_MM = 25
INK = (20, 20, 20)
MUTED = (90, 90, 90)
ALERT_FILL = (255, 236, 204)
ALERT_EDGE = (200, 110, 0)
HEAD_FILL = (232, 238, 246)


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


class _ReportPDF(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        fonts = _font_dir()
        self.add_font(FONT, "", str(fonts / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(auto=True, margin=16)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 4, self.footer_text, align="L")
        self.set_x(self.w - MARGIN_MM - 30)
        self.cell(30, 4, f"page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(*INK)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(1.5)
    pdf.set_font(FONT, "B", 12.5)
    pdf.set_text_color(31, 78, 140)
    pdf.multi_cell(0, 6.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)


def _line(pdf: FPDF, line: Line) -> None:
    if line.highlight:
        pdf.set_font(FONT, "B", BODY_PT)
        pdf.set_fill_color(*ALERT_FILL)
        pdf.set_draw_color(*ALERT_EDGE)
        pdf.set_line_width(0.5)
        pdf.multi_cell(0, 6, line.text, border=1, fill=True, padding=2, align="L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)
        pdf.set_line_width(0.2)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_fill_color(255, 255, 255)
        return
    pdf.set_font(FONT, "", BODY_PT)
    pdf.multi_cell(0, 5.3, line.text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _table(pdf: FPDF, rows: tuple[tuple[str, ...], ...], widths: tuple[float, ...] | None) -> None:
    pdf.set_font(FONT, "", SMALL_PT + 0.5)
    pdf.set_draw_color(200, 200, 200)
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(
        col_widths=widths,
        width=pdf.w - pdf.l_margin - pdf.r_margin,
        align="L",
        text_align="LEFT",
        line_height=4.8,
        headings_style=_headings_style(),
        padding=(0.8, 1.5),
        first_row_as_headings=True,
    ) as table:
        for row in rows:
            table.row(row)
    pdf.set_draw_color(0, 0, 0)
    pdf.ln(1)


def _headings_style():
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", fill_color=HEAD_FILL)


def _section(pdf: FPDF, section: Section, keep_with_heading: bool = True) -> None:
    if keep_with_heading and pdf.get_y() > pdf.page_break_trigger - KEEP_WITH_HEADING_MM:
        pdf.add_page()  # never leave a heading alone at the foot of a page
    _heading(pdf, section.title)
    if section.table:
        widths = {
            "Pain": (26, 30, 26, 22, 22),
            "Questionnaires": (38, 22, 18, 46),
        }.get(section.title)
        _table(pdf, section.table, widths)
    for line in section.lines:
        _line(pdf, line)


def render_pdf(content: ReportContent) -> bytes:
    """The report as PDF bytes (A4, DejaVu Sans 11 pt body, at most a couple of pages)."""
    pdf = _ReportPDF(content.footer)
    pdf.set_title(f"{content.title}: {content.person}")
    pdf.set_author("painscope (self-tracked data)")
    pdf.set_creation_date(datetime.combine(content.generated, time(), tzinfo=UTC))
    pdf.add_page()
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 17)
    pdf.cell(0, 8, content.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", BODY_PT)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 5.5, content.header, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.ln(1.5)
    for alert in content.alerts:
        _line(pdf, alert)

    full_width = pdf.w - 2 * MARGIN_MM
    sections = list(content.sections)
    pain = next((s for s in sections if s.title == "Pain"), None)
    if pain is not None:
        _section(pdf, pain)
        if content.pain_days:
            png = pain_chart_png(content.pain_days, content.period_start, content.period_end,
                                 width_mm=full_width, height_mm=CHART_MM)
            pdf.image(io.BytesIO(png), x=MARGIN_MM, w=full_width, h=CHART_MM)
            pdf.set_font(FONT, "", SMALL_PT)
            pdf.set_text_color(*MUTED)
            pdf.multi_cell(0, 4.2, "Dots: mean pain of each day with a rating. Line: 7-day mean "
                           "(shown where at least 4 of the 7 days were rated).",
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(*INK)
        sections.remove(pain)

    left = [s for s in sections if s.column == "left"]
    right = [s for s in sections if s.column == "right"]
    if left or right:
        col = (full_width - GUTTER_MM) / 2
        top, page = pdf.get_y(), pdf.page
        pdf.set_left_margin(MARGIN_MM)
        pdf.set_right_margin(MARGIN_MM + col + GUTTER_MM)
        pdf.set_xy(MARGIN_MM, top)
        for s in left:
            _section(pdf, s, keep_with_heading=False)
        end_left, page_left = pdf.get_y(), pdf.page
        pdf.page = page
        pdf.set_left_margin(MARGIN_MM + col + GUTTER_MM)
        pdf.set_right_margin(MARGIN_MM)
        pdf.set_xy(MARGIN_MM + col + GUTTER_MM, top)
        for s in right:
            _section(pdf, s, keep_with_heading=False)
        end_right, page_right = pdf.get_y(), pdf.page
        pdf.set_left_margin(MARGIN_MM)
        pdf.set_right_margin(MARGIN_MM)
        # continue below whichever column ran longer
        if (page_left, end_left) > (page_right, end_right):
            pdf.page = page_left
            pdf.set_xy(MARGIN_MM, end_left)
        else:
            pdf.set_xy(MARGIN_MM, end_right)
    for s in sections:
        if s.column == "full":
            _section(pdf, s)
    return bytes(pdf.output())


def page_count(pdf_bytes: bytes) -> int:
    """Pages of a PDF written by :func:`render_pdf` (counts its ``/Type /Page`` objects)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf_bytes))
