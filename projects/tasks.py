"""Background tasks of plans' documents: a plan's PDF for staff (preview of a draft, or any plan)."""

from __future__ import annotations

from celery import shared_task

from plans import jobs
from plans.models import OperationalPlan
from projects import import_views  # noqa: F401 - registers the activity and progress imports that plans.tasks.import_file saves
from projects.pdf import render_plan_pdf

KIND_PDF = "plan_pdf"


def pdf_name(plan: OperationalPlan) -> str:
    draft = "-ร่าง" if plan.status != plan.Status.ANNOUNCED else ""
    return f"แผนการดำเนินงาน-{plan.fiscal_year}-{plan.organisation.name}{draft}.pdf"


@shared_task(bind=True, **jobs.TASK_OPTIONS)
def plan_pdf(self, job_id: str) -> None:
    def work(job):
        plan = OperationalPlan.objects.select_related("organisation").filter(pk=int(job.subject_id)).first()
        if plan is None:
            raise jobs.JobFailed("ไม่พบแผนการดำเนินงานนี้แล้ว (อาจถูกลบไประหว่างสร้าง PDF)")
        jobs.finish(job, content=render_plan_pdf(plan), name=pdf_name(plan))

    jobs.run(self, job_id, work)


def start_plan_pdf(plan: OperationalPlan, user):
    return jobs.start(plan_pdf, kind=KIND_PDF, organisation=plan.organisation, user=user, subject_id=plan.pk,
                      title=f"สร้าง PDF {plan.title}")  # fmt: skip
