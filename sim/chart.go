package sim

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/paceline/paceline/plural"
)

// The chart's canvas, in SVG user units (pixels at 100%).
const (
	chartWidth  = 820
	chartHeight = 440
	marginLeft  = 70
	marginRight = 30
	marginTop   = 58
	marginBot   = 70
)

// WriteChart draws the forecast's cumulative replies over time as an SVG image: the
// band between the 10th and 90th percentiles across runs, the median as a line, the
// days along the bottom with the calendar date of each week's start, replies up the
// side, a title and a legend. It needs no fonts or scripts beyond what browsers have.
func WriteChart(w io.Writer, f *Forecast) error {
	bw := bufio.NewWriter(w)
	c := chart{f: f, w: bw}
	c.draw()
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write the chart: %w", err)
	}
	return nil
}

type chart struct {
	f    *Forecast
	w    *bufio.Writer
	ymax float64
	step float64
}

func (c *chart) printf(format string, args ...any) { fmt.Fprintf(c.w, format, args...) }

// x maps a day (0 = the start) to the canvas.
func (c *chart) x(day float64) float64 {
	days := float64(max(len(c.f.Replies), 1))
	return marginLeft + day/days*(chartWidth-marginLeft-marginRight)
}

// y maps a count to the canvas.
func (c *chart) y(v float64) float64 {
	return chartHeight - marginBot - v/c.ymax*(chartHeight-marginTop-marginBot)
}

func (c *chart) draw() {
	top := 0.0
	for _, d := range c.f.Replies {
		top = max(top, d.P90)
	}
	c.step = niceStep(top / 5)
	c.ymax = math.Max(c.step, math.Ceil(top/c.step)*c.step)

	c.printf(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`+"\n",
		chartWidth, chartHeight, chartWidth, chartHeight)
	c.printf(`<rect width="100%%" height="100%%" fill="#ffffff"/>` + "\n")
	title := fmt.Sprintf("Cumulative replies: %s, %s, %s × %s, %s",
		plural.Count(c.f.Runs, "run"), c.f.Strategy, plural.Count(c.f.Accounts, "account"),
		plural.Count(c.f.Leads, "lead"), plural.Count(c.f.Weeks, "week"))
	c.printf(`<text x="%d" y="26" font-size="16" font-weight="600" fill="#111">%s</text>`+"\n", marginLeft, esc(title))
	if p := c.f.Replied; p.P50 != nil && p.P10 != nil && p.P90 != nil {
		sub := fmt.Sprintf("Replies by the end: median %s (P10 %s, P90 %s)", num(*p.P50), num(*p.P10), num(*p.P90))
		if d := c.f.CompletionDays.P50; d != nil {
			sub += fmt.Sprintf("; median completion day %s", num(*d))
		}
		c.printf(`<text x="%d" y="44" fill="#555">%s</text>`+"\n", marginLeft, esc(sub))
	}
	c.axes()
	c.series()
	c.legend()
	c.printf("</svg>\n")
}

// axes draws the grid, the ticks and their labels.
func (c *chart) axes() {
	left, right := float64(marginLeft), float64(chartWidth-marginRight)
	bottom, topY := float64(chartHeight-marginBot), float64(marginTop)
	c.printf(`<g stroke="#e5e7eb" stroke-width="1">` + "\n")
	for v := 0.0; v <= c.ymax+c.step/2; v += c.step {
		c.printf(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`+"\n", left, c.y(v), right, c.y(v))
	}
	days := len(c.f.Replies)
	weekStep := max(1, (days/7+11)/12) // at most about 12 labelled weeks
	for d := 0; d <= days; d += 7 * weekStep {
		c.printf(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`+"\n", c.x(float64(d)), topY, c.x(float64(d)), bottom)
	}
	c.printf("</g>\n")
	c.printf(`<g stroke="#374151" stroke-width="1"><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/></g>`+"\n",
		left, bottom, right, bottom, left, topY, left, bottom)
	c.printf(`<g fill="#374151" text-anchor="end">` + "\n")
	for v := 0.0; v <= c.ymax+c.step/2; v += c.step {
		c.printf(`<text x="%.1f" y="%.1f">%s</text>`+"\n", left-8, c.y(v)+4, num(v))
	}
	c.printf("</g>\n")
	c.printf(`<g fill="#374151" text-anchor="middle">` + "\n")
	for d := 0; d <= days; d += 7 * weekStep {
		date := c.f.Start.AddDate(0, 0, d)
		c.printf(`<text x="%.1f" y="%.1f">day %d</text>`+"\n", c.x(float64(d)), bottom+18, d)
		c.printf(`<text x="%.1f" y="%.1f" fill="#6b7280">%s</text>`+"\n", c.x(float64(d)), bottom+33, esc(date.Format("2 Jan")))
	}
	c.printf("</g>\n")
	c.printf(`<text x="%.1f" y="%.1f" text-anchor="middle" fill="#374151">days from the start (%s)</text>`+"\n",
		(left+right)/2, float64(chartHeight-10), esc(c.f.Start.Format("Mon 2 Jan 2006")))
	c.printf(`<text transform="translate(18 %.1f) rotate(-90)" text-anchor="middle" fill="#374151">replies so far</text>`+"\n", (topY+bottom)/2)
}

// series draws the P10–P90 band and the P50 line, each starting from zero at day 0.
func (c *chart) series() {
	var band, line strings.Builder
	fmt.Fprintf(&band, "%.1f,%.1f", c.x(0), c.y(0))
	fmt.Fprintf(&line, "%.1f,%.1f", c.x(0), c.y(0))
	for _, d := range c.f.Replies {
		fmt.Fprintf(&band, " %.1f,%.1f", c.x(float64(d.Day)), c.y(d.P90))
		fmt.Fprintf(&line, " %.1f,%.1f", c.x(float64(d.Day)), c.y(d.P50))
	}
	for i := len(c.f.Replies) - 1; i >= 0; i-- {
		d := c.f.Replies[i]
		fmt.Fprintf(&band, " %.1f,%.1f", c.x(float64(d.Day)), c.y(d.P10))
	}
	c.printf(`<polygon points="%s" fill="#93c5fd" fill-opacity="0.55" stroke="none"><title>P10 to P90 of cumulative replies</title></polygon>`+"\n", band.String())
	c.printf(`<polyline points="%s" fill="none" stroke="#1d4ed8" stroke-width="2.2" stroke-linejoin="round"><title>median (P50) of cumulative replies</title></polyline>`+"\n", line.String())
}

// legend explains the band and the line, in the top left corner of the plot.
func (c *chart) legend() {
	x, y := float64(marginLeft+14), float64(marginTop+12)
	c.printf(`<g font-size="12" fill="#111">`+"\n"+
		`<rect x="%.1f" y="%.1f" width="186" height="46" fill="#ffffff" fill-opacity="0.85" stroke="#d1d5db"/>`+"\n"+
		`<rect x="%.1f" y="%.1f" width="22" height="10" fill="#93c5fd" fill-opacity="0.55"/>`+"\n"+
		`<text x="%.1f" y="%.1f">P10–P90 across runs</text>`+"\n"+
		`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#1d4ed8" stroke-width="2.2"/>`+"\n"+
		`<text x="%.1f" y="%.1f">median (P50)</text>`+"\n</g>\n",
		x-6, y-6, x, y+2, x+30, y+11, x, y+26, x+22, y+26, x+30, y+30)
}

// niceStep rounds a tick step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

// num formats a count without a fraction when it is whole.
func num(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
