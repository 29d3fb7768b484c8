package audit

import (
	"fmt"
	"html"
	"strings"
	"unicode/utf8"
)

// Layout constants of the islands picture, in SVG user units. Text is
// 12px monospace: a character is at most charW wide.
const (
	charW      = 8
	pad        = 12
	headH      = 46 // collation, charset and notes
	boxH       = 26
	otherLineH = 14
	boxGap     = 10
	gutterX    = 190 // between islands: room for edge labels
	gutterY    = 70
	maxWidth   = 1240
	margin     = 20
	legendH    = 50
	maxOthers  = 2
)

type rect struct{ x, y, w, h int }

func (r rect) cx() int { return r.x + r.w/2 }
func (r rect) cy() int { return r.y + r.h/2 }
func (r rect) overlaps(o rect) bool {
	return r.x < o.x+o.w && o.x < r.x+r.w && r.y < o.y+o.h && o.y < r.y+r.h
}

func textW(s string) int { return utf8.RuneCountInString(s) * charW }

// esc escapes text for SVG (XML) and HTML alike.
func esc(s string) string { return html.EscapeString(s) }

// SVG draws the islands: one box per island holding its tables, the edges
// between tables, and a two-collation caption on every edge that crosses
// islands. The layout is a pure function of the model: islands left to
// right in the model's order, wrapping at maxWidth; integer coordinates.
// No script, no external reference.
func (is *Islands) SVG() string {
	if len(is.Islands) == 0 {
		return ""
	}
	boxes := map[*IslandTable]rect{}
	islandRects := map[*Island]rect{}
	x, y, rowH, width := margin, margin, 0, 0
	for _, isl := range is.Islands {
		w := max(220, textW(isl.Collation)+2*pad, textW(strings.Join(isl.Notes, ", "))+2*pad)
		h := headH
		for _, t := range isl.Tables {
			w = max(w, textW(t.Label)+4*pad)
			for _, o := range othersLines(t) {
				w = max(w, textW(o)*5/6+4*pad)
			}
			h += tableH(t) + boxGap
		}
		h += pad - boxGap + boxGap
		if x > margin && x+w > maxWidth {
			x, y, rowH = margin, y+rowH+gutterY, 0
		}
		islandRects[isl] = rect{x, y, w, h}
		ty := y + headH
		for _, t := range isl.Tables {
			boxes[t] = rect{x + pad, ty, w - 2*pad, tableH(t)}
			ty += tableH(t) + boxGap
		}
		x += w + gutterX
		rowH = max(rowH, h)
		width = max(width, x-gutterX+margin)
	}
	var b strings.Builder
	for i, isl := range is.Islands {
		r := islandRects[isl]
		fill := islandFills[i%len(islandFills)]
		fmt.Fprintf(&b, `<g class="island" id="island-%s"><rect x="%d" y="%d" width="%d" height="%d" rx="10" fill="%s" stroke="#6b7280"/>`, isl.ID, r.x, r.y, r.w, r.h, fill)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-weight="bold">%s</text>`, r.x+pad, r.y+18, esc(isl.Collation))
		note := isl.ID + " · " + isl.Charset
		if len(isl.Notes) > 0 {
			note += " · " + strings.Join(isl.Notes, ", ")
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="10" fill="#374151">%s</text>`, r.x+pad, r.y+34, esc(note))
		for _, t := range isl.Tables {
			br := boxes[t]
			fmt.Fprintf(&b, `<g class="table"><title>%s: %d character column(s)</title><rect x="%d" y="%d" width="%d" height="%d" rx="4" fill="#ffffff" stroke="#111827"/>`, esc(t.Key), t.Strings, br.x, br.y, br.w, br.h)
			fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`, br.x+8, br.y+17, esc(t.Label))
			for j, o := range othersLines(t) {
				fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="10" fill="#b45309">%s</text>`, br.x+8, br.y+boxH+j*otherLineH+6, esc(o))
			}
			b.WriteString("</g>")
		}
		b.WriteString("</g>\n")
	}
	var labels []rect
	for i, e := range is.Edges {
		drawEdge(&b, e, i, boxes[e.A.Table], boxes[e.B.Table], e.A.Table.Island == e.B.Table.Island, &labels)
	}
	bottom := y + rowH
	for _, l := range labels {
		bottom = max(bottom, l.y+l.h)
		width = max(width, l.x+l.w+margin)
	}
	width = max(width, 920)
	height := bottom + margin + legendH
	// legend
	ly := height - legendH + 20
	fmt.Fprintf(&b, `<g class="legend" font-size="11"><line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#dc2626" stroke-width="3"/><text x="%d" y="%d">compares across collations (caption: the two collations)</text>`, margin, ly, margin+40, ly, margin+48, ly+4)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#6b7280" stroke-width="1.5"/><text x="%d" y="%d">same collation</text>`, margin+480, ly, margin+520, ly, margin+528, ly+4)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#6b7280" stroke-width="1.5" stroke-dasharray="6 4"/><text x="%d" y="%d">foreign key only</text></g>`+"\n", margin+660, ly, margin+700, ly, margin+708, ly+4)
	b.WriteString("</svg>\n")
	var head strings.Builder
	fmt.Fprintf(&head, `<svg xmlns="http://www.w3.org/2000/svg" class="islands" width="%d" height="%d" viewBox="0 0 %d %d" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="12" role="img" aria-labelledby="islands-title">`+"\n", width, height, width, height)
	fmt.Fprintf(&head, `<title id="islands-title">Collation islands: %d island(s), %d table(s), %d edge(s), %d crossing islands</title>`+"\n", len(is.Islands), len(boxes), len(is.Edges), len(is.Crossing()))
	return head.String() + b.String()
}

