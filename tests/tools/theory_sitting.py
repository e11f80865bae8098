"""Shared by the Python tests: a data folder with its administrator (as tools/admin-account.sh
makes it) and a one-candidate electrician theory sitting whose access code is released; and a
protocol client written from docs/protocol.md."""
import json, os, pathlib, subprocess


class client:
    def __init__(self, ws):
        self.ws, self.next_id = ws, 0

    async def call(self, type_, body=None):
        self.next_id += 1
        await self.ws.send(json.dumps({"v": 1, "id": self.next_id, "type": type_, "body": body or {}}))
        while True:
            frame = json.loads(await self.ws.recv())
            if frame.get("id") == self.next_id:  # pushes have no id
                return frame


def prepare(cli, data, repo, sitting, ticket, *create_options,
            bank=None, assessment=None, assessment_id="electrician-l4-theory"):
    """Returns the candidate's access code; later craftmark commands act as the administrator.
    Another bank and assessment may stand in for the electrician's."""
    def run(*args):
        return subprocess.run([cli, "--data", data, *args], check=True, capture_output=True, text=True).stdout
    password = pathlib.Path(data) / "admin.password"
    password.write_text("administrator-2026\n")
    run("init", "--admin", "admin", "--password-file", str(password))
    os.environ.update(CRAFTMARK_AS="admin", CRAFTMARK_AS_PASSWORD_FILE=str(password))
    run("bank", "import", bank or f"{repo}/question-banks/electrician-l4.json")
    run("assessment", "add", assessment or f"{repo}/question-banks/demo/electrician-l4-theory.json")
    run("sitting", "create", "--id", sitting, "--assessment", assessment_id, "--start", "now", *create_options)
    csv = pathlib.Path(data) / "candidates.csv"
    csv.write_text(f"ticket,name,national_id,seat\n{ticket},Python Client,0,1\n")
    run("sitting", "register", sitting, str(csv))
    return run("sitting", "codes", sitting, "--release").splitlines()[1].split("\t")[2]
