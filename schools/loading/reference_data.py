"""All the schools app's reference data, in order: geography, schools, later status, hub areas."""

from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from .closures import LINKS_FILE, OPEN_SCHOOLS_FILE, schools_mark_later_status
from .geography import geography_load
from .hub_areas import hub_areas_load
from .report import LoadSummary
from .schools import schools_load

DEFAULT_SCHOOLS_FILE = "gias_2022_state_funded_mainstream_schools.csv.gz"


def default_data_dir() -> Path:
    return Path(settings.SHARED_DATA_DIR)


def default_schools_path() -> Path:
    return default_data_dir() / DEFAULT_SCHOOLS_FILE


def reference_data_load(
    *,
    data_dir: Path | None = None,
    schools_path: Path | None = None,
    encoding: str | None = None,
    mark_closures: bool = True,
    log: Callable[[str], None] = lambda message: None,
) -> list[LoadSummary]:
    """Run every loader, each in its own transaction, logging each summary as it finishes. Raises LoadFailed at the
    first refused file (the loaders before it keep what they loaded; they are idempotent, so just run it again)."""
    data_dir = Path(data_dir or default_data_dir())
    schools_path = Path(schools_path or data_dir / DEFAULT_SCHOOLS_FILE)
    summaries: list[LoadSummary] = []

    def done(new: list[LoadSummary]) -> None:
        for summary in new:
            log(str(summary))
        summaries.extend(new)

    done(geography_load(data_dir=data_dir, schools_path=schools_path, log=log))
    done([schools_load(path=schools_path, encoding=encoding, log=log)])
    if mark_closures:
        done(
            [
                schools_mark_later_status(
                    open_schools_path=data_dir / OPEN_SCHOOLS_FILE, links_path=data_dir / LINKS_FILE, log=log
                )
            ]
        )
    done(hub_areas_load(data_dir=data_dir, log=log))
    return summaries