var islandFills = []string{"#e0f2fe", "#fef3c7", "#dcfce7", "#fce7f3", "#ede9fe", "#ffedd5", "#f1f5f9"}

func tableH(t *IslandTable) int { return boxH + len(othersLines(t))*otherLineH }

// othersLines lists, under a table's name, its character columns in
// another collation than its island's.
func othersLines(t *IslandTable) []string {
	if len(t.Others) <= maxOthers {
		return t.Others
	}
	return append(t.Others[:maxOthers:maxOthers], fmt.Sprintf("+%d more", len(t.Others)-maxOthers))
}

// drawEdge draws one edge as a cubic curve between two table boxes: within
// an island an arc on the right, between islands from facing sides.
func drawEdge(b *strings.Builder, e *Edge, i int, ra, rb rect, same bool, labels *[]rect) {
	var x1, y1, x2, y2, c1x, c1y, c2x, c2y int
	switch {
	case same:
		bulge := 30 + (i%4)*12
		x1, y1, x2, y2 = ra.x+ra.w, ra.cy(), rb.x+rb.w, rb.cy()
		if ra == rb { // two columns of one table
			y1, y2 = ra.y+6, ra.y+ra.h-6
		}
		c1x, c1y, c2x, c2y = x1+bulge, y1, x2+bulge, y2
	case rb.cx() > ra.x+ra.w:
		x1, y1, x2, y2 = ra.x+ra.w, ra.cy(), rb.x, rb.cy()
		c1x, c1y, c2x, c2y = x1+(x2-x1)/2, y1, x2-(x2-x1)/2, y2
	case rb.cx() < ra.x:
		x1, y1, x2, y2 = ra.x, ra.cy(), rb.x+rb.w, rb.cy()
		c1x, c1y, c2x, c2y = x1-(x1-x2)/2, y1, x2+(x1-x2)/2, y2
	case rb.cy() > ra.cy():
		x1, y1, x2, y2 = ra.cx(), ra.y+ra.h, rb.cx(), rb.y
		c1x, c1y, c2x, c2y = x1, y1+(y2-y1)/2, x2, y2-(y2-y1)/2
	default:
		x1, y1, x2, y2 = ra.cx(), ra.y, rb.cx(), rb.y+rb.h
		c1x, c1y, c2x, c2y = x1, y1-(y1-y2)/2, x2, y2+(y1-y2)/2
	}
	stroke, sw, dash := "#6b7280", "1.5", ""
	if e.Cross {
		stroke, sw = "#dc2626", "3"
	}
	if len(e.Kinds) == 1 && e.Kinds[0] == "foreign key" {
		dash = ` stroke-dasharray="6 4"`
	}
	class := "edge"
	if e.Cross {
		class = "edge cross"
	}
	fmt.Fprintf(b, `<g class="%s"><title>%s</title><path d="M%d %d C%d %d %d %d %d %d" fill="none" stroke="%s" stroke-width="%s"%s/>`,
		class, esc(edgeTitle(e)), x1, y1, c1x, c1y, c2x, c2y, x2, y2, stroke, sw, dash)
	fmt.Fprintf(b, `<circle cx="%d" cy="%d" r="3" fill="%s"/><circle cx="%d" cy="%d" r="3" fill="%s"/>`, x1, y1, stroke, x2, y2, stroke)
	if e.Cross {
		// the curve's midpoint (t = 1/2)
		mx, my := (x1+3*c1x+3*c2x+x2)/8, (y1+3*c1y+3*c2y+y2)/8
		l1, l2 := e.A.Collation, "≠ "+e.B.Collation
		w := max(textW(l1), textW(l2))*11/12 + 12
		r := rect{max(mx-w/2, 0), my - 16, w, 32}
		for placed := true; placed; {
			placed = false
			for _, o := range *labels {
				if r.overlaps(o) {
					r.y = o.y + o.h + 4
					placed = true
				}
			}
		}
		*labels = append(*labels, r)
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" rx="4" fill="#ffffff" stroke="#dc2626"/>`, r.x, r.y, r.w, r.h)
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11" fill="#991b1b">%s</text><text x="%d" y="%d" font-size="11" fill="#991b1b">%s</text>`, r.x+6, r.y+13, esc(l1), r.x+6, r.y+27, esc(l2))
	}
	b.WriteString("</g>\n")
}

// edgeTitle describes an edge in a sentence (the tooltip, and the lists).
func edgeTitle(e *Edge) string {
	s := fmt.Sprintf("%s.%s (%s, %s) — %s.%s (%s, %s): %s", e.A.Table.Label, e.A.Column, e.A.Type, e.A.Collation, e.B.Table.Label, e.B.Column, e.B.Type, e.B.Collation, strings.Join(e.Kinds, ", "))
	if len(e.Findings) > 0 {
		s += "; " + strings.Join(e.Findings, ", ")
	}
	return s
}
