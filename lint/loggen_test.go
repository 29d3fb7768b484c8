package lint_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
)

// benchLogSchemas are the schemas the generated slow log queries: an
// online shop and a multi-tenant SaaS database (fixtures/ecommerce and
// fixtures/saas-tenants), each with its collation and signedness traps.
var benchLogSchemas = []string{"../fixtures/ecommerce/schema.sql", "../fixtures/saas-tenants/schema.sql"}

// logTemplate is one statement shape family: %I an id, %E an e-mail, %K a
// SKU, %D a date, %P a price, %N a customer name (some non-ASCII), %U a
// tenant UUID, %C a country code.
type logTemplate struct {
	db, sql string
}

var logTemplates = []logTemplate{
	{"shop", "SELECT {c} FROM customers WHERE id = %I"},
	{"shop", "SELECT {c} FROM customers WHERE email = %E"},
	{"shop", "SELECT {c} FROM customers\n WHERE country = %C\n   AND id > %I"},
	{"shop", "SELECT {c} FROM customers WHERE id IN (%I, %I, %I)"},
	{"shop", "SELECT id FROM customers WHERE LOWER(email) = %E"},
	{"shop", "SELECT id, sku, title FROM products WHERE sku = %K"},
	{"shop", "SELECT id, title, price FROM products WHERE price > %P"},
	{"shop", "SELECT id, title FROM products WHERE title LIKE %N"},
	{"shop", "SELECT oi.order_id, p.title\nFROM order_items oi\nJOIN products p ON p.sku = oi.sku\nWHERE oi.order_id = %I"},
	{"shop", "SELECT o.id FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.email = %E"},
	{"shop", "SELECT COUNT(*) FROM orders WHERE status IN ('paid', 'shipped') AND placed_on BETWEEN %D AND %D"},
	{"shop", "SELECT id, status FROM orders WHERE customer_id = %I AND placed_on >= %D"},
	{"shop", "UPDATE orders SET status = 'paid' WHERE id = %I"},
	{"shop", "INSERT INTO order_items (order_id, sku, qty) VALUES (%I, %K, %I)"},
	{"shop", "DELETE FROM order_items WHERE order_id = %I AND sku = %K"},
	{"shop", "SELECT o.id, SUM(oi.qty) FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.customer_id = %I GROUP BY o.id"},
	{"saas", "SELECT u.id, u.email FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE t.name = %N"},
	{"saas", "SELECT i.id, i.total FROM invoices i JOIN tenants t ON t.id = i.tenant_id WHERE i.user_id = %I"},
	{"saas", "SELECT id, total FROM invoices WHERE tenant_id = %U AND total > %P"},
	{"saas", "SELECT id FROM users WHERE tenant_id = %U AND email = %E"},
	{"saas", "SELECT u.email, i.total\n  FROM users u\n  JOIN invoices i ON i.user_id = u.id\n WHERE u.tenant_id = %U"},
	{"saas", "UPDATE users SET email = %E WHERE id = %I"},
}

// logVariants multiply the templates into distinct shapes, as an
// application's query builder does: column lists and endings.
var (
	logColumns = []string{"id, email", "id, email, country", "*", "id", "email, country"}
	logEndings = []string{"", " ORDER BY id DESC LIMIT 20", " LIMIT 1", " FOR UPDATE"}
)

// logShapes expands the templates into statement shapes.
func logShapes() []logTemplate {
	var out []logTemplate
	for _, t := range logTemplates {
		cols := []string{""}
		if strings.Contains(t.sql, "{c}") {
			cols = logColumns
		}
		for _, c := range cols {
			for _, e := range logEndings {
				sql := strings.ReplaceAll(t.sql, "{c}", c)
				if e != "" && !strings.HasPrefix(sql, "SELECT") {
					continue
				}
				if e == " FOR UPDATE" && strings.Contains(sql, "GROUP BY") {
					continue
				}
				out = append(out, logTemplate{t.db, sql + e})
			}
		}
	}
	return out
}

