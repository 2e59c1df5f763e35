"""铁筛 (tieshai): a campaign repository's validator and site generator."""

__version__ = "0.1.0"
