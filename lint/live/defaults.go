package live

import (
	"bufio"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// EnvDSN is the environment variable read when --dsn is not given.
const EnvDSN = "COLLINT_DSN"

// ResolveDSN returns the DSN to use: flagDSN if set, else $COLLINT_DSN,
// else one built from the [client] (and [collint]) groups of a
// my.cnf-format defaultsFile (user, password, host, port, socket,
// database; quotes, comments, !include/!includedir as the mysql client
// reads them). "" when none.
//
// Errors name the file and line, never a value: a password is never
// echoed.
func ResolveDSN(flagDSN, defaultsFile string) (string, error) {
	if flagDSN != "" {
		return flagDSN, nil
	}
	if v := strings.TrimSpace(os.Getenv(EnvDSN)); v != "" {
		return v, nil
	}
	if defaultsFile == "" {
		return "", nil
	}
	opts, err := ReadDefaults(defaultsFile, "client", "collint")
	if err != nil {
		return "", err
	}
	return opts.DSN(), nil
}

// Defaults are the connection options read from option files.
type Defaults struct {
	User, Password, Host, Port, Socket, Database string
	// HasPassword tells an empty password (password=) from none.
	HasPassword bool
}

// DSN turns the options into a DSN ParseDSN reads: a mysql:// URL over
// TCP (so that any password survives, percent-encoded), a go-sql-driver
// unix(socket) DSN for a socket. Like the mysql client, host "localhost"
// (or none) with a socket means the socket; without a socket it means
// 127.0.0.1 over TCP.
func (d *Defaults) DSN() string {
	host := d.Host
	if d.Socket != "" && (host == "" || host == "localhost") {
		cfg := mysql.NewConfig()
		cfg.User, cfg.Passwd, cfg.Net, cfg.Addr, cfg.DBName = d.User, d.Password, "unix", d.Socket, d.Database
		return cfg.FormatDSN()
	}
	if host == "" || host == "localhost" {
		host = "127.0.0.1"
	}
	port := d.Port
	if port == "" {
		port = "3306"
	}
	u := url.URL{Scheme: "mysql", Host: net.JoinHostPort(host, port), Path: "/" + d.Database}
	switch {
	case d.HasPassword:
		u.User = url.UserPassword(d.User, d.Password)
	case d.User != "":
		u.User = url.User(d.User)
	}
	return u.String()
}

// DefaultsError is a problem in an option file, positioned; it never
// quotes the line (it may hold a password).
type DefaultsError struct {
	File string
	Line int
	Msg  string
}

func (e *DefaultsError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// ReadDefaults reads the options of the given groups from a my.cnf-format
// file, later groups and later lines overriding earlier ones, as the
// mysql client does: "[group]" headers, "name=value" or "name = value",
// "#" and ";" comment lines, "#" comments after a value, single- or
// double-quoted values with \n \t \r \b \s \\ \' \" escapes, option names
// with "-" or "_" and a "loose-" prefix, "!include FILE" and
// "!includedir DIR" (its *.cnf files in name order; relative paths are
// taken from the including file's directory).
func ReadDefaults(path string, groups ...string) (*Defaults, error) {
	want := map[string]int{}
	for i, g := range groups {
		want[strings.ToLower(g)] = i
	}
	// values per group, so that [collint] overrides [client] wherever it
	// appears
	vals := make([]map[string]string, len(groups))
	for i := range vals {
		vals[i] = map[string]string{}
	}
	if err := readOptionFile(path, want, vals, 0); err != nil {
		return nil, err
	}
	d := &Defaults{}
	for _, m := range vals {
		for k, v := range m {
			switch k {
			case "user":
				d.User = v
			case "password":
				d.Password, d.HasPassword = v, true
			case "host":
				d.Host = v
			case "port":
				d.Port = v
			case "socket":
				d.Socket = v
			case "database":
				d.Database = v
			}
		}
	}
	return d, nil
}

func readOptionFile(path string, want map[string]int, vals []map[string]string, depth int) error {
	if depth > 10 {
		return &DefaultsError{File: path, Msg: "!include nested too deeply"}
	}
	f, err := os.Open(path)
	if err != nil {
		return &DefaultsError{File: path, Msg: "cannot read the option file: " + pathError(err)}
	}
	defer f.Close()
	group := -1
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if line == 1 {
			s = strings.TrimPrefix(s, "\ufeff")
		}
		switch {
		case s == "" || s[0] == '#' || s[0] == ';':
			continue
		case strings.HasPrefix(s, "!include"):
			dir := strings.HasPrefix(s, "!includedir")
			arg := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s, "!includedir"), "!include"))
			if arg == "" {
				return &DefaultsError{File: path, Line: line, Msg: "!include needs a path"}
			}
			if !filepath.IsAbs(arg) {
				arg = filepath.Join(filepath.Dir(path), arg)
			}
			if !dir {
				if err := readOptionFile(arg, want, vals, depth+1); err != nil {
					if de, ok := err.(*DefaultsError); ok && de.Line == 0 {
						return &DefaultsError{File: path, Line: line, Msg: "!include " + de.Error()}
					}
					return err
				}
				continue
			}
			entries, err := os.ReadDir(arg)
			if err != nil {
				return &DefaultsError{File: path, Line: line, Msg: "!includedir: " + pathError(err)}
			}
			names := []string{}
			for _, e := range entries {
				if !e.IsDir() && strings.HasSuffix(e.Name(), ".cnf") {
					names = append(names, e.Name())
				}
			}
			sort.Strings(names)
			for _, n := range names {
				if err := readOptionFile(filepath.Join(arg, n), want, vals, depth+1); err != nil {
					return err
				}
			}
			continue
		case s[0] == '[':
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return &DefaultsError{File: path, Line: line, Msg: "group header without ']'"}
			}
			g, ok := want[strings.ToLower(strings.TrimSpace(s[1:end]))]
			group = -1
			if ok {
				group = g
			}
			continue
		}
		if group < 0 {
			continue // another program's group, or options before any group
		}
		name, value, hasValue := strings.Cut(s, "=")
		name = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), "_", "-")
		name = strings.TrimPrefix(name, "loose-")
		if name == "" {
			return &DefaultsError{File: path, Line: line, Msg: "option without a name"}
		}
		v := ""
		if hasValue {
			var err error
			if v, err = optionValue(value); err != nil {
				return &DefaultsError{File: path, Line: line, Msg: "option " + name + ": " + err.Error()}
			}
		}
		if name == "password" && !hasValue {
			continue // the mysql client would prompt: nothing to use here
		}
		vals[group][name] = v
	}
	if err := sc.Err(); err != nil {
		return &DefaultsError{File: path, Line: line, Msg: "cannot read the option file: " + err.Error()}
	}
	return nil
}

// optionValue unquotes a value: a quoted value ends at its closing quote
// (a "#" after it starts a comment); an unquoted one at a "#" and loses its
// surrounding blanks. Escapes are read in both.
func optionValue(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	var b strings.Builder
	quote := byte(0)
	if s != "" && (s[0] == '\'' || s[0] == '"') {
		quote = s[0]
		s = s[1:]
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			rest := strings.TrimSpace(s[i+1:])
			if rest != "" && rest[0] != '#' {
				return "", fmt.Errorf("text after the closing quote")
			}
			return b.String(), nil
		case quote == 0 && c == '#':
			return strings.TrimSpace(b.String()), nil
		case c == '\\' && i+1 < len(s):
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'b':
				b.WriteByte('\b')
			case 's':
				b.WriteByte(' ')
			case '\\', '\'', '"':
				b.WriteByte(s[i])
			default:
				b.WriteByte('\\')
				b.WriteByte(s[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	if quote != 0 {
		return "", fmt.Errorf("unterminated quoted value")
	}
	return strings.TrimSpace(b.String()), nil
}

// pathError is an os error without the operation prefix repeated.
func pathError(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}
