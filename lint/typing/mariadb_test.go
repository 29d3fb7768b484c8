package typing_test

import "testing"

// mariadbSchema is the differential suite's column kinds (lint/difftest)
// that matter below, every column indexed; MariaDB 10.11 has no
// utf8mb4_0900_* collations, so the MySQL matrix schema cannot be reused.
const mariadbSchema = `CREATE DATABASE m;
USE m;
CREATE TABLE t (
  uni VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,
  gen VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci,
  bin VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
  mb3 VARCHAR(20) CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci,
  lat VARCHAR(20) CHARACTER SET latin1,
  e ENUM('a','b','1') CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,
  vb VARBINARY(20), i INT, big BIGINT, ubig BIGINT UNSIGNED, dcm DECIMAL(20,2), dbl DOUBLE, d DATE,
  KEY(uni), KEY(gen), KEY(bin), KEY(mb3), KEY(lat), KEY(e), KEY(vb), KEY(i), KEY(big), KEY(ubig), KEY(dcm), KEY(dbl), KEY(d)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE u LIKE t;`

// TestMariaDBFacts checks verdicts measured on MariaDB 10.11.18 and
// 11.8.9 (see the facts in lint/flavor): x drives, y's index is probed;
// each case names every lost index ("-" for none; the driving x's index
// is lost whenever x is wrapped or converted) or the error.
func TestMariaDBFacts(t *testing.T) {
	both := []struct{ q, want string }{
		// a binary comparison keeps a string column's index for equality only
		{"SELECT 1 FROM t x JOIN u y ON x.vb = y.lat", "-"},
		{"SELECT 1 FROM t x JOIN u y ON x.bin = y.uni", "-"},
		{"SELECT 1 FROM u y WHERE y.uni < 'a' COLLATE utf8mb4_bin", "u.uni"},
		{"SELECT 1 FROM u y WHERE y.mb3 = 'a' COLLATE utf8mb4_bin", "u.mb3"},
		// ENUM: its own collation only; numbers of every class
		{"SELECT 1 FROM t x JOIN u y ON x.bin = y.e", "u.e"},
		{"SELECT 1 FROM t x JOIN u y ON x.dcm = y.e", "-"},
		{"SELECT 1 FROM u y WHERE y.e BETWEEN DATE '2024-01-01' AND DATE '2024-01-01'", "u.e"},
		// temporal and numeric keys
		{"SELECT 1 FROM t x JOIN u y ON x.dcm = y.d", "t.dcm"},
		{"SELECT 1 FROM t x JOIN u y ON x.d = y.dcm", "u.dcm"},
		{"SELECT 1 FROM t x JOIN u y ON x.d = y.i", "u.i"},
		{"SELECT 1 FROM u y WHERE y.d = 'abc'", "-"},
		{"SELECT 1 FROM u y WHERE y.d < 'abc'", "u.d"},
		{"SELECT 1 FROM u y WHERE y.d BETWEEN 'abc' AND 'xyz'", "-"},
		{"SELECT 1 FROM u y WHERE y.d IN (42, 42)", "-"},
		{"SELECT 1 FROM u y WHERE y.d IN (42, 20240101)", "u.d"},
		{"SELECT 1 FROM u y WHERE y.d <> 42", "u.d"},
		{"SELECT 1 FROM u y WHERE y.d < 1e3", "-"},
		// constants that do not fit the column
		{"SELECT 1 FROM u y WHERE y.ubig <> -1", "u.ubig"},
		{"SELECT 1 FROM u y WHERE y.ubig < -1", "-"},
		{"SELECT 1 FROM u y WHERE y.ubig BETWEEN -1 AND -1", "-"},
		{"SELECT 1 FROM u y WHERE y.ubig BETWEEN -1 AND 5", "u.ubig"},
		{"SELECT 1 FROM u y WHERE y.dcm < 18446744073709551615", "u.dcm"},
		{"SELECT 1 FROM u y WHERE y.dcm BETWEEN 1 AND 18446744073709551615", "-"},
		{"SELECT 1 FROM u y WHERE y.i BETWEEN 4.2 AND 4.2", "-"},
		// BETWEEN aggregates like any comparison
		{"SELECT 1 FROM u y WHERE y.uni BETWEEN DATE '2024-01-01' AND DATE '2024-01-01'", "u.uni"},
		// a temporal IN list against a BIGINT becomes integers
		{"SELECT 1 FROM u y WHERE y.big IN (DATE '2024-01-01', DATE '2024-01-02')", "-"},
		{"SELECT 1 FROM u y WHERE y.i IN (DATE '2024-01-01', DATE '2024-01-02')", "u.i"},
	}
	only := map[string][]struct{ q, want string }{
		"mariadb-10.11": {
			{"SELECT 1 FROM t x JOIN u y ON CAST(x.uni AS CHAR) = y.uni", "E1267"},
			{"SELECT 1 FROM u y WHERE y.big = DATE '2024-01-01'", "-"},
			{"SELECT 1 FROM t x JOIN u y ON x.gen = y.mb3", "u.mb3"},
		},
		"mariadb-11": {
			// CAST and user variables rank between SYSCONST and COERCIBLE
			{"SELECT 1 FROM t x JOIN u y ON CAST(x.uni AS CHAR) = y.uni", "t.uni"},
			{"SELECT 1 FROM u y WHERE y.uni = @v", "-"},
			{"SELECT 1 FROM u y WHERE y.lat = @v", "-"},
			// … and a non-constant cannot be converted to latin1 without loss
			{"SELECT 1 FROM t x JOIN u y ON CAST(x.i AS CHAR) = y.lat", "E1267"},
			{"SELECT 1 FROM u y WHERE y.lat = CAST('é' AS CHAR)", "-"},
			{"SELECT CONCAT(lat, CAST(uni AS CHAR)) FROM t", "P1267"},
			{"SELECT 1 FROM u y WHERE y.big = DATE '2024-01-01'", "u.big"},
			// cset_narrowing
			{"SELECT 1 FROM t x JOIN u y ON x.gen = y.mb3", "-"},
			{"SELECT 1 FROM t x JOIN u y ON x.uni = y.mb3", "u.mb3"},
		},
	}
	// the connection collations of the differential suite
	conn := map[string]string{"mariadb-10.11": "utf8mb4_general_ci", "mariadb-11": "utf8mb4_uca1400_ai_ci"}
	for _, fl := range []string{"mariadb-10.11", "mariadb-11"} {
		e := envSchema(t, fl, conn[fl], mariadbSchema)
		for _, c := range append(both, only[fl]...) {
			if got := verdict(t, e, c.q); got != c.want {
				t.Errorf("%s: %s\n got %s, want %s", fl, c.q, got, c.want)
			}
		}
	}
}
