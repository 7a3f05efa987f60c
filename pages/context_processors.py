from django.conf import settings
from django.core.cache import cache

DEMO_DATA_CACHE_KEY = "demo-data-loaded"


def demo_data_loaded() -> bool:
    """Whether the fictional demo population is in the database (cached; the demo command clears it)."""
    from roles.models import SystemLeader

    return cache.get_or_set(DEMO_DATA_CACHE_KEY, lambda: SystemLeader.objects.demo().exists(), 300)


def service(request):
    return {"service_name": settings.SERVICE_NAME, "demo_data_loaded": demo_data_loaded}
