"""Judging what was loaded: JSON Schemas, campaign rules, rules across submissions, evidence and
personal data; ``check`` runs them all."""
