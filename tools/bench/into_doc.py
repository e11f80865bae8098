"""Replaces what stands between <!-- bench:NAME --> and <!-- /bench:NAME --> in a document
with a benchmark's table, dated and with the command that produced it.
Usage: into_doc.py DOCUMENT NAME COMMAND TABLE_FILE"""
import datetime
import re
import sys

document, name, command, table_file = sys.argv[1:5]
text = open(document, encoding="utf-8").read()
start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
if start not in text or end not in text:
    sys.exit(f"{document} has no markers {start} … {end}")
table = open(table_file, encoding="utf-8").read().strip()
block = (f"{start}\nRun {datetime.date.today().isoformat()}: `{command}`\n\n{table}\n{end}")
text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
open(document, "w", encoding="utf-8").write(text)
print(f"docs: the table is in {document} ({name})", file=sys.stderr)
