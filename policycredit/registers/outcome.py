"""What a register's check or import found: counts, problems by row and column, the run it
made, office by office for a branch's file; kept by a background job as JSON."""

import datetime
from dataclasses import dataclass, field

from policycredit.registers.rows import Problem

MAX_PROBLEMS = 2000  # listed; all are counted
COUNTS = ("rows", "created", "updated", "settled", "skipped", "problem_count", "other_offices")


@dataclass
class Outcome:
    file_name: str
    as_of: datetime.date | None = None
    office_code: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    settled: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    unknown_headers: list[str] = field(default_factory=list)
    differences: list[tuple] = field(default_factory=list)
    run_id: int | None = None

    other_offices: int = 0  # rows of the offices not chosen
    offices: list["Outcome"] = field(default_factory=list)  # one per office, when several
    others: list[str] = field(default_factory=list)  # offices a first pass met, not taken

    @classmethod
    def of_offices(cls, parts: list["Outcome"]) -> "Outcome":
        """One outcome for a file of several offices, the parts kept office by office."""
        first = parts[0]
        whole = cls(file_name=first.file_name, as_of=first.as_of, offices=parts)
        whole.office_code = ", ".join(x.office_code for x in parts)
        whole.unknown_headers = first.unknown_headers
        whole.run_id = first.run_id
        seen = set()
        for part in parts:
            for name in ("rows", "created", "updated", "settled", "skipped", "problem_count"):
                setattr(whole, name, getattr(whole, name) + getattr(part, name))
            whole.differences += part.differences
            whole.skipped -= part.other_offices  # each office's pass skipped the others' rows
            for problem in part.problems:  # file-wide problems come once per office
                if problem not in seen and len(whole.problems) < MAX_PROBLEMS:
                    seen.add(problem)
                    whole.problems.append(problem)
        return whole

    def to_json(self) -> dict:
        """What a job keeps of the outcome (`registers.jobs`), plain JSON."""
        return {
            "file_name": self.file_name,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "office_code": self.office_code,
            **{n: getattr(self, n) for n in COUNTS},
            "problems": [list(vars(x).values()) for x in self.problems],
            "unknown_headers": self.unknown_headers,
            "run_id": self.run_id,
            "offices": [part.to_json() for part in self.offices],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Outcome":
        outcome = cls(
            file_name=data["file_name"],
            as_of=datetime.date.fromisoformat(data["as_of"]) if data["as_of"] else None,
            office_code=data["office_code"],
            problems=[Problem(*x) for x in data["problems"]],
            unknown_headers=data["unknown_headers"],
            run_id=data["run_id"],
            offices=[cls.from_json(part) for part in data["offices"]],
        )
        for name in COUNTS:
            setattr(outcome, name, data[name])
        return outcome

    @property
    def blocking(self) -> list[Problem]:
        return [x for x in self.problems if x.blocking]

    @property
    def ok(self) -> bool:
        return not self.blocking

    @property
    def notes(self) -> list[Problem]:
        return [x for x in self.problems if not x.blocking]


class ImportRefused(Exception):
    """The file has blocking problems; nothing was written."""

    def __init__(self, outcome: Outcome):
        super().__init__(f"{len(outcome.blocking)} problems")
        self.outcome = outcome
