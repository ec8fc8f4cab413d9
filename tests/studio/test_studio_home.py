"""The instructor's studio home and the analytics table (filters, sorting, paging, CSV)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Attempt,
    Cohort,
    CohortMember,
    ExamItem,
    ExamSession,
    Role,
    User,
    utcnow,
)
from app.services.analytics import analytics_table
from app.services.certification import exams
from app.services.studio.double_marking import script_code
from graders.item_stats import point_biserial
from tests.exams.factories import GOLD_ANSWERS

NOW = utcnow()


def test_instructor_login_lands_on_the_studio_home(client, make_user, login):
    response = login(make_user(Role.INSTRUCTOR))
    assert response.headers["Location"].endswith("/studio/home")
    page = client.get("/studio/home").get_data(as_text=True)
    assert "<h1>Studio home</h1>" in page
    for heading in (
        "Answers to review",
        "Items awaiting calibration",
        "Items with poor statistics",
        "Recent activity of your cohorts",
    ):
        assert heading in page


def test_student_login_lands_on_the_dashboard_and_is_refused_the_studio(client, student):
    assert client.get("/studio/home").status_code == 403
    assert client.get("/studio/analytics/items.csv").status_code == 403
    assert client.get("/studio/analytics").status_code == 403


def test_student_sign_in_goes_to_the_dashboard(make_user, login):
    response = login(make_user(Role.STUDENT))
    assert response.headers["Location"].endswith("/dashboard")


def test_main_navigation_has_one_studio_link(client, instructor):
    page = client.get("/studio/home").get_data(as_text=True)
    main = page.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    assert ">Studio</a>" in main and "Review queue" not in main
    studio = page.split('aria-label="Studio"', 1)[1].split("</nav>", 1)[0]
    for label in ("Home", "Exercise bank", "Review queue", "Analytics", "Cohorts"):
        assert f">{label}</a>" in studio


@pytest.mark.usefixtures("exam_ready")
def test_home_lists_exam_scripts_first_by_code_and_never_own_cohorts(
    client, make_user, login, make_exercise, item_for
):
    student = make_user(display_name="Eva Examinee")
    session = exams.start_session(student, "test-core")
    for item in session.items:
        kind = item.version.exercise.kind
        exams.save_answer(session, item.position, GOLD_ANSWERS[kind], item.revision)
    exams.finish_session(session)
    practice = make_exercise(item_for("correction"))
    learner = make_user(display_name="Pat Practiser")
    db.session.add(
        Attempt(
            user_id=learner.id,
            exercise_id=practice.exercise.id,
            version_id=practice.version.id,
            kind="correction",
            answer={"text": "x"},
            score=0.5,
            review_status="pending",
            created_at=NOW - timedelta(days=9),
        )
    )
    db.session.commit()
    script = db.session.scalar(
        select(ExamItem).where(ExamItem.session_id == session.id, ExamItem.section == "reference")
    )
    marker = make_user(Role.INSTRUCTOR)
    login(marker)
    page = client.get("/studio/home").get_data(as_text=True)
    reviews = page.split('id="reviews-heading"', 1)[1].split("</section>", 1)[0]
    code = script_code(script.id)
    assert code in reviews and "Eva" not in reviews
    assert reviews.index(code) < reviews.index("Pat Practiser")  # exam first
    assert "9 days" in reviews
    client.post("/auth/logout")
    lead = make_user(Role.INSTRUCTOR)
    cohort = Cohort(name="Evening", instructor_id=lead.id, invite_code="HOME-0001")
    db.session.add(cohort)
    db.session.flush()
    db.session.add(CohortMember(cohort_id=cohort.id, user_id=student.id))
    db.session.commit()
    login(lead)
    page = client.get("/studio/home").get_data(as_text=True)
    reviews = page.split('id="reviews-heading"', 1)[1].split("</section>", 1)[0]
    assert code not in reviews  # a student of the marker's own cohort
    activity = page.split('id="activity-heading"', 1)[1].split("</section>", 1)[0]
    assert "Eva Examinee" in activity  # the cohort's own activity is theirs to follow


def test_home_lists_items_awaiting_calibration(
    client, instructor, make_user, make_exercise, item_for
):
    from app.models import CalibrationJudgement

    short = make_exercise(item_for("ranking", id="ex-rank-501"), pool="exam", status="draft")
    done = make_exercise(item_for("ranking", id="ex-rank-502"), pool="exam", status="draft")
    make_exercise(item_for("pairwise", id="pr-pair-501"), status="draft")  # needs approval only
    author = make_user(Role.INSTRUCTOR)
    short.exercise.created_by_id = author.id
    judges = [author, make_user(Role.INSTRUCTOR)]  # the author's own judgement does not count
    for judge in judges:
        db.session.add(CalibrationJudgement(version_id=short.version.id, instructor_id=judge.id))
    for judge in (instructor, make_user(Role.INSTRUCTOR)):
        db.session.add(CalibrationJudgement(version_id=done.version.id, instructor_id=judge.id))
    db.session.commit()
    page = client.get("/studio/home").get_data(as_text=True)
    section = page.split('id="calibration-heading"', 1)[1].split("</section>", 1)[0]
    assert "ex-rank-501" in section and "1 of 2 judges" in section
    assert "ex-rank-502" not in section and "pr-pair-501" not in section


def _sit(user: User, items: list[tuple], status: str = "failed") -> None:
    """A graded exam sitting: [(exercise, score)]."""
    session = ExamSession(
        user_id=user.id,
        blueprint_slug="core",
        seed=1,
        status=status,
        started_at=NOW,
        finished_at=NOW,
        deadline_at=NOW + timedelta(hours=1),
    )
    db.session.add(session)
    db.session.flush()
    for position, (exercise, score) in enumerate(items, 1):
        db.session.add(
            ExamItem(
                session_id=session.id,
                position=position,
                section="s",
                exercise_id=exercise.id,
                version_id=exercise.versions[0].id,
                score=score,
            )
        )
    db.session.commit()


@pytest.fixture
def table_data(make_user: Callable[..., User], make_exercise, item_for):
    """Exam items a (hard), b, c; a practice item p; an unattempted exam item z."""

    def exam(uid, kind, topic, **extra):
        data = item_for(kind, id=uid, prompt=uid, topic=topic, **extra)
        return make_exercise(data, pool="exam").exercise

    a = exam("ex-pair-601", "pairwise", "medicine")
    b = exam("ex-pair-602", "pairwise", "safety")
    c = exam("ex-rank-603", "ranking", "safety")
    z = exam("ex-rank-699", "ranking", "medicine")
    p = make_exercise(item_for("pairwise", id="pr-pair-604", prompt="p")).exercise
    scores = [(0.0, 1.0, 0.8), (0.0, 0.5, 0.6), (0.1, 0.0, 0.3), (0.2, 0.9, 1.0)]
    for row in scores:
        _sit(make_user(), list(zip((a, b, c), row, strict=True)))
    student = make_user()
    db.session.add(
        Attempt(
            user_id=student.id,
            exercise_id=p.id,
            version_id=p.versions[0].id,
            kind="pairwise",
            answer={},
            score=0.5,
            criterion_scores={},
        )
    )
    db.session.commit()
    return {"a": a, "b": b, "c": c, "z": z, "p": p}


def _uids(page: str) -> list[str]:
    """Item ids in table order."""
    body = page.split('class="analytics-table"', 1)[1].split("</table>", 1)[0]
    return [
        part.split("<", 1)[0] for part in body.split('">')[1:] if part.startswith(("ex-", "pr-"))
    ]


def test_table_sorts_with_unattempted_items_last(client, instructor, table_data):
    page = client.get("/studio/analytics?sort=p&dir=desc").get_data(as_text=True)
    order = _uids(page)
    assert order == ["ex-rank-603", "ex-pair-602", "ex-pair-601", "pr-pair-604", "ex-rank-699"]
    page = client.get("/studio/analytics?sort=p&dir=asc").get_data(as_text=True)
    assert _uids(page)[:3] == ["ex-pair-601", "ex-pair-602", "ex-rank-603"]
    assert _uids(page)[-1] == "ex-rank-699"  # never attempted: last in both directions
    assert 'aria-sort="ascending"' in page
    assert "too hard" in page  # a: p = 0.075


def test_table_filters_by_pool_kind_topic_and_criterion(client, instructor, table_data):
    def uids(query: str) -> list[str]:
        return _uids(client.get(f"/studio/analytics?{query}").get_data(as_text=True))

    assert uids("pool=practice") == ["pr-pair-604"]
    assert uids("kind=ranking") == ["ex-rank-603", "ex-rank-699"]
    assert uids("topic=medicine&pool=exam") == ["ex-pair-601", "ex-rank-699"]
    criterion = table_data["a"].criteria[0]
    assert "ex-pair-601" in uids(f"criterion={criterion}")
    assert len(uids("kind=nonsense")) == 5  # unknown values are ignored, not an error
    assert client.get("/studio/analytics?page=zzz&sort=evil").status_code == 200


@pytest.mark.parametrize("page", ["¹", "٣", "0", "-1", "99999999999999999999", " 2"])
def test_a_page_number_that_is_not_plain_ascii_digits_shows_the_first_page(page):
    # "¹" and "٣" pass str.isdigit, yet int() refuses the first: it was a 500
    assert analytics_table.parse({"page": page}, {}).page == 1
    assert analytics_table.parse({"page": "3"}, {}).page == 3


def test_table_pages(client, instructor, table_data, monkeypatch):
    monkeypatch.setattr(analytics_table, "PAGE_SIZE", 2)
    first = client.get("/studio/analytics?sort=item").get_data(as_text=True)
    second = client.get("/studio/analytics?sort=item&page=2").get_data(as_text=True)
    last = client.get("/studio/analytics?sort=item&page=99").get_data(as_text=True)
    assert _uids(first) == ["ex-pair-601", "ex-pair-602"]
    assert _uids(second) == ["ex-rank-603", "pr-pair-604"]
    assert _uids(last) == ["ex-rank-699"]
    assert "Page 1 of 3" in first and "page=2" in first


def test_csv_export_holds_every_filtered_row(client, instructor, table_data, monkeypatch):
    monkeypatch.setattr(analytics_table, "PAGE_SIZE", 1)  # the export is not paged
    response = client.get("/studio/analytics/items.csv?pool=exam&sort=p&dir=asc")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == list(analytics_table.HEADER)
    assert [r[0] for r in rows[1:]] == ["ex-pair-601", "ex-pair-602", "ex-rank-603", "ex-rank-699"]
    a = rows[1]
    assert a[3:7] == ["exam", "medicine", a[5], "4"]
    rest = [(1.0 + 0.8) / 2, (0.5 + 0.6) / 2, (0.0 + 0.3) / 2, (0.9 + 1.0) / 2]
    r = point_biserial([0.0, 0.0, 0.1, 0.2], rest)
    assert a[7] == "0.075" and a[8] == f"{r:.3f}" and a[10] == "0"
    assert a[9] == "too hard; low discrimination"  # r is about 0.12
    assert rows[-1][6:10] == ["0", "", "", ""]


def test_csv_cells_cannot_run_as_formulas(client, instructor, make_exercise, item_for):
    make_exercise(item_for("pairwise", id="pr-pair-605", title="=HYPERLINK(1)"))
    text = client.get("/studio/analytics/items.csv").get_data(as_text=True)
    assert "'=HYPERLINK(1)" in text


def _count(client, path: str) -> int:
    """SQL statements one request sends (after a warm-up request)."""
    from sqlalchemy import event

    client.get(path)
    statements: list[str] = []

    def record(conn, cursor, statement, *args):  # noqa: ANN001
        if statement.lstrip().upper().startswith(("SELECT", "WITH", "INSERT", "UPDATE", "DELETE")):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


@pytest.mark.parametrize(("path", "budget"), [("/studio/home", 12), ("/studio/analytics", 6)])
def test_pages_do_not_grow_with_sittings_and_items(
    client, instructor, table_data, make_user, path, budget
):
    before = _count(client, path)
    a, b, z = table_data["a"], table_data["b"], table_data["z"]
    for _ in range(5):
        _sit(make_user(), [(a, 0.5), (b, 0.5), (z, 1.0)], status="passed")
    after = _count(client, path)
    assert before == after <= budget


def test_home_lists_items_with_poor_statistics(client, instructor, table_data):
    page = client.get("/studio/home").get_data(as_text=True)
    section = page.split('id="poor-heading"', 1)[1].split("</section>", 1)[0]
    assert "ex-pair-601" in section and "too hard" in section  # p = 0.075
    assert "ex-rank-699" not in section  # never sat: no statistics, no flag


def test_item_page_shows_exam_statistics_apart_from_practice(client, instructor, table_data):
    page = client.get(f"/studio/analytics/items/{table_data['a'].id}").get_data(as_text=True)
    exam = page.split("In exams", 1)[1].split("In practice", 1)[0]
    assert "8%" in exam and "too hard" in exam and "<dd>4</dd>" in exam


def test_analytics_for_my_cohort_say_what_is_cohort_wide(client, instructor, table_data):
    cohort = Cohort(name="Mine", instructor_id=instructor.id, invite_code="MINE-0001")
    db.session.add(cohort)
    db.session.commit()
    page = client.get(f"/studio/analytics?cohort={cohort.id}&sort=p").get_data(as_text=True)
    assert "Pass rates are this cohort" in page and "ex-pair-601" in page
    assert client.get("/studio/analytics?cohort=99999999999999").status_code == 404
