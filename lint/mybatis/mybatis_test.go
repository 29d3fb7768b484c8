package mybatis

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func compact(s string) string { return strings.Join(strings.Fields(s), " ") }

func parseFiles(t *testing.T, names ...string) ([]Statement, []error) {
	t.Helper()
	var s Set
	var errs []error
	for _, n := range names {
		f, err := os.Open(filepath.Join("testdata", n))
		if err != nil {
			t.Fatal(err)
		}
		errs = append(errs, s.Add(f, n)...)
		f.Close()
	}
	st, e2 := s.Statements()
	return st, append(errs, e2...)
}

type variant struct{ id, variant, sql string }

func checkVariants(t *testing.T, got []Statement, want []variant) {
	t.Helper()
	var g []string
	for _, s := range got {
		g = append(g, fmt.Sprintf("%s [%s] %s", s.ID, s.Variant, compact(s.SQL)))
	}
	var w []string
	for _, v := range want {
		w = append(w, fmt.Sprintf("%s [%s] %s", v.id, v.variant, v.sql))
	}
	if strings.Join(g, "\n") != strings.Join(w, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
}

func byID(st []Statement, id string) []Statement {
	var out []Statement
	for _, s := range st {
		if strings.HasSuffix(s.ID, "."+id) {
			out = append(out, s)
		}
	}
	return out
}

const userNS = "com.example.shop.mapper.UserMapper"

func TestUserMapper(t *testing.T) {
	f, err := os.Open("testdata/UserMapper.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, errs := Parse(f, "UserMapper.xml")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	u := userNS + "."
	checkVariants(t, st, []variant{
		// <where> with two <if>s: the leading AND goes, no WHERE when empty;
		// ORDER BY ${orderBy} ${direction}: NULL, then nothing
		{u + "findUsers", "if[0]=true,if[1]=true", "SELECT id, user_name, email, status, created_at FROM users WHERE user_name = ? AND email = ? ORDER BY NULL"},
		{u + "findUsers", "if[0]=true,if[1]=false", "SELECT id, user_name, email, status, created_at FROM users WHERE user_name = ? ORDER BY NULL"},
		{u + "findUsers", "if[0]=false,if[1]=true", "SELECT id, user_name, email, status, created_at FROM users WHERE email = ? ORDER BY NULL"},
		{u + "findUsers", "if[0]=false,if[1]=false", "SELECT id, user_name, email, status, created_at FROM users ORDER BY NULL"},
		{u + "searchUsers", "choose[0]=when[0]", "SELECT id, user_name FROM users WHERE status = 'ACTIVE' AND user_name LIKE CONCAT('%', ?, '%')"},
		// ${} inside a string stays
		{u + "searchUsers", "choose[0]=when[1]", "SELECT id, user_name FROM users WHERE status = 'ACTIVE' AND email LIKE '%@${emailDomain}'"},
		{u + "searchUsers", "choose[0]=otherwise", "SELECT id, user_name FROM users WHERE status = 'ACTIVE' AND created_at > NOW() - INTERVAL 30 DAY"},
		{u + "findByIds", "", "SELECT * FROM users WHERE id IN (?, ?)"},
		// <set>: trailing comma removed; nothing left: no SET
		{u + "updateUser", "if[0]=true,if[1]=true", "UPDATE users SET user_name = ?, email = ? WHERE id = ?"},
		{u + "updateUser", "if[0]=true,if[1]=false", "UPDATE users SET user_name = ? WHERE id = ?"},
		{u + "updateUser", "if[0]=false,if[1]=true", "UPDATE users SET email = ? WHERE id = ?"},
		{u + "updateUser", "if[0]=false,if[1]=false", "UPDATE users WHERE id = ?"},
		// <selectKey> left out
		{u + "insertUser", "", "INSERT INTO users (user_name, email, status) VALUES (?, ?, 'NEW')"},
		// CDATA with < and >=
		{u + "countRecent", "", "SELECT COUNT(*) FROM users WHERE created_at >= ? AND login_count < 3"},
		// include with <property>, ${} as a table name and after LIMIT
		{u + "joinOrders", "", "SELECT u.id, u.user_name , o.total FROM users u JOIN `ordersTable` o ON o.user_email = u.email WHERE o.total <= ? LIMIT 1"},
		// databaseId="oracle" skipped
		{u + "purge", "", "DELETE FROM users WHERE status = 'DELETED' LIMIT 100"},
	})
	if s := byID(st, "findUsers")[0]; strings.Join(s.Substituted, " ") != "${orderBy} ${direction}" || s.Line != 20 || s.Col != 3 || s.Kind != "select" || s.File != "UserMapper.xml" {
		t.Errorf("findUsers: %+v", s)
	}
	if s := byID(st, "searchUsers"); len(s[0].Substituted) != 0 || strings.Join(s[1].Substituted, " ") != "${emailDomain}" {
		t.Errorf("searchUsers substituted %q %q", s[0].Substituted, s[1].Substituted)
	}
}

func TestOrderMapperAcrossFiles(t *testing.T) {
	// Alone, the include of UserMapper's fragment cannot be resolved.
	f, _ := os.Open("testdata/OrderMapper.xml")
	st, errs := Parse(f, "OrderMapper.xml")
	f.Close()
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), `OrderMapper.xml:12:18: <include refid="com.example.shop.mapper.UserMapper.aliasedColumns">: no <sql`) {
		t.Errorf("errors: %v", errs)
	}
	if len(byID(st, "findOrders")) != 0 || len(byID(st, "touch")) != 2 {
		t.Errorf("%d statements", len(st))
	}

	st, errs = parseFiles(t, "UserMapper.xml", "OrderMapper.xml")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	o := "com.example.shop.mapper.OrderMapper."
	head := "SELECT o.id, c.id, c.user_name FROM orders o JOIN customers c ON c.email = o.customer_email"
	var got []Statement
	for _, s := range st {
		if strings.HasPrefix(s.ID, o) {
			got = append(got, s)
		}
	}
	checkVariants(t, got, []variant{
		// <trim prefixOverrides="AND |OR "> around an included fragment's
		// <if>s and a <choose> without <otherwise> holding an <if>
		{o + "findOrders", "if[0]=true,if[1]=true,choose[0]=when[0],if[2]=true", head + " WHERE o.status = ? AND o.created_at >= ? AND c.tier = 'VIP' AND c.region = ?"},
		{o + "findOrders", "if[0]=true,if[1]=true,choose[0]=when[0],if[2]=false", head + " WHERE o.status = ? AND o.created_at >= ? AND c.tier = 'VIP'"},
		{o + "findOrders", "if[0]=true,if[1]=true,choose[0]=when[1]", head + " WHERE o.status = ? AND o.created_at >= ? AND c.name LIKE ?"},
		{o + "findOrders", "if[0]=true,if[1]=true,choose[0]=none", head + " WHERE o.status = ? AND o.created_at >= ?"},
		{o + "findOrders", "if[0]=true,if[1]=false,choose[0]=when[0],if[2]=true", head + " WHERE o.status = ? AND c.tier = 'VIP' AND c.region = ?"},
		{o + "findOrders", "if[0]=true,if[1]=false,choose[0]=when[0],if[2]=false", head + " WHERE o.status = ? AND c.tier = 'VIP'"},
		{o + "findOrders", "if[0]=true,if[1]=false,choose[0]=when[1]", head + " WHERE o.status = ? AND c.name LIKE ?"},
		{o + "findOrders", "if[0]=true,if[1]=false,choose[0]=none", head + " WHERE o.status = ?"},
		{o + "findOrders", "if[0]=false,if[1]=true,choose[0]=when[0],if[2]=true", head + " WHERE o.created_at >= ? AND c.tier = 'VIP' AND c.region = ?"},
		{o + "findOrders", "if[0]=false,if[1]=true,choose[0]=when[0],if[2]=false", head + " WHERE o.created_at >= ? AND c.tier = 'VIP'"},
		{o + "findOrders", "if[0]=false,if[1]=true,choose[0]=when[1]", head + " WHERE o.created_at >= ? AND c.name LIKE ?"},
		{o + "findOrders", "if[0]=false,if[1]=true,choose[0]=none", head + " WHERE o.created_at >= ?"},
		{o + "findOrders", "if[0]=false,if[1]=false,choose[0]=when[0],if[2]=true", head + " WHERE c.tier = 'VIP' AND c.region = ?"},
		{o + "findOrders", "if[0]=false,if[1]=false,choose[0]=when[0],if[2]=false", head + " WHERE c.tier = 'VIP'"},
		{o + "findOrders", "if[0]=false,if[1]=false,choose[0]=when[1]", head + " WHERE c.name LIKE ?"},
		{o + "findOrders", "if[0]=false,if[1]=false,choose[0]=none", head},
		// <trim prefix="SET" suffixOverrides=",">
		{o + "touch", "if[0]=true", "UPDATE orders SET updated_at = NOW(), note = ? WHERE id IN (?, ?)"},
		{o + "touch", "if[0]=false", "UPDATE orders SET updated_at = NOW() WHERE id IN (?, ?)"},
		// a word separator gets spaces
		{o + "anyTag", "", "SELECT id FROM orders WHERE tags LIKE CONCAT('%', ?, '%') OR tags LIKE CONCAT('%', ?, '%')"},
	})
}

