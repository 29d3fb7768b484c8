#!/bin/bash
# docker-entrypoint.sh — entrypoint of collint's offline MySQL/MariaDB images
# (built by images/build.sh from Debian packages, no registry needed).
#
# It mimics the official mysql / mariadb images closely enough for tests:
#
#   docker run -e MYSQL_ALLOW_EMPTY_PASSWORD=1 collint/mysql:9.7
#   docker run -e MYSQL_ROOT_PASSWORD=s3cret -e MYSQL_DATABASE=app collint/mariadb:10.11
#   docker run ... collint/mysql:9.7 --performance-schema=ON   # args go to mysqld
#
# On the first start (empty datadir, e.g. a fresh tmpfs on /var/lib/mysql) it
# initialises the datadir, sets the root password, creates root@'%' (clients
# come in over the Docker bridge), optionally creates a database and a user,
# and then execs the server as PID 1 running as the `mysql` user. The server
# logs to stderr. Server defaults (charset, collation, sql_mode, ...) are left
# exactly as the Debian package compiled them: this script never sets them.
#
# Environment (MariaDB also accepts the MARIADB_* spelling of each):
#   MYSQL_ROOT_PASSWORD          root password (root@localhost and root@'%')
#   MYSQL_ALLOW_EMPTY_PASSWORD   non-empty => root has no password
#                                (MariaDB: MARIADB_ALLOW_EMPTY_ROOT_PASSWORD too)
#   MYSQL_RANDOM_ROOT_PASSWORD   non-empty => random password, printed to stdout
#   MYSQL_ROOT_HOST              host part of the remote root account (default %)
#   MYSQL_DATABASE               database created on first start
#   MYSQL_USER, MYSQL_PASSWORD   extra account with ALL on MYSQL_DATABASE
set -Eeuo pipefail

log()  { printf '%s [Entrypoint]: %s\n' "$(date -u +%FT%TZ)" "$*"; }
warn() { log "Warning: $*" >&2; }
die()  { log "ERROR: $*" >&2; exit 1; }

if command -v mariadbd >/dev/null 2>&1; then
	FLAVOR=mariadb
	SERVER=mariadbd
else
	FLAVOR=mysql
	SERVER=mysqld
fi

# env NAME: value of MYSQL_NAME, or on MariaDB of MARIADB_NAME (which wins).
env_get() {
	local name=$1 v="" mv
	mv="MYSQL_${name}"
	v=${!mv:-}
	if [ "$FLAVOR" = mariadb ]; then
		mv="MARIADB_${name}"
		if [ -n "${!mv:-}" ]; then v=${!mv}; fi
	fi
	printf '%s' "$v"
}

# sql_str escapes a value for a single-quoted SQL string literal.
sql_str() {
	local s=$1
	s=${s//\\/\\\\}
	s=${s//\'/\\\'}
	printf "'%s'" "$s"
}

# sql_ident quotes an identifier with backticks.
sql_ident() {
	local s=$1
	printf '`%s`' "${s//\`/\`\`}"
}

# Like the official images: leading "-" means "arguments for the server".
if [ "$#" -eq 0 ] || [ "${1:0:1}" = '-' ]; then
	set -- "$SERVER" "$@"
fi
# Accept both names for the server binary.
case "$1" in
mysqld | mariadbd) shift; set -- "$SERVER" "$@" ;;
*) exec "$@" ;;
esac

