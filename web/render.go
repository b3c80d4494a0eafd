package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"reflect"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/plural"
)

// pageNames are the templates that render a whole page inside layout.html.
var pageNames = []string{"login", "accounts", "leads", "lead", "campaigns", "tasks", "sequences", "forecast", "import", "webhooks", "tokens", "error"}

var funcs = template.FuncMap{
	// path escapes one segment of a URL path, such as a campaign name.
	"path": url.PathEscape,
	"pct":  func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
	// count writes a counted noun: {{count .Runs "run"}} is "1 run" or "3 runs".
	"count": countNoun,
	// pval prints a percentile, or "not reached" for nil (a run that did not finish).
	"pval": func(p *float64) string {
		if p == nil {
			return "not reached"
		}
		return fmt.Sprintf("%.0f", *p)
	},
	"when": func(t time.Time, zone string) string {
		if t.IsZero() {
			return ""
		}
		if loc, err := paceline.LoadTimeZone(zone); err == nil {
			t = t.In(loc)
		}
		return t.Format("Mon 2 Jan 15:04 MST")
	},
}

func parsePages() (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: parse template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// page is what layout.html needs around every page's content.
type page struct {
	Title  string
	Active string
	User   string
	CSRF   string
	Banner string
	Now    time.Time
	// Refresh is the page's meta refresh in seconds, 0 for none.
	Refresh int
	Data    any
}

func (s *Server) page(sess *paceline.Session, title, active string, data any) page {
	p := page{Title: title, Active: active, User: sess.User, CSRF: sess.CSRF, Banner: s.deps.Banner, Now: s.now(), Data: data}
	if active == "accounts" || active == "campaigns" {
		p.Refresh = int(s.deps.Refresh / time.Second)
	}
	return p
}

// render executes a page into a buffer first, so a template error becomes a clean 500
// instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var b bytes.Buffer
	if err := s.pages[name].Execute(&b, data); err != nil {
		s.log.Error("web: render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = b.WriteTo(w)
}

// fail answers an error: JSON for fetches (and the API's format), a page otherwise.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if r.Header.Get("X-CSRF-Token") != "" || r.Header.Get("Accept") == "application/json" {
		api.WriteError(w, s.log, err)
		return
	}
	status := api.Status(err)
	msg := paceline.ErrorMessage(err)
	if status == http.StatusInternalServerError {
		s.log.Error("web: internal error", "path", r.URL.Path, "err", err)
		msg = "internal error"
	}
	s.render(w, r, status, "error", page{Title: "Error", Banner: s.deps.Banner, Data: struct {
		Status  int
		Message string
	}{status, msg}})
}

// countNoun is plural.Count for the integer types the pages' data holds.
func countNoun(n any, noun string) (string, error) {
	switch v := reflect.ValueOf(n); v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return plural.Count(int(v.Int()), noun), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return plural.Count(int(v.Uint()), noun), nil
	}
	return "", fmt.Errorf("count %s: %T is not a whole number", noun, n)
}
