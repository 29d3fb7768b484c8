package querylog

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Digest normalises a statement for de-duplication:
//
//   - string, number, hexadecimal and bit literals become "?" (a
//     character-set introducer or N prefix, and a minus sign directly in
//     front of a number where it can only be a sign, belong to the literal);
//     "?" placeholders stay "?";
//   - a list of literals "IN (1, 2, 3)" becomes "IN (?+)", and rows of
//     literals "VALUES (1, 'a'), (2, 'b')" become "VALUES (?, ?)+";
//   - comments are dropped, except optimizer hints /*+ … */, comments that
//     hold "collint:" (suppressions) and the executable comments /*!NNNNN …
//     */ and /*M! … */ whose text MySQL runs (their content is digested);
//   - whitespace becomes one space between tokens (none after "(" and
//     around "." or before "," and ")");
//   - reserved words, and the names of common built-in functions when a "("
//     follows, are upper-cased; other identifiers keep their case (table
//     names are case-sensitive on most servers).
//
// Two statements with the same digest (and database) get the same lint
// verdicts except where a verdict depends on a literal's value; see Shape
// and Key.
func Digest(sql string) string {
	d, _ := shape(sql, false)
	return d
}

// Shape returns the Digest of sql and the texts of its literals in order
// (including those collapsed in lists), "?" for a placeholder. A string
// literal is returned as written, quotes and introducer included.
func Shape(sql string) (digest string, literals []string) {
	d, lits := shape(sql, true)
	if len(lits) == 0 {
		return d, nil
	}
	out := make([]string, len(lits))
	for i, l := range lits {
		out[i] = l.text
	}
	return d, out
}

// Key returns a de-duplication key: the Digest followed by the Class of each
// literal, where a collapsed IN list contributes the set of its classes and
// collapsed VALUES rows the set of classes of each column, so that lists of
// any length with the same kinds of values share a key. Statements with the
// same key (and database) get the same verdicts except where a verdict
// depends on more of a literal's value than its Class tells (which strings
// a non-Unicode character set can encode, whether a date is valid, whether
// a decimal overflows a column); keying on Shape's literals instead is exact.
func Key(sql string) string {
	d, lits := shape(sql, true)
	if len(lits) == 0 {
		return d
	}
	b := make([]byte, 0, len(d)+4*len(lits)+8)
	b = append(b, d...)
	b = append(b, " \x1f"...)
	var scratch []byte
	var cls []string
	for i := 0; i < len(lits); {
		if i > 0 {
			b = append(b, ',')
		}
		g := lits[i].group
		if g == 0 {
			b = appendClass(b, lits[i].text)
			i++
			continue
		}
		j := i
		for j < len(lits) && lits[j].group == g {
			j++
		}
		w := lits[i].width
		b = append(b, '[')
		for c := 0; c < w; c++ {
			if c > 0 {
				b = append(b, ';')
			}
			// the distinct classes of column c, sorted
			cls = cls[:0]
			for k := i + c; k < j; k += w {
				scratch = appendClass(scratch[:0], lits[k].text)
				if !containsBytes(cls, scratch) {
					cls = append(cls, string(scratch))
				}
			}
			sort.Strings(cls)
			for n, c := range cls {
				if n > 0 {
					b = append(b, '|')
				}
				b = append(b, c...)
			}
		}
		b = append(b, ']')
		i = j
	}
	return string(b)
}

func containsBytes(list []string, b []byte) bool {
	for _, s := range list {
		if s == string(b) {
			return true
		}
	}
	return false
}

// Class is a coarse class of a literal as returned by Shape:
//
//	?                      a placeholder
//	i<n>, -i<n>            an integer with n digits
//	d<n>.<m>, -d<n>.<m>    a decimal with n integer and m fraction digits
//	f, -f                  a float (with an exponent)
//	x, b [<introducer>]     a hexadecimal or bit value
//	s[<introducer>]:<flags> a string; introducer "_latin1", "N", …; flags:
//	                       a = ASCII only, l = up to U+00FF, u = up to U+FFFF,
//	                       U = beyond, ! = not UTF-8; n = reads as a number;
//	                       t = reads as a date/time; e = empty
func Class(lit string) string { return string(appendClass(nil, lit)) }