func TestBroken(t *testing.T) {
	st, errs := parseFiles(t, "Broken.xml")
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	want := []string{
		`Broken.xml:8:3: <select> without id`,
		`Broken.xml:4:17: <include refid="a">: include cycle com.example.Broken.a -> com.example.Broken.b -> com.example.Broken.a (statement com.example.Broken.cycle skipped)`,
		`Broken.xml:6:31: <include refid="nope">: no <sql id="nope"> in namespace "com.example.Broken" (statement com.example.Broken.missing skipped)`,
		`Broken.xml:7:30: unknown element <iff> is ignored`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	checkVariants(t, st, []variant{
		{"com.example.Broken.typo", "", "SELECT 1 FROM t"},
		{"com.example.Broken.fine", "", "SELECT 3"},
	})
}

func TestXMLErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"<mapper namespace=\"x\">\n<select id=\"a\">SELECT 1</selec>\n</mapper>", "m.xml:2: XML: element <select> closed by </selec>"},
		{"<mapper namespace=\"x\">\n<select id=\"a\">SELECT &nbsp;</select>\n</mapper>", "m.xml:2: XML: invalid character entity &nbsp;"},
		{"<configuration/>", "m.xml:1:1: root element is <configuration>, not <mapper>"},
		{"", "m.xml: no XML element"},
		{"<mapper><select id=\"a\">SELECT 1</select></mapper>", "m.xml:1:1: <mapper> has no namespace"},
	} {
		_, errs := Parse(strings.NewReader(c.in), "m.xml")
		if len(errs) == 0 || errs[0].Error() != c.want {
			t.Errorf("%q: %v, want %s", c.in, errs, c.want)
		}
	}
}

