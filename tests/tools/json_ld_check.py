#!/usr/bin/env python3
"""JSON-LD conformance of Craftmark credentials: each file expands without error against the VC
2.0 and Open Badges 3.0.3 contexts kept in tests/data/jsonld (no URL is loaded: any other context
is an error), and no property is lost on the way (JSON-LD drops terms its contexts do not define,
silently), checked by compacting the expansion back and comparing with the original.

Usage: json_ld_check.py CREDENTIAL.json [...]; exit 0 when all conform."""
import json
import pathlib
import sys

from pyld import jsonld

CONTEXTS = pathlib.Path(__file__).resolve().parent.parent / "data" / "jsonld"
LOCAL = {
    "https://www.w3.org/ns/credentials/v2": CONTEXTS / "credentials-v2.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": CONTEXTS / "ob-context-3.0.3.json",
}


def load_document(url, options=None):
    if url not in LOCAL:
        raise jsonld.JsonLdError(f"context {url} is not kept locally", "loading document failed")
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(LOCAL[url].read_text())}


def lost_properties(original, round_trip, path=""):
    """Keys (with their paths) present in `original` but not in `round_trip`."""
    lost = []
    if isinstance(original, dict) and isinstance(round_trip, dict):
        for key, value in original.items():
            if key == "@context":
                continue
            if key not in round_trip:
                lost.append(f"{path}/{key}")
            else:
                lost += lost_properties(value, round_trip[key], f"{path}/{key}")
    elif isinstance(original, list):
        others = round_trip if isinstance(round_trip, list) else [round_trip]
        for i, value in enumerate(original):
            lost += lost_properties(value, others[i] if i < len(others) else None, f"{path}[{i}]")
    return lost


def check(path):
    document = json.loads(pathlib.Path(path).read_text())
    options = {"documentLoader": load_document}
    expanded = jsonld.expand(document, options)
    if not expanded:
        return "expands to nothing"
    compacted = jsonld.compact(expanded, {"@context": document["@context"]}, options)
    lost = lost_properties(document, compacted)
    return f"properties lost in expansion: {', '.join(lost)}" if lost else ""


def main():
    failed = False
    for path in sys.argv[1:]:
        try:
            problem = check(path)
        except jsonld.JsonLdError as error:
            problem = f"does not expand: {error}"
        if problem:
            failed = True
            print(f"{path}: {problem}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
