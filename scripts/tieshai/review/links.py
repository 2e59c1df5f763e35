"""Where the reviewer goes from the summary: each finding's line in the pull request's head
commit, the run, the site preview it built and the reviewer's guide. The code host's address,
the repository and the run come from the CI environment and the head commit from the event;
each is checked for its shape and left out when it has another, so a summary never links
anywhere else. Without them (a local run) the summary gives plain locations."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from tieshai.findings import Finding

GUIDE = "docs/reviewing.md"
PREVIEW_ARTIFACT = "site-preview"  # validate.yml's preview job uploads the site under this name

_SERVER = re.compile(r"https://[A-Za-z0-9.-]+(:[0-9]{1,5})?")
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}")
_COMMIT = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_RUN = re.compile(r"[0-9]{1,20}")


def _checked(pattern: re.Pattern[str], value: str | None) -> str | None:
    return value if value is not None and pattern.fullmatch(value) else None


@dataclass(frozen=True)
class Links:
    repository: str | None = None  # https://github.com/owner/name
    head: str | None = None  # the pull request's head commit
    run: str | None = None  # the run's id

    @classmethod
    def from_environment(cls, environment: Mapping[str, str], head: str | None) -> Links:
        """GitHub Actions' GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID, and ``head``."""
        server = _checked(_SERVER, environment.get("GITHUB_SERVER_URL"))
        name = _checked(_REPOSITORY, environment.get("GITHUB_REPOSITORY"))
        repository = f"{server}/{name}" if server and name and ".." not in name else None
        return cls(repository, _checked(_COMMIT, head), _checked(_RUN, environment.get("GITHUB_RUN_ID")))

    def line(self, finding: Finding) -> str | None:
        """The finding's file at its line in the head commit."""
        if self.repository is None or self.head is None:
            return None
        anchor = f"#L{finding.line}" if finding.line is not None else ""
        return f"{self.repository}/blob/{self.head}/{quote(finding.file.encode('utf-8', 'surrogatepass'), safe='/')}{anchor}"

    def run_page(self) -> str | None:
        return f"{self.repository}/actions/runs/{self.run}" if self.repository and self.run else None

    def artifacts(self) -> str | None:
        page = self.run_page()
        return f"{page}#artifacts" if page else None

    def guide(self, section: str = "") -> str | None:
        """The reviewer's guide on the default branch, at a heading (GitHub's anchor of it)."""
        if self.repository is None:
            return None
        return f"{self.repository}/blob/HEAD/{GUIDE}" + (f"#{quote(section)}" if section else "")
