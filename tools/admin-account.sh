# Sourced by the scripts that prepare a data folder (the demo, the tests, the benchmarks):
#   . tools/admin-account.sh CRAFTMARK-PROGRAM DATA-FOLDER
# creates the folder's database with the administrator account "admin" (password in
# DATA-FOLDER/admin.password) and exports CRAFTMARK_AS and CRAFTMARK_AS_PASSWORD_FILE, so that
# every later craftmark command of the script acts, and is audited, as that account. A folder
# that has its database already is left as it is.
if [ ! -f "$2/craftmark.db" ]; then
  mkdir -p "$2"
  printf 'administrator-2026\n' > "$2/admin.password"
  "$1" --data "$2" init --admin admin --name "管理员 Administrator" \
    --password-file "$2/admin.password" >/dev/null
fi
export CRAFTMARK_AS=admin CRAFTMARK_AS_PASSWORD_FILE="$2/admin.password"
