// Package sandbox starts throw-away MySQL/MariaDB servers for collint's tests
// and for `collint verify` / `collint sandbox prune`.
//
// Two kinds of sandbox exist:
//
//   - [Start] runs a container from one of collint's images (built offline by
//     images/build.sh, or the official image tagged the same way) through
//     github.com/ory/dockertest/v3. The datadir (/var/lib/mysql) is a tmpfs,
//     the root password is random (or empty with Options.EmptyPassword), and
//     port 3306 is published on 127.0.0.1 only, on a random host port. Start
//     returns once `SELECT 1` answers; on timeout the error carries the
//     container's last log lines.
//   - [FromDSN] uses an existing server (no Docker): it creates a scratch
//     database named collint_scratch_<random> and drops it on Close. Nothing
//     outside that database is written by this package.
//
// # Cleanup
//
// Every container carries the labels collint.sandbox=1, collint.image=<image>
// and collint.pid=<pid of the process that started it> (plus collint.keep,
// collint.args, collint.host and collint.pidns). Containers are purged
//
//   - by [Server.Close] (unless Options.Keep),
//   - by the sandboxtest helpers through t.Cleanup, whether the test passed
//     or failed,
//   - on SIGINT/SIGTERM: the first Start installs a process-wide handler
//     that closes every live non-Keep server (containers are purged, scratch
//     databases dropped) and then re-raises the signal, so the process still
//     dies of it (exit status 130/143 from a shell). See [DisableSignalHandler]
//     and [CloseAll] for programs that handle signals themselves,
//   - by the next Start of any process on the same host, for containers
//     whose starting process is gone (killed with SIGKILL, `go test -timeout`
//     panics, ...): see collint.pid / collint.pidns,
//   - by [Prune], which removes every labelled container (`collint sandbox
//     prune`, or `docker rm -fv $(docker ps -aq -f label=collint.sandbox=1)`).
//
// With Options.Keep the container survives Close and the process; a later
// Start with the same image, Args and Keep reuses it while it is running.
//
// # Connection collation
//
// go-sql-driver/mysql does NOT use the server's default connection collation:
// unless told otherwise it asks for utf8mb4_general_ci (collation id 45) in
// the handshake. collint cares about collations, so choose explicitly:
//
//	srv.DSN("app") // driver default (utf8mb4_general_ci; uca1400 on MariaDB 11.8, see below)
//	srv.DSNWith("app", map[string]string{"collation": "utf8mb4_0900_ai_ci"})
//	srv.DSNWith("app", map[string]string{"collation": srv.Defaults().CollationServer})
//	srv.DSNWith("app", map[string]string{"multiStatements": "true"})
//
// DSNWith turns a "collation" parameter into SET NAMES <charset> plus SET
// collation_connection = '<collation>' on every new connection. That matters:
// the driver's own collation parameter only knows collations with an id below
// 256 (it silently keeps utf8mb4_general_ci, or fails, for others such as
// MariaDB's utf8mb4_uca1400_ai_ci), and MariaDB 11.x remaps handshake
// collations through @@character_set_collations (the plain DSN gets
// utf8mb4_uca1400_ai_ci on MariaDB 11.8, utf8mb4_general_ci elsewhere).
package sandbox