func mapper(body string) string {
	return "<mapper namespace=\"t\">\n" + body + "\n</mapper>"
}

func parseString(t *testing.T, xml string) []Statement {
	t.Helper()
	st, errs := Parse(strings.NewReader(xml), "m.xml")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return st
}

func TestDollar(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"SELECT * FROM ${table} WHERE a = 1", "SELECT * FROM `table` WHERE a = 1"},
		{"SELECT * FROM log_${month} l JOIN ${db}.items i ON i.id = l.item_id", "SELECT * FROM log_month l JOIN `db`.items i ON i.id = l.item_id"},
		{"SELECT * FROM s.${t}", "SELECT * FROM s.`t`"},
		{"SELECT * FROM t WHERE ${col} = #{v}", "SELECT * FROM t WHERE NULL = ?"},
		{"SELECT * FROM t WHERE a IN (${ids})", "SELECT * FROM t WHERE a IN (NULL)"},
		{"SELECT * FROM t ORDER BY ${sort} ${dir}, id DESC", "SELECT * FROM t ORDER BY NULL , id DESC"},
		{"SELECT * FROM t ORDER BY created_at ${dir}", "SELECT * FROM t ORDER BY created_at"},
		{"SELECT * FROM t LIMIT ${offset}, ${size}", "SELECT * FROM t LIMIT 1, 1"},
		{"SELECT * FROM t LIMIT ${size} OFFSET ${offset}", "SELECT * FROM t LIMIT 1 OFFSET 1"},
		{"SELECT * FROM t WHERE name = '${name}' AND `${col}` = 1", "SELECT * FROM t WHERE name = '${name}' AND `${col}` = 1"},
		{"SELECT * FROM t WHERE a = 'it''s ${x}' OR b = ${y}", "SELECT * FROM t WHERE a = 'it''s ${x}' OR b = NULL"},
		{"INSERT INTO ${tbl} (a) VALUES (${v})", "INSERT INTO `tbl` (a) VALUES (NULL)"},
		{"SELECT ${item.name, jdbcType=VARCHAR} FROM t", "SELECT NULL FROM t"},
	} {
		st := parseString(t, mapper("<select id=\"q\">"+c.in+"</select>"))
		if len(st) != 1 || compact(st[0].SQL) != c.want {
			t.Errorf("%s\n got %q\nwant %q", c.in, compact(st[0].SQL), c.want)
		}
	}
}

