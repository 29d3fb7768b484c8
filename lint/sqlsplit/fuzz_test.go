package sqlsplit

import (
	"os"
	"testing"
)

// FuzzSplit checks that Split never panics and that its output is
// consistent with the input for every option set.
func FuzzSplit(f *testing.F) {
	seeds := []string{
		"SELECT 1; SELECT 'a;b' -- c\n;",
		"DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; END//\nDELIMITER ;\n",
		"/*!40101 SET NAMES utf8 */;\n/*!99999 x */;/*M!100100 y */;",
		"/*!50003 CREATE*/ /*!50017 DEFINER=`r`@`l`*/ /*!50003 TRIGGER t BEGIN SET a=1; END */;;",
		"SELECT /*+ a; */ 1; \\d $$\nSELECT 2$$ \\g \\c \\q",
		"use db\nsource x\n\xEF\xBB\xBFSELECT '\xff';\r\n/* unterminated",
		"SELECT $js$ a; $js$; \"x\\\"y\"; `a``b`;",
		"/* a /*!\n b */ c; */;\n/*/ */ --\n#",
		"\t \nDELIMITER ;;\n;;;;\nDELIMITER\nDELIMITER \\x\n  \n/* c */ DELIMITER //\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s), uint8(0))
	}
	if raw, err := os.ReadFile("testdata/mysqldump.sql"); err == nil {
		f.Add(raw, uint8(1))
	}
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		opts := Options{
			ServerVersion:      []int{0, 80040, 80400, 90700, 101100}[int(mode)%5],
			MariaDB:            mode&8 != 0,
			NoBackslashEscapes: mode&16 != 0,
			Comments:           Toggle(mode >> 5 % 3),
			Commands:           Toggle(mode >> 2 % 3),
		}
		stmts, errs := Split(data, opts)
		checkInvariants(t, string(data), stmts, errs)
	})
}
