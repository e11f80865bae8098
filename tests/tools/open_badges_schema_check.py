#!/usr/bin/env python3
"""Validates credential.json files against 1EdTech's Open Badges 3.0 JSON schema (kept in
tests/data, see its .source.md) with python3-jsonschema. Prints each violation with its path;
exit 0 when every file conforms, 1 otherwise."""
import json, pathlib, sys

import jsonschema

SCHEMA = pathlib.Path(__file__).resolve().parent.parent / "data" / "ob_v3p0_achievementcredential_schema.json"
validator_class = jsonschema.Draft201909Validator
validator = validator_class(json.loads(SCHEMA.read_text()), format_checker=validator_class.FORMAT_CHECKER)

failed = False
for name in sys.argv[1:]:
    credential = json.loads(pathlib.Path(name).read_text())
    for error in sorted(validator.iter_errors(credential), key=lambda e: list(e.absolute_path)):
        path = "/".join(str(p) for p in error.absolute_path) or "(document)"
        print(f"{name}: {path}: {error.message}")
        failed = True
sys.exit(1 if failed else 0)
