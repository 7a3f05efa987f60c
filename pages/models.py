"""Feedback on the service, from the phase banner's link. It is anonymous: nothing here says who sent it."""

import uuid

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

MAX_FEEDBACK_LENGTH = 1200


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very-satisfied", "Very satisfied"
    SATISFIED = "satisfied", "Satisfied"
    NEITHER = "neither", "Neither satisfied nor dissatisfied"
    DISSATISFIED = "dissatisfied", "Dissatisfied"
    VERY_DISSATISFIED = "very-dissatisfied", "Very dissatisfied"


class Feedback(models.Model):
    Satisfaction = Satisfaction
    MAX_LENGTH = MAX_FEEDBACK_LENGTH

    # One per form shown: the same form sent twice (a double click, a resend after a timeout) stores one row.
    submission = models.UUIDField(default=uuid.uuid4, editable=False)
    satisfaction = models.CharField("how you felt about the service", max_length=20, choices=Satisfaction.choices)
    comments = models.TextField("how we could improve it", max_length=MAX_FEEDBACK_LENGTH, blank=True)
    created_at = models.DateTimeField("sent", auto_now_add=True)

    class Meta:
        verbose_name_plural = "feedback"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission"], name="feedback_submission_once"),
            models.CheckConstraint(
                condition=Q(satisfaction__in=Satisfaction.values), name="feedback_satisfaction_known"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("comments"), MAX_FEEDBACK_LENGTH), name="feedback_comments_length"
            ),
        ]

    def __str__(self):
        return f"{self.get_satisfaction_display()}, {self.created_at:%d %B %Y %H:%M}" if self.created_at else "Feedback"
