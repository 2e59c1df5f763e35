"""Reading the repository: the strict YAML loader, the schema files, where each record lives and
finding the submissions."""
