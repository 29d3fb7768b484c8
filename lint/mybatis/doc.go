// Package mybatis turns MyBatis mapper XML files into SQL statements that a
// MySQL linter can parse: every <select>, <insert>, <update> and <delete> is
// flattened into one statement per variant of its dynamic SQL, and every
// part of the flattened text maps back to the line and column of the XML it
// came from (Statement.Pos).
//
// # Elements
//
//   - <mapper namespace>: statement IDs are namespace + "." + id.
//   - <select|insert|update|delete id [databaseId]>: a statement. One whose
//     databaseId names another database than "mysql" or "mariadb" is
//     skipped (MyBatis would not run it against MySQL).
//   - <sql id> and <include refid> with <property name value>: the fragment
//     is inlined; inside it (and in nested includes) ${name} of a property
//     is replaced by the value, in text and attributes, like MyBatis'
//     XMLIncludeTransformer. refid is looked up in the current namespace,
//     then as a full "namespace.id" (across all files added to a Set).
//     Where several <sql> share an id, the one for databaseId "mysql" (or
//     "mariadb") wins over the one without a databaseId.
//   - <if test>: each <if> is a decision, taken or not. The test is not
//     evaluated.
//   - <choose>/<when>/<otherwise>: a decision between the <when>s and the
//     <otherwise> (or nothing, when there is none).
//   - <where>, <set>, <trim prefix suffix prefixOverrides suffixOverrides>:
//     applied as MyBatis' TrimSqlNode does (content trimmed; nothing when
//     empty; the first matching prefix override — "AND ", "OR " and their
//     newline/tab forms for <where>, "," for <set> — removed from the start,
//     a suffix override removed from the end, then prefix and suffix added).
//   - <foreach collection item open close separator>: the body twice,
//     "open body separator body close", e.g. IN (?, ?).
//   - <bind> and <selectKey> are left out; <resultMap>, <cache>,
//     <cache-ref> and <parameterMap> are ignored. Comments are dropped, CDATA
//     sections are text.
//
// Fragments are joined with a space where neither side has whitespace, as
// MyBatis' DynamicContext does.
//
// # Parameters
//
// #{…} (a JDBC parameter) becomes "?". ${…} (text pasted into the SQL at
// run time) is replaced so the SQL still parses and no verdict is invented
// from it:
//
//   - inside a quoted string or `identifier`: left as it is;
//   - glued to identifier characters (t_${suffix}): the expression's name
//     characters (t_suffix);
//   - after FROM, JOIN, INTO, UPDATE, TABLE or ".", or before ".": a
//     quoted identifier named after the expression (`tableName`);
//   - after LIMIT or OFFSET (or the "," of LIMIT a, b): 1;
//   - after a column in ORDER BY / GROUP BY (ORDER BY ${col} ${dir}):
//     nothing;
//   - anywhere else: NULL (which compares with anything without a
//     collation or type conflict).
//
// Statement.Substituted lists the ${…} texts a statement had.
//
// # Variants
//
// With D decisions, when all combinations number at most MaxVariants (64)
// every combination is produced. Otherwise a deterministic covering subset
// is: all taken (each <if> true, each <choose> its first <when>), none
// taken (each <if> false, each <choose> its <otherwise>), then for each
// decision in document order each of its other options with the rest all
// taken, and with the rest none taken, until MaxVariants. Variants whose
// SQL is identical (decisions that were not reached, empty branches) are
// returned once, with the label of the first. Variant labels list the
// decisions reached, numbered separately for <if> and <choose> in document
// order (after includes are inlined): "if[0]=true,if[1]=false,
// choose[0]=when[1]", "choose[0]=otherwise", "choose[1]=none".
package mybatis