func appendClass(b []byte, lit string) []byte {
	if lit == "?" {
		return append(b, '?')
	}
	if lit == "" {
		return b
	}
	c := lit[0]
	switch {
	case c == '-' || c == '.' || isDigit(c):
		if len(lit) > 1 && lit[0] == '0' && (lit[1] == 'x' || lit[1] == 'X') {
			return append(b, 'x')
		}
		if len(lit) > 1 && lit[0] == '0' && lit[1] == 'b' {
			return append(b, 'b')
		}
		t := lit
		if t[0] == '-' {
			b = append(b, '-')
			t = strings.TrimLeft(t[1:], " \t\r\n")
		}
		if strings.ContainsAny(t, "eE") {
			return append(b, 'f')
		}
		if i := strings.IndexByte(t, '.'); i >= 0 {
			b = append(b, 'd')
			b = strconv.AppendInt(b, int64(i), 10)
			b = append(b, '.')
			return strconv.AppendInt(b, int64(len(t)-i-1), 10)
		}
		b = append(b, 'i')
		return strconv.AppendInt(b, int64(len(t)), 10)
	}
	// strings, hex and bit literals, possibly with an introducer
	intro := ""
	t := lit
	if t[0] == '_' {
		i := strings.IndexAny(t, "'\" \t\r\n")
		if i < 0 {
			return append(b, 's')
		}
		intro = t[:i]
		t = strings.TrimLeft(t[i:], " \t\r\n")
	}
	if len(t) >= 2 {
		switch t[0] {
		case 'x', 'X':
			if t[1] == '\'' {
				return append(append(b, 'x'), intro...)
			}
		case 'b', 'B':
			if t[1] == '\'' {
				return append(append(b, 'b'), intro...)
			}
		case 'n', 'N':
			if t[1] == '\'' {
				intro, t = "N", t[1:]
			}
		case '0':
			if t[1] == 'x' {
				return append(append(b, 'x'), intro...)
			}
			if t[1] == 'b' {
				return append(append(b, 'b'), intro...)
			}
		}
	}
	v := unquote(t)
	b = append(b, 's')
	b = append(b, intro...)
	b = append(b, ':')
	rng := byte('a')
	if !utf8.ValidString(v) {
		rng = '!'
	} else {
		for _, r := range v {
			switch {
			case r > 0xFFFF:
				rng = 'U'
			case r > 0xFF && rng != 'U':
				rng = 'u'
			case r >= 0x80 && rng == 'a':
				rng = 'l'
			}
		}
	}
	b = append(b, rng)
	tv := strings.TrimSpace(v)
	if tv == "" {
		return append(b, 'e')
	}
	if looksNumeric(tv) {
		b = append(b, 'n')
	}
	if looksTemporal(tv) {
		b = append(b, 't')
	}
	return b
}

// unquote returns the value of a quoted string literal (escapes applied).
func unquote(t string) string {
	if len(t) < 2 {
		return t
	}
	q := t[0]
	if q != '\'' && q != '"' {
		return t
	}
	body := t[1:]
	if strings.HasSuffix(body, string(q)) {
		body = body[:len(body)-1]
	}
	if !strings.ContainsAny(body, "\\"+string(q)) {
		return body
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == '\\' && i+1 < len(body) {
			i++
			switch body[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '0':
				b.WriteByte(0)
			case 'b':
				b.WriteByte('\b')
			case 'Z':
				b.WriteByte(26)
			default:
				b.WriteByte(body[i])
			}
			continue
		}
		if c == q && i+1 < len(body) && body[i+1] == q {
			i++
		}
		b.WriteByte(c)
	}
	return b.String()
}

func looksNumeric(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && isDigit(s[i]) {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	return i == len(s)
}

// looksTemporal: digits in at least three groups separated by punctuation
// or "T"/space, or a run of 6, 8, 12 or 14 digits.
func looksTemporal(s string) bool {
	groups, digits, all := 0, 0, true
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			digits++
			if !in {
				groups++
				in = true
			}
		case c == 'T' || c == ' ' || (c >= '!' && c <= '/') || c == ':':
			all = false
			in = false
		default:
			return false
		}
	}
	if all {
		return digits == 6 || digits == 8 || digits == 12 || digits == 14
	}
	return groups >= 3
}

