from sqlalchemy import select, func
from app.extensions import db
from app.models import Attempt, Certificate, Exercise, Lesson, Course, User
from app.services.scale_seed import STUDENT_EMAIL, INSTRUCTOR_EMAIL


def test_explore(measure, sign_in, perf_context):
    student = sign_in(STUDENT_EMAIL.format(1))
    lesson = db.session.execute(select(Course.slug, Lesson.slug).join(Lesson, Lesson.course_id == Course.id).limit(1)).one()
    uid = db.session.scalar(select(Exercise.uid).where(Exercise.pool == "practice", Exercise.kind == "ranking"))
    code = db.session.scalar(select(Certificate.code))
    ex_id = db.session.scalar(select(Exercise.id).where(Exercise.uid == uid))
    pages = ["/courses/", f"/courses/{lesson[0]}", f"/courses/{lesson[0]}/{lesson[1]}", "/practice/", f"/practice/{uid}",
             "/dashboard", "/exams/", "/certificates/", f"/verify/{code}", f"/verify/api/{code}", "/verify/directory"]
    for url in pages:
        c = measure(student, url)
        print(url, c.response.status_code, c.count)
        for s in c.statements: print("    ", s[:150].replace("\n", " "))
    inst = sign_in(INSTRUCTOR_EMAIL.format(1))
    for url in ["/studio/", "/studio/analytics", f"/studio/analytics/{uid}", f"/studio/analytics/items/{ex_id}"]:
        c = measure(inst, url)
        print(url, c.response.status_code, c.count)
