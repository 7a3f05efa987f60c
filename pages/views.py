from django.views.generic import TemplateView

from .selectors import directory_counts, roles_for_home_page


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(counts=directory_counts(), roles=roles_for_home_page(), **kwargs)
