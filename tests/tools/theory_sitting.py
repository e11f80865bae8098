"""Shared by the Python tests: a data folder with its administrator (as tools/admin-account.sh
makes it) and a one-candidate electrician theory sitting whose access code is released."""
import os, pathlib, subprocess


def prepare(cli, data, repo, sitting, ticket, *create_options):
    """Returns the candidate's access code; later craftmark commands act as the administrator."""
    def run(*args):
        return subprocess.run([cli, "--data", data, *args], check=True, capture_output=True, text=True).stdout
    password = pathlib.Path(data) / "admin.password"
    password.write_text("administrator-2026\n")
    run("init", "--admin", "admin", "--password-file", str(password))
    os.environ.update(CRAFTMARK_AS="admin", CRAFTMARK_AS_PASSWORD_FILE=str(password))
    run("bank", "import", f"{repo}/question-banks/electrician-l4.json")
    run("assessment", "add", f"{repo}/question-banks/demo/electrician-l4-theory.json")
    run("sitting", "create", "--id", sitting, "--assessment", "electrician-l4-theory", "--start", "now", *create_options)
    csv = pathlib.Path(data) / "candidates.csv"
    csv.write_text(f"ticket,name,national_id,seat\n{ticket},Python Client,0,1\n")
    run("sitting", "register", sitting, str(csv))
    return run("sitting", "codes", sitting, "--release").splitlines()[1].split("\t")[2]
