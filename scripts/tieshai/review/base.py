"""What the base branch holds, read from git at its tip, to judge a change by the base's rules:
its campaign, whose roles decide who may change what (a pull request cannot grant itself a role
by editing campaign.yaml), and the records of the units a change does not touch, whose ids the
change may not reuse (the check of a unit's change loads only that unit's folder)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import git

from tieshai.findings import Finding
from tieshai.load.layout import SUBMISSIONS, LayoutError, place
from tieshai.load.submissions import Submission
from tieshai.load.yamlload import KeyPath, YamlDocument, load_yaml_bytes
from tieshai.model.campaign import CAMPAIGN_FILE, Campaign
from tieshai.review.change import Change, ChangeError, FileTooLarge
from tieshai.rules.check import campaign_of
from tieshai.rules.schema import schema_findings
from tieshai.rules.submissions import record_ids


def _read(change: Change, path: str) -> YamlDocument | None:
    """A file as it is at the tip of the base branch, through the strict loader; None if absent."""
    try:
        raw = change.read_at(change.base_ref, path)
    except FileTooLarge:
        return None  # over the size limit: never a valid record on the base
    return load_yaml_bytes(raw, path)[0] if raw is not None else None


def base_campaign(change: Change, root: Path, current: Campaign) -> Campaign | None:
    """The campaign on the base branch; None when it is missing there or has errors. When the
    change leaves campaign.yaml as it is (nearly always), it is ``current``, loaded once."""
    try:
        raw = change.read_at(change.base_ref, CAMPAIGN_FILE)
    except FileTooLarge:
        return None  # over the size limit: no campaign anyone may rely on
    if raw is None:
        return None
    if raw == (root / CAMPAIGN_FILE).read_bytes():
        return current
    document = load_yaml_bytes(raw, CAMPAIGN_FILE)[0]
    return campaign_of(document)[0] if document is not None else None


def ids_taken_on_base(change: Change, campaign: Campaign, submissions: list[Submission],
                      touched: set[str]) -> list[Finding]:
    """Refuse every id a record of the change claims that a record of another unit already holds
    on the base. Only ids the change brings are looked for (an id its file held on the base was
    unique there already), so most changes need no search. git grep finds the few files that
    mention such an id; each is then read through the strict loader and its schema, so a mere
    reference or a word in a text is not a use."""
    changed = {file.path for file in change.files if file.status != "D"}
    claimed: dict[tuple[str, str], tuple[Submission, KeyPath]] = {}
    for submission in submissions:
        if submission.valid and submission.path in changed:
            earlier = change.base_document(submission.path)
            held = ({(what, value) for what, value, _ in record_ids(submission.kind, earlier.data)}
                    if earlier is not None and isinstance(earlier.data, dict) else set())
            for what, value, where in record_ids(submission.kind, submission.data):
                if (what, value) not in held:
                    claimed.setdefault((what, value), (submission, where))
    if not claimed:
        return []
    repository = change.repository
    patterns = [part for value in sorted({value for _, value in claimed}) for part in ("-e", value)]
    excluded = [f":(exclude){repository.git_path(f'{SUBMISSIONS}/{unit}')}" for unit in sorted(touched)]
    try:
        listed = repository.repo.git.grep("-l", "-I", "-F", "-w", *patterns, change.base_ref, "--",
                                          repository.git_path(SUBMISSIONS), *excluded)
    except git.GitCommandError as exc:
        if exc.status == 1:  # nothing found
            return []
        raise ChangeError(f"无法在“{change.base_ref}”中查找编号：{exc.stderr}") from exc
    refused: list[Finding] = []
    for line in listed.splitlines():
        path = repository.campaign_path(line.removeprefix(f"{change.base_ref}:"))
        try:
            placement = place(PurePosixPath(path), campaign)
        except LayoutError:
            continue
        if placement is None or placement.kind is None:
            continue
        document = _read(change, path)
        if document is None or not isinstance(document.data, dict) or schema_findings(document, placement.kind.schema):
            continue
        unit = next((u.bureau for u in campaign.units if u.id == placement.unit), placement.unit)
        for what, value, _ in record_ids(placement.kind, document.data):
            if (what, value) in claimed:
                submission, where = claimed.pop((what, value))
                refused.append(submission.document.finding(
                    where, "record-duplicate-id",
                    f"{what}“{value}”已在 {path}（主分支上{unit}的记录）中使用，每个编号在全仓库只能用一次，请换一个编号。"))
    return refused
