#!/usr/bin/env python3
"""The shipped banks and exams conform to the JSON schemas in question-banks/schema/."""
import json, pathlib, sys
import jsonschema

root = pathlib.Path(sys.argv[1])
schemas = {name: json.loads((root / "question-banks/schema" / f"{name}.schema.json").read_text())
           for name in ("qbank", "assessment", "marking-scheme", "event")}
# Schemas refer to each other by $id (an essay's rubric uses the marking scheme's aspects).
# RefResolver is what Debian's jsonschema 4.10 has (newer ones still accept it).
store = {s["$id"]: s for s in schemas.values()}
def validate(doc, schema):
    resolver = jsonschema.RefResolver(schema["$id"], schema, store=store)
    jsonschema.validate(doc, schema, resolver=resolver)
schema_of = {"qbank": "qbank", "assessment": "assessment", "markingScheme": "marking-scheme",
             "competitionEvent": "event"}
checked = 0
for path in sorted((root / "question-banks").rglob("*.json")):
    if "schema" in path.parts:
        continue
    doc = json.loads(path.read_text())
    validate(doc, schemas[schema_of[doc.get("kind")]])
    checked += 1
bad = {"kind": "qbank", "bank": {"id": "x"}, "items": [{"id": "q", "type": "single_choice"}]}
try:
    validate(bad, schemas["qbank"])
    sys.exit("a choice item without choices passed the schema")
except jsonschema.ValidationError:
    pass
print(f"{checked} files conform")
assert checked >= 3
