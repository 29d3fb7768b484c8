package live

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/collint/collint/lint"

	"github.com/pingcap/tidb/pkg/parser"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver"
)

// digestTexts are DIGEST_TEXT values measured on the images (MySQL 9.7.4,
// MariaDB 10.11.18 and 11.8.9) for statements of lint/live/testdata.
var digestTexts = []string{
	"SELECT `a` . `id` , `b` . `name` FROM `a` JOIN `b` ON `a` . `b_id_str` = CAST ( `b` . `id` AS CHARACTER ) WHERE `b` . `id` > ?",
	"SELECT `id` FROM `a` WHERE `id` IN (...) AND `note` = ? AND `b_id_str` = (_charset) ? COLLATE `utf8mb4_bin`",
	"SELECT CAST ( `id` AS CHARACTER (?) ) , CAST ( `s` AS DECIMAL (...) ) , CONVERT ( `s` USING `latin1` ) , CAST ( `s` AS CHARACTER CHARACTER SET `utf8mb4` ) , CAST ( `id` AS BINARY (?) ) FROM `t` WHERE `s` IN (...) AND `d` = DATE ? AND `n` BETWEEN ? AND ? AND `s` = ? AND `s` LIKE ? LIMIT ?",
	"SELECT * FROM `t` WHERE ( `id` , `s` ) IN ( (...) /* , ... */ ) AND `s` = ? AND `id` = ? AND `s` = TRUE AND `s` IS NOT NULL AND `s` = @? AND `s` = (_charset) ? COLLATE `latin1_bin`",
	"INSERT INTO `t` ( `id` , `s` ) VALUES (...) /* , ... */ ON DUPLICATE KEY UPDATE `s` = VALUES ( `s` )",
	"UPDATE `t` SET `s` = `CONCAT` ( `s` , ?, ... ) WHERE `id` = ?",
	"SELECT COUNT ( * ) FROM `t` `t1` JOIN ( SELECT `id` FROM `t` WHERE `s` = ? ) `x` ON `x` . `id` = `t1` . `id` WHERE `t1` . `s` = CAST ( `t1` . `id` AS CHARACTER ) AND `t1` . `d` > NOW ( ) - INTERVAL ? SQL_TSI_DAY",
	// MariaDB
	"SELECT * FROM `t` WHERE ( ID , `s` ) IN ( (...) /* , ... */ ) AND `s` = (unknown) AND ID = ? AND `s` = TRUE AND `s` IS NOT NULL AND `s` = @? AND `s` = (_charset) ? COLLATE `latin1_bin` ",
	"UPDATE `t` SET `s` = `CONCAT` ( `s` , ?, ... ) WHERE ID = - ? ",
	"SELECT CAST ( ID AS CHARACTER (?) ) , CAST ( `s` AS DECIMAL (...) ) FROM `t` WHERE `s` IN (...) AND `d` = DATE ? LIMIT ? ",
}

func TestDigestSQLParses(t *testing.T) {
	p := parser.New()
	for _, text := range digestTexts {
		q := DigestSQL(text)
		if len(q) != len(text) {
			t.Errorf("length changed: %q → %q", text, q)
		}
		if _, _, err := p.Parse(q, "", ""); err != nil {
			t.Errorf("%s\n→ %s\n%v", text, q, err)
		}
	}
}

// TestDigestPlaceholdersInventNothing: the seed's schema with digests of
// statements the server runs without error: literals with introducers and
// COLLATE, IN lists, user variables. Only the findings the real statements
// have are reported, counted as the digest.
func TestDigestPlaceholdersInventNothing(t *testing.T) {
	schema := "CREATE DATABASE IF NOT EXISTS shop; ALTER DATABASE shop DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci; USE shop;\n" +
		"CREATE TABLE a (id BIGINT PRIMARY KEY, b_id_str VARCHAR(32) NOT NULL, note VARCHAR(255), KEY (b_id_str)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;\n" +
		"CREATE TABLE b (id BIGINT PRIMARY KEY, name VARCHAR(100));\n"
	s := &Snapshot{
		Server:    Server{Flavor: "mysql-9", CollationConnection: "utf8mb4_0900_ai_ci", CharacterSetServer: "utf8mb4", CollationServer: "utf8mb4_0900_ai_ci"},
		Databases: []string{"shop"},
		Schema:    []lint.Source{{Name: "dsn:shop", Data: []byte(schema)}},
		Digests: []Digest{
			{Schema: "shop", Digest: "aaaa", Count: 7, Text: "SELECT `id` FROM `a` WHERE `id` IN (...) AND `note` = ? AND `b_id_str` = (_charset) ? COLLATE `utf8mb4_unicode_ci` AND `note` = @?"},
			{Schema: "shop", Digest: "bbbb", Count: 2, Text: "SELECT `a` . `id` , `b` . `name` FROM `a` JOIN `b` ON `a` . `b_id_str` = CAST ( `b` . `id` AS CHARACTER ) WHERE `b` . `id` > ?"},
			{Schema: "shop", Digest: "cccc", Count: 1, Text: "CREATE TABLE `x` ( `id` INT8 )"},
		},
	}
	cfg := s.Config()
	if len(cfg.QuerySources) != 2 {
		t.Fatalf("query sources: %+v", cfg.QuerySources)
	}
	rep, err := lint.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.File, "performance_schema:") {
			got = append(got, fmt.Sprintf("%s:%d:%d %s %d", f.File, f.Line, f.Column, f.Rule, f.Occurrences))
		}
	}
	want := []string{"performance_schema:shop:bbbb:1:55 CL101 2"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if len(rep.Errors) > 0 {
		t.Errorf("errors: %+v", rep.Errors)
	}
}
