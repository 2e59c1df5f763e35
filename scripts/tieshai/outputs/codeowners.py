"""``tieshai codeowners``: .github/CODEOWNERS from the roles in campaign.yaml, so that the code
host asks the right people to review each change. In CODEOWNERS the last matching line wins."""

from __future__ import annotations

from pathlib import Path

from tieshai.model.campaign import Campaign
from tieshai.outputs.files import no_symlink_between, replace_file

CODEOWNERS = Path(".github") / "CODEOWNERS"
HEADER = "# 由 tieshai codeowners 根据 campaign.yaml 生成，请勿手工修改；修改角色后重新运行该命令。\n"


def _owners(logins) -> str:
    return " ".join(f"@{login}" for login in logins)


def codeowners_text(campaign: Campaign) -> str:
    """Each kind of record to the role that must approve it, never to the party it judges: a
    unit's reports to the inspection team (and the organiser), the team's documents to the
    organiser, the organiser's own records and everything else to the organiser. The team's
    acceptance sits in the unit's rectification report, so another team member or the organiser
    approves it (the author of a pull request never approves it); the unit never does."""
    organiser = _owners(campaign.roles.get("organiser", ()))
    team = _owners((*campaign.roles.get("inspection_team", ()), *campaign.roles.get("organiser", ())))
    lines = [HEADER, "# 方案、工具和配置：组织单位审阅", f"*  {organiser}", "",
             "# 各单位的填报（自查报告、整改报告及其中的验收、专项记录、指标报送、案例推荐、佐证材料）：",
             "# 督查组审阅，组织单位也可审阅；被评判的单位从不审阅对自己的评判",
             f"/submissions/  {team}", "",
             "# 督查组的文书：组织单位审阅",
             f"/submissions/*/*/inspection.yaml  {organiser}",
             f"/submissions/*/*/notices/         {organiser}", "",
             "# 组织单位的记录：案例评分、过错责任追究",
             f"/submissions/*/cases/*/scores.yaml  {organiser}",
             f"/submissions/*/accountability/      {organiser}", ""]
    return "\n".join(lines)


class CodeownersError(Exception):
    """The file exists and was not written by this command; it is not replaced."""


def write_codeowners(root: Path, campaign: Campaign) -> tuple[Path, bool]:
    """Write the file; returns its path and whether it changed."""
    target = root / CODEOWNERS
    no_symlink_between(root, target)
    text = codeowners_text(campaign)
    if target.is_symlink():
        raise CodeownersError(f"{target} 是符号链接，不会通过它写入。请把它换成普通文件或删除。")
    if target.exists():
        current = target.read_text(encoding="utf-8")
        if not current.startswith(HEADER):
            raise CodeownersError(f"{target} 不是 tieshai 生成的文件，不会覆盖。请先备份或删除它。")
        if current == text:
            return target, False
    replace_file(target, text.encode("utf-8"))
    return target, True


def codeowners_current(root: Path, campaign: Campaign) -> bool:
    target = root / CODEOWNERS
    return target.exists() and target.read_text(encoding="utf-8") == codeowners_text(campaign)
