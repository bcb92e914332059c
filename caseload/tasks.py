"""Celery adapters for caseload imports: each takes ids and calls one service."""

from celery import shared_task

from . import import_jobs


# No result is kept: the import's row records what happened.
@shared_task(name="caseload.run_import", ignore_result=True)
def run_caseload_import(import_pk: int) -> None:
    """Make one confirmed import, unless another run already has or is."""
    import_jobs.run_import(import_pk=import_pk)


@shared_task(name="caseload.resume_imports", ignore_result=True)
def resume_caseload_imports() -> None:
    """Run the confirmed imports whose task was lost or whose worker died."""
    import_jobs.resume_imports()