DATADIR=/var/lib/mysql
for a in "$@"; do
	case "$a" in
	--datadir=*) DATADIR=${a#--datadir=} ;;
	esac
done
SOCKDIR=/run/mysqld

# Directories the server needs, owned by mysql: works on a fresh tmpfs too.
if [ "$(id -u)" = 0 ]; then
	mkdir -p "$DATADIR" "$SOCKDIR"
	chown mysql:mysql "$DATADIR" "$SOCKDIR"
	chmod 0755 "$SOCKDIR"
	if [ "$FLAVOR" = mysql ]; then
		mkdir -p /var/lib/mysql-files
		chown mysql:mysql /var/lib/mysql-files
		chmod 0750 /var/lib/mysql-files
	fi
fi

if [ ! -d "$DATADIR/mysql" ]; then
	ROOT_PASSWORD=$(env_get ROOT_PASSWORD)
	ALLOW_EMPTY=$(env_get ALLOW_EMPTY_PASSWORD)
	if [ "$FLAVOR" = mariadb ] && [ -n "${MARIADB_ALLOW_EMPTY_ROOT_PASSWORD:-}" ]; then
		ALLOW_EMPTY=$MARIADB_ALLOW_EMPTY_ROOT_PASSWORD
	fi
	RANDOM_PW=$(env_get RANDOM_ROOT_PASSWORD)
	ROOT_HOST=$(env_get ROOT_HOST)
	ROOT_HOST=${ROOT_HOST:-%}
	DATABASE=$(env_get DATABASE)
	USER_NAME=$(env_get USER)
	USER_PASSWORD=$(env_get PASSWORD)

	if [ -n "$RANDOM_PW" ] && [ -z "$ROOT_PASSWORD" ]; then
		ROOT_PASSWORD=$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32 || true)
		echo "GENERATED ROOT PASSWORD: $ROOT_PASSWORD"
	fi
	if [ -z "$ROOT_PASSWORD" ] && [ -z "$ALLOW_EMPTY" ]; then
		die "Database is uninitialized and password option is not specified
    You need to specify one of the following as an environment variable:
    - MYSQL_ROOT_PASSWORD
    - MYSQL_ALLOW_EMPTY_PASSWORD
    - MYSQL_RANDOM_ROOT_PASSWORD"
	fi

	log "Initializing $FLAVOR database in $DATADIR"
	init_sql=$(mktemp -p "$SOCKDIR" init.XXXXXX.sql)
	chown mysql:mysql "$init_sql"
	chmod 0600 "$init_sql"
	trap 'rm -f "$init_sql"' EXIT
	pw=$(sql_str "$ROOT_PASSWORD")
	host=$(sql_str "$ROOT_HOST")
	{
		echo "SET @@SESSION.SQL_LOG_BIN=0;"
		if [ "$FLAVOR" = mariadb ]; then
			# Bootstrap mode starts without grant tables loaded.
			echo "FLUSH PRIVILEGES;"
			# mariadb-install-db creates root@<hostname>, root@127.0.0.1,
			# root@::1 and anonymous users; keep only root@localhost.
			echo "DELETE FROM mysql.global_priv WHERE User NOT IN ('root', 'mariadb.sys', 'mysql.sys') OR (User = 'root' AND Host <> 'localhost');"
			echo "DELETE FROM mysql.proxies_priv WHERE Host <> 'localhost';"
			echo "FLUSH PRIVILEGES;"
			echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $pw;"
		else
			echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $pw;"
		fi
		if [ "$ROOT_HOST" != localhost ]; then
			echo "CREATE USER IF NOT EXISTS 'root'@$host IDENTIFIED BY $pw;"
			echo "GRANT ALL PRIVILEGES ON *.* TO 'root'@$host WITH GRANT OPTION;"
			if [ "$FLAVOR" = mariadb ]; then
				# The bootstrap session may not GRANT PROXY; do what
				# mariadb-install-db does for root@localhost.
				echo "REPLACE INTO mysql.proxies_priv VALUES ($host, 'root', '', '', 1, '', NOW());"
			else
				echo "GRANT PROXY ON ''@'' TO 'root'@$host WITH GRANT OPTION;"
			fi
		fi
		if [ -n "$DATABASE" ]; then
			echo "CREATE DATABASE IF NOT EXISTS $(sql_ident "$DATABASE");"
		fi
		if [ -n "$USER_NAME" ]; then
			[ "$USER_NAME" != root ] || die "MYSQL_USER=root is not allowed; use MYSQL_ROOT_PASSWORD"
			echo "CREATE USER $(sql_str "$USER_NAME")@'%' IDENTIFIED BY $(sql_str "$USER_PASSWORD");"
			if [ -n "$DATABASE" ]; then
				echo "GRANT ALL ON $(sql_ident "$DATABASE").* TO $(sql_str "$USER_NAME")@'%';"
			fi
		fi
		echo "FLUSH PRIVILEGES;"
	} >"$init_sql"

	start=$(date +%s%N)
	if [ "$FLAVOR" = mysql ]; then
		# --init-file is executed by --initialize itself, before the real
		# server ever listens: no temporary server, no client binary needed.
		"$SERVER" --initialize-insecure --user=mysql --datadir="$DATADIR" \
			--init-file="$init_sql" "${@:2}"
	else
		install_db=$(command -v mariadb-install-db || command -v mysql_install_db)
		if ! out=$("$install_db" --user=mysql --datadir="$DATADIR" \
			--auth-root-authentication-method=normal --skip-test-db \
			--skip-name-resolve "${@:2}" 2>&1); then
			printf '%s\n' "$out" >&2
			die "$install_db failed"
		fi
		# Bootstrap mode reads SQL from stdin and exits.
		"$SERVER" --bootstrap --user=mysql --datadir="$DATADIR" \
			--skip-networking --log-warnings=0 "${@:2}" <"$init_sql"
	fi
	rm -f "$init_sql"
	trap - EXIT
	log "Database initialized in $(( ($(date +%s%N) - start) / 1000000 )) ms"
fi

log "Starting $SERVER $(${SERVER} --version 2>/dev/null | sed 's/^.*Ver //')"
exec "$SERVER" --user=mysql --datadir="$DATADIR" "${@:2}"
