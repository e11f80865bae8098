#!/usr/bin/env python3
"""craftmark-server as systemd runs it: readiness, reload and stop told over a real
NOTIFY_SOCKET (sd_notify), SIGHUP reopening the log after logrotate moved it and loading a
renewed TLS certificate for new connections, a lowered connection limit holding at once, a
broken certificate refused on reload while the server keeps serving, settings that need a restart
named, and a graceful SIGTERM."""
import hashlib, os, pathlib, signal, socket, ssl, subprocess, sys, tempfile, time

server = sys.argv[1]


def fail(why):
    print("FAIL:", why)
    sys.exit(1)


def make_certificate(folder, name):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-days", "2", "-subj", f"/CN={name}", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", f"{folder}/{name}.key", "-out", f"{folder}/{name}.pem"],
                   check=True, capture_output=True)
    return pathlib.Path(f"{folder}/{name}.pem"), pathlib.Path(f"{folder}/{name}.key")


def served_certificate(port):
    with tls_connection(port) as tls:
        return hashlib.sha256(tls.getpeercert(binary_form=True)).hexdigest()


def tls_connection(port, raw=None):
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    raw = raw or socket.create_connection(("127.0.0.1", port), timeout=10)
    return context.wrap_socket(raw)


def wait_for_line(path, text):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if text in path.read_text():
            return
        time.sleep(0.05)
    fail(f"{text!r} never appeared in {path}")


def fingerprint(pem):
    der = ssl.PEM_cert_to_DER_cert(pem.read_text())
    return hashlib.sha256(der).hexdigest()


with tempfile.TemporaryDirectory() as work:
    work = pathlib.Path(work)
    first_pem, first_key = make_certificate(work, "first")
    renewed_pem, renewed_key = make_certificate(work, "renewed")
    cert, key = work / "server.pem", work / "server.key"
    cert.write_text(first_pem.read_text()); key.write_text(first_key.read_text())
    (work / "log").mkdir()
    config = work / "craftmark.toml"
    config.write_text(f'data = "{work}/data"\nlisten = "127.0.0.1:0"\ncert = "{cert}"\nkey = "{key}"\n'
                      f'log-file = "{work}/log/server.log"\nthreads = 2\nmax-connections = 50\n')

    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(work / "notify.sock"))
    notify.settimeout(60)
    env = dict(os.environ, NOTIFY_SOCKET=str(work / "notify.sock"))
    proc = subprocess.Popen([server, "--config", str(config)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        def told():
            return notify.recv(4096).decode()

        ready = told()
        if "READY=1" not in ready:
            fail(f"first notification: {ready!r}")
        port = int(proc.stdout.readline().split("port=")[1].split()[0])
        if served_certificate(port) != fingerprint(first_pem):
            fail("not serving the configured certificate")

        # logrotate moves the log away; the certificate is renewed; a setting changes.
        os.rename(work / "log/server.log", work / "log/server.log.1")
        cert.write_text(renewed_pem.read_text()); key.write_text(renewed_key.read_text())
        config.write_text(config.read_text().replace("threads = 2", "threads = 7")
                          .replace("max-connections = 50", "max-connections = 1\nmessage-rate = 20"))
        proc.send_signal(signal.SIGHUP)
        if "RELOADING=1" not in told() or "READY=1" not in told():
            fail("reload not told to systemd")
        summary = proc.stdout.readline()
        if "threads" not in summary or "restart" not in summary:
            fail(f"a changed setting that needs a restart is not named: {summary!r}")
        if "max-connections 1 and message-rate 20 in force" not in summary:
            fail(f"the new limits are not in force: {summary!r}")
        if served_certificate(port) != fingerprint(renewed_pem):
            fail("the renewed certificate is not served after SIGHUP")
        log = (work / "log/server.log").read_text()
        if "reloaded" not in log:
            fail(f"the log was not reopened under its name: {log!r}")

        # The lowered limit holds at once: with one connection open the next one waits in the
        # kernel's queue, and is let in when the first closes.
        first = tls_connection(port)
        wait_for_line(work / "log/server.log", "connection limit reached (1 open)")
        waiting = socket.create_connection(("127.0.0.1", port), timeout=10)
        first.close()
        tls_connection(port, waiting).close()

        # A broken certificate: refused, and the server carries on with the renewed one.
        cert.write_text("not a certificate\n")
        proc.send_signal(signal.SIGHUP)
        told(), told()
        if served_certificate(port) != fingerprint(renewed_pem):
            fail("a broken certificate replaced the working one")

        proc.send_signal(signal.SIGTERM)
        if "STOPPING=1" not in told():
            fail("stopping not told to systemd")
        if proc.wait(timeout=60) != 0:
            fail(f"exit code {proc.returncode}")
        if "not reloaded, still running as before" not in proc.stderr.read():
            fail("the broken certificate's reload is not reported")
    finally:
        if proc.poll() is None:
            proc.kill()
print("service: notify, reload (log, certificate, limits) and stop as systemd expects")