func TestTrim(t *testing.T) {
	st := parseString(t, mapper(`<select id="q">SELECT * FROM t
  <trim prefix="WHERE (" suffix=")" prefixOverrides="and|or" suffixOverrides=",| and">
    <if test="a">and a = 1 </if><if test="b">OR b = 2 and</if>
  </trim>
  <where>   </where>
  <where><if test="c">
    and
    c = 3</if></where></select>`))
	checkVariants(t, st, []variant{
		{"t.q", "if[0]=true,if[1]=true,if[2]=true", "SELECT * FROM t WHERE ( a = 1 OR b = 2 ) WHERE c = 3"},
		{"t.q", "if[0]=true,if[1]=true,if[2]=false", "SELECT * FROM t WHERE ( a = 1 OR b = 2 )"},
		{"t.q", "if[0]=true,if[1]=false,if[2]=true", "SELECT * FROM t WHERE ( a = 1 ) WHERE c = 3"},
		{"t.q", "if[0]=true,if[1]=false,if[2]=false", "SELECT * FROM t WHERE ( a = 1 )"},
		{"t.q", "if[0]=false,if[1]=true,if[2]=true", "SELECT * FROM t WHERE ( b = 2 ) WHERE c = 3"},
		{"t.q", "if[0]=false,if[1]=true,if[2]=false", "SELECT * FROM t WHERE ( b = 2 )"},
		{"t.q", "if[0]=false,if[1]=false,if[2]=true", "SELECT * FROM t WHERE c = 3"},
		{"t.q", "if[0]=false,if[1]=false,if[2]=false", "SELECT * FROM t"},
	})
}

