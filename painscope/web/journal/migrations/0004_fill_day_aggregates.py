"""Compute the daily aggregates of diaries stored before they existed (and a version token)."""

from __future__ import annotations

import uuid

from django.db import migrations


def fill(apps, schema_editor):
    from painscope import diary
    from painscope.diary import aggregate

    Entry = apps.get_model("journal", "Entry")
    Observation = apps.get_model("journal", "Observation")
    DayAggregate = apps.get_model("journal", "DayAggregate")
    DiaryVersion = apps.get_model("journal", "DiaryVersion")
    for owner_id in Entry.objects.values_list("owner_id", flat=True).distinct().order_by():
        rows = Observation.objects.filter(entry__owner_id=owner_id).values_list(
            "entry__utc", "entry__offset_minutes", "kind", "name", "value", "unit", "note"
        )
        records = [
            (utc, offset, diary.Observation(kind, name, value, unit, note))
            for utc, offset, kind, name, value, unit, note in rows.iterator(chunk_size=5000)
        ]
        frame = diary.sort_frame(diary.frame_from_records(records))
        DayAggregate.objects.filter(owner_id=owner_id).delete()
        DayAggregate.objects.bulk_create(
            [
                DayAggregate(owner_id=owner_id, day=day, version=aggregate.AGGREGATE_VERSION, data=a.to_json())
                for day, a in aggregate.day_aggregates(frame).items()
            ],
            batch_size=1000,
        )
        DiaryVersion.objects.update_or_create(owner_id=owner_id, defaults={"token": uuid.uuid4().hex})


class Migration(migrations.Migration):
    dependencies = [("journal", "0003_day_aggregates")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
