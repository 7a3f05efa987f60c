from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Matching schools to support"

    def ready(self):
        from audit.recording import register

        from .models import DfeMatchRequest, Enquiry, EnquiryRecipient

        # The enquirer's details and message stay on the enquiry; its history says what changed, not what they say.
        register(
            Enquiry,
            private=(
                "contact_name",
                "contact_email",
                "contact_role",
                "contact_telephone",
                "message",
                "status_token_hash",
            ),
        )
        # Responses and the placement they led to are recorded with who made them.
        register(EnquiryRecipient, private=("response_token_hash",))
        # Likewise a school's request for a DfE match: its words and contact stay on the request.
        register(DfeMatchRequest, private=("message", "contact_name", "contact_role", "contact_email"))
