"""Clinicians in the loop: consent to share (FHIR Consent-shaped), the one gate every viewer
passes, the append-only audit log (AuditEvent-shaped) and the clinician's pages.

- :mod:`.gate` answers "may this viewer see this person's data of this kind now?" and writes
  the audit event for every access by someone other than the owner.
- :mod:`.services` is what the pages, the API and the CLI call (``painscope share``,
  ``painscope audit``); nothing here is computed in a view.
"""