var (
	logNames   = []string{"Anna", "Jörg", "Zoë", "Łukasz", "María", "Ольга", "佐藤", "Tom", "O'Brien", "Renée"}
	logCountry = []string{"DE", "FR", "PL", "US", "JP"}
)

// writeSlowLog writes a MySQL 8 slow query log of n statements to path and
// returns the number of distinct shapes used. Ids, e-mails and SKUs vary
// freely; dates, prices, names and tenants come from realistic pools. With
// period > 0 the statements repeat every period statements (the same
// distinct statements in a longer log).
func writeSlowLog(path string, n, period int) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	shapes := logShapes()
	rng := rand.New(rand.NewPCG(7, 42))
	fill := func(sql string) string {
		var b strings.Builder
		for i := 0; i < len(sql); i++ {
			if sql[i] != '%' || i+1 == len(sql) {
				b.WriteByte(sql[i])
				continue
			}
			i++
			switch sql[i] {
			case 'I':
				b.WriteString(strconv.Itoa(1 + rng.IntN(9_999_999)))
			case 'E':
				fmt.Fprintf(&b, "'user%d@example.com'", rng.IntN(500_000))
			case 'K':
				fmt.Fprintf(&b, "'SKU-%05d'", rng.IntN(20_000))
			case 'D':
				fmt.Fprintf(&b, "'2024-%02d-%02d'", 1+rng.IntN(12), 1+rng.IntN(28))
			case 'P':
				fmt.Fprintf(&b, "%d.%02d", 5*rng.IntN(40), 99*rng.IntN(2))
			case 'N':
				fmt.Fprintf(&b, "'%s%%'", strings.ReplaceAll(logNames[rng.IntN(len(logNames))], "'", "''"))
			case 'U':
				fmt.Fprintf(&b, "'%08x-4b1c-4c9e-9f00-%012x'", rng.IntN(64), rng.IntN(64))
			case 'C':
				fmt.Fprintf(&b, "'%s'", logCountry[rng.IntN(len(logCountry))])
			default:
				b.WriteByte('%')
				b.WriteByte(sql[i])
			}
		}
		return b.String()
	}
	// mysqld's banner, written when it opens the log
	w.WriteString("/usr/sbin/mysqld, Version: 8.4.3 (MySQL Community Server - GPL). started with:\nTcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock\nTime                 Id Command    Argument\n")
	db := ""
	ts := 1709633702
	for i := 0; i < n; i++ {
		if period > 0 && i%period == 0 {
			rng = rand.New(rand.NewPCG(7, 42))
		}
		// a realistic skew: a few shapes make most of the traffic
		k := int(float64(len(shapes)) * rng.Float64() * rng.Float64())
		s := shapes[k]
		ts += rng.IntN(2)
		fmt.Fprintf(w, "# Time: 2024-03-05T%02d:%02d:%02d.%06dZ\n", ts/3600%24, ts/60%60, ts%60, rng.IntN(1_000_000))
		fmt.Fprintf(w, "# User@Host: app[app] @  [10.20.1.%d]  Id: %d\n", 1+rng.IntN(40), 100+rng.IntN(400))
		fmt.Fprintf(w, "# Query_time: %.6f  Lock_time: 0.000%03d Rows_sent: %d  Rows_examined: %d\n", 1+rng.Float64()*3, rng.IntN(1000), rng.IntN(50), rng.IntN(300_000))
		if s.db != db {
			fmt.Fprintf(w, "use %s;\n", s.db)
			db = s.db
		}
		fmt.Fprintf(w, "SET timestamp=%d;\n%s;\n", ts, fill(s.sql))
		if i%5000 == 4999 {
			w.WriteString("# Time: 2024-03-05T12:00:00.000000Z\n# User@Host: app[app] @  [10.20.1.2]  Id: 7\n# Query_time: 0.000002  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0\n# administrator command: Quit;\n")
		}
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	return len(shapes), nil
}
