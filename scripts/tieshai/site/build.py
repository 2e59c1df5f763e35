"""Building and previewing the site with MkDocs, strictly, from a campaign repository."""

from __future__ import annotations

import logging
import os
import tempfile
from contextlib import contextmanager
from datetime import date
from importlib.resources import files as package_files
from pathlib import Path
from typing import Iterator

from tieshai.site.plugin import AS_OF_ENV, AUDIENCE_ENV, OFFLINE_ENV, ROOT_ENV

SITE_MARKER = ".tieshai-site"


class SiteDirNotOurs(Exception):
    """The chosen output folder holds files that an earlier build did not write."""


def base_config_path() -> Path:
    return Path(str(package_files("tieshai.site") / "mkdocs-base.yml"))


@contextmanager
def _campaign_environment(root: Path, as_of: date | None, audience: str = "internal",
                          offline: bool = False) -> Iterator[None]:
    names = (ROOT_ENV, AS_OF_ENV, AUDIENCE_ENV, OFFLINE_ENV, "NO_MKDOCS_2_WARNING")
    saved = {name: os.environ.get(name) for name in names}
    os.environ[ROOT_ENV] = str(root)
    os.environ[AUDIENCE_ENV] = audience
    os.environ[OFFLINE_ENV] = "true" if offline else "false"
    os.environ["NO_MKDOCS_2_WARNING"] = "1"  # the theme's banner about MkDocs 2.0 is for developers
    if as_of is not None:
        os.environ[AS_OF_ENV] = as_of.isoformat()
    else:
        os.environ.pop(AS_OF_ENV, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _config_file_and_overrides(root: Path, stack: list) -> tuple[Path, dict[str, str]]:
    own = root / "mkdocs.yml"
    if own.is_file():
        return own, {}
    docs = root / "docs"
    if not docs.is_dir():
        empty = tempfile.TemporaryDirectory(prefix="tieshai-docs-")
        stack.append(empty)
        docs = Path(empty.name)
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


def build_site(root: Path, site_dir: Path | None, as_of: date | None, audience: str = "internal",
               offline: bool = False) -> Path:
    """Build the site strictly into ``site_dir`` (default ``root/site``) and return that folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = (site_dir or root / "site").resolve()
    ensure_site_dir_is_ours(site_dir)
    _configure_logging()
    temporaries: list = []
    try:
        config_file, overrides = _config_file_and_overrides(root, temporaries)
        with _campaign_environment(root, as_of, audience, offline):
            config = load_config(config_file=str(config_file), strict=True,
                                 site_dir=str(site_dir), **overrides)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
    finally:
        for temporary in temporaries:
            temporary.cleanup()
    (site_dir / SITE_MARKER).write_text("由 tieshai build 生成；再次构建时会被整体替换。\n", encoding="utf-8")
    return site_dir


def serve_site(root: Path, as_of: date | None, dev_addr: str) -> None:
    """Preview with live reload; edits to campaign.yaml and submissions/ rebuild the site."""
    from mkdocs.commands.serve import serve

    _configure_logging()
    temporaries: list = []
    try:
        config_file, overrides = _config_file_and_overrides(root, temporaries)
        with _campaign_environment(root, as_of):
            serve(config_file=str(config_file), dev_addr=dev_addr, **overrides)
    finally:
        for temporary in temporaries:
            temporary.cleanup()
