#!/usr/bin/env bash
# The Debian packages: cpack builds them from this build; their dependencies are Debian's
# library packages, their contents are the programs, the unit and the configuration (kept by
# dpkg as conffiles); the unit passes systemd-analyze verify; the packaged server reads the
# packaged configuration.
set -eu
build="$1"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
(cd "$build" && cpack -G DEB -B "$work/packages" >"$work/cpack.out" 2>&1) || fail "cpack: $(tail -5 "$work/cpack.out")"
server="$work/packages/craftmark-server_0.1.0_amd64.deb"
clients="$work/packages/craftmark-clients_0.1.0_amd64.deb"
[ -f "$server" ] && [ -f "$clients" ] || fail "packages: $(ls "$work/packages")"

depends=$(dpkg-deb -f "$server" Depends)
# (Not libjemalloc2: the sanitizer build leaves jemalloc out.)
for needed in adduser bubblewrap libseccomp2 libsqlite3-0 libssl3 libsystemd0 libpango-1.0-0 libcairo2 libqpdf29 libqrencode4 \
  fonts-noto-cjk fonts-hanazono; do
  echo "$depends" | grep -q "$needed" || fail "craftmark-server does not depend on $needed: $depends"
done
dpkg-deb -f "$clients" Depends | grep -q libncursesw6 || fail "craftmark-clients without ncurses"
dpkg-deb -f "$clients" Depends | grep -q libsqlite3 && fail "the clients depend on the database library"

dpkg-deb -c "$server" | awk '{print $6}' > "$work/server.files"
bin=$(grep -o '^\./usr.*/bin/craftmark-server$' "$work/server.files" | xargs dirname) # ./usr/bin
for file in "$bin/craftmark-server" "$bin/craftmark" "$bin/craftmark-sandbox" \
            ./lib/systemd/system/craftmark-server.service ./etc/craftmark/craftmark.toml \
            ./etc/logrotate.d/craftmark-server "${bin%/bin}/share/doc/craftmark-server/operations.md"; do
  grep -qx "$file" "$work/server.files" || fail "craftmark-server lacks $file"
done
grep -q "craftmark-terminal" "$work/server.files" && fail "the terminal is in the server package"
dpkg-deb -c "$clients" | awk '{print $6}' | grep -qx "$bin/craftmark-terminal" || fail "craftmark-clients lacks the terminal"
dpkg-deb -c "$clients" | awk '{print $6}' | grep -qx "$bin/craftmark-proctor" || fail "craftmark-clients lacks the proctor console"
dpkg-deb -c "$server" | grep -q "var/lib" && fail "the package ships data (it must never replace a centre's)"

dpkg-deb -e "$server" "$work/control"
grep -qx /etc/craftmark/craftmark.toml "$work/control/conffiles" || fail "the configuration is not a conffile"
for script in postinst prerm postrm; do sh -n "$work/control/$script" || fail "$script does not parse"; done
# Existing data folders are left alone: created and given to craftmark only when missing.
grep -q 'if \[ ! -d "$folder" \]' "$work/control/postinst" || fail "postinst may touch existing data"

root="$work/root"
dpkg-deb -x "$server" "$root"
unit="$root/lib/systemd/system/craftmark-server.service"
# The unit starts the server where the package puts it (/usr/bin, or the configured prefix).
grep -q "^ExecStart=${bin#.}/craftmark-server --config /etc/craftmark/craftmark.toml$" "$unit" || fail "ExecStart: $(grep ExecStart "$unit")"
# Verified there, inside the unpacked package (systemd-analyze checks it is executable).
sed "s|^ExecStart=${bin#.}/|ExecStart=$root${bin#.}/|" "$unit" > "$work/craftmark-server.service"
systemd-analyze verify "$work/craftmark-server.service" || fail "systemd-analyze verify"
grep -q "^LimitNOFILE=65536" "$unit" && grep -q "^Type=notify" "$unit" && grep -q "^ProtectSystem=strict" "$unit" \
  || fail "the unit lost its limits or hardening"

"$root${bin#.}/craftmark-server" --config "$root/etc/craftmark/craftmark.toml" --print-config > "$work/effective"
grep -q '^data = "/var/lib/craftmark" *# file' "$work/effective" || fail "the packaged configuration: $(cat "$work/effective")"
grep -q '^log-file = "/var/log/craftmark/craftmark-server.log" *# file' "$work/effective" || fail "the log's place"
# The venue's uploader: a unit of the server's package, with its settings kept as a conffile.
grep -qx /etc/craftmark/outbox-upload.env "$work/control/conffiles" || fail "outbox-upload.env is not a conffile"
upload="$root/lib/systemd/system/craftmark-outbox-upload.service"
grep -q "^ExecStart=${bin#.}/craftmark --data /var/lib/craftmark outbox upload --centre \${CRAFTMARK_CENTRE_URL} --follow$" "$upload" \
  || fail "the uploader's ExecStart: $(grep ExecStart "$upload")"
sed -e "s|^ExecStart=${bin#.}/|ExecStart=$root${bin#.}/|" -e "s|^EnvironmentFile=|EnvironmentFile=$root|" "$upload" \
  > "$work/craftmark-outbox-upload.service"
systemd-analyze verify "$work/craftmark-outbox-upload.service" || fail "systemd-analyze verify (uploader)"

# The centre: its own package, on libpq, with its unit and settings.
centre="$work/packages/craftmark-centre_0.1.0_amd64.deb"
[ -f "$centre" ] || fail "no craftmark-centre package: $(ls "$work/packages")"
dpkg-deb -f "$centre" Depends | grep -q libpq5 || fail "craftmark-centre does not depend on libpq5"
# A venue never needs PostgreSQL (the centre keeps its issuing office on the venue's SQLite code).
dpkg-deb -f "$server" Depends | grep -q libpq && fail "craftmark-server depends on PostgreSQL's library"
dpkg-deb -c "$centre" | awk '{print $6}' > "$work/centre.files"
for file in "$bin/craftmark-centre" ./lib/systemd/system/craftmark-centre.service \
            ./etc/craftmark/craftmark-centre.env "${bin%/bin}/share/doc/craftmark-centre/centre.md"; do
  grep -qx "$file" "$work/centre.files" || fail "craftmark-centre lacks $file"
done
dpkg-deb -e "$centre" "$work/centre-control"
grep -qx /etc/craftmark/craftmark-centre.env "$work/centre-control/conffiles" || fail "the centre's settings are not a conffile"
sh -n "$work/centre-control/postinst" || fail "the centre's postinst does not parse"
dpkg-deb -x "$centre" "$work/centre-root"
sed -e "s|^ExecStart=${bin#.}/|ExecStart=$work/centre-root${bin#.}/|" -e "s|^EnvironmentFile=|EnvironmentFile=$work/centre-root|" \
  "$work/centre-root/lib/systemd/system/craftmark-centre.service" > "$work/craftmark-centre.service"
systemd-analyze verify "$work/craftmark-centre.service" || fail "systemd-analyze verify (centre)"
echo "packages: craftmark-server, craftmark-clients and craftmark-centre: dependencies, contents and units checked"
