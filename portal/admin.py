"""Curators let teaching school staff into the portal by invitation, and take them out: nothing more of user
administration (curators have no permission on users; portal.services does the writes, and the history records who
invited and who removed whom)."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.admin import AuditedAdminMixin
from core.service_errors import ServiceErrorsMixin
from roles.models import TeachingSchoolMembership

from . import services
from .models import Invitation


class InvitationForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "school"]
        help_texts = {
            "email": "They get a link to choose a password. It works once, for 7 days.",
            "school": "The teaching school whose SLEs they will manage. Search by name or URN.",
        }

    def validate_rules(self):
        services.invitation_validate(email=self.cleaned_data["email"], school=self.cleaned_data["school"])


class InvitationStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("waiting", "Waiting"), ("accepted", "Accepted"), ("withdrawn", "Withdrawn"), ("expired", "Expired")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "waiting":
            return queryset.open(now)
        if self.value() == "accepted":
            return queryset.filter(accepted_at__isnull=False)
        if self.value() == "withdrawn":
            return queryset.filter(withdrawn_at__isnull=False)
        if self.value() == "expired":
            return queryset.filter(accepted_at__isnull=True, withdrawn_at__isnull=True, expires_at__lte=now)
        return queryset


@admin.register(Invitation)
class InvitationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Invite one person by email to manage a teaching school's SLEs. An invitation is never edited or deleted;
    one not yet used can be withdrawn."""

    form = InvitationForm
    list_display = ["email", "school", "state", "invited_by", "created_at", "expires_at", "accepted_at"]
    list_filter = [InvitationStateFilter]
    list_select_related = ["school", "invited_by"]
    search_fields = ["email", "school__name", "=school__urn"]
    autocomplete_fields = ["school"]
    readonly_fields = ["state", "invited_by", "created_at", "expires_at", "accepted_at", "accepted_by", "withdrawn_at"]
    actions = ["withdraw_selected"]

    def get_fields(self, request, obj=None):
        return ["email", "school"] if obj is None else ["email", "school", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["email", "school", *self.readonly_fields]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        invitation = services.invitation_create(
            email=form.cleaned_data["email"],
            school=form.cleaned_data["school"],
            invited_by=request.user,
            accept_url=lambda token: (
                settings.SERVICE_URL.rstrip("/") + reverse("portal_invitation_accept", args=[token])
            ),
        )
        obj.pk, obj.email = invitation.pk, invitation.email
        obj._state.adding = False

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(request, f"Invitation sent to {obj.email}.", messages.SUCCESS)
        return super().response_add(request, obj, post_url_continue)

    @admin.display(description="state")
    def state(self, obj):
        return obj.state

    @admin.action(description="Withdraw selected invitations (if not yet used)", permissions=["change"])
    def withdraw_selected(self, request, queryset):
        withdrawn = 0
        for invitation in queryset.order_by("pk"):
            if invitation.accepted_at is None and invitation.withdrawn_at is None:
                services.invitation_withdraw(invitation=invitation)
                withdrawn += 1
        self.message_user(
            request, f"{withdrawn} invitation{'s' if withdrawn != 1 else ''} withdrawn.", messages.SUCCESS
        )


class AccessFilter(admin.SimpleListFilter):
    title = "portal access"
    parameter_name = "access"

    def lookups(self, request, model_admin):
        return [("yes", "Has access"), ("removed", "Access removed")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(access_removed_at__isnull=True)
        if self.value() == "removed":
            return queryset.filter(access_removed_at__isnull=False)
        return queryset


@admin.register(TeachingSchoolMembership)
class TeachingSchoolMembershipAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Who manages which teaching school's SLEs in the portal. People join by invitation; a curator removes their
    access with the action (their account is deactivated), and nobody is edited or deleted here."""

    list_display = ["user", "school", "access", "created_at", "access_removed_at", "access_removed_by"]
    list_filter = [AccessFilter, "is_demo"]
    list_select_related = ["user", "school", "access_removed_by"]
    search_fields = ["user__username", "user__email", "school__name", "=school__urn"]
    autocomplete_fields = ["user", "school"]
    actions = ["remove_access"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["created_at"]
        return ["user", "school", "is_demo", "created_at", "access_removed_at", "access_removed_by"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="portal access", boolean=True)
    def access(self, obj):
        return obj.access_removed_at is None

    @admin.action(description="Remove portal access of the selected people", permissions=["change"])
    def remove_access(self, request, queryset):
        removed = 0
        for membership in queryset.select_related("user").order_by("pk"):
            try:
                services.membership_access_remove(membership=membership, removed_by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{membership.user}: {' '.join(error.messages)}", messages.ERROR)
            else:
                removed += 1
        if removed:
            self.message_user(
                request, f"{removed} {'people' if removed != 1 else 'person'} can no longer sign in.", messages.SUCCESS
            )
