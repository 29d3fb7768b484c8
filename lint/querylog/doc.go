// Package querylog reads SQL statements out of MySQL/MariaDB server logs and
// JSON-lines files, streaming, with the position of every statement in the
// file it came from.
//
// # Formats
//
// Slow query log (Slow). Entries are a block of "# " header lines
// ("# Time:", "# User@Host:", "# Thread_id: … Schema: …",
// "# Query_time: … Lock_time: … Rows_sent: … Rows_examined: …" and the
// Percona/MariaDB extras "# QC_Hit:", "# Bytes_sent:", "#   InnoDB_…", …)
// followed by the body the server writes: an optional "use db;" line, an
// optional "SET [last_insert_id=N,][insert_id=N,]timestamp=N;" line, then
// the statement text verbatim and ";" (mysqld always appends ";\n", so the
// statement ends at the end of a line ending in ";"). A "# " line that follows
// such a line starts the next entry; a "# " line after a statement line that
// does not end in ";" (or whose ";" is inside a string or /* comment) is part
// of the statement, except the "# Time:", "# User@Host:" and "# Query_time:"
// lines that always start an entry (a log cut short). "# administrator
// command: Quit;" entries carry no SQL. The server's banner
// ("/usr/sbin/mysqld, Version: … started with:", "Tcp port: …",
// "Time                 Id Command    Argument"), written at every restart,
// may appear anywhere and is skipped. The header block may be missing
// entirely (a log that starts with a statement).
//
// The database of a slow-log statement is the "use db;" of its entry, else
// the "Schema:" of its header (Percona Server, MariaDB), else the last
// "use db;" seen earlier in the file: mysqld writes "use" only when the
// database differs from the one it last wrote.
//
// General query log (General). Entries are
//
//	2024-01-02T03:04:05.123456Z	   12 Query	SELECT …     (MySQL 5.7+, also with a +hh:mm offset)
//	240102  3:04:05	     12 Query	SELECT …          (MySQL ≤ 5.6, MariaDB)
//			     12 Query	SELECT …              (same second as the entry before: no time)
//
// (an optional time, a connection id, a command name, a tab or spaces, the
// argument). Lines that do not start an entry continue the argument of the
// entry before (multi-line statements). Only Query and Execute carry SQL;
// "Init DB db", "Connect user@host on db [using …]" and "Change user … on db"
// set the database of that connection id, and Quit forgets the connection.
// A Query "use db" changes the connection's database and is not returned.
// Banners are skipped as in slow logs.
//
// JSON lines (JSONLines). One JSON object per line with the statement in a
// string field "sql" (else "query", else "statement") and optionally the
// database in "db" (else "database", else "schema"). Blank lines are
// skipped. A line that is not such an object is reported as an *Error with
// its line number and scanning goes on.
//
// In every format a UTF-8 byte order mark at the start is skipped, "\r\n"
// line ends are accepted (the "\r" is dropped from statement text), the
// statement text has no trailing ";" or whitespace, and a text that holds
// several statements (a multi-statement Query) is returned as one Statement.
//
// # Positions
//
// Line is 1-based; Col is 1-based and counts Unicode code points from the
// start of the line (a tab is one column), as in package sqlsplit. The text
// of a log statement is the file's text (less "\r" before "\n"), so
// Statement.Pos maps any offset in SQL back to the file by counting
// newlines; for JSON lines it accounts for the escapes of the JSON string.
//
// # Memory and speed
//
// Scan holds one statement at a time (plus, for general logs, the database
// of each open connection); it never holds the log. Digest and Shape help a
// caller keep one entry per distinct statement shape instead of one per
// statement.
package querylog
