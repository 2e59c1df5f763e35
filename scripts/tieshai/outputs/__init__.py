"""What tieshai writes for people and other programs: findings reports, exports, CODEOWNERS and new
records' templates."""
