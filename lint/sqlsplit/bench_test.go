package sqlsplit

import (
	"fmt"
	"strings"
	"testing"
)

// genDump generates a mysqldump-like script of n statements: headers,
// CREATE TABLEs, multi-row INSERTs with escaped strings, triggers under
// DELIMITER ;;, and queries with comments.
func genDump(n int) []byte {
	var b strings.Builder
	b.WriteString("-- MySQL dump 10.13  Distrib 8.4.3, for Linux (x86_64)\n--\n")
	b.WriteString("/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n/*!50503 SET NAMES utf8mb4 */;\n")
	stmts := 2
	for t := 0; stmts < n; t++ {
		fmt.Fprintf(&b, "\n--\n-- Table structure for table `t%d`\n--\n\nDROP TABLE IF EXISTS `t%d`;\n", t, t)
		fmt.Fprintf(&b, "/*!40101 SET @saved_cs_client     = @@character_set_client */;\n")
		fmt.Fprintf(&b, "CREATE TABLE `t%d` (\n  `id` int NOT NULL AUTO_INCREMENT,\n  `name` varchar(64) COLLATE utf8mb4_general_ci NOT NULL,\n  `note` text,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;\n", t)
		fmt.Fprintf(&b, "LOCK TABLES `t%d` WRITE;\n/*!40000 ALTER TABLE `t%d` DISABLE KEYS */;\n", t, t)
		stmts += 5
		for r := 0; r < 4 && stmts < n; r++ {
			fmt.Fprintf(&b, "INSERT INTO `t%d` VALUES ", t)
			for v := 0; v < 20; v++ {
				if v > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, "(%d,'name %d; é','it\\'s a \\\"note\\\" -- with; /* stuff */ ü %d')", v, v, r)
			}
			b.WriteString(";\n")
			stmts++
		}
		fmt.Fprintf(&b, "/*!40000 ALTER TABLE `t%d` ENABLE KEYS */;\nUNLOCK TABLES;\n", t)
		fmt.Fprintf(&b, "DELIMITER ;;\n/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `t%d_bi` BEFORE INSERT ON `t%d` FOR EACH ROW BEGIN\n  SET NEW.name = CONCAT(NEW.name, ';');\nEND */;;\nDELIMITER ;\n", t, t)
		fmt.Fprintf(&b, "SELECT name FROM t%d WHERE name = 'x' COLLATE utf8mb4_bin; -- query\n", t)
		stmts += 4
	}
	return []byte(b.String())
}

func BenchmarkSplit(b *testing.B) {
	src := genDump(10000)
	stmts, errs := Split(src, Options{ServerVersion: 80400})
	if len(errs) > 0 || len(stmts) < 10000 {
		b.Fatalf("%d statements, errors %v", len(stmts), errs)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Split(src, Options{ServerVersion: 80400})
	}
	b.ReportMetric(float64(len(stmts)), "stmts/op")
}

// BenchmarkSplitQueryLog is a log of many short statements.
func BenchmarkSplitQueryLog(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&sb, "SELECT a, b FROM t%d WHERE c = 'v%d' AND d > %d; -- q%d\n", i%50, i, i, i)
	}
	src := []byte(sb.String())
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Split(src, Options{})
	}
}

// BenchmarkSplitString is BenchmarkSplit without the copy of the input.
func BenchmarkSplitString(b *testing.B) {
	src := string(genDump(10000))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		SplitString(src, Options{ServerVersion: 80400})
	}
}
