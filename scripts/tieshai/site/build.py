"""Building and previewing the site with MkDocs, strictly, from a workspace.

The plugin is handed the workspace directly (``TieshaiPlugin.use``): MkDocs keeps one instance of
a plugin that has ``on_startup`` for the whole process, including every rebuild of ``serve``.
"""

from __future__ import annotations

import logging
import os
import tempfile
from contextlib import ExitStack
from importlib.resources import files as package_files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tieshai.outputs.files import check_folder, replaced_folder
from tieshai.site.plugin import OFFLINE_PLUGIN, PLUGIN_NAME, TieshaiPlugin

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from tieshai.workspace import Workspace

SITE_MARKER = ".tieshai-site"


class SiteDirNotOurs(Exception):
    """The chosen output folder holds files that an earlier build did not write."""


def base_config_path() -> Path:
    return Path(str(package_files("tieshai.site") / "mkdocs-base.yml"))


def _config_file_and_overrides(root: Path, stack: ExitStack) -> tuple[Path, dict[str, Any]]:
    own = root / "mkdocs.yml"
    if own.is_file():
        return own, {}
    docs = root / "docs"
    if not docs.is_dir():
        docs = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tieshai-docs-")))
    return base_config_path(), {"docs_dir": str(docs)}


def ensure_site_dir_is_ours(site_dir: Path) -> None:
    if site_dir.exists() and any(site_dir.iterdir()) and not (site_dir / SITE_MARKER).exists():
        raise SiteDirNotOurs(str(site_dir))


def _configure_logging() -> None:
    """Show MkDocs' warnings (strict mode fails on them); keep jieba's start-up chatter quiet."""
    import jieba  # sets its own logger to DEBUG on import, so quieten it afterwards

    jieba.setLogLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    if not any(getattr(handler, "_tieshai", False) for handler in logger.handlers):
        handler = logging.StreamHandler()
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("站点生成提示（MkDocs）：%(message)s"))
        handler._tieshai = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _load_config(config_file: Path, **overrides: Any) -> MkDocsConfig:
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"  # the theme's banner about MkDocs 2.0 is for developers
    return load_config(config_file=str(config_file), **overrides)


def _our_plugin(config: MkDocsConfig) -> TieshaiPlugin:
    plugin = config.plugins.get(PLUGIN_NAME)
    if not isinstance(plugin, TieshaiPlugin):
        from mkdocs.exceptions import ConfigurationError

        raise ConfigurationError("站点配置的 plugins 中没有 tieshai 插件。")
    return plugin


def build_site(workspace: Workspace, site_dir: Path | None, audience: str = "internal",
               offline: bool = False) -> Path:
    """Build the site strictly into ``site_dir`` (default ``root/site``) and return that folder.

    The build goes into a folder beside it that replaces it only when complete (outputs/files.py)."""
    from mkdocs.commands.build import build

    site_dir = Path(os.path.abspath(site_dir or workspace.root / "site"))  # a symlink is refused, not followed
    check_folder(site_dir)
    ensure_site_dir_is_ours(site_dir)
    _configure_logging()
    with ExitStack() as stack:
        building = stack.enter_context(replaced_folder(site_dir))
        config_file, overrides = _config_file_and_overrides(workspace.root, stack)
        config = _load_config(config_file, strict=True, site_dir=str(building), **overrides)
        offline_plugin = config.plugins.get(OFFLINE_PLUGIN)
        if offline and offline_plugin is not None:
            offline_plugin.config["enabled"] = True
        plugin = _our_plugin(config)
        plugin.use(workspace, audience)
        try:
            config.plugins.on_startup(command="build", dirty=False)
            build(config)
        finally:
            config.plugins.on_shutdown()  # also takes the workspace back from the plugin
        (building / SITE_MARKER).write_text("由 tieshai build 生成；再次构建时会被整体替换。\n", encoding="utf-8")
    return site_dir


def serve_site(workspace: Workspace, dev_addr: str) -> None:
    """Preview with live reload; edits to campaign.yaml and submissions/ rebuild the site."""
    from mkdocs.commands.serve import serve

    _configure_logging()
    with ExitStack() as stack:
        config_file, overrides = _config_file_and_overrides(workspace.root, stack)
        # serve loads the configuration again; MkDocs gives it this same plugin instance
        plugin = _our_plugin(_load_config(config_file, **overrides))
        plugin.use(workspace, "internal")  # a preview is for staff
        try:
            serve(config_file=str(config_file), dev_addr=dev_addr, **overrides)
        finally:
            plugin.use(None)