type tokKind uint8

const (
	tkWord tokKind = iota
	tkQIdent
	tkLiteral // string, number, hex, bit (after folding)
	tkParam   // ?
	tkVar     // @x, @@x
	tkOp
	tkExecOpen  // /*!NNNNN or /*M!
	tkExecClose // the */ of an executable comment
	tkKeep      // a comment kept verbatim
)

type token struct {
	kind       tokKind
	start, end int  // in the statement
	space      bool // whitespace or a comment before it
}

type lit struct {
	text  string
	group int // 0, or the collapsed list it belongs to
	width int // items per row of the list
}

var tokPool = sync.Pool{New: func() any { s := make([]token, 0, 128); return &s }}

// shape digests sql; with wantLits it also returns the literals.
func shape(sql string, wantLits bool) (string, []lit) {
	tp := tokPool.Get().(*[]token)
	toks := lex(sql, (*tp)[:0])
	toks = fold(sql, toks)
	out := make([]byte, 0, len(sql))
	var lits []lit
	group := 0
	addLit := func(t token, g, w int) {
		if wantLits {
			if t.kind == tkParam {
				lits = append(lits, lit{"?", g, w})
			} else {
				lits = append(lits, lit{sql[t.start:t.end], g, w})
			}
		}
	}
	var prev *token
	prevKW := false // prev is a reserved word (not after ".")
	emit := func(s string, t *token, kw bool) {
		if len(out) > 0 && needSpace(out, s, prev, prevKW) {
			out = append(out, ' ')
		}
		out = append(out, s...)
		prev, prevKW = t, kw
	}
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		text := sql[t.start:t.end]
		switch t.kind {
		case tkLiteral, tkParam:
			addLit(*t, 0, 0)
			emit("?", t, false)
		case tkWord:
			afterDot := prev != nil && prev.kind == tkOp && sql[prev.start:prev.end] == "."
			if afterDot {
				emit(text, t, false)
				continue
			}
			up, kw, res := keyword(text, i+1 < len(toks) && isOpenParen(sql, toks[i+1]))
			if kw && (up == "IN" || up == "VALUES" || up == "VALUE") {
				if n, w := literalRows(sql, toks[i+1:], up == "IN"); n > 0 {
					group++
					emit(up, t, true)
					if up == "IN" {
						emit("(", &toks[i+1], false)
						emit("?+", &toks[i+1], false)
						emit(")", &toks[i+n], false)
					} else {
						emit("(", &toks[i+1], false)
						for c := 0; c < w; c++ {
							if c > 0 {
								emit(",", &toks[i+1], false)
							}
							emit("?", &toks[i+1], false)
						}
						emit(")+", &toks[i+n], false)
					}
					for _, x := range toks[i+1 : i+1+n] {
						if x.kind == tkLiteral || x.kind == tkParam {
							addLit(x, group, max(w, 1))
						}
					}
					i += n
					continue
				}
			}
			if kw {
				emit(up, t, res)
			} else {
				emit(text, t, false)
			}
		default:
			emit(text, t, false)
		}
	}
	if cap(toks) <= 1<<14 { // do not keep the tokens of a huge statement
		*tp = toks[:0]
		tokPool.Put(tp)
	}
	return string(out), lits
}

func isOpenParen(sql string, t token) bool {
	return t.kind == tkOp && t.end-t.start == 1 && sql[t.start] == '('
}

// literalRows matches "(" lit {"," lit} ")" (IN) or rows of those
// separated by "," (VALUES, all rows as wide as the first) at the start of
// toks. It returns the number of tokens matched and the row width, n == 0
// if there is no match.
func literalRows(sql string, toks []token, single bool) (n, width int) {
	isOp := func(i int, s string) bool {
		return i < len(toks) && toks[i].kind == tkOp && sql[toks[i].start:toks[i].end] == s
	}
	isLit := func(i int) bool {
		return i < len(toks) && (toks[i].kind == tkLiteral || toks[i].kind == tkParam)
	}
	i := 0
	for {
		if !isOp(i, "(") {
			return 0, 0
		}
		i++
		w := 0
		for {
			if !isLit(i) {
				return 0, 0
			}
			i++
			w++
			if isOp(i, ",") {
				i++
				continue
			}
			if isOp(i, ")") {
				i++
				break
			}
			return 0, 0
		}
		if width == 0 {
			width = w
		} else if w != width {
			return 0, 0
		}
		if single || !isOp(i, ",") || !isOp(i+1, "(") {
			if single {
				return i, 1
			}
			return i, width
		}
		i++
	}
}

