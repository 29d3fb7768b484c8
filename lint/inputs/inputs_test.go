package inputs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mkdir creates a temporary directory holding the named files (content
// "-- <name>\n"); names ending in "/" are created as directories.
func mkdir(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		p := filepath.Join(dir, n)
		if strings.HasSuffix(n, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte("-- "+n+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func bases(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
	}
	return out
}

func TestExpandOrder(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files []string
		want  []string
	}{
		{
			name:  "golang-migrate",
			files: []string{"10_x.up.sql", "9_x.up.sql", "1_init.up.sql", "1_init.down.sql", "9_x.down.sql", "10_x.down.sql", "2_add.UP.sql"},
			want:  []string{"1_init.up.sql", "2_add.UP.sql", "9_x.up.sql", "10_x.up.sql"},
		},
		{
			name:  "golang-migrate timestamps",
			files: []string{"20240102000000_b.up.sql", "20231231235959_a.up.sql", "20240102000000_b.down.sql"},
			want:  []string{"20231231235959_a.up.sql", "20240102000000_b.up.sql"},
		},
		{
			name: "flyway",
			files: []string{"V1.10__ten.sql", "V1.9__nine.sql", "V1__init.sql", "V1.1__one.sql", "V2_1__two_one.sql",
				"V2__two.sql", "U2__undo.sql", "R__views.sql", "R__procs.sql", "V010__leading_zero.sql"},
			want: []string{"V1__init.sql", "V1.1__one.sql", "V1.9__nine.sql", "V1.10__ten.sql", "V2__two.sql", "V2_1__two_one.sql",
				"V010__leading_zero.sql", "R__procs.sql", "R__views.sql"},
		},
		{
			name:  "flyway equal versions by name",
			files: []string{"V1.0__b.sql", "V1__a.sql"},
			want:  []string{"V1.0__b.sql", "V1__a.sql"},
		},
		{
			name:  "goose",
			files: []string{"00010_later.sql", "00002_second.sql", "00001_first.sql", "3-dash.sql", "4.sql"},
			want:  []string{"00001_first.sql", "00002_second.sql", "3-dash.sql", "4.sql", "00010_later.sql"},
		},
		{
			name:  "plain lexical",
			files: []string{"tables.sql", "data.sql", "Views.sql", "a.SQL", "notes.txt", ".hidden.sql", "sub/", "sub/inner.sql"},
			want:  []string{"Views.sql", "a.SQL", "data.sql", "tables.sql"},
		},
		{
			name: "mixed schemes",
			files: []string{"schema.sql", "R__views.sql", "V3__flyway.sql", "2_migrate.up.sql", "2_migrate.down.sql",
				"1_goose.sql", "V2.5__flyway.sql", "10_goose.sql", "U3__undo.sql"},
			want: []string{"1_goose.sql", "2_migrate.up.sql", "V2.5__flyway.sql", "V3__flyway.sql", "10_goose.sql",
				"R__views.sql", "schema.sql"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := mkdir(t, tc.files...)
			got, err := Expand([]string{dir}, Schema)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(bases(got), " ") != strings.Join(tc.want, " ") {
				t.Errorf("got  %v\nwant %v", bases(got), tc.want)
			}
			for _, p := range got {
				if filepath.Dir(p) != dir {
					t.Errorf("%s is not in %s", p, dir)
				}
			}
		})
	}
}

func TestExpandFilesAndDirs(t *testing.T) {
	dir := mkdir(t, "2_b.up.sql", "1_a.up.sql")
	other := mkdir(t, "query.log", "x.sql")
	log := filepath.Join(other, "query.log")
	got, err := Expand([]string{log, dir, filepath.Join(dir, "1_a.up.sql"), dir + "/", other}, Queries)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"query.log", "1_a.up.sql", "2_b.up.sql", "x.sql"}
	if strings.Join(bases(got), " ") != strings.Join(want, " ") {
		t.Errorf("got %v, want %v", bases(got), want)
	}
	if got[0] != log {
		t.Errorf("a file path is used as given: %q", got[0])
	}
	if got, err := Expand(nil, Schema); err != nil || len(got) != 0 {
		t.Errorf("no paths: %v %v", got, err)
	}
}

func TestExpandErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.sql")
	_, err := Expand([]string{missing}, Schema)
	if err == nil || !strings.Contains(err.Error(), missing) || !strings.HasPrefix(err.Error(), "schema path ") || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	empty := mkdir(t, "readme.md", "x.sql.bak", "sub/", "sub/inner.sql")
	_, err = Expand([]string{empty}, Queries)
	if err == nil || !strings.Contains(err.Error(), empty) || !strings.HasPrefix(err.Error(), "queries path ") {
		t.Errorf("directory without .sql: %v", err)
	}
	downOnly := mkdir(t, "1_a.down.sql", "U1__undo.sql")
	if _, err := Expand([]string{downOnly}, Schema); err == nil || !strings.Contains(err.Error(), downOnly) {
		t.Errorf("directory with only down migrations: %v", err)
	}
	if os.Getuid() != 0 {
		locked := mkdir(t, "sub/")
		sub := filepath.Join(locked, "sub")
		os.Chmod(sub, 0)
		defer os.Chmod(sub, 0o755)
		if _, err := Expand([]string{sub}, Schema); err == nil || !strings.Contains(err.Error(), sub) {
			t.Errorf("unreadable directory: %v", err)
		}
	}
}

