package typing

import (
	"github.com/collint/collint/lint/charset"
	"github.com/collint/collint/lint/flavor"
)

// dt is MySQL's DTCollation: a collation with its derivation and repertoire.
type dt struct {
	charset, collation string
	coer               Coercibility
	ascii              bool
	// conflict marks a NONE produced inside the current aggregation (two
	// IMPLICIT collations met). It ranks just above EXPLICIT on every
	// flavor; only a finished NONE result used as an operand (CONCAT of
	// two columns) ranks weakest on MySQL 9.x (measured: a IN (b, 'x') is
	// 1270 on 9.7 while CONCAT(a, b) = 'x' runs).
	conflict bool
}

// aggFlags mirror MY_COLL_ALLOW_SUPERSET_CONV, MY_COLL_ALLOW_COERCIBLE_CONV
// and MY_COLL_DISALLOW_NONE.
type aggFlags struct {
	superset, coercible, disallowNone bool
}

var forComparison = aggFlags{superset: true, coercible: true, disallowNone: true}
var forResult = aggFlags{superset: true, coercible: true}

// facts holds what judging a comparison needs: the flavor, and while one
// IN comparison is judged, the shape of its list.
type facts struct {
	f *flavor.Flavor
	// inItems is the number of items of the IN list being judged,
	// inTemporalConsts whether they are all temporal constants, and
	// inMixedDates whether its numbers mix dates and non-dates (as MariaDB
	// reads them).
	inItems          int
	inTemporalConsts bool
	inMixedDates     bool
}

func (x facts) coll(name string) *charset.Collation {
	c, _ := x.f.Charsets.Collation(name)
	return c
}

func (x facts) cs(name string) *charset.Charset {
	c, _ := x.f.Charsets.Charset(name)
	return c
}

func (x facts) unicode(d dt) bool {
	c := x.cs(d.charset)
	return c != nil && c.Unicode
}

// supplement is MY_CS_UNICODE_SUPPLEMENT: charsets holding characters
// beyond the BMP.
func supplement(cs string) bool {
	switch cs {
	case "utf8mb4", "utf16", "utf16le", "utf32":
		return true
	}
	return false
}

func (x facts) minLen(cs string) int {
	switch cs {
	case "ucs2", "utf16", "utf16le":
		return 2
	case "utf32":
		return 4
	}
	return 1
}

func (x facts) maxLen(cs string) int {
	if c := x.cs(cs); c != nil {
		return c.MaxLen
	}
	return 1
}

// rank orders derivations for "lower wins". On MySQL 9.x NONE is the
// weakest of all; elsewhere it sits just above EXPLICIT.
func (x facts) rank(d dt) int {
	if d.coer == None && x.f.NoneWeakest && !d.conflict {
		return int(Ignorable) + 1
	}
	return int(d.coer)
}

func (x facts) leftIsSuperset(l, r dt) bool {
	lr, rr := x.rank(l), x.rank(r)
	if x.unicode(l) && (lr < rr || (lr == rr && (!x.unicode(r) ||
		(supplement(l.charset) && !supplement(r.charset) &&
			x.maxLen(l.charset) > x.maxLen(r.charset) && x.minLen(l.charset) == x.minLen(r.charset))))) {
		return true
	}
	if r.ascii && (lr < rr || (lr == rr && !l.ascii)) {
		return true
	}
	return false
}

func (x facts) binsort(collation string) bool {
	if collation == "binary" {
		return true
	}
	c := x.coll(collation)
	return c != nil && c.Binary
}

// aggregate is DTCollation::aggregate: it folds b into a. ok=false is the
// server's "Illegal mix of collations".
func (x facts) aggregate(a, b dt, fl aggFlags) (dt, bool) {
	ar, br := x.rank(a), x.rank(b)
	ascii := a.ascii && b.ascii
	if a.charset != b.charset {
		switch {
		case a.charset == "binary":
			if ar > br {
				a = b
			}
		case b.charset == "binary":
			if br <= ar {
				a = b
			}
		case fl.superset && x.leftIsSuperset(a, b):
		case fl.superset && x.leftIsSuperset(b, a):
			a = b
		case fl.coercible && ar < br && b.coer >= Sysconst:
		case fl.coercible && br < ar && a.coer >= Sysconst:
			a = b
		default:
			return dt{coer: None}, false
		}
		a.ascii = ascii
		return a, true
	}
	switch {
	case ar < br:
	case br < ar:
		a = b
	case a.collation == b.collation:
	case a.coer == Explicit:
		return dt{coer: None}, false
	case x.binsort(a.collation) && x.binsort(b.collation):
		return dt{coer: None}, false
	case x.binsort(a.collation):
	case x.binsort(b.collation):
		a = b
	default:
		bin := a.charset + "_bin"
		if c, ok := x.f.Charsets.CollationFor(a.charset, bin); ok {
			bin = c.Name
		}
		return dt{charset: a.charset, collation: bin, coer: None, ascii: ascii, conflict: true}, true
	}
	a.ascii = ascii
	return a, true
}

// aggregateAll is agg_item_collations over several operands. It returns
// the winning collation, or ok=false when the server raises an illegal-mix
// error (1267 for two operands, 1270 for three, 1271 for more).
func (x facts) aggregateAll(ops []dt, fl aggFlags) (dt, bool) {
	res := ops[0]
	for _, o := range ops[1:] {
		var ok bool
		res, ok = x.aggregate(res, o, fl)
		if !ok {
			return res, false
		}
	}
	if fl.disallowNone && res.coer == None {
		return res, false
	}
	return res, true
}

// illegalMixCode is the server error for an illegal mix among n operands.
func illegalMixCode(n int) int {
	switch {
	case n <= 2:
		return 1267
	case n == 3:
		return 1270
	}
	return 1271
}
