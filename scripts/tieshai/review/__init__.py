"""Reviewing a proposed change: what git says it changes, who may change what, and the change
in the words of the domain for the reviewer."""
