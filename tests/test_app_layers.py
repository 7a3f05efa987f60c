"""Apps point one way (STYLE.md 11): the site app `core` at the bottom, the domain apps on it, the pages people use on
top, and the demo population above everything. INSTALLED_APPS lists our apps in that order; an app may import only
apps listed before it, so no app imports an app that imports it back. Imports inside functions count too."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "support_directory"  # settings and URLs: above every app


def our_apps() -> list[str]:
    return [app for app in settings.INSTALLED_APPS if "." not in app and (ROOT / app / "apps.py").exists()]


def imported_apps(app: str, apps: set[str]) -> dict[str, set[str]]:
    """For each app `app` imports, the files that import it (migrations left out: they are history)."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in apps and top != app:
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_app_of_ours_is_in_the_layer_order():
    on_disk = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert set(our_apps()) == on_disk


def test_an_app_imports_only_the_apps_below_it():
    order = our_apps()
    apps = set(order) | {PROJECT}
    upward = []
    for position, app in enumerate(order):
        for imported, files in imported_apps(app, apps).items():
            if imported == PROJECT or order.index(imported) > position:
                upward.append(f"{app} imports {imported} ({', '.join(sorted(files))})")
    assert upward == []


def test_the_layer_test_finds_an_upward_import(tmp_path, monkeypatch):
    """The walk above sees imports at the top of a module and inside a function alike."""
    module = tmp_path / "lower" / "models.py"
    module.parent.mkdir()
    module.write_text("import os\n\ndef late():\n    from upper.views import page\n    return page\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert imported_apps("lower", {"lower", "upper"}) == {"upper": {"lower/models.py"}}
