"""The workspace: one campaign repository as every front end sees it.

The command line, the MkDocs plugin, the exports and the pull-request check all go through it, so
that the data takes one path: files -> strict loader -> records -> validation -> findings, and the
same records -> derived campaign state -> pages and exports. Each step runs once, when first
needed: the git handle, the check with its records, the submission times and the derived state;
once the outputs that need the records are written, ``release_data`` lets them go.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from tieshai.findings import Finding
from tieshai.model.campaign import Campaign
from tieshai.rules.check import CheckResult, check_repository, load_campaign

if TYPE_CHECKING:
    # Imported where first used: git and the derived model are a tenth of a second of start-up
    # that `tieshai check`, the command run most, never needs.
    from tieshai.model.records import Records
    from tieshai.model.state import CampaignState
    from tieshai.review.git import GitRepository
    from tieshai.review.landed import LandingTimes
    from tieshai.review.summary import Review


class NotChecked(Exception):
    """The derived state was asked for while the data has errors, or after its records were
    released (a bug in the caller)."""


@dataclass
class Workspace:
    root: Path
    as_of_asked: date | None = None  # the date to report as "today"; see ``as_of``
    _released: bool = False

    @classmethod
    def at(cls, root: Path, as_of: date | None = None) -> Workspace:
        return cls(root.resolve(), as_of)

    def fresh(self) -> Workspace:
        """The same repository and settings with nothing read yet (a rebuild after an edit)."""
        return Workspace(self.root, self.as_of_asked)

    @cached_property
    def repository(self) -> GitRepository | None:
        """The one git handle; None when the repository is not under git."""
        from tieshai.review.git import GitRepository

        return GitRepository.open(self.root)

    def check(self, only: Sequence[str] = ()) -> CheckResult:
        """The whole check, reporting on ``only`` when given, with memory flat in the number of
        units: records are judged a unit at a time and not kept (``checked`` keeps them)."""
        return check_repository(self.root, only)

    @cached_property
    def checked(self) -> CheckResult:
        """The whole check with every record kept, for the site and the exports."""
        return check_repository(self.root, keep_records=True)

    def check_change(self, base: str, author: str | None) -> tuple[CheckResult, Review]:
        from tieshai.review.check import check_change

        return check_change(self.root, self.repository, base, author)

    @cached_property
    def campaign_check(self) -> tuple[Campaign | None, list[Finding]]:
        """campaign.yaml alone, for commands that need no submissions (codeowners, new)."""
        return load_campaign(self.root)

    @property
    def as_of(self) -> date:
        """The date the outputs report as "today": as asked, else the demo's own date, else today."""
        campaign = self.checked.campaign
        return self.as_of_asked or (campaign.demo_as_of if campaign else None) or date.today()

    @cached_property
    def landing(self) -> LandingTimes:
        """When each submission first landed on the branch, from git history."""
        from tieshai.review.landed import landing_times

        campaign = self._valid_campaign()
        return landing_times(self.repository, campaign.period.end)

    @cached_property
    def records(self) -> Records:
        """The valid records by kind, with when each self-inspection report landed."""
        from tieshai.model.records import Records

        self._valid_campaign()
        return Records.from_submissions(self.checked.submissions, self.landing)

    @cached_property
    def state(self) -> CampaignState:
        """Progress, ledger, KPIs, deductions and ranking as of ``as_of``, from the valid records."""
        from tieshai.model.state import derive_state

        return derive_state(self._valid_campaign(), self.records, self.as_of)

    def release_data(self) -> None:
        """Let the records and the derived state go once every output that needs them is written:
        the site's pages are, before MkDocs renders and indexes them (the part of a build whose
        memory grows with the number of pages). The check's findings stay; asking for the state
        afterwards is a bug, not an empty campaign."""
        checked = self.checked
        self.__dict__["checked"] = CheckResult(checked.findings, checked.files_checked, checked.campaign)
        self.__dict__.pop("state", None)
        self.__dict__.pop("records", None)
        self._released = True

    def close(self) -> None:
        """End git's helper processes, if the git handle was opened."""
        repository = self.__dict__.get("repository")
        if repository is not None:
            repository.repo.close()

    def _valid_campaign(self) -> Campaign:
        if self._released:
            raise NotChecked("the records were released: make a fresh workspace to derive the state again")
        campaign = self.checked.campaign
        if campaign is None or not self.checked.ok:
            raise NotChecked("the derived state needs data without errors")
        return campaign
