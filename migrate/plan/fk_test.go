package plan_test

import (
	"os"
	"strings"
	"testing"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/migrate/plan"
)

const fkSchema = `CREATE DATABASE f DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_general_ci; USE f;
CREATE TABLE p (id INT NOT NULL PRIMARY KEY, code VARCHAR(10) NOT NULL, UNIQUE KEY uk (code));
CREATE TABLE c (id INT PRIMARY KEY, a INT NOT NULL, b INT, k VARCHAR(10),
  CONSTRAINT fa FOREIGN KEY (a) REFERENCES p (id) ON DELETE CASCADE,
  CONSTRAINT fb FOREIGN KEY (b) REFERENCES p (id) ON UPDATE SET NULL);
CREATE TABLE c0 (id INT PRIMARY KEY, k VARCHAR(10), CONSTRAINT f0 FOREIGN KEY (k) REFERENCES p (code));
CREATE TABLE ext (pid INT UNSIGNED NOT NULL, KEY (pid));`

// TestForeignKeyPlan: changing p.id (it follows ext.pid's sign) changes
// both FK children, drops the keys first and re-creates them last with
// their actions, and keeps p.code's key (untouched) alone.
func TestForeignKeyPlan(t *testing.T) {
	p, _ := planFor(t, "mysql-8.4", fkSchema, "SELECT 1 FROM f.ext e JOIN f.p ON p.id = e.pid;")
	if len(p.Migrations) != 1 {
		t.Fatalf("want one migration for p and c, got %d", len(p.Migrations))
	}
	m := p.Migrations[0]
	var tables []string
	for _, tb := range m.Tables {
		tables = append(tables, tb.Name)
	}
	if strings.Join(tables, ",") != "c,p" {
		t.Errorf("tables %v", tables)
	}
	want := []string{
		"ALTER TABLE `f`.`c`\n  DROP FOREIGN KEY `fa`,\n  DROP FOREIGN KEY `fb`,\n  MODIFY `a` int unsigned NOT NULL,\n  MODIFY `b` int unsigned NULL,\n  ALGORITHM=COPY, LOCK=SHARED;\n",
		"ALTER TABLE `f`.`p`\n  MODIFY `id` int unsigned NOT NULL,\n  ALGORITHM=COPY, LOCK=SHARED;\n",
		"ALTER TABLE `f`.`c`\n  ADD CONSTRAINT `fa` FOREIGN KEY (`a`) REFERENCES `p` (`id`) ON DELETE CASCADE,\n  ADD CONSTRAINT `fb` FOREIGN KEY (`b`) REFERENCES `p` (`id`) ON UPDATE SET NULL,\n  ALGORITHM=COPY, LOCK=SHARED;\n",
	}
	if len(m.Statements) != len(want) {
		t.Fatalf("statements:\n%s", m.Up)
	}
	for i, st := range m.Statements {
		if st.SQL != want[i] {
			t.Errorf("statement %d:\n%s\nwant\n%s", i, st.SQL, want[i])
		}
	}
	if !strings.Contains(m.Down, "MODIFY `id` int NOT NULL") || !strings.HasSuffix(m.Down, want[2]) {
		t.Errorf("down:\n%s", m.Down)
	}
}

// TestForeignKeyReaddOrder: when only fa's column changes, fb (declared
// after it) is dropped and re-created too, so that the implicit indexes
// keep their order in SHOW CREATE TABLE after down (re-creating one key
// moves its index last: measured on both servers).
func TestForeignKeyReaddOrder(t *testing.T) {
	schema := strings.Replace(fkSchema, "b INT,", "b INT UNSIGNED,", 1)
	schema = strings.Replace(schema, "CONSTRAINT fb FOREIGN KEY (b) REFERENCES p (id) ON UPDATE SET NULL", "CONSTRAINT fb FOREIGN KEY (k) REFERENCES p (code)", 1)
	p, _ := planFor(t, "mysql-8.4", schema, "SELECT 1 FROM f.ext e JOIN f.c ON c.a = e.pid;")
	m := p.Migrations[0]
	if !strings.Contains(m.Up, "DROP FOREIGN KEY `fa`,\n  DROP FOREIGN KEY `fb`") || !strings.Contains(m.Up, "ADD CONSTRAINT `fb` FOREIGN KEY (`k`) REFERENCES `p` (`code`),\n") {
		t.Errorf("fb must be re-created after fa:\n%s", m.Up)
	}
}

// TestAlgorithmPerFlavor: the clause each flavor accepts (measured, see
// algorithm in migration.go).
func TestAlgorithmPerFlavor(t *testing.T) {
	schema := `CREATE DATABASE g DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_general_ci; USE g;
CREATE TABLE x (id INT PRIMARY KEY, u VARCHAR(20), i VARCHAR(20), w VARCHAR(20) CHARACTER SET utf8mb3, KEY k_i (i), KEY k_w (w));
CREATE TABLE y (id INT PRIMARY KEY, u VARCHAR(20) COLLATE utf8mb4_unicode_ci, i VARCHAR(20) COLLATE utf8mb4_unicode_ci, w VARCHAR(20), KEY k_i (i), KEY k_w (w));`
	for _, tc := range []struct{ flavor, query, want string }{
		{"mysql-8.4", "SELECT 1 FROM g.x JOIN g.y ON x.u = y.u", "ALGORITHM=INPLACE, LOCK=NONE"},
		{"mysql-8.4", "SELECT 1 FROM g.x JOIN g.y ON x.i = y.i", "ALGORITHM=COPY, LOCK=SHARED"},
		{"mariadb-10.11", "SELECT 1 FROM g.x JOIN g.y ON x.i = y.i", "ALGORITHM=INPLACE, LOCK=NONE"},
		{"mariadb-10.11", "SELECT 1 FROM g.x JOIN g.y ON x.w = y.w", "ALGORITHM=INPLACE, LOCK=NONE"},
		{"mysql-8.4", "SELECT 1 FROM g.x JOIN g.y ON x.w = y.w", "ALGORITHM=COPY, LOCK=SHARED"},
	} {
		p, _ := planFor(t, tc.flavor, schema, tc.query+";")
		if len(p.Migrations) != 1 || p.Migrations[0].Algorithm != tc.want {
			t.Errorf("%s %s: %+v", tc.flavor, tc.query, p.Migrations)
		}
	}
}

