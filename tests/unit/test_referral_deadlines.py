"""The network's referral service standards, as data, in the district's time."""

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from rujukan.datafiles import DataFileError
from rujukan.referral_deadlines import (
    Milestone,
    district_timezone,
    due,
    load_referral_deadlines,
    rule_for,
)
from schemas.vocabulary import ServiceType

WIB = ZoneInfo("Asia/Pontianak")


def test_answer_is_due_one_working_day_later_at_the_same_local_time():
    friday = datetime(2026, 11, 20, 10, 0, tzinfo=WIB)
    answer = due(ServiceType.SHELTER, Milestone.ANSWER, friday, "kapuas-hulu")
    assert answer is not None
    assert answer.due_at == datetime(2026, 11, 23, 10, 0, tzinfo=WIB)  # Monday
    assert answer.escalate_at == datetime(2026, 11, 24, 10, 0, tzinfo=WIB)


def test_answer_deadline_skips_idul_fitri_and_its_cuti_bersama():
    # 2026: Nyepi Thu 19 Mar (cuti bersama Wed 18), Idul Fitri Sat-Sun 21-22 Mar with
    # cuti bersama Fri 20, Mon 23 and Tue 24 Mar: the next working day after Tue 17
    # is Wed 25 March.
    tuesday = datetime(2026, 3, 17, 9, 30, tzinfo=WIB)
    answer = due(ServiceType.HEALTH, Milestone.ANSWER, tuesday, "kapuas-hulu")
    assert answer is not None
    assert answer.due_at == datetime(2026, 3, 25, 9, 30, tzinfo=WIB)


def test_visum_report_is_due_within_one_calendar_day():
    saturday = datetime(2026, 11, 21, 8, 0, tzinfo=WIB)
    report = due(ServiceType.HEALTH, Milestone.FIRST_REPORT, saturday, "kapuas-hulu")
    assert report is not None
    assert report.due_at == datetime(2026, 11, 22, 8, 0, tzinfo=WIB)


def test_shelter_is_reviewed_at_fourteen_days():
    admitted = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
    review = due(ServiceType.SHELTER, Milestone.FIRST_REPORT, admitted, "kapuas-hulu")
    assert review is not None
    assert review.due_at == datetime(2026, 11, 16, 12, 0, tzinfo=UTC)


def test_a_specific_line_wins_over_the_general_one():
    rules = load_referral_deadlines()
    health = rule_for(ServiceType.HEALTH, Milestone.FIRST_REPORT, rules)
    assert health is not None
    assert health.service is ServiceType.HEALTH
    legal = rule_for(ServiceType.LEGAL, Milestone.OUTCOME, rules)
    assert legal is not None
    assert legal.service is None


def test_a_milestone_without_a_rule_has_no_deadline():
    assert due(ServiceType.LEGAL, Milestone.FIRST_REPORT, datetime.now(UTC), "kapuas-hulu") is None


def test_each_district_has_its_time_zone():
    assert district_timezone("kapuas-hulu") == ZoneInfo("Asia/Pontianak")
    assert district_timezone("luwu-timur") == ZoneInfo("Asia/Makassar")


def test_a_malformed_line_names_file_and_line(tmp_path: Path):
    path = tmp_path / "deadlines.csv"
    path.write_text(
        "service,milestone,amount,unit,escalate_after,source\n*,answer,1,fortnights,1,x\n"
    )
    with pytest.raises(DataFileError) as raised:
        load_referral_deadlines(path)
    assert raised.value.line == 2
    assert "fortnights" in str(raised.value)
