"""What a loader tells the person running it: problems found in a file, and a summary of what it did."""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

MAX_PROBLEMS_SHOWN = 50


@dataclass(frozen=True)
class RowProblem:
    line: int | None  # the line in the file (the header is line 1); None for a problem with the whole file
    reason: str

    def __str__(self):
        return f"line {self.line}: {self.reason}" if self.line else self.reason


class LoadFailed(Exception):
    """A file was refused: nothing from it was written."""

    def __init__(self, path: Path | str, problems: list[RowProblem], problem_count: int | None = None):
        self.path = Path(path)
        self.problems = problems
        self.problem_count = problem_count if problem_count is not None else len(problems)
        super().__init__(str(self))

    def __str__(self):
        noun = "problem" if self.problem_count == 1 else "problems"
        lines = [f"{self.path.name}: {self.problem_count:,} {noun}, nothing from this file was loaded"]
        lines += [f"  {problem}" for problem in self.problems]
        if self.problem_count > len(self.problems):
            lines.append(f"  ... and {self.problem_count - len(self.problems):,} more")
        return "\n".join(lines)


class ProblemList:
    """Collects the problems found in one file, keeping the first MAX_PROBLEMS_SHOWN to show."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.shown: list[RowProblem] = []
        self.count = 0

    def add(self, line: int | None, reason: str) -> None:
        self.count += 1
        if len(self.shown) < MAX_PROBLEMS_SHOWN:
            self.shown.append(RowProblem(line, reason))

    def __bool__(self):
        return self.count > 0

    def raise_if_any(self) -> None:
        if self.count:
            raise LoadFailed(self.path, self.shown, self.count)


def refuse(path: Path | str, reason: str, line: int | None = None) -> LoadFailed:
    """A LoadFailed for a problem that stops the file being read at all (wrong header, unreadable encoding)."""
    return LoadFailed(path, [RowProblem(line, reason)])


@dataclass
class LoadSummary:
    """What one loader did. `read` counts source rows; the other counts are rows of `subject` in the database."""

    subject: str
    read: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def __str__(self):
        parts = [
            f"{self.read:,} rows read",
            f"{self.created:,} created",
            f"{self.changed:,} changed",
            f"{self.unchanged:,} unchanged",
        ]
        if self.removed:
            parts.append(f"{self.removed:,} removed")
        if self.skipped:
            reasons = ", ".join(f"{reason} {count:,}" for reason, count in sorted(self.skipped.items()))
            parts.append(f"{sum(self.skipped.values()):,} skipped ({reasons})")
        text = f"{self.subject}: " + ", ".join(parts)
        return "\n".join([text, *(f"  {note}" for note in self.notes)])
