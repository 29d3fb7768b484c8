package flavor

import (
	"strconv"
	"strings"
)

// FromVersion names the flavor whose facts fit a server that answers
// VERSION() with v ("9.7.4-2", "10.11.18-MariaDB-0+deb12u1", "8.0.36").
func FromVersion(v string) string {
	mariadb := strings.Contains(strings.ToLower(v), "mariadb")
	major, minor := 0, 0
	parts := strings.SplitN(v, ".", 3)
	if len(parts) >= 2 {
		major, _ = strconv.Atoi(parts[0])
		minor, _ = strconv.Atoi(strings.TrimFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' }))
	}
	switch {
	case mariadb && major >= 11:
		return "mariadb-11"
	case mariadb:
		return "mariadb-10.11"
	case major == 5:
		return "mysql-5.7"
	case major == 8 && minor == 0:
		return "mysql-8.0"
	case major == 8:
		return "mysql-8.4"
	case major >= 9:
		return "mysql-9"
	}
	return Default
}
