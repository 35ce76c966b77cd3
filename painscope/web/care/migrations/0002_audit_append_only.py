"""The audit log is append-only in the database too: UPDATE of an event is refused.

Only ``actor_id`` and ``share_id`` may change, and only because Django sets them to NULL
when the actor's account or the share is erased (``on_delete=SET_NULL``). Rows are deleted
only with the patient's account (``CASCADE``), which cannot be told apart from other
deletes at the database level, so the model refuses single deletes instead.
"""

from django.db import migrations

COLUMNS = "patient_id, actor_role, at, action, event, kind, route, method, outcome, address, user_agent"
MESSAGE = "the audit log is append-only"

SQLITE = [
    f"""CREATE TRIGGER care_auditevent_append_only BEFORE UPDATE OF id, {COLUMNS} ON care_auditevent
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_UNDO = ["DROP TRIGGER IF EXISTS care_auditevent_append_only;"]
POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION care_auditevent_refuse_update() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER care_auditevent_append_only BEFORE UPDATE OF id, {COLUMNS} ON care_auditevent
    FOR EACH ROW EXECUTE FUNCTION care_auditevent_refuse_update();""",
]
POSTGRES_UNDO = [
    "DROP TRIGGER IF EXISTS care_auditevent_append_only ON care_auditevent;",
    "DROP FUNCTION IF EXISTS care_auditevent_refuse_update();",
]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_UNDO, "postgresql": POSTGRES_UNDO}),
        ),
    ]
