// Package sqlsplit splits MySQL/MariaDB script text into statements the way
// the mysql (or mariadb) command-line client does when it reads a file in
// batch mode (mysql db < file.sql), and returns each statement as the server
// would receive it, with positions that map back to the original file.
//
// # What is emulated
//
// The splitting follows the client's add_line()/read_and_execute() logic
// (client/mysql.cc), line by line:
//
//   - The delimiter is ";" until a DELIMITER command changes it. A DELIMITER
//     command (any case) is recognized only as a line of its own at the start
//     of a statement, i.e. while the client's statement buffer is empty; its
//     argument is read like the client's get_arg(): up to a space or tab, or
//     quoted with ', " or ` (DELIMITER ;; / $$ / // / "x"). At most 15 bytes are
//     kept, a backslash is refused. The short form \d works anywhere outside
//     strings and comments.
//   - Strings '...', "..." and identifiers `...`: delimiters and comment
//     starts inside them are ignored. Backslash escapes apply in ' and "
//     strings (unless Options.NoBackslashEscapes); a doubled quote needs no
//     special handling (it closes and reopens the string).
//   - Comments: "# ..." and "-- ..." (dash dash followed by whitespace or end
//     of line; in MariaDB mode any "--" at the start of a statement) run to the
//     end of the line; "/* ... */" may span lines. Delimiters inside comments
//     do not split.
//   - Conditional comments /*! ... */ and /*!NNNNN ... */ and, in MariaDB
//     mode, /*M! ... */ and /*M!NNNNNN ... */ are not comments for the client:
//     a delimiter inside them does split (which is why mysqldump wraps
//     triggers in DELIMITER ;;). Outside MariaDB mode /*M! is an ordinary
//     comment. Optimizer hints /*+ ... */ (MySQL mode) are not comments either;
//     on the line where the hint opens the client ignores delimiters, quotes
//     and comment starts until the hint's "*/".
//   - Client commands: \g and \G end a statement like a delimiter; \c discards
//     the statement typed so far; \q and a line "quit"/"exit" stop reading;
//     \d and DELIMITER change the delimiter; other client commands (source,
//     charset, tee, status, \W, ... ) are removed from the text and otherwise
//     ignored. A line "use db" (no delimiter needed) becomes a statement
//     "use db", as does "USE db;" (which the client also handles itself).
//   - Lines end at "\n"; a "\r" before it is dropped (the client does that in
//     non-binary mode). A UTF-8 byte order mark at the start of the input is
//     skipped.
//   - The client's --comments setting matters for one thing: whether a
//     preceding comment or a whitespace-only line makes the statement buffer
//     non-empty, so that a following "DELIMITER x" line is no longer a client
//     command but text sent to the server (the failure behind Cacti issue
//     #7084 with mysql 8.4 against cacti.sql). See Options.Comments.
//
// # What Text contains
//
// Statement.Text is the original bytes from the statement's first token to
// its last token (leading and trailing whitespace and comments excluded, so a
// "-- note" after the last token is not part of it). Inside that range:
//
//   - executed conditional comments lose their markers: "/*!40101", "/*M!100100",
//     "/*!" and the matching "*/" are replaced by spaces, the content stays;
//   - conditional comments whose version is above Options.ServerVersion (and
//     /*M! comments outside MariaDB mode) are replaced by spaces entirely, the
//     way the server skips them;
//   - client commands (\W, a \d line, ...) are replaced by spaces;
//   - ordinary comments are kept verbatim: the server skips them exactly as
//     the client would have stripped them. (In the rare case where the client's
//     idea of a comment's extent differs from the server's, e.g. "/*/" or
//     "/*!" inside a comment on the same line, the client's extent is blanked.)
//
// Replacements are always byte for byte, so len(Text) equals the length of
// the source range and Statement.PosAt maps any offset of Text back to the
// file. Replacement never touches "\n" or "\r".
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
// not tracked (it does not change where statements end). "source file" is
// not followed. Dollar-quoted strings ($$...$$, $tag$...$tag$, MySQL 9
// JavaScript routines) are recognized in MySQL mode from ServerVersion 90000
// when the "$" starts a token.
package sqlsplit
