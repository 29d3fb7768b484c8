// Package sqlsplit splits MySQL/MariaDB script text into statements the way
// the mysql (or mariadb) command-line client does when it reads a file in
// batch mode (mysql db < file.sql), and returns each statement as the server
// receives it, with positions that map back to the original file.
//
// The rules follow the client's add_line()/read_and_execute() (client/mysql.cc)
// and were checked against the clients of MySQL 9.7 and MariaDB 10.11/11.8
// (TestAgainstClients runs scripts through them when Docker and the project's
// images are available).
//
// # Splitting
//
//   - The delimiter is ";" until a DELIMITER command changes it. DELIMITER
//     (any case) is a client command only as a line of its own while the
//     client's statement buffer is empty; its argument is read like the
//     client's get_arg(): up to a space or tab, or quoted with ', " or `
//     (DELIMITER ;; / $$ / // / 'x y'); at most 15 bytes are kept, a backslash
//     is refused. A DELIMITER that is not a command here ("SELECT 1; DELIMITER
//     //", or after text on earlier lines) is reported as an Error.
//   - Strings '...', "..." and identifiers `...`: delimiters and comment
//     starts inside them are ignored. Backslash escapes apply in ' and "
//     strings (unless Options.NoBackslashEscapes), not in `...`.
//   - Comments: "# ..." and "-- ..." ("--" followed by whitespace or the end
//     of the line; MariaDB: any "--" at the start of a statement) run to the
//     end of the line, "/* ... */" may span lines; delimiters in comments do
//     not split. Like the client, a "*/" does not end a comment on a line
//     where a "/*!" or "/*+" appeared inside it, and "/*/" does not end one.
//   - Conditional comments /*! ... */, /*!NNNNN ... */ and (MariaDB)
//     /*M! ... */ are not comments for the client: a delimiter inside them
//     does split, which is why mysqldump wraps triggers in DELIMITER ;;.
//     Outside MariaDB mode /*M! is an ordinary comment. Optimizer hints
//     /*+ ... */ (MySQL): on the line where a hint opens, the client ignores
//     delimiters, quotes and comment starts until its "*/".
//   - MySQL 9 clients also keep $tag$ ... $tag$ dollar-quoted text (used by
//     JavaScript routines) together when the "$" starts a token.
//   - Client commands (Options.Commands): with them, \g and \G end a
//     statement, \c discards it, \q and a "quit"/"exit" line stop reading
//     ("exit;" is still sent first), \d sets the delimiter, "use db" on a line
//     of its own is returned as a statement "use db", and the other commands
//     (source, charset, tee, status, \W, ...) are removed. Without them (the
//     MySQL 9 default) only DELIMITER is a command and all of these are text
//     sent to the server.
//   - --comments (Options.Comments; the MySQL 8.4+ default) changes when the
//     statement buffer counts as empty, which decides whether a DELIMITER line
//     is a command. "#" and "-- " lines starting in column 1 are sent on their
//     own and leave it empty; other comment text stays in it. The MySQL 9
//     client still accepts a DELIMITER line (even one beginning with comments)
//     after text made only of whitespace and simple /* */ comments (no "*" or
//     "/" inside), and drops that text, executable comments included
//     (reported as an Error). Anything else, e.g. an indented "-- " line or a
//     comment holding "*" such as the " * ..." lines of a license header,
//     makes it send "DELIMITER ..." to the server as SQL (reported as an
//     Error): Cacti issue #7084, cacti.sql run with mysql 8.4. Without
//     --comments comments never fill the buffer.
//   - Lines end at "\n"; a "\r" before it is dropped. A UTF-8 byte order mark
//     at the start of the input is skipped.
//
// # What Text contains
//
// Statement.Text is the original bytes from the statement's first token to
// its last token (leading and trailing whitespace and comments excluded, so a
// "-- note" after the last token is not part of it). Inside that range:
//
//   - executed conditional comments lose their markers: "/*!40101", "/*M!100100",
//     "/*!" and the matching "*/" are replaced by spaces, the content stays;
//   - conditional comments the server skips (a version above ServerVersion;
//     MariaDB: also versions 50700..99999 without M!; /*M! outside MariaDB)
//     are replaced by spaces up to where the server's scan ends;
//   - client commands (\W, \d ..., a backslash ending a line) are replaced by
//     spaces;
//   - ordinary comments are kept verbatim: the server skips them as the
//     client would have stripped them. Where the client's extent of a comment
//     differs from the server's (see above), the client's extent is blanked
//     with --skip-comments (it stripped it) and kept with --comments (it sent
//     it as is).
//
// Replacements are byte for byte, so len(Text) equals the length of the
// source range and Statement.PosAt maps any offset of Text back to the file;
// "\n" and "\r" are never replaced.
//
// # Positions
//
// Pos.Offset is a byte offset into the input given to Split (a skipped BOM
// counts). Pos.Line is 1-based; lines are separated by "\n" ("\r\n" counts
// once). Pos.Col is 1-based and counts Unicode code points from the start of
// the line (a tab is one column, an invalid UTF-8 byte is one column, the BOM
// is not counted).
//
// # Not emulated
//
// The client's character set is assumed to be UTF-8 (or any charset whose
// multi-byte sequences never contain ASCII bytes; sjis/gbk/big5 input whose
// trailing bytes can be 0x5C is not supported). NUL bytes are ordinary
// characters here (the mysql client refuses them). sql_mode ANSI_QUOTES is
// not tracked (it does not change where statements end). "source file" is not
// followed. After a DELIMITER that is not a command (reported as an Error)
// the client would set a garbled delimiter and run the rest of the file as
// one statement; Split keeps the old delimiter instead. An unterminated
// string or comment at the end of the input is an Error and the unfinished
// statement is not returned (the client would send it).
package sqlsplit
