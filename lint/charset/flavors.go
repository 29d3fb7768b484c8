package charset

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
)

//go:embed data
var dataFS embed.FS

// flavorSources says which measured table serves which flavor.
//
//   - mysql-9, mysql-8.4, mysql-8.0: MySQL 9.7.4's tables. 8.4 and 8.0 are
//     taken to equal them. Known facts behind that: MySQL added no
//     collation or charset after 8.0.30 (the last additions,
//     utf8mb4_{nb,nn,sr_latn,bs,bg,gl,mn_cyrl}_0900_*, came with 8.0.30,
//     utf8mb4_0900_bin with 8.0.17); before 8.0.30 information_schema
//     spelled utf8mb3 as utf8 (utf8_general_ci …) — Collation() accepts
//     both spellings, so an 8.0.2x schema dump still resolves, but
//     Collation.Name is the 8.0.30+ spelling.
//   - mysql-5.7: derived from MySQL 9.7's tables by deriveMySQL57.
//   - mariadb-10.11, mariadb-11: measured on MariaDB 10.11 (Debian
//     bookworm) and 11.8 (Debian trixie).
var flavorSources = []struct {
	flavor string
	dir    string
	derive func(*dataset) *dataset
}{
	{"mysql-5.7", "mysql-9.7", deriveMySQL57},
	{"mysql-8.0", "mysql-9.7", nil},
	{"mysql-8.4", "mysql-9.7", nil},
	{"mysql-9", "mysql-9.7", nil},
	{"mariadb-10.11", "mariadb-10.11", nil},
	{"mariadb-11", "mariadb-11.8", nil},
}

// Flavors lists the flavor names For accepts.
func Flavors() []string {
	out := make([]string, len(flavorSources))
	for i, f := range flavorSources {
		out[i] = f.flavor
	}
	return out
}

var (
	registriesMu sync.Mutex
	registries   = map[string]func() (*Registry, error){}
)

// For returns the registry of a flavor: one of Flavors(). Registries are
// built once and shared.
func For(flavor string) (*Registry, error) {
	f := strings.ToLower(strings.TrimSpace(flavor))
	for _, src := range flavorSources {
		if src.flavor != f {
			continue
		}
		registriesMu.Lock()
		load, ok := registries[f]
		if !ok {
			load = sync.OnceValues(func() (*Registry, error) {
				ds, err := loadDataset(src.dir)
				if err != nil {
					return nil, fmt.Errorf("charset: flavor %s: %w", src.flavor, err)
				}
				if src.derive != nil {
					ds = src.derive(ds)
				}
				r, err := build(src.flavor, ds)
				if err != nil {
					return nil, fmt.Errorf("charset: flavor %s: %w", src.flavor, err)
				}
				return r, nil
			})
			registries[f] = load
		}
		registriesMu.Unlock()
		return load()
	}
	return nil, fmt.Errorf("charset: unknown flavor %q (valid: %s)", flavor, strings.Join(Flavors(), ", "))
}

func errorsIsNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

func loadDataset(dir string) (*dataset, error) {
	d := "data/" + dir
	if _, err := fs.Stat(dataFS, d+"/collations.tsv"); err != nil {
		return nil, fmt.Errorf("no measured data (%s/collations.tsv missing; regenerate with ./lint/charset/gen)", d)
	}
	ds := &dataset{source: dir, server: map[string]string{}}
	var err error
	if ds.collations, err = readTable(dataFS, d, "collations.tsv", false); err != nil {
		return nil, err
	}
	if ds.charsets, err = readTable(dataFS, d, "charsets.tsv", false); err != nil {
		return nil, err
	}
	if ds.applicability, err = readTable(dataFS, d, "applicability.tsv", true); err != nil {
		return nil, err
	}
	if ds.behavior, err = readTable(dataFS, d, "behavior.tsv", true); err != nil {
		return nil, err
	}
	if ds.repertoire, err = readTable(dataFS, d, "repertoire.tsv", true); err != nil {
		return nil, err
	}
	st, err := readTable(dataFS, d, "server.tsv", false)
	if err != nil {
		return nil, err
	}
	if err := st.require("VARIABLE_NAME", "VALUE"); err != nil {
		return nil, err
	}
	for _, r := range st.rows {
		ds.server[strings.ToLower(r["VARIABLE_NAME"])] = r["VALUE"]
	}
	return ds, nil
}

