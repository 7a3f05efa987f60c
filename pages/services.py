from django.db import IntegrityError, transaction

from .models import Feedback


def feedback_create(*, submission, satisfaction: str, comments: str) -> tuple[Feedback, bool]:
    """Store feedback once per form sent: returns it, and whether it is new (False when this form was sent before)."""
    feedback = Feedback(submission=submission, satisfaction=satisfaction, comments=comments.strip())
    feedback.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:
        # The same form sent twice at once: the unique submission (feedback_submission_once) kept the first.
        existing = Feedback.objects.filter(submission=submission).first()
        if existing is None:
            raise
        return existing, False
    return feedback, True
