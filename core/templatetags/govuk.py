"""GOV.UK components shared with the pages written in Jinja (core.components): `{% govuk_tag text colour %}`,
`{% programme_status status %}`, `{% demo_tag %}`, `{% breadcrumbs trail %}`,
`{% error_summary form problems target %}`."""

from django import template

from core import components

register = template.Library()
register.simple_tag(components.tag, name="govuk_tag")
register.simple_tag(components.programme_status, name="programme_status")
register.simple_tag(lambda: components.DEMO_TAG, name="demo_tag")
register.simple_tag(components.breadcrumbs, name="breadcrumbs")
register.simple_tag(components.error_summary, name="error_summary")
