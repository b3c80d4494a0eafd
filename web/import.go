package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

// startImport takes the leads page's upload form (or a fetch with X-CSRF-Token) and
// starts the import, then shows its progress. It checks the session itself instead
// of going through session(), which would read the whole form into memory under the
// small form bound: the upload streams to a temporary file under the API's upload
// bound, and the CSRF token, the form's first field, is checked before any of the
// file is stored.
func (s *Server) startImport(w http.ResponseWriter, r *http.Request) {
	sess, err := s.currentSession(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var typed url.Values // the form's fields before the file, once read
	check := func(fields url.Values) error {
		typed = fields
		token := r.Header.Get("X-CSRF-Token")
		if token == "" {
			token = fields.Get("csrf")
		}
		if !sameSecret(token, sess.CSRF) {
			return paceline.Errorf(paceline.EFORBIDDEN, "the form's security token is missing or stale: reload the page and try again")
		}
		return nil
	}
	st, err := s.api.StartImport(w, r, check)
	if err != nil {
		// A second upload while one runs: show the running one, which says when
		// the slot is free, rather than an error page in the API's words.
		if id := s.api.RunningImport(); paceline.ErrorCode(err) == paceline.ECONFLICT && id != "" && r.Header.Get("X-CSRF-Token") == "" {
			http.Redirect(w, r, flashURL("/leads/imports/"+url.PathEscape(id), "busy",
				"Your file was not imported: this import was running. Upload it again from the leads page once this one has ended.", sess), http.StatusSeeOther)
			return
		}
		if paceline.ErrorCode(err) == paceline.EINVALID && typed != nil && r.Header.Get("X-CSRF-Token") == "" {
			// A field of the form refused: the form again, filled in as typed.
			up := uploadForm{List: typed.Get("list"), Preset: typed.Get("preset"), Map: typed.Get("map"), Problem: paceline.ErrorMessage(err)}
			if err := s.renderLeads(w, r, sess, http.StatusBadRequest, up); err != nil {
				s.fail(w, r, err)
			}
			return
		}
		s.fail(w, r, err)
		return
	}
	if r.Header.Get("X-CSRF-Token") != "" {
		w.WriteHeader(http.StatusAccepted)
		_ = writeJSON(w, st)
		return
	}
	// The progress page links to the imported list's leads: its name goes along,
	// tagged, as the API read it (the last list field, trimmed).
	next := "/leads/imports/" + url.PathEscape(st.ID)
	if list := importList(r.URL.Query(), typed); list != "" {
		next = flashURL(next, "list", list, sess)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// importList is the list an upload imports into, as the API reads it: the last
// "list" of the query and then the form's fields before the file, trimmed.
func importList(query, form url.Values) string {
	list := ""
	for _, vs := range [][]string{query["list"], form["list"]} {
		for _, v := range vs {
			list = strings.TrimSpace(v)
		}
	}
	return list
}

// importData is the progress page's: the import's status and where to poll it.
type importData struct {
	Status    api.ImportStatus
	StatusURL string
	// Busy says why the user's own upload was not started (this one was running).
	Busy    string
	Percent int
	// LeadsURL is where "See the leads" goes: the imported list's leads when the
	// upload named a list.
	LeadsURL string
}

// importPage shows an import: its progress while it runs (the page's script polls
// importStatus and reloads when it ends), then its report or why it failed.
func (s *Server) importPage(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	st, err := s.api.ImportStatusOf(r.PathValue("id"))
	if err != nil {
		return err
	}
	d := importData{Status: st, StatusURL: "/leads/imports/" + url.PathEscape(st.ID) + "/status", Busy: flash(r, sess, "busy"), LeadsURL: "/leads"}
	if list := flash(r, sess, "list"); list != "" {
		d.LeadsURL = "/leads?" + url.Values{"list": {list}}.Encode()
	}
	if st.TotalBytes > 0 {
		d.Percent = int(st.BytesRead * 100 / st.TotalBytes)
	}
	s.render(w, r, http.StatusOK, "import", s.page(sess, "Lead import", "leads", d))
	return nil
}

// importStatus is the JSON the progress page polls: the API's view of the import.
func (s *Server) importStatus(w http.ResponseWriter, r *http.Request, _ *paceline.Session) error {
	st, err := s.api.ImportStatusOf(r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, st)
}