// needSpace decides the separator between the output so far and s.
func needSpace(out []byte, s string, prev *token, prevKW bool) bool {
	last := out[len(out)-1]
	switch s[0] {
	case ',', ')', ';', '.':
		return false
	}
	if last == '(' || last == '.' {
		return false
	}
	if s == "(" && prev != nil && (prev.kind == tkWord || prev.kind == tkQIdent) && !prevKW {
		return false // a function call or a column list
	}
	return true
}

// keyword returns the upper-cased word and kw == true if w is a reserved
// word, or a built-in function name and call is set (a "(" follows).
func keyword(w string, call bool) (up string, kw, reserved bool) {
	if len(w) > 24 || len(w) < 2 {
		return w, false, false
	}
	var buf [24]byte
	b := buf[:len(w)]
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		b[i] = c
	}
	k, ok := keywords[string(b)]
	if !ok || (!k.reserved && !call) {
		return w, false, false
	}
	return k.name, true, k.reserved
}

type kwInfo struct {
	name     string
	reserved bool // else a built-in function
}

var keywords = func() map[string]kwInfo {
	m := map[string]kwInfo{}
	for _, w := range strings.Fields(builtinWords) {
		m[w] = kwInfo{w, false}
	}
	for _, w := range strings.Fields(reservedWords) {
		m[w] = kwInfo{w, true}
	}
	return m
}()

func isReserved(word string) bool {
	_, _, r := keyword(word, false)
	return r
}

// reserved holds MySQL's reserved words (those that cannot be unquoted
// identifiers) plus a few non-reserved ones that are used as keywords in
// DML far more often than as names.
const reservedWords = `ACCESSIBLE ADD ALL ALTER ANALYZE AND AS ASC ASENSITIVE BEFORE BETWEEN BIGINT BINARY BLOB BOTH BY
CALL CASCADE CASE CHANGE CHAR CHARACTER CHECK COLLATE COLUMN CONDITION CONSTRAINT CONTINUE CONVERT CREATE CROSS
CUBE CUME_DIST CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER CURSOR DATABASE DATABASES DAY_HOUR
DAY_MICROSECOND DAY_MINUTE DAY_SECOND DEC DECIMAL DECLARE DEFAULT DELAYED DELETE DENSE_RANK DESC DESCRIBE
DETERMINISTIC DISTINCT DISTINCTROW DIV DOUBLE DROP DUAL EACH ELSE ELSEIF EMPTY ENCLOSED ESCAPED EXCEPT EXISTS EXIT
EXPLAIN FALSE FETCH FIRST_VALUE FLOAT FLOAT4 FLOAT8 FOR FORCE FOREIGN FROM FULLTEXT FUNCTION GENERATED GET GRANT
GROUP GROUPING GROUPS HAVING HIGH_PRIORITY HOUR_MICROSECOND HOUR_MINUTE HOUR_SECOND IF IGNORE IN INDEX INFILE
INNER INOUT INSENSITIVE INSERT INT INT1 INT2 INT3 INT4 INT8 INTEGER INTERSECT INTERVAL INTO IS ITERATE JOIN
JSON_TABLE KEY KEYS KILL LAG LAST_VALUE LATERAL LEAD LEADING LEAVE LEFT LIKE LIMIT LINEAR LINES LOAD LOCALTIME
LOCALTIMESTAMP LOCK LONG LONGBLOB LONGTEXT LOOP LOW_PRIORITY MATCH MAXVALUE MEDIUMBLOB MEDIUMINT MEDIUMTEXT
MIDDLEINT MINUTE_MICROSECOND MINUTE_SECOND MOD MODIFIES NATURAL NOT NO_WRITE_TO_BINLOG NTH_VALUE NTILE NULL NUMERIC
OF ON OPTIMIZE OPTIMIZER_COSTS OPTION OPTIONALLY OR ORDER OUT OUTER OUTFILE OVER PARTITION PERCENT_RANK PRECISION
PRIMARY PROCEDURE PURGE RANGE RANK READ READS READ_WRITE REAL RECURSIVE REFERENCES REGEXP RELEASE RENAME REPEAT
REPLACE REQUIRE RESIGNAL RESTRICT RETURN REVOKE RIGHT RLIKE ROW ROWS ROW_NUMBER SCHEMA SCHEMAS SECOND_MICROSECOND
SELECT SENSITIVE SEPARATOR SET SHOW SIGNAL SMALLINT SPATIAL SPECIFIC SQL SQLEXCEPTION SQLSTATE SQLWARNING
SQL_BIG_RESULT SQL_CALC_FOUND_ROWS SQL_SMALL_RESULT SSL STARTING STORED STRAIGHT_JOIN SYSTEM TABLE TERMINATED THEN
TINYBLOB TINYINT TINYTEXT TO TRAILING TRIGGER TRUE UNDO UNION UNIQUE UNLOCK UNSIGNED UPDATE USAGE USE USING
UTC_DATE UTC_TIME UTC_TIMESTAMP VALUES VARBINARY VARCHAR VARCHARACTER VARYING VIRTUAL WHEN WHERE WHILE WINDOW WITH
WRITE XOR YEAR_MONTH ZEROFILL
VALUE OFFSET ESCAPE DUPLICATE SHARE MODE NOWAIT SKIP LOCKED SOUNDS UNKNOWN`

