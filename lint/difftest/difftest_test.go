package difftest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// config is one server configuration of the differential suite.
type config struct {
	name, image, flavor, conn string
}

var configs = []config{
	{"mysql-9.7 conn=utf8mb4_0900_ai_ci", "collint/mysql:9.7", "mysql-9", "utf8mb4_0900_ai_ci"},
	{"mysql-9.7 conn=utf8mb4_general_ci", "collint/mysql:9.7", "mysql-9", "utf8mb4_general_ci"},
	{"mariadb-10.11 conn=utf8mb4_general_ci", "collint/mariadb:10.11", "mariadb-10.11", "utf8mb4_general_ci"},
	{"mariadb-11.8 conn=utf8mb4_uca1400_ai_ci", "collint/mariadb:11.8", "mariadb-11", "utf8mb4_uca1400_ai_ci"},
}

// unmodelled lists server behaviours collint deliberately does not model,
// by case category and SQL fragment, with the reason. They do not fail the
// suite but count as disagreements in the printed figures.
var unmodelled = []struct{ flavor, category, probe, fragment, reason string }{
	// none: every generated case is modelled. An entry names the flavor
	// ("" for all), case category prefix, probed column prefix and an SQL
	// fragment, with the reason the behaviour is not modelled.
}

func isUnmodelled(flavor string, c Case) string {
	for _, u := range unmodelled {
		if (u.flavor == "" || u.flavor == flavor) && strings.HasPrefix(c.Category, u.category) && strings.HasPrefix(c.Probe, u.probe) && strings.Contains(c.SQL, u.fragment) {
			return u.reason
		}
	}
	return ""
}

type tally struct{ agree, total int }

func TestDifferential(t *testing.T) {
	if testing.Short() {
		t.Skip("differential suite needs real servers; skipped with -short")
	}
	wanted := map[string]bool{}
	for _, im := range sandboxtest.Images() {
		wanted[im] = true
	}
	byImage := map[string][]config{}
	var images []string
	for _, c := range configs {
		if !wanted[c.image] {
			continue
		}
		if _, ok := byImage[c.image]; !ok {
			images = append(images, c.image)
		}
		byImage[c.image] = append(byImage[c.image], c)
	}
	for _, image := range images {
		image := image
		t.Run(image, func(t *testing.T) {
			srv := sandboxtest.Start(t, image)
			for i, cfg := range byImage[image] {
				runConfig(t, srv.DSN(""), cfg, fmt.Sprintf("dt%d", i))
			}
		})
	}
}

func runConfig(t *testing.T, dsn string, cfg config, db string) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	pool, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	conn, err := pool.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	mariadb := strings.HasPrefix(cfg.flavor, "mariadb")
	cols := Columns(mariadb)
	schema := Schema(db, cols)
	for _, st := range append(strings.Split(schema, ";\n"), Rows(cols)...) {
		if strings.TrimSpace(st) == "" {
			continue
		}
		if _, err := conn.ExecContext(ctx, st); err != nil {
			t.Fatalf("%s: loading schema: %v\n%s", cfg.name, err, st)
		}
	}
	for _, st := range []string{"ANALYZE TABLE tx, ty", "SET NAMES utf8mb4 COLLATE " + cfg.conn, "SET @v = 'abc'"} {
		if _, err := conn.ExecContext(ctx, st); err != nil {
			t.Fatalf("%s: %s: %v", cfg.name, st, err)
		}
	}
	s, err := lint.NewSession(cfg.flavor, cfg.conn)
	if err != nil {
		t.Fatal(err)
	}
	if errs := s.Apply("difftest-schema.sql", schema); len(errs) > 0 {
		t.Fatalf("%s: collint could not load the schema: %+v", cfg.name, errs)
	}
	// collint sees the session's SET as the server does
	if rep := s.Lint("difftest-session.sql", []byte("SET @v = 'abc';")); len(rep.Errors) > 0 {
		t.Fatalf("%s: %+v", cfg.name, rep.Errors)
	}
	explainCmd := "EXPLAIN FORMAT=TRADITIONAL"
	if mariadb {
		explainCmd = "EXPLAIN"
	}
	cases := Cases(cols)
	cats := map[string]*tally{}
	var disagreements, excused []string
	agreeAll := 0
	for _, c := range cases {
		cv := Collint(s, c)
		sv := Server(ctx, conn, c, explainCmd)
		if sv.Error == -2 {
			t.Fatalf("%s: server failed on %s: %s", cfg.name, c.SQL, sv.Note)
		}
		tl := cats[c.Category]
		if tl == nil {
			tl = &tally{}
			cats[c.Category] = tl
		}
		tl.total++
		if Agree(c, cv, sv) {
			tl.agree++
			agreeAll++
			continue
		}
		line := fmt.Sprintf("%s\n    server %s (%s)\n    collint %s (%s)", c.SQL, sv, sv.Note, cv, cv.Note)
		if why := isUnmodelled(cfg.flavor, c); why != "" {
			excused = append(excused, line+"\n    unmodelled: "+why)
			continue
		}
		disagreements = append(disagreements, line)
	}
	var names []string
	for k := range cats {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "differential agreement on %s: %d/%d (%.2f%%)\n", cfg.name, agreeAll, len(cases), 100*float64(agreeAll)/float64(len(cases)))
	for _, n := range names {
		fmt.Fprintf(&b, "  %-22s %5d/%-5d %6.2f%%\n", n, cats[n].agree, cats[n].total, 100*float64(cats[n].agree)/float64(cats[n].total))
	}
	if len(excused) > 0 {
		fmt.Fprintf(&b, "  unmodelled (counted as disagreements above): %d\n", len(excused))
		for _, e := range excused {
			fmt.Fprintf(&b, "  - %s\n", e)
		}
	}
	t.Log(b.String())
	fmt.Fprint(os.Stderr, b.String())
	if path := os.Getenv("COLLINT_DIFF_REPORT"); path != "" {
		f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			fmt.Fprint(f, b.String())
			for _, d := range disagreements {
				fmt.Fprintln(f, d)
			}
			f.Close()
		}
	}
	if len(disagreements) > 0 {
		max := min(len(disagreements), 40)
		t.Errorf("%s: %d disagreements; first %d:\n%s", cfg.name, len(disagreements), max, strings.Join(disagreements[:max], "\n"))
	}
}