func TestNestedAndReach(t *testing.T) {
	st := parseString(t, mapper(`<select id="q">SELECT * FROM t <where>
  <if test="a">a = 1 <if test="b">AND b = 2</if></if>
  <choose><when test="c">AND c = 3</when><otherwise><if test="d">AND d = 4</if></otherwise></choose>
</where></select>`))
	checkVariants(t, st, []variant{
		{"t.q", "if[0]=true,if[1]=true,choose[0]=when[0]", "SELECT * FROM t WHERE a = 1 AND b = 2 AND c = 3"},
		{"t.q", "if[0]=true,if[1]=true,choose[0]=otherwise,if[2]=true", "SELECT * FROM t WHERE a = 1 AND b = 2 AND d = 4"},
		{"t.q", "if[0]=true,if[1]=true,choose[0]=otherwise,if[2]=false", "SELECT * FROM t WHERE a = 1 AND b = 2"},
		{"t.q", "if[0]=true,if[1]=false,choose[0]=when[0]", "SELECT * FROM t WHERE a = 1 AND c = 3"},
		{"t.q", "if[0]=true,if[1]=false,choose[0]=otherwise,if[2]=true", "SELECT * FROM t WHERE a = 1 AND d = 4"},
		{"t.q", "if[0]=true,if[1]=false,choose[0]=otherwise,if[2]=false", "SELECT * FROM t WHERE a = 1"},
		// if[1] is not reached when if[0] is false
		{"t.q", "if[0]=false,choose[0]=when[0]", "SELECT * FROM t WHERE c = 3"},
		{"t.q", "if[0]=false,choose[0]=otherwise,if[2]=true", "SELECT * FROM t WHERE d = 4"},
		{"t.q", "if[0]=false,choose[0]=otherwise,if[2]=false", "SELECT * FROM t"},
	})
}

func TestVariantCap(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<select id="q">SELECT * FROM t <where>`)
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&b, `<if test="p%d">AND c%d = #{p%d}</if>`, i, i, i)
	}
	b.WriteString(`</where></select>`)
	st := parseString(t, mapper(b.String()))
	// 1,024 combinations: all, none, each if alone, each if left out
	if len(st) != 22 {
		t.Fatalf("%d variants", len(st))
	}
	if st[0].Variant != "if[0]=true,if[1]=true,if[2]=true,if[3]=true,if[4]=true,if[5]=true,if[6]=true,if[7]=true,if[8]=true,if[9]=true" ||
		compact(st[1].SQL) != "SELECT * FROM t" ||
		compact(st[2].SQL) != "SELECT * FROM t WHERE c0 = ?" || // none + if[0]
		compact(st[3].SQL) != "SELECT * FROM t WHERE c1 = ? AND c2 = ? AND c3 = ? AND c4 = ? AND c5 = ? AND c6 = ? AND c7 = ? AND c8 = ? AND c9 = ?" { // all - if[0]
		for _, s := range st[:4] {
			t.Logf("[%s] %s", s.Variant, compact(s.SQL))
		}
		t.Error("unexpected covering set")
	}
	// 6 ifs: exactly 64 combinations, all produced
	b.Reset()
	b.WriteString(`<select id="q">SELECT * FROM t <where>`)
	for i := 0; i < 6; i++ {
		fmt.Fprintf(&b, `<if test="p%d">AND c%d = 1</if>`, i, i)
	}
	b.WriteString(`</where></select>`)
	if st := parseString(t, mapper(b.String())); len(st) != 64 {
		t.Errorf("%d variants", len(st))
	}
	// 200 ifs: capped at MaxVariants
	b.Reset()
	b.WriteString(`<select id="q">SELECT * FROM t <where>`)
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&b, `<if test="p%d">AND c%d = 1</if>`, i, i)
	}
	b.WriteString(`</where></select>`)
	if st := parseString(t, mapper(b.String())); len(st) != MaxVariants {
		t.Errorf("%d variants", len(st))
	}
}

func TestIncludeProperties(t *testing.T) {
	st := parseString(t, mapper(`
<sql id="cols">${alias}.id, ${alias}.${nameCol}</sql>
<sql id="from">FROM ${schema}.users <include refid="${alias}Join"><property name="other" value="${alias}2"/></include></sql>
<sql id="uJoin">JOIN users ${other} ON ${other}.id = ${alias}.parent_id</sql>
<select id="q">SELECT <include refid="cols"><property name="alias" value="u"/><property name="nameCol" value="user_name"/></include>
  <include refid="from"><property name="alias" value="u"/><property name="schema" value="shop"/></include>
  WHERE ${alias}.id = #{id}</select>`))
	// outside includes ${alias} is a run-time substitution
	checkVariants(t, st, []variant{
		{"t.q", "", "SELECT u.id, u.user_name FROM shop.users JOIN users u2 ON u2.id = u.parent_id WHERE `alias`.id = ?"},
	})
}