// builtins are common built-in function names, upper-cased when called.
const builtinWords = `ABS AVG BIT_LENGTH CAST CEIL CEILING CHAR_LENGTH CHARSET COALESCE COERCIBILITY COLLATION CONCAT
CONCAT_WS COUNT CURDATE CURTIME DATE DATE_ADD DATE_FORMAT DATE_SUB DATEDIFF DAY DAYOFWEEK FIELD FIND_IN_SET FLOOR
FORMAT FROM_UNIXTIME GREATEST GROUP_CONCAT HEX HOUR IFNULL INSTR ISNULL JSON_EXTRACT JSON_UNQUOTE LAST_INSERT_ID
LCASE LEAST LENGTH LOCATE LOWER LPAD LTRIM MAX MD5 MIN MINUTE MONTH NOW NULLIF POSITION RAND ROUND RPAD RTRIM SHA1
SHA2 STR_TO_DATE SUBSTR SUBSTRING SUBSTRING_INDEX SUM SYSDATE TIME TIMESTAMP TIMESTAMPDIFF TRIM TRUNCATE UCASE
UNHEX UNIX_TIMESTAMP UPPER UUID WEEK WEIGHT_STRING YEAR`

// lex splits sql into tokens, dropping whitespace and ordinary comments.
func lex(sql string, toks []token) []token {
	space := false
	inExec := false
	n := len(sql)
	for i := 0; i < n; {
		c := sql[i]
		start := i
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
			space = true
			continue
		case c == '#':
			i = lineEndStr(sql, i)
			space = true
			continue
		case c == '-' && i+1 < n && sql[i+1] == '-' && (i+2 == n || sql[i+2] <= ' '):
			if strings.Contains(sql[i:lineEndStr(sql, i)], "collint:") {
				i = lineEndStr(sql, i)
				toks = append(toks, token{tkKeep, start, i, space})
				space = true
				continue
			}
			i = lineEndStr(sql, i)
			space = true
			continue
		case c == '/' && i+1 < n && sql[i+1] == '*':
			if i+2 < n && (sql[i+2] == '!' || (sql[i+2] == 'M' && i+3 < n && sql[i+3] == '!')) && !inExec {
				i += 3
				if sql[i-1] == 'M' {
					i++
				}
				for i < n && isDigit(sql[i]) {
					i++
				}
				toks = append(toks, token{tkExecOpen, start, i, space})
				inExec, space = true, false
				continue
			}
			end := strings.Index(sql[i+2:], "*/")
			if end < 0 {
				end = n
			} else {
				end += i + 4
			}
			if (i+2 < n && sql[i+2] == '+') || strings.Contains(sql[i:end], "collint:") {
				toks = append(toks, token{tkKeep, start, end, space})
			}
			i = end
			space = true
			continue
		case c == '*' && inExec && i+1 < n && sql[i+1] == '/':
			i += 2
			toks = append(toks, token{tkExecClose, start, i, space})
			inExec, space = false, false
			continue
		case c == '\'' || c == '"':
			i = skipQuoted(sql, i, c, true)
			toks = append(toks, token{tkLiteral, start, i, space})
		case c == '`':
			i = skipQuoted(sql, i, c, false)
			toks = append(toks, token{tkQIdent, start, i, space})
		case c == '?':
			i++
			toks = append(toks, token{tkParam, start, i, space})
		case c == '@':
			i++
			if i < n && sql[i] == '@' {
				i++
			}
			if i < n && (sql[i] == '\'' || sql[i] == '"' || sql[i] == '`') {
				i = skipQuoted(sql, i, sql[i], sql[i] != '`')
			} else {
				for i < n && (isIdent(sql[i]) || sql[i] == '.') {
					i++
				}
			}
			toks = append(toks, token{tkVar, start, i, space})
		case isDigit(c) || (c == '.' && i+1 < n && isDigit(sql[i+1]) && !afterName(toks)):
			kind, end := lexNumber(sql, i)
			i = end
			toks = append(toks, token{kind, start, i, space})
		case isIdent(c):
			if (c == 'x' || c == 'X' || c == 'b' || c == 'B' || c == 'n' || c == 'N') && i+1 < n && sql[i+1] == '\'' {
				i = skipQuoted(sql, i+1, '\'', c == 'n' || c == 'N')
				toks = append(toks, token{tkLiteral, start, i, space})
				break
			}
			for i < n && isIdent(sql[i]) {
				i++
			}
			toks = append(toks, token{tkWord, start, i, space})
		default:
			i += opLen(sql[i:])
			toks = append(toks, token{tkOp, start, i, space})
		}
		space = false
	}
	return toks
}

