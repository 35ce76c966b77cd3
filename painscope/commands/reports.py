"""``painscope`` commands of the reports group: ``export-fhir`` and ``report`` (clinician PDF)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from painscope.commands import CommandError, add_json_flag, emit_json


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add this group's commands to the CLI."""
    p = sub.add_parser(
        "export-fhir",
        parents=[common],
        help="write a person's diary, medications, doses and questionnaires as one FHIR R4 Bundle",
        description="Write everything a person keeps here as one FHIR R4 'collection' Bundle "
        "(JSON): every diary observation (Observation; pain with LOINC 72514-3), every "
        "medication (MedicationStatement) and dose log (MedicationAdministration), every "
        "questionnaire answered (QuestionnaireResponse plus score Observations) and every "
        "criteria assessment (Observation). Codes: docs/data-formats.md. Without --out the "
        "Bundle goes to stdout.",
    )
    p.add_argument("--user", required=True, help="the person's username")
    p.add_argument("--out", metavar="FILE", help="write the Bundle to FILE instead of stdout")
    p.set_defaults(handler=export_fhir)

    p = sub.add_parser(
        "import-fhir",
        parents=[common],
        help="read a FHIR R4 Bundle (one painscope wrote, or diary pain scores) into a person's account",
        description="Store the diary Observations, medication plans and dose logs of a FHIR R4 "
        "Bundle, checked whole first (a bad entry stores nothing and is named). A Bundle "
        "written by `painscope export-fhir` restores them exactly; pain scores coded LOINC "
        "72514-3 from other systems are read too. Questionnaire answers and other resources "
        "are counted and left out.",
    )
    p.add_argument("--user", required=True, help="the person's username")
    p.add_argument("file", help="the Bundle (JSON)")
    add_json_flag(p)
    p.set_defaults(handler=import_fhir)

    p = sub.add_parser(
        "report",
        parents=[common],
        help="write a person's one-page clinician report (PDF)",
        description="Write the clinician report of a person's own diary (pain, body map, "
        "medications and adherence, questionnaires, patterns, HRV) as a PDF to take to an "
        "appointment. Self-tracked data, not a diagnosis.",
    )
    p.add_argument("--user", required=True, help="the person's username")
    p.add_argument("--days", type=int, default=90, help="length of the report period in days, ending today (default 90)")
    p.add_argument("--out", metavar="FILE.pdf", help="where to write the PDF (default painscope-report-<user>-<date>.pdf)")
    add_json_flag(p)
    p.set_defaults(handler=clinician_report)


def export_fhir(args: argparse.Namespace) -> int:
    from painscope.commands.web import get_user, setup_django

    setup_django()
    from painscope.web.journal.fhir_export import everything_bundle

    bundle, skipped = everything_bundle(get_user(args.user))
    for problem in skipped:
        print(f"painscope: warning: left out of the Bundle: {problem}", file=sys.stderr)
    text = json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write {args.out}: {exc.strerror}") from None
        kinds: dict[str, int] = {}
        for entry in bundle.get("entry", []):
            kind = entry["resource"]["resourceType"]
            kinds[kind] = kinds.get(kind, 0) + 1
        summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "no resources"
        print(f"wrote a FHIR Bundle ({summary}) to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def import_fhir(args: argparse.Namespace) -> int:
    from painscope.commands.web import get_user, setup_django

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"no such file: {path}")
    setup_django()
    from painscope.diary import DiaryError
    from painscope.diary.fhir import MAX_BUNDLE_BYTES
    from painscope.web.journal.fhir_export import import_fhir as store

    user = get_user(args.user)
    if path.stat().st_size > MAX_BUNDLE_BYTES:
        raise CommandError(f"{path}: the Bundle is larger than {MAX_BUNDLE_BYTES // (1024 * 1024)} MB — nothing was imported")
    try:
        done = store(user, path.read_bytes())
    except DiaryError as exc:
        raise CommandError(f"{path}: {exc} — nothing was imported") from None
    if args.json:
        emit_json(done.as_dict())
    else:
        print(f"imported {path}: {done.summary()}", file=sys.stderr)
    return 0


def clinician_report(args: argparse.Namespace) -> int:
    if not 7 <= args.days <= 3660:
        raise CommandError(f"--days must be between 7 and 3660 (got {args.days})")
    from painscope.commands.web import get_user, setup_django

    setup_django()
    from painscope.web.journal.report_views import report_pdf

    pdf, content = report_pdf(get_user(args.user), days=args.days)
    out = Path(args.out or f"painscope-report-{args.user}-{content.period_end:%Y-%m-%d}.pdf")
    try:
        out.write_bytes(pdf)
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc.strerror}") from None
    if args.json:
        from painscope.reports import page_count

        emit_json({
            "out": str(out), "pages": page_count(pdf), "bytes": len(pdf),
            "period": {"start": content.period_start.isoformat(), "end": content.period_end.isoformat()},
            "days_with_entries": content.days_with_entries, "period_days": content.period_days,
            "alerts": [a.text for a in content.alerts], "text": content.text,
        })
        return 0
    print(
        f"wrote the clinician report ({content.period_start:%Y-%m-%d} to {content.period_end:%Y-%m-%d}, "
        f"{content.days_with_entries} of {content.period_days} days with entries) to {out}",
        file=sys.stderr,
    )
    return 0
