#!/usr/bin/env python3
"""Validates credential.json files against 1EdTech's Open Badges 3.0 JSON schema (kept in
tests/data, see its .source.md) with python3-jsonschema. Prints each violation with its path;
exit 0 when every file conforms, 1 otherwise.

One deviation is reported apart and allowed: credentialStatus as an array of two
BitstringStatusListEntry (revocation and suspension). VC Data Model 2.0 allows the array; the
3.0.3 schema wants one object. docs/certificates.md ("Standards") says why it stays for now."""
import json, pathlib, sys

import jsonschema

SCHEMA = pathlib.Path(__file__).resolve().parent.parent / "data" / "ob_v3p0_achievementcredential_schema.json"
validator_class = jsonschema.Draft201909Validator
validator = validator_class(json.loads(SCHEMA.read_text()), format_checker=validator_class.FORMAT_CHECKER)


def allowed(error, credential):
    status = credential.get("credentialStatus")
    return (list(error.absolute_path) == ["credentialStatus"] and isinstance(status, list)
            and len(status) == 2
            and sorted(entry.get("statusPurpose") for entry in status) == ["revocation", "suspension"])


failed = False
for name in sys.argv[1:]:
    credential = json.loads(pathlib.Path(name).read_text())
    for error in sorted(validator.iter_errors(credential), key=lambda e: list(e.absolute_path)):
        path = "/".join(str(p) for p in error.absolute_path) or "(document)"
        if allowed(error, credential):
            print(f"{name}: {path}: allowed deviation (two status entries)")
            continue
        print(f"{name}: {path}: {error.message}")
        failed = True
sys.exit(1 if failed else 0)