// afterName: the token before is a name or ")" (so ".5" is not a number).
func afterName(toks []token) bool {
	if len(toks) == 0 {
		return false
	}
	switch toks[len(toks)-1].kind {
	case tkWord, tkQIdent, tkVar:
		return true
	}
	return false
}

func lineEndStr(s string, i int) int {
	k := strings.IndexByte(s[i:], '\n')
	if k < 0 {
		return len(s)
	}
	return i + k
}

func isIdent(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_' || c == '$' || c >= 0x80
}

// skipQuoted returns the end of the quoted text starting at s[i] == q.
func skipQuoted(s string, i int, q byte, escapes bool) int {
	n := len(s)
	i++
	for i < n {
		c := s[i]
		if c == '\\' && escapes {
			i += 2
			continue
		}
		if c == q {
			if i+1 < n && s[i+1] == q {
				i += 2
				continue
			}
			return i + 1
		}
		i++
	}
	return n
}

// lexNumber scans a number at s[i]; a run like "1abc" is a word.
func lexNumber(s string, i int) (tokKind, int) {
	n := len(s)
	if s[i] == '0' && i+1 < n && (s[i+1] == 'x' || s[i+1] == 'b') {
		j := i + 2
		for j < n && isIdent(s[j]) {
			j++
		}
		ok := j > i+2
		for _, c := range []byte(s[i+2 : j]) {
			if s[i+1] == 'x' && !(isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') || s[i+1] == 'b' && c != '0' && c != '1' {
				ok = false
			}
		}
		if ok {
			return tkLiteral, j
		}
		return tkWord, j
	}
	for i < n && isDigit(s[i]) {
		i++
	}
	dot := false
	if i < n && s[i] == '.' {
		dot = true
		i++
		for i < n && isDigit(s[i]) {
			i++
		}
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < n && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < n && isDigit(s[j]) {
			for j < n && isDigit(s[j]) {
				j++
			}
			i = j
		}
	}
	if !dot && i < n && isIdent(s[i]) {
		for i < n && isIdent(s[i]) {
			i++
		}
		return tkWord, i
	}
	return tkLiteral, i
}

