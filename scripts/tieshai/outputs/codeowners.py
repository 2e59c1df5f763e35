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
    organiser = campaign.roles.get("organiser", ())
    team = campaign.roles.get("inspection_team", ())
    lines = [HEADER, "# 方案、工具和配置：组织单位", f"*  {_owners(organiser)}", "", "# 各单位的填报：本单位维护人"]
    width = max(len(f"/submissions/{unit.id}/") for unit in campaign.units)
    for unit in campaign.units:
        lines.append(f"{f'/submissions/{unit.id}/':<{width}}  {_owners((*unit.maintainers, *organiser))}")
    lines += ["", "# 督查组的文书", f"/submissions/*/*/inspection.yaml  {_owners((*team, *organiser))}",
              f"/submissions/*/*/notices/         {_owners((*team, *organiser))}",
              "", "# 案例评分：组织单位", f"/submissions/*/cases/*/scores.yaml  {_owners(organiser)}", ""]
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
