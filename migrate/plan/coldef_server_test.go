package plan_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/collint/collint/lint"
	"github.com/collint/collint/migrate/plan"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// restateTables exercise every attribute a MODIFY must restate. Each
// flavor gets what its server accepts (INVISIBLE and SRID are MySQL's).
var restateTables = map[string]string{
	"mysql-9": `CREATE DATABASE r DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_0900_ai_ci; USE r;
CREATE TABLE t (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'the id',
  n INT NOT NULL DEFAULT '-1',
  h VARCHAR(10) DEFAULT x'41',
  hb VARBINARY(4) NOT NULL DEFAULT 0x4142,
  s0 VARCHAR(10) DEFAULT '0x41',
  bt BIT(8) DEFAULT b'101',
  e VARCHAR(5) NOT NULL DEFAULT '',
  u CHAR(36) DEFAULT (uuid()),
  j JSON DEFAULT (json_array()),
  ts TIMESTAMP(3) NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  dt DATETIME NOT NULL DEFAULT '2020-01-01 00:00:00',
  c VARCHAR(20) COLLATE utf8mb4_bin COMMENT 'it''s "q" \\ x',
  l VARCHAR(20) CHARACTER SET latin1 DEFAULT 'é',
  g INT GENERATED ALWAYS AS (n * 2) VIRTUAL,
  g2 VARCHAR(30) GENERATED ALWAYS AS (concat(e, 'x')) STORED NOT NULL,
  inv INT DEFAULT 3 INVISIBLE,
  pt POINT NOT NULL SRID 4326,
  d DECIMAL(10,2) NOT NULL DEFAULT '1.50',
  f FLOAT DEFAULT '1.5',
  en ENUM('a','b''c') DEFAULT 'b''c',
  y YEAR DEFAULT '2024',
  bo TINYINT(1) DEFAULT '1',
  PRIMARY KEY (id)
) ENGINE=InnoDB;`,
	"mariadb-10.11": `CREATE DATABASE r DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_general_ci; USE r;
CREATE TABLE t (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'the id',
  n INT NOT NULL DEFAULT '-1',
  h VARCHAR(10) DEFAULT x'41',
  hb VARBINARY(4) NOT NULL DEFAULT 0x4142,
  s0 VARCHAR(10) DEFAULT '0x41',
  bt BIT(8) DEFAULT b'101',
  e VARCHAR(5) NOT NULL DEFAULT '',
  u CHAR(36) DEFAULT (uuid()),
  ts TIMESTAMP(3) NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  dt DATETIME NOT NULL DEFAULT '2020-01-01 00:00:00',
  c VARCHAR(20) COLLATE utf8mb4_bin COMMENT 'it''s "q" \\ x',
  l VARCHAR(20) CHARACTER SET latin1 DEFAULT 'é',
  g INT GENERATED ALWAYS AS (n * 2) VIRTUAL,
  g2 VARCHAR(30) GENERATED ALWAYS AS (concat(e, 'x')) STORED,
  pt POINT NOT NULL,
  d DECIMAL(10,2) NOT NULL DEFAULT '1.50',
  f FLOAT DEFAULT '1.5',
  en ENUM('a','b''c') DEFAULT 'b''c',
  y YEAR DEFAULT '2024',
  bo TINYINT(1) DEFAULT '1',
  PRIMARY KEY (id)
) ENGINE=InnoDB;`,
}

// TestRestatementIsNoOp: MODIFY with ColumnDef's restatement of every
// column, unchanged, leaves SHOW CREATE TABLE byte for byte as it was —
// nothing (default, ON UPDATE, comment, generated expression, INVISIBLE,
// SRID…) is dropped or altered — on both servers.
func TestRestatementIsNoOp(t *testing.T) {
	if testing.Short() {
		t.Skip("needs real servers; skipped with -short")
	}
	for _, sv := range servers {
		t.Run(sv.flavor, func(t *testing.T) {
			schema := restateTables[sv.flavor]
			s, err := lint.NewSession(sv.flavor, "")
			if err != nil {
				t.Fatal(err)
			}
			if errs := s.Apply("schema.sql", schema); len(errs) > 0 {
				t.Fatal(errs)
			}
			tb := s.Catalog().Table("r", "t")
			var mods []string
			for _, c := range tb.Columns {
				mods = append(mods, "MODIFY "+plan.ColumnDefFor(tb, c, s.Env().Flavor))
			}
			alter := "ALTER TABLE `r`.`t`\n  " + strings.Join(mods, ",\n  ")
			srv := sandboxtest.Start(t, sv.image)
			ctx := context.Background()
			db, err := sql.Open("mysql", srv.DSN(""))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			conn, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			exec(t, ctx, conn, schema)
			before := rows(t, ctx, conn, "SHOW CREATE TABLE r.t")[0][1]
			if _, err := conn.ExecContext(ctx, alter); err != nil {
				t.Fatalf("%v\n%s", err, alter)
			}
			if after := rows(t, ctx, conn, "SHOW CREATE TABLE r.t")[0][1]; after != before {
				t.Errorf("restating changed the table:\n%s\nbefore:\n%s\nafter:\n%s", alter, before, after)
			}
		})
	}
}