// TestConvertTo: a latin1 table whose every string column moves to
// utf8mb4 converts as a whole; TEXT widening is stated and the down
// restores the table default and each column.
func TestConvertTo(t *testing.T) {
	schema := `CREATE DATABASE v DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_0900_ai_ci; USE v;
CREATE TABLE old (id INT PRIMARY KEY, login VARCHAR(32) NOT NULL, bio TEXT, KEY k (login)) DEFAULT CHARSET=latin1;
CREATE TABLE users (id INT PRIMARY KEY, login VARCHAR(32) NOT NULL, KEY k (login));`
	p, _ := planFor(t, "mysql-8.4", schema, "SELECT 1 FROM v.old o JOIN v.users u ON u.login = o.login; SELECT 1 FROM v.old o JOIN v.users u ON u.login = o.bio;")
	m := p.Migrations[0]
	if !strings.Contains(m.Up, "CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci") {
		t.Fatalf("up:\n%s", m.Up)
	}
	if !strings.Contains(m.Down, "DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci,\n  MODIFY `login` varchar(32) NOT NULL,\n  MODIFY `bio` text NULL") {
		t.Errorf("down:\n%s", m.Down)
	}
	if !strings.Contains(strings.Join(m.Risks, "\n"), "widens old.bio from text to mediumtext") {
		t.Errorf("risks: %v", m.Risks)
	}
}

// TestRestatement: hex, bit, expression and CURRENT_TIMESTAMP defaults,
// INVISIBLE and SRID are restated as the server needs them.
func TestRestatement(t *testing.T) {
	s, err := lint.NewSession("mysql-9", "")
	if err != nil {
		t.Fatal(err)
	}
	if errs := s.Apply("s.sql", `CREATE DATABASE d; USE d; CREATE TABLE t (h VARCHAR(10) DEFAULT x'41', s0 VARCHAR(10) DEFAULT '0x41',
bt BIT(8) DEFAULT b'101', u CHAR(36) DEFAULT (uuid()), inv INT DEFAULT 3 INVISIBLE, pt POINT NOT NULL SRID 4326, g INT AS (inv + 1), n INT)`); len(errs) > 0 {
		t.Fatal(errs)
	}
	tb := s.Catalog().Table("d", "t")
	want := map[string]string{
		"h":   "`h` varchar(10) NULL DEFAULT x'41'",
		"s0":  "`s0` varchar(10) NULL DEFAULT '0x41'",
		"bt":  "`bt` bit(8) NULL DEFAULT b'101'",
		"u":   "`u` char(36) NULL DEFAULT (UUID())",
		"inv": "`inv` int NULL DEFAULT 3 INVISIBLE",
		"pt":  "`pt` point NOT NULL SRID 4326",
		"g":   "`g` int GENERATED ALWAYS AS (`inv`+1) VIRTUAL",
		"n":   "`n` int NULL",
	}
	for _, c := range tb.Columns {
		if got := plan.ColumnDef(tb, c, false); got != want[c.Name] {
			t.Errorf("%s: %s, want %s", c.Name, got, want[c.Name])
		}
	}
}

// TestForeignKeyOnlineLines: a large table in a foreign-key migration gets
// pt-online-schema-change lines in up order (the referenced table with
// --alter-foreign-keys-method=rebuild_constraints, a dropped key named
// with pt-osc's underscore), never gh-ost, and the risk says why.
func TestForeignKeyOnlineLines(t *testing.T) {
	schema, _ := os.ReadFile("../../fixtures/orders-fk/schema.sql")
	queries, _ := os.ReadFile("../../fixtures/orders-fk/queries.sql")
	p, _ := planWith(t, "mysql-8.4", string(schema), string(queries), plan.Options{Rows: map[string]int64{"shop.customers": 5_000_000, "shop.orders": 20_000_000}})
	var m *plan.Migration
	for _, x := range p.Migrations {
		if len(x.Tables) > 1 {
			m = x
		}
	}
	if m == nil {
		t.Fatalf("no foreign-key migration: %+v", p.Migrations)
	}
	online := strings.Join(m.Online, "\n")
	t.Logf("up:\n%s\nonline:\n%s", m.Up, online)
	if strings.Contains(online, "gh-ost") {
		t.Errorf("gh-ost refuses tables with foreign keys:\n%s", online)
	}
	var parent, child bool
	for _, l := range m.Online {
		switch {
		case strings.Contains(l, "t=customers"):
			parent = strings.Contains(l, "--alter-foreign-keys-method=rebuild_constraints")
		case strings.Contains(l, "t=orders") && strings.Contains(l, "DROP FOREIGN KEY `_fk_orders_customer"):
			child = !strings.Contains(l, "--alter-foreign-keys-method")
		}
	}
	if !parent || !child {
		t.Errorf("customers needs rebuild_constraints, orders drops `_fk…` (parent %v, child %v):\n%s", parent, child, online)
	}
	if !strings.Contains(strings.Join(m.Risks, "\n"), "gh-ost is not offered: it refuses tables with foreign keys") {
		t.Errorf("the risk does not say why gh-ost is left out: %v", m.Risks)
	}
}