func TestExpandSymlink(t *testing.T) {
	dir := mkdir(t, "1_a.up.sql")
	target := filepath.Join(mkdir(t, "real.sql"), "real.sql")
	if err := os.Symlink(target, filepath.Join(dir, "2_b.up.sql")); err != nil {
		t.Skip(err)
	}
	os.Symlink(filepath.Join(dir, "missing"), filepath.Join(dir, "3_dangling.up.sql"))
	got, err := Expand([]string{dir}, Schema)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(bases(got), " ") != "1_a.up.sql 2_b.up.sql" {
		t.Errorf("got %v", bases(got))
	}
}

const gooseFile = "-- +goose Up\n" +
	"CREATE TABLE t (a INT);\n" +
	"-- +goose StatementBegin\n" +
	"CREATE PROCEDURE p() BEGIN SELECT 1; END;\n" +
	"-- +goose StatementEnd\n" +
	"\n" +
	"-- +goose Down\n" +
	"DROP TABLE t; -- é\r\n" +
	"  --   +goose   up  \n" +
	"INSERT INTO t VALUES (1);\n" +
	"-- +goose Down\n" +
	"DELETE FROM t;"

func TestGooseUp(t *testing.T) {
	in := []byte(gooseFile)
	orig := string(in)
	got := string(GooseUp(in))
	if string(in) != orig {
		t.Fatal("GooseUp modified its input")
	}
	if len(got) != len(orig) || strings.Count(got, "\n") != strings.Count(orig, "\n") || strings.Count(got, "\r") != 1 {
		t.Fatalf("line structure changed:\n%q", got)
	}
	gl, ol := strings.Split(got, "\n"), strings.Split(orig, "\n")
	for i := range ol {
		blank := i == 6 || i == 7 || i == 10 || i == 11
		if blank {
			if strings.TrimRight(gl[i], " \r") != "" {
				t.Errorf("line %d not blanked: %q", i+1, gl[i])
			}
		} else if gl[i] != ol[i] {
			t.Errorf("line %d changed: %q", i+1, gl[i])
		}
	}
	if !IsGoose(in) {
		t.Error("IsGoose = false")
	}
	for _, s := range []string{"SELECT 1;", "SELECT '+goose';", "-- +goose\n", "-- +gooseUp\n", "-- +GOOSE Up\n"} {
		if IsGoose([]byte(s)) {
			t.Errorf("IsGoose(%q) = true", s)
		}
	}
	plain := []byte("-- +goose Up\nSELECT 1;\n")
	if out := GooseUp(plain); &out[0] != &plain[0] {
		t.Error("GooseUp copied a file without Down section")
	}
}

func TestLoad(t *testing.T) {
	dir := mkdir(t, "00002_plain.sql")
	if err := os.WriteFile(filepath.Join(dir, "00001_goose.sql"), []byte(gooseFile), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := Load([]string{dir}, Schema)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || filepath.Base(files[0].Path) != "00001_goose.sql" || filepath.Base(files[1].Path) != "00002_plain.sql" {
		t.Fatalf("files %v", files)
	}
	if strings.Contains(string(files[0].Data), "DROP TABLE") || !strings.Contains(string(files[0].Data), "CREATE TABLE") {
		t.Errorf("goose Down section kept:\n%s", files[0].Data)
	}
	if string(files[1].Data) != "-- 00002_plain.sql\n" {
		t.Errorf("plain data %q", files[1].Data)
	}
	if _, err := Load([]string{filepath.Join(dir, "nope")}, Queries); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("Load error: %v", err)
	}
}
