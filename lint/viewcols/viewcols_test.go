package viewcols_test

import (
	"strings"
	"testing"

	"github.com/collint/collint/lint"
)

// A few of the view column types measured on the servers (the full
// comparison is lint/livecat's TestCatalogMatchesServer over
// lint/catalog/testdata/schemas/view_expressions.sql).
func TestViewColumnTypes(t *testing.T) {
	ddl := `CREATE DATABASE d CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci; USE d;
CREATE TABLE b (i INT NOT NULL, ni INT, v VARCHAR(100) NOT NULL, c CHAR(10) NOT NULL, t TEXT, d DECIMAL(10,2) NOT NULL, dt DATETIME NOT NULL);
CREATE TABLE o (id INT NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL);
CREATE FUNCTION label(x INT) RETURNS VARCHAR(32) DETERMINISTIC RETURN CONCAT('#', x);
CREATE VIEW v AS SELECT CONCAT(v, c) AS a, IFNULL(ni, 0) AS b, IF(i > 0, 1, 0) AS c, SUM(d) AS e, i + 1 AS f, IFNULL(t, '') AS g,
  COUNT(*) AS h, 'abc' AS k, NULL AS l, DATE(dt) AS m, label(i) AS n FROM b;
CREATE VIEW w AS SELECT o.id, b.v, (SELECT MAX(name) FROM o AS o2 WHERE o2.id = o.id) AS top FROM o LEFT JOIN b ON b.i = o.id`
	for fl, want := range map[string]string{
		"mysql-9": "a varchar(110) YES utf8mb4_general_ci|b bigint NO |c int NO |e decimal(32,2) YES |f bigint NO |g mediumtext NO utf8mb4_general_ci|" +
			"h bigint NO |k varchar(3) NO utf8mb4_0900_ai_ci|l varbinary(0) YES binary|m date YES |n varchar(32) YES utf8mb4_general_ci",
		"mariadb-10.11": "a varchar(110) YES utf8mb4_general_ci|b int(11) NO |c int(2) NO |e decimal(32,2) YES |f bigint(12) NO |g mediumtext NO utf8mb4_general_ci|" +
			"h bigint(21) NO |k varchar(3) NO utf8mb4_general_ci|l binary(0) YES binary|m date YES |n varchar(32) YES utf8mb4_general_ci",
	} {
		s, err := lint.NewSession(fl, "")
		if err != nil {
			t.Fatal(err)
		}
		if errs := s.Apply("s.sql", ddl); len(errs) > 0 {
			t.Fatalf("%s: %v", fl, errs)
		}
		var got []string
		for _, c := range s.Catalog().Table("d", "v").Columns {
			null := "NO"
			if c.Nullable {
				null = "YES"
			}
			got = append(got, c.Name+" "+c.Type.SpellFor(s.Catalog().Flavor)+" "+null+" "+c.Collation)
		}
		if g := strings.Join(got, "|"); g != want {
			t.Errorf("%s:\n got %s\nwant %s", fl, strings.ReplaceAll(g, "|", "\n     "), strings.ReplaceAll(want, "|", "\n     "))
		}
		w := s.Catalog().Table("d", "w")
		if !w.Column("v").Nullable || w.Column("id").Nullable == (fl == "mariadb-10.11") {
			t.Errorf("%s: outer join and correlated subquery nullability: id %v, v %v", fl, w.Column("id").Nullable, w.Column("v").Nullable)
		}
	}
}