// deriveMySQL57 derives MySQL 5.7's tables from MySQL 8.0.30+'s:
//
//   - drop what 8.0 added: every "*_0900_*" collation (utf8mb4_0900_ai_ci,
//     utf8mb4_0900_bin and all language-specific 0900 collations, zh, ja,
//     ru, mn_cyrl, bs, sr_latn, …) and utf8mb3_tolower_ci (ID 76, used
//     by 8.0's data dictionary). That leaves 222 collations, 5.7's count;
//   - spell utf8mb3 the 5.7 way: the charset is "utf8" and its collations
//     "utf8_*" (5.7 accepts "utf8mb3" and "utf8mb3_*" as aliases, which
//     Registry.Charset and Registry.Collation honor);
//   - utf8mb4's compiled default is utf8mb4_general_ci;
//   - no PAD_ATTRIBUTE in 5.7, but every remaining collation is PAD SPACE
//     except binary, as in 8.0;
//   - the stock server runs character_set_server=latin1,
//     collation_server=latin1_swedish_ci; there is no
//     default_collation_for_utf8mb4.
//
// IDs, descriptions and MAXLEN are unchanged.
func deriveMySQL57(src *dataset) *dataset {
	rename := func(s string) string {
		if s == "utf8mb3" {
			return "utf8"
		}
		if rest, ok := strings.CutPrefix(s, "utf8mb3_"); ok {
			return "utf8_" + rest
		}
		return s
	}
	dropped := func(name string) bool {
		return strings.Contains(name, "_0900_") || name == "utf8mb3_tolower_ci"
	}
	out := &dataset{
		source: src.source + " (derived: mysql-5.7)",
		server: map[string]string{
			"version":                "5.7 (derived from " + src.source + ")",
			"character_set_server":   "latin1",
			"collation_server":       "latin1_swedish_ci",
			"character_set_database": "latin1",
		},
	}
	ct := &table{file: src.collations.file + " (5.7)", head: src.collations.head}
	for _, r := range src.collations.rows {
		if dropped(r["COLLATION_NAME"]) {
			continue
		}
		n := row{}
		for k, v := range r {
			n[k] = v
		}
		n["COLLATION_NAME"] = rename(r["COLLATION_NAME"])
		n["CHARACTER_SET_NAME"] = rename(r["CHARACTER_SET_NAME"])
		if n["CHARACTER_SET_NAME"] == "utf8mb4" {
			n["IS_DEFAULT"] = ""
			if n["COLLATION_NAME"] == "utf8mb4_general_ci" {
				n["IS_DEFAULT"] = "Yes"
			}
		}
		ct.rows = append(ct.rows, n)
	}
	cst := &table{file: src.charsets.file + " (5.7)", head: src.charsets.head}
	for _, r := range src.charsets.rows {
		n := row{}
		for k, v := range r {
			n[k] = v
		}
		n["CHARACTER_SET_NAME"] = rename(r["CHARACTER_SET_NAME"])
		n["DEFAULT_COLLATE_NAME"] = rename(r["DEFAULT_COLLATE_NAME"])
		if n["CHARACTER_SET_NAME"] == "utf8mb4" {
			n["DEFAULT_COLLATE_NAME"] = "utf8mb4_general_ci"
		}
		cst.rows = append(cst.rows, n)
	}
	out.collations, out.charsets = ct, cst
	// behavior.tsv and repertoire.tsv: same facts, 5.7 names.
	renamed := func(t *table, cols ...string) *table {
		if t == nil {
			return nil
		}
		n := &table{file: t.file + " (5.7)", head: t.head}
		for _, r := range t.rows {
			if dropped(r["COLLATION_NAME"]) {
				continue
			}
			m := row{}
			for k, v := range r {
				m[k] = v
			}
			for _, c := range cols {
				if v, ok := m[c]; ok {
					m[c] = rename(v)
				}
			}
			n.rows = append(n.rows, m)
		}
		return n
	}
	out.behavior = renamed(src.behavior, "COLLATION_NAME", "CHARACTER_SET_NAME")
	out.repertoire = renamed(src.repertoire, "CHARACTER_SET_NAME")
	return out
}
