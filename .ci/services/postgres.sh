# Sourced by .ci/run: a throwaway PostgreSQL 15 cluster on loopback for the store tests.
# Installs Debian's postgresql-15 if it is missing, runs initdb as a non-root user in a
# temporary directory, starts the server on a free port of 127.0.0.1, creates a database,
# exports TACITUS_TEST_POSTGRES=postgresql://…, and stops the server when .ci/run exits.
# Skipped when TACITUS_TEST_POSTGRES is already set (a database the caller provides).

if [ -z "${TACITUS_TEST_POSTGRES:-}" ]; then
  _pg_bin=/usr/lib/postgresql/15/bin
  if [ ! -x "$_pg_bin/initdb" ]; then
    echo "postgres.sh: installing postgresql-15" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
  fi

  # PostgreSQL refuses to run as root: use the postgres account (or make one).
  if [ "$(id -u)" = 0 ]; then
    _pg_user=postgres
    id "$_pg_user" >/dev/null 2>&1 || useradd --system --no-create-home "$_pg_user"
    _pg_run() { runuser -u "$_pg_user" -- "$@"; }
  else
    _pg_user="$(id -un)"
    _pg_run() { "$@"; }
  fi

  _pg_dir="$(mktemp -d /tmp/tacitus-pg.XXXXXX)"
  chmod 755 "$_pg_dir"
  [ "$(id -u)" = 0 ] && chown "$_pg_user" "$_pg_dir"
  _pg_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

  _pg_run "$_pg_bin/initdb" -D "$_pg_dir/data" -U tacitus --auth=trust -E UTF8 --no-locale >/dev/null
  _pg_run "$_pg_bin/pg_ctl" -D "$_pg_dir/data" -l "$_pg_dir/server.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p $_pg_port -k $_pg_dir -c fsync=off -c full_page_writes=off" >/dev/null
  _pg_run "$_pg_bin/createdb" -h 127.0.0.1 -p "$_pg_port" -U tacitus tacitus_test

  export TACITUS_TEST_POSTGRES="postgresql://tacitus@127.0.0.1:$_pg_port/tacitus_test"
  _pg_stop() { _pg_run "$_pg_bin/pg_ctl" -D "$_pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$_pg_dir"; }
  trap '_pg_stop' EXIT
  echo "postgres.sh: PostgreSQL 15 on 127.0.0.1:$_pg_port" >&2
fi
