"""``tieshai check``: the validation that CI, the command line and the site build share."""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tieshai.findings import Finding, Severity
from tieshai.load.layout import Placement
from tieshai.load.submissions import SchemaJudge, Submission, by_folder, discover, load_submissions
from tieshai.load.yamlload import YamlDocument, load_yaml_file
from tieshai.model.campaign import CAMPAIGN_FILE, Campaign, campaign_from_data
from tieshai.rules.campaign import campaign_rule_findings
from tieshai.rules.codes import Codes, codes_for
from tieshai.rules.schema import schema_findings
from tieshai.rules.submissions import FirstUses, submission_rule_findings

MAX_FINDINGS_PER_FILE = 50  # beyond this a file is not a record with mistakes: one line says how many more


@dataclass(frozen=True)
class CheckResult:
    findings: list[Finding]
    files_checked: int
    campaign: Campaign | None  # None when campaign.yaml itself has errors
    submissions: list[Submission] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(finding.is_error for finding in self.findings)


def load_campaign(root: Path) -> tuple[Campaign | None, list[Finding]]:
    """Load and check ``campaign.yaml`` under ``root``; the Campaign is None when it has errors."""
    path = root / CAMPAIGN_FILE
    if not path.is_file():
        return None, [Finding(CAMPAIGN_FILE, None, None, Severity.ERROR, "campaign-missing",
                              f"在 {root} 中找不到方案文件 {CAMPAIGN_FILE}。请在行动仓库的根目录运行，"
                              "或用 tieshai --root 目录 指定行动仓库。")]
    document, findings = load_yaml_file(path, CAMPAIGN_FILE)
    if document is None:
        return None, findings
    return campaign_of(document, findings)


def campaign_of(document: YamlDocument, findings: list[Finding] | None = None) -> tuple[Campaign | None, list[Finding]]:
    """Check a parsed ``campaign.yaml`` (wherever it was read from: the work tree, or git for the
    base branch's roles); the Campaign is None when it has errors."""
    findings = [] if findings is None else findings
    if not isinstance(document.data, dict):
        findings.append(document.finding((), "schema-type", "方案文件的顶层应为若干“字段名: 值”。"))
        return None, findings
    findings += schema_findings(document, "campaign")
    if any(f.is_error for f in findings):
        return None, findings
    findings += campaign_rule_findings(document)
    if any(f.is_error for f in findings):
        return None, findings
    return campaign_from_data(document.data), findings


def check_repository(root: Path, only: Sequence[str] = (), units: Collection[str] | None = None, *,
                     keep_records: bool = False) -> CheckResult:
    """Check the campaign and every submission; with ``only`` (root-relative paths of files or
    folders), report on those files alone, still judged against the whole repository. With
    ``units``, load and judge only those units' folders (a change to one unit cannot break
    another's records, except through ids, which the full check on the main branch covers).

    Units are loaded and judged one after another, and only the ids each has used are carried
    to the next, so memory stays flat however many units there are. ``keep_records`` keeps every
    record in the result instead, for the site and the exports, which need them all."""
    campaign, findings = load_campaign(root)
    files = [CAMPAIGN_FILE]
    kept: list[Submission] = []
    if campaign is not None:
        first_uses: FirstUses = {}
        judge = schema_judge(campaign)
        with _no_cyclic_gc():
            for folder in by_folder(discover(root, units)):
                loaded = load_submissions(root, campaign, folder, judge)
                findings += loaded.findings + submission_rule_findings(root, campaign, loaded, first_uses)
                files += loaded.files_seen
                if keep_records:
                    kept += loaded.submissions
    if only:
        files = [name for name in files if _selected(name, only)]
        findings = [finding for finding in findings if _selected(finding.file, only)]
    return CheckResult(_at_most_per_file(findings), len(files), campaign, kept)


def schema_judge(campaign: Campaign) -> SchemaJudge:
    """Each record judged by its kind's schema, its messages naming the campaign's codes for the
    kind and action of its place (worked out once for each)."""
    known: dict[tuple[str, str | None], Codes] = {}

    def judge(document: YamlDocument, placement: Placement) -> list[Finding]:
        assert placement.kind is not None, "only records are judged"
        scope = (placement.kind.value, placement.action)
        if scope not in known:
            known[scope] = codes_for(campaign, placement.kind, placement.action)
        return schema_findings(document, placement.kind.schema, known[scope])
    return judge


def _at_most_per_file(findings: list[Finding]) -> list[Finding]:
    """The first MAX_FINDINGS_PER_FILE findings of each file, then one, at the first left out,
    saying how many more (an error if any of those was): a hostile file cannot bury the others'
    findings in its own."""
    shown: list[Finding] = []
    counts: dict[str, int] = {}
    hidden: dict[str, tuple[Finding, bool]] = {}  # the first left out, and whether any was an error
    for finding in findings:
        count = counts[finding.file] = counts.get(finding.file, 0) + 1
        if count <= MAX_FINDINGS_PER_FILE:
            shown.append(finding)
        else:
            first, error = hidden.get(finding.file, (finding, False))
            hidden[finding.file] = first, error or finding.is_error
    for file, (first, error) in hidden.items():
        shown.append(Finding(file, first.line, first.column, Severity.ERROR if error else Severity.WARNING,
                             "findings-truncated", f"这个文件从这里起另有 {counts[file] - MAX_FINDINGS_PER_FILE} 条问题"
                             "未列出。请先按前面的提示改正，再重新检查。"))
    return shown


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Loading builds many small acyclic objects; the cyclic collector's passes over them cost
    about a third of a large check and free nothing, so it pauses while records load and are
    judged (acyclic objects are freed as soon as nothing refers to them, collector or not)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _selected(name: str, only: Sequence[str]) -> bool:
    path = PurePosixPath(name)
    return any(path == PurePosixPath(chosen) or PurePosixPath(chosen) in path.parents for chosen in only)
