"""The documented MyAIGuide → tidy diary mapping, on a hand-made export."""

from __future__ import annotations

from painscope.diary import daily_table, validate_frame
from painscope.insights.myaiguide import myaiguide_to_tidy


def test_day_rule_worst_site_regions_and_factors(tmp_path):
    pain = tmp_path / "pain.csv"
    pain.write_text(
        "name,startday,startmonth,startyear,intensity,date\n"
        "Knee Pain,12,8,2019,6,2019-08-13 02:07:55\n"      # about the 12th (startday)
        "Headache,0,,0,3,2019-08-13 01:00:00\n"            # before 06:00 → the 12th
        "Low Back Pain,0,,0,4.5,2019-08-13 18:00:00\n"     # the 13th
        "happiness,0,,0,4,2019-08-13 18:00:00\n"
        "Dizziness,0,,0,8,2019-08-13 18:00:00\n",          # not a pain site
        encoding="utf-8")
    obs = tmp_path / "obs.csv"
    obs.write_text('name,intensity,date\n"Poor sleep",1,"2019-08-12 20:00:00"\n'
                   '"Worried anxious",0,"2019-08-13 19:00:00"\n', encoding="utf-8")
    daily = daily_table(validate_frame(myaiguide_to_tidy(pain, obs)))
    assert list(daily.index.strftime("%Y-%m-%d")) == ["2019-08-12", "2019-08-13"]
    assert list(daily["pain"]) == [6.0, 4.5]
    assert list(daily["region:head"]) == [1.0, 0.0]
    assert list(daily["region:lower_back"]) == [0.0, 1.0]
    assert daily["mood"].iloc[1] == 4.0
    assert list(daily["factor:poor_sleep"]) == [1.0, 0.0]
    assert list(daily["factor:worried_anxious"]) == [0.0, 0.0]