// opLen is the length of the operator at the start of s: <=> ->> <= >= <>
// != || && << >> := -> or one character.
func opLen(s string) int {
	c := s[0]
	if c >= utf8.RuneSelf {
		_, size := utf8.DecodeRuneInString(s)
		return size
	}
	if len(s) == 1 {
		return 1
	}
	d := s[1]
	switch c {
	case '<':
		if d == '=' && len(s) > 2 && s[2] == '>' {
			return 3
		}
		if d == '=' || d == '>' || d == '<' {
			return 2
		}
	case '-':
		if d == '>' {
			if len(s) > 2 && s[2] == '>' {
				return 3
			}
			return 2
		}
	case '>':
		if d == '=' || d == '>' {
			return 2
		}
	case '!', ':':
		if d == '=' {
			return 2
		}
	case '|', '&':
		if d == c {
			return 2
		}
	}
	return 1
}

// fold merges an introducer with the literal after it and a sign with the
// number after it when the "-" cannot be a binary minus.
func fold(sql string, toks []token) []token {
	out := toks[:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind == tkWord && sql[t.start] == '_' && i+1 < len(toks) && toks[i+1].kind == tkLiteral && isStringish(sql, toks[i+1]) {
			t.kind, t.end = tkLiteral, toks[i+1].end
			i++
		} else if t.kind == tkOp && t.end-t.start == 1 && sql[t.start] == '-' && i+1 < len(toks) &&
			toks[i+1].kind == tkLiteral && !toks[i+1].space && isNumberTok(sql, toks[i+1]) && signPosition(sql, out) {
			t.kind, t.end = tkLiteral, toks[i+1].end
			i++
		}
		out = append(out, t)
	}
	return out
}

func isStringish(sql string, t token) bool {
	c := sql[t.start]
	return c == '\'' || c == '"' || ((c == 'x' || c == 'X' || c == 'b' || c == 'B') && t.start+1 < t.end && sql[t.start+1] == '\'') ||
		(c == '0' && t.start+1 < t.end && (sql[t.start+1] == 'x' || sql[t.start+1] == 'b'))
}

func isNumberTok(sql string, t token) bool {
	c := sql[t.start]
	return isDigit(c) || c == '.'
}

// signPosition: a "-" after these tokens is a sign, not a subtraction.
func signPosition(sql string, before []token) bool {
	if len(before) == 0 {
		return true
	}
	p := before[len(before)-1]
	switch p.kind {
	case tkOp:
		s := sql[p.start:p.end]
		return s != ")" && s != "."
	case tkWord:
		return isReserved(sql[p.start:p.end])
	case tkExecOpen, tkKeep:
		return true
	}
	return false
}

// Literal is one literal of a statement, as Literals returns it.
type Literal struct {
	Text  string // as written (quotes and introducer included), "?" for a placeholder
	List  int    // 0, or the 1-based number of the collapsed IN/VALUES list holding it
	Width int    // items per row of that list (1 for IN)
}

// Literals returns the Digest of sql and its literals in order, with the
// collapsed list each belongs to, so that a caller can build its own
// de-duplication key (see Key for the one this package offers).
func Literals(sql string) (digest string, lits []Literal) {
	d, ls := shape(sql, true)
	if len(ls) == 0 {
		return d, nil
	}
	out := make([]Literal, len(ls))
	for i, l := range ls {
		out[i] = Literal{Text: l.text, List: l.group, Width: l.width}
	}
	return d, out
}

// StringValue returns the value of a string literal as returned by Shape
// or Literals: introducer and quotes removed, escapes applied. ok is false
// for numbers, hexadecimal and bit values and placeholders.
func StringValue(lit string) (v string, ok bool) {
	t := lit
	if strings.HasPrefix(t, "_") {
		i := strings.IndexAny(t, "'\"")
		if i < 0 {
			return "", false
		}
		t = t[i:]
	} else if len(t) >= 2 && (t[0] == 'n' || t[0] == 'N') && t[1] == '\'' {
		t = t[1:]
	}
	if len(t) < 2 || (t[0] != '\'' && t[0] != '"') {
		return "", false
	}
	return unquote(t), true
}
