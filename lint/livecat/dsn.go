package livecat

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

// IsDSN reports whether a command-line source names a server rather than a
// schema path: a URL (mysql://… or mariadb://…), or a go-sql-driver/mysql
// DSN (user[:password]@[tcp(host:port)]/[db]) that is not an existing path.
func IsDSN(s string) bool {
	if strings.HasPrefix(s, "mysql://") || strings.HasPrefix(s, "mariadb://") {
		return true
	}
	if _, err := os.Stat(s); err == nil {
		return false
	}
	if driverDSN.MatchString(s) {
		return true
	}
	// a password may hold @ and /, which the shape above excludes: the
	// driver reads up to the last / and the last @ before it
	cfg, err := mysql.ParseDSN(s)
	return err == nil && strings.Contains(s, "@") && cfg.User != ""
}

// driverDSN is the shape of a go-sql-driver/mysql DSN with a user:
// user[:password]@[net[(addr)]]/[dbname][?params].
var driverDSN = regexp.MustCompile(`^[^@/]*@([a-z0-9]+(\([^)]*\))?)?/[^/]*$`)

// ParseDSN reads either form of IsDSN into a driver configuration.
//
//	mysql://user[:password]@host[:port]/[database][?param=value&…]
//	user[:password]@tcp(host:port)/[database][?param=value&…]
//
// The port defaults to 3306. Without a password in the DSN, the MYSQL_PWD
// environment variable is used, as the mysql client does. An empty
// database means every database but the system ones.
func ParseDSN(s string) (*mysql.Config, error) {
	var cfg *mysql.Config
	if strings.HasPrefix(s, "mysql://") || strings.HasPrefix(s, "mariadb://") {
		u, err := url.Parse(s)
		if err != nil {
			// url.Error quotes the URL cut at '#' or '?', where the
			// password may be cut too: say what is wrong without it
			return nil, fmt.Errorf("DSN %s: not a valid URL (percent-encode @ : / # ? %% in a password: %%40 %%3A %%2F %%23 %%3F %%25)", Redact(s))
		}
		cfg = mysql.NewConfig()
		cfg.Net = "tcp"
		cfg.Addr = u.Host
		if cfg.Addr == "" {
			cfg.Addr = "127.0.0.1"
		}
		if _, _, err := net.SplitHostPort(cfg.Addr); err != nil {
			cfg.Addr = net.JoinHostPort(strings.Trim(cfg.Addr, "[]"), "3306")
		}
		if u.User != nil {
			cfg.User = u.User.Username()
			cfg.Passwd, _ = u.User.Password()
		}
		cfg.DBName = strings.TrimPrefix(u.Path, "/")
		if q := u.Query(); len(q) > 0 {
			cfg.Params = map[string]string{}
			for k := range q {
				if err := applyParam(cfg, k, q.Get(k)); err != nil {
					return nil, fmt.Errorf("DSN %s: %v", Redact(s), err)
				}
			}
		}
	} else {
		var err error
		cfg, err = mysql.ParseDSN(s)
		if err != nil {
			return nil, fmt.Errorf("DSN %s: %v", Redact(s), stripDSN(err, s))
		}
	}
	if cfg.Passwd == "" {
		cfg.Passwd = os.Getenv("MYSQL_PWD")
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
	cfg.Logger = nopLogger{}
	return cfg, nil
}

// applyParam sets a URL query parameter the way the driver's DSN would.
func applyParam(cfg *mysql.Config, k, v string) error {
	probe, err := mysql.ParseDSN("/?" + url.QueryEscape(k) + "=" + url.QueryEscape(v))
	if err != nil {
		return err
	}
	switch k {
	case "tls":
		cfg.TLSConfig = probe.TLSConfig
	case "timeout":
		cfg.Timeout = probe.Timeout
	case "readTimeout":
		cfg.ReadTimeout = probe.ReadTimeout
	case "allowNativePasswords":
		cfg.AllowNativePasswords = probe.AllowNativePasswords
	case "allowCleartextPasswords":
		cfg.AllowCleartextPasswords = probe.AllowCleartextPasswords
	default:
		for pk, pv := range probe.Params {
			cfg.Params[pk] = pv
		}
	}
	return nil
}

// Redact returns s with its password, if any, replaced by "***": DSNs are
// echoed in messages and output, passwords never are.
func Redact(s string) string {
	if strings.HasPrefix(s, "mysql://") || strings.HasPrefix(s, "mariadb://") {
		if u, err := url.Parse(s); err == nil && u.User != nil {
			if _, ok := u.User.Password(); ok {
				u.User = url.UserPassword(u.User.Username(), "xxx")
				return strings.Replace(u.String(), ":xxx@", ":***@", 1)
			}
			return s
		}
	}
	at := strings.LastIndex(s, "@")
	if at < 0 {
		return s
	}
	cred := s[:at]
	if c := strings.IndexByte(cred, ':'); c >= 0 && !strings.Contains(cred, "://") {
		return cred[:c] + ":***" + s[at:]
	}
	if i := strings.Index(cred, "://"); i >= 0 {
		if c := strings.IndexByte(cred[i+3:], ':'); c >= 0 {
			return cred[:i+3+c] + ":***" + s[at:]
		}
	}
	return s
}

// stripDSN removes the DSN (and so its password) from a parse error.
// A driver DSN's password runs from the first ':' to the last '@' before
// the last '/'; it is removed on its own too, in case the error quotes
// only a part of the DSN.
func stripDSN(err error, s string) string {
	msg := strings.ReplaceAll(err.Error(), s, Redact(s))
	if slash := strings.LastIndexByte(s, '/'); slash > 0 {
		if at := strings.LastIndexByte(s[:slash], '@'); at > 0 {
			if c := strings.IndexByte(s[:at], ':'); c >= 0 && at > c+1 {
				msg = strings.ReplaceAll(msg, s[c+1:at], "***")
			}
		}
	}
	return msg
}

type nopLogger struct{}

func (nopLogger) Print(...any) {}
