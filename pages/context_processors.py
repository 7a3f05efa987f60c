from django.conf import settings

from core import page_cache


def demo_data_loaded() -> bool:
    """Whether the fictional demo population is in the database, asked once per version of the directory's data:
    loading or deleting it changes the directory, and so the version (load_demo_data replaces it when done)."""
    from roles.models import SystemLeader

    return page_cache.per_data_version("demo-data-loaded", lambda: SystemLeader.objects.demo().exists())


def service(request):
    return {"service_name": settings.SERVICE_NAME, "demo_data_loaded": demo_data_loaded}