func TestDuplicatesAndEmpty(t *testing.T) {
	st, errs := Parse(strings.NewReader(mapper(`
<select id="a">SELECT 1</select>
<select id="a">SELECT 2</select>
<select id="b">SELECT NOW()</select>
<select id="b" databaseId="mysql">SELECT SYSDATE()</select>
<select id="c"><if test="x">SELECT 3</if></select>`)), "m.xml")
	if len(errs) != 1 || errs[0].Error() != `m.xml:4:1: duplicate statement id "a" (first at m.xml:3)` {
		t.Errorf("errors %v", errs)
	}
	// an empty variant is not a statement
	checkVariants(t, st, []variant{{"t.a", "", "SELECT 1"}, {"t.b", "", "SELECT SYSDATE()"}, {"t.c", "if[0]=true", "SELECT 3"}})
}

func TestDatabaseIDFragments(t *testing.T) {
	st := parseString(t, mapper(`
<sql id="now" databaseId="oracle">SYSDATE</sql>
<sql id="now">CURRENT_TIMESTAMP</sql>
<sql id="now" databaseId="mysql">NOW()</sql>
<select id="q">SELECT <include refid="now"/></select>
<select id="q" databaseId="postgresql">SELECT now()</select>`))
	checkVariants(t, st, []variant{{"t.q", "", "SELECT NOW()"}})
}

// Every character of every statement maps back to the file: text copied
// from the XML to the same character (or the entity that stands for it),
// "?" to its "#{", ${…} replacements to their "${", and words MyBatis adds
// (WHERE, SET, separators) to the element that adds them.
func TestPositions(t *testing.T) {
	for _, crlf := range []bool{false, true} {
		var s Set
		files := map[string][]string{}
		for _, n := range []string{"UserMapper.xml", "OrderMapper.xml", "Broken.xml"} {
			data, err := os.ReadFile(filepath.Join("testdata", n))
			if err != nil {
				t.Fatal(err)
			}
			if crlf {
				data = []byte(strings.ReplaceAll(string(data), "\n", "\r\n"))
			}
			files[n] = strings.Split(string(data), "\n")
			s.Add(strings.NewReader(string(data)), n)
		}
		st, _ := s.Statements()
		if len(st) < 30 {
			t.Fatalf("%d statements", len(st))
		}
		fromOther := 0
		for _, x := range st {
			if err := checkPositions(files, x); err != nil {
				t.Errorf("crlf=%v %s [%s]: %v", crlf, x.ID, x.Variant, err)
			}
			for off := range x.SQL {
				if x.Pos(off).File != x.File {
					fromOther++
					break
				}
			}
		}
		if fromOther != 16 { // the variants of findOrders include UserMapper's aliasedColumns
			t.Errorf("%d statements with text from another file", fromOther)
		}
	}
}

// rest is the text of files at p.
func rest(files map[string][]string, p Position) string {
	lines := files[p.File]
	if p.Line < 1 || p.Line > len(lines) {
		return ""
	}
	r := []rune(strings.TrimSuffix(lines[p.Line-1], "\r") + "\n")
	if p.Col < 1 || p.Col > len(r) {
		return ""
	}
	return string(r[p.Col-1:])
}

