"""One block of a Jinja template rendered on its own: a part of a page kept by itself, whose markup stays in the
page's template with the rest."""

from django.template import engines


def render_block(template_name: str, block: str, context: dict) -> str:
    """The HTML of `block` in the Jinja template `template_name`, rendered with `context` (and the environment's
    globals, as the whole template would be)."""
    template = engines["jinja2"].env.get_template(template_name)
    return "".join(template.blocks[block](template.new_context(context)))
