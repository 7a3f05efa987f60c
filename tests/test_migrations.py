from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_migrations_are_up_to_date():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)


def test_data_migrations_never_run_the_project_s_code():
    """A data migration that runs live code (roles.reference, a model, a service) changes what it does when that code
    changes: the data it needs is frozen into the migration instead. (The field classes and defaults that
    makemigrations imports for the schema operations are allowed.)"""
    import ast
    from pathlib import Path

    from django.conf import settings

    base = Path(settings.BASE_DIR)
    project_apps = {path.name for path in base.iterdir() if (path / "apps.py").exists()}

    def project_modules(node):
        if isinstance(node, ast.Import):
            names = [
                (alias.asname or alias.name).split(".")[0]
                for alias in node.names
                if alias.name.split(".")[0] in project_apps
            ]
            return names
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in project_apps:
            return [alias.asname or alias.name for alias in node.names]
        return []

    offenders = []
    for migration in sorted(base.glob("*/migrations/[0-9]*.py")):
        tree = ast.parse(migration.read_text())
        imported = {name for node in tree.body for name in project_modules(node)}
        data_functions = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef) and [arg.arg for arg in node.args.args] == ["apps", "schema_editor"]
        ]
        for function in data_functions:
            for node in ast.walk(function):
                if project_modules(node) or (isinstance(node, ast.Name) and node.id in imported):
                    offenders.append(f"{migration.relative_to(base)}: {function.name}")
    assert offenders == []


@pytest.mark.django_db
def test_migrated_reference_rows_are_today_s_reference_data():
    """The frozen copies in the data migrations end where roles/reference.py is today: a new edit of the reference
    data comes with its own migration."""
    from django.apps import apps

    from roles.reference import sync_reference_data

    assert sync_reference_data(apps) == 0