func checkPositions(files map[string][]string, s Statement) error {
	if r := rest(files, Position{s.File, s.Line, s.Col}); !strings.HasPrefix(r, "<"+s.Kind) {
		return fmt.Errorf("statement at %d:%d: %q", s.Line, s.Col, r)
	}
	i := 0
	for off, c := range s.SQL {
		for i+1 < len(s.segs) && s.segs[i+1].off <= off {
			i++
		}
		p := s.Pos(off)
		at := rest(files, p)
		generated := s.segs[i].raw == ""
		switch {
		case !generated && strings.HasPrefix(at, string(c)):
		case !generated && strings.HasPrefix(at, "&"): // an entity
		case generated && c == '?' && strings.HasPrefix(at, "#{"):
		case generated && strings.HasPrefix(at, "${"):
		case generated && strings.HasPrefix(at, "<"): // WHERE, SET, separators, …
		case generated && c == ' ': // the space between fragments
		default:
			return fmt.Errorf("offset %d (%q, generated=%v) maps to %v: %.20q", off, c, generated, p, at)
		}
	}
	return nil
}

func TestPosExamples(t *testing.T) {
	data, _ := os.ReadFile("testdata/UserMapper.xml")
	lines := strings.Split(string(data), "\n")
	st, _ := parseFiles(t, "UserMapper.xml")
	for _, c := range []struct {
		id, sub string // sub is in the SQL
		line    int
		needle  string // where it must map to on that line
	}{
		{"joinOrders", "SELECT", 82, "SELECT"},
		{"joinOrders", "u.id", 17, "${alias}.id"},
		{"joinOrders", ".id", 17, ".id"},
		{"joinOrders", "`ordersTable`", 83, "${ordersTable}"},
		{"joinOrders", "<= ?", 84, "&lt;"},
		{"joinOrders", "= ?", 84, "= #{max}"},
		{"joinOrders", "?", 84, "#{max}"},
		{"joinOrders", "LIMIT 1", 85, "LIMIT"},
		{"joinOrders", "1", 85, "${limit}"},
		{"findUsers", "WHERE", 23, "<where>"},
		{"findUsers", "email = ?", 28, "email"},
		{"findUsers", "id, user_name", 14, "id, user_name"},
		{"countRecent", "< 3", 77, "< 3"},
		{"countRecent", "SELECT", 76, "SELECT"},
		{"findByIds", "(?, ?)", 52, "<foreach"},
		{"updateUser", "SET", 59, "<set>"},
	} {
		s := byID(st, c.id)[0]
		off := strings.LastIndex(s.SQL, c.sub)
		if c.sub == "SELECT" || c.sub == "WHERE" || c.sub == "SET" || c.sub == "id, user_name" {
			off = strings.Index(s.SQL, c.sub)
		}
		i := strings.Index(lines[c.line-1], c.needle)
		if off < 0 || i < 0 {
			t.Fatalf("%s: %q / %q not found", c.id, c.sub, c.needle)
		}
		want := Position{"UserMapper.xml", c.line, 1 + utf8.RuneCountInString(lines[c.line-1][:i])}
		if p := s.Pos(off); p != want {
			t.Errorf("%s: Pos(%q) = %v, want %v", c.id, c.sub, p, want)
		}
		if s.LineAt(off) != c.line {
			t.Errorf("LineAt")
		}
	}
}

func TestBlowUpGuards(t *testing.T) {
	// each fragment includes the next twice: 2^30 copies
	var b strings.Builder
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&b, `<sql id="f%d">x<include refid="f%d"/><include refid="f%d"/></sql>`, i, i+1, i+1)
	}
	b.WriteString(`<sql id="f30">y</sql><select id="q">SELECT <include refid="f0"/></select>`)
	st, errs := Parse(strings.NewReader(mapper(b.String())), "m.xml")
	if len(st) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "more than 100000 XML nodes") {
		t.Errorf("%d statements, errors %v", len(st), errs)
	}
	// nested foreach: two items at the first four levels only
	st = parseString(t, mapper(`<select id="q">SELECT <foreach item="a" separator=",">`+strings.Repeat(`<foreach item="a" separator=",">`, 19)+`#{a}`+strings.Repeat(`</foreach>`, 20)+`</select>`))
	if n := strings.Count(st[0].SQL, "?"); n != 16 {
		t.Errorf("%d parameters", n)
	}
}
