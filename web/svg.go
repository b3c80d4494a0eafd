package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"time"

	"github.com/paceline/paceline/api"
)

// Every SVG is built from numbers and fixed strings only; labels that come from data
// go through template.HTMLEscapeString, so the markup is safe to mark as HTML.

// gaugeSVG draws used/cap as a ring: the arc fills clockwise from the top, green while
// there is room, amber from 75% and red from 95%.
func gaugeSVG(used, capacity int, label string) template.HTML {
	const r, stroke = 42.0, 12.0
	circ := 2 * math.Pi * r
	frac := 0.0
	if capacity > 0 {
		frac = math.Min(1, float64(used)/float64(capacity))
	} else if used > 0 {
		frac = 1
	}
	color := "#2e9d5b"
	switch {
	case frac >= 0.95:
		color = "#d2453b"
	case frac >= 0.75:
		color = "#e0a21a"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="gauge" viewBox="0 0 110 110" width="110" height="110" role="img" aria-label="%s: %d of %d">`,
		template.HTMLEscapeString(label), used, capacity)
	fmt.Fprintf(&b, `<circle cx="55" cy="55" r="%.0f" fill="none" stroke="#e6e8eb" stroke-width="%.0f"/>`, r, stroke)
	fmt.Fprintf(&b, `<circle cx="55" cy="55" r="%.0f" fill="none" stroke="%s" stroke-width="%.0f" stroke-linecap="butt" stroke-dasharray="%.2f %.2f" transform="rotate(-90 55 55)"/>`,
		r, color, stroke, frac*circ, circ)
	fmt.Fprintf(&b, `<text x="55" y="53" text-anchor="middle" class="gauge-num">%d</text>`, used)
	fmt.Fprintf(&b, `<text x="55" y="71" text-anchor="middle" class="gauge-cap">of %d</text>`, capacity)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// funnelSVG draws the four stages as bars scaled to the invited count, with the count
// and the rate from the stage before; the reply rate is of the leads contacted
// (api.Funnel.ReplyRate), since a reply may answer an invite or an email. The messaged
// say how many of the accepted they are, and how many were messaged without an accept
// (an InMail, an Open Profile message): "100% of accepted" beside 30 messaged of 9
// accepted read as a contradiction.
func funnelSVG(f api.Funnel) template.HTML {
	stages := []struct {
		name string
		n    int
		rate string
	}{
		{"invited", f.Invited, ""},
		{"accepted", f.Accepted, fmt.Sprintf("%.0f%% of invited", f.AcceptRate*100)},
		{"messaged", f.Messaged, messagedLabel(f)},
		{"replied", f.Replied, fmt.Sprintf("%.0f%% of contacted", f.ReplyRate*100)},
	}
	top := max(1, f.Invited, f.Accepted, f.Messaged, f.Replied)
	const width, barMax, rowH = 660, 300.0, 34
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="funnel" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="funnel">`,
		width, rowH*len(stages), width, rowH*len(stages))
	colors := []string{"#3b6fd4", "#2e9d5b", "#8a5cc2", "#e0a21a"}
	for i, s := range stages {
		y := i * rowH
		w := barMax * float64(s.n) / float64(top)
		fmt.Fprintf(&b, `<text x="0" y="%d" class="axis">%s</text>`, y+21, s.name)
		fmt.Fprintf(&b, `<rect x="80" y="%d" width="%.1f" height="24" rx="3" fill="%s"/>`, y+4, math.Max(w, 1), colors[i])
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="val">%d</text>`, 86+w, y+21, s.n)
		if s.rate != "" {
			fmt.Fprintf(&b, `<text x="%d" y="%d" class="axis">%s</text>`, 440, y+21, s.rate)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// messagedLabel is the funnel's note beside the messaged: "9 of 12 accepted", then
// "+ 21 direct" for those messaged without an accept.
func messagedLabel(f api.Funnel) string {
	direct := f.Messaged - f.MessagedAccepted
	switch {
	case f.Accepted == 0 && direct > 0:
		return fmt.Sprintf("%d direct, without an accept", direct)
	case direct > 0:
		return fmt.Sprintf("%d of %d accepted + %d direct", f.MessagedAccepted, f.Accepted, direct)
	}
	return fmt.Sprintf("%d of %d accepted", f.MessagedAccepted, f.Accepted)
}

// daysChartSVG draws invited, accepted and replied per day as three lines, with the
// first and last day on the x axis and the peak on the y axis.
func daysChartSVG(days []api.DayCount) template.HTML {
	const w, h, left, bottom, top = 560, 220, 36, 24, 30
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="per day">`, w, h, w, h)
	if len(days) == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="axis">nothing sent yet</text></svg>`, left, h/2)
		return template.HTML(b.String())
	}
	days = fillDays(days)
	peak := 1
	for _, d := range days {
		peak = max(peak, d.Invited, d.Accepted, d.Replied)
	}
	plotW, plotH := float64(w-left-10), float64(h-bottom-top)
	x := func(i int) float64 {
		if len(days) == 1 {
			return float64(left) + plotW/2
		}
		return float64(left) + plotW*float64(i)/float64(len(days)-1)
	}
	y := func(n int) float64 { return float64(top) + plotH*(1-float64(n)/float64(peak)) }
	fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" class="grid"/>`, left, y(0), w-10, y(0))
	fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" class="grid"/>`, left, y(peak), w-10, y(peak))
	fmt.Fprintf(&b, `<text x="0" y="%.1f" class="axis">%d</text>`, y(peak)+4, peak)
	fmt.Fprintf(&b, `<text x="0" y="%.1f" class="axis">0</text>`, y(0)+4)
	fmt.Fprintf(&b, `<text x="%d" y="%d" class="axis">%s</text>`, left, h-4, days[0].Day)
	if len(days) > 1 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" class="axis">%s</text>`, w-10, h-4, days[len(days)-1].Day)
	}
	series := []struct {
		name, color string
		get         func(api.DayCount) int
	}{
		{"invited", "#3b6fd4", func(d api.DayCount) int { return d.Invited }},
		{"accepted", "#2e9d5b", func(d api.DayCount) int { return d.Accepted }},
		{"replied", "#e0a21a", func(d api.DayCount) int { return d.Replied }},
	}
	for si, s := range series {
		pts := make([]string, len(days))
		for i, d := range days {
			pts[i] = fmt.Sprintf("%.1f,%.1f", x(i), y(s.get(d)))
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`, s.color, strings.Join(pts, " "))
		fmt.Fprintf(&b, `<rect x="%d" y="4" width="10" height="10" fill="%s"/><text x="%d" y="13" class="axis">%s</text>`,
			left+si*100, s.color, left+14+si*100, s.name)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// fillDays adds the days without activity between the first and the last, so that the
// x axis is time and a quiet weekend shows as a dip.
func fillDays(days []api.DayCount) []api.DayCount {
	first, err1 := time.Parse(time.DateOnly, days[0].Day)
	last, err2 := time.Parse(time.DateOnly, days[len(days)-1].Day)
	if err1 != nil || err2 != nil || last.Sub(first) > 400*24*time.Hour {
		return days
	}
	out := make([]api.DayCount, 0, int(last.Sub(first).Hours()/24)+1)
	i := 0
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		day := d.Format(time.DateOnly)
		if i < len(days) && days[i].Day == day {
			out = append(out, days[i])
			i++
			continue
		}
		out = append(out, api.DayCount{Day: day})
	}
	return out
}
