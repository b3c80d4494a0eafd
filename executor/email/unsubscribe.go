package email

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/paceline/paceline"
)

// Unsubscribe says where the List-Unsubscribe header points.
type Unsubscribe struct {
	Tokens *Tokens
	// BaseURL is paceline's public https URL; links are BaseURL + "/u/" + token, served by
	// UnsubscribeHandler. Mail providers only honour one-click unsubscribe over https.
	BaseURL string
	// Mailto is the address of the mailto: alternative ("" means the mailbox's own From
	// address, where the Poller reads "unsubscribe <token>" mails).
	Mailto string
}

// Validate requires the tokens and an https base URL.
func (u *Unsubscribe) Validate() error {
	if u == nil || u.Tokens == nil {
		return paceline.FieldErrorf("unsubscribe", "no unsubscribe key is set")
	}
	p, err := url.Parse(u.BaseURL)
	if err != nil || p.Scheme != "https" || p.Host == "" {
		return paceline.FieldErrorf("public-url",
			"%q is not an https URL; one-click unsubscribe links must be https (RFC 8058)", u.BaseURL)
	}
	return nil
}

// URL is the one-click link for a lead in a campaign.
func (u *Unsubscribe) URL(lead, campaign string) string {
	return strings.TrimRight(u.BaseURL, "/") + "/u/" + u.Tokens.Sign(lead, campaign)
}

// mailtoURI is the mailto: alternative, with the token in the subject.
func (u *Unsubscribe) mailtoURI(from, lead, campaign string) string {
	to := u.Mailto
	if to == "" {
		to = from
	}
	return "mailto:" + to + "?subject=" + url.PathEscape(unsubscribeSubject+" "+u.Tokens.Sign(lead, campaign))
}

// unsubscribeSubject starts the subject of an unsubscribe mail.
const unsubscribeSubject = "unsubscribe"

// OptOutFunc puts a lead on the suppression list and stops their sequences.
type OptOutFunc func(ctx context.Context, lead string) error

// UnsubscribeHandler serves the unsubscribe links: GET /u/{token} shows a page with a
// button, POST /u/{token} opts the lead out at once and answers 200; a forged token gets
// 403. A GET never opts out: mail scanners fetch links to check them, and RFC 8058 asks
// for exactly this. Mount it at the root of the public URL (Unsubscribe.BaseURL).
func UnsubscribeHandler(tokens *Tokens, optOut OptOutFunc) http.Handler {
	h := &unsubscribeHandler{tokens: tokens, optOut: optOut}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /u/{token}", h.confirm)
	mux.HandleFunc("POST /u/{token}", h.optOutNow)
	return mux
}

type unsubscribeHandler struct {
	tokens *Tokens
	optOut OptOutFunc
}

func (h *unsubscribeHandler) confirm(w http.ResponseWriter, r *http.Request) {
	if _, _, err := h.tokens.Verify(r.PathValue("token")); err != nil {
		page(w, http.StatusForbidden, pageData{Title: "Link not valid", Text: paceline.ErrorMessage(err)})
		return
	}
	page(w, http.StatusOK, pageData{
		Title:  "Unsubscribe",
		Text:   "Click the button to stop receiving these emails.",
		Button: true,
	})
}

// optOut honours both the RFC 8058 one-click POST (body List-Unsubscribe=One-Click, sent
// by mail providers) and the confirmation page's own form, which sends the same field.
func (h *unsubscribeHandler) optOutNow(w http.ResponseWriter, r *http.Request) {
	lead, _, err := h.tokens.Verify(r.PathValue("token"))
	if err != nil {
		page(w, http.StatusForbidden, pageData{Title: "Link not valid", Text: paceline.ErrorMessage(err)})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	// RFC 8058 asks providers to post multipart/form-data and allows urlencoded:
	// ParseMultipartForm reads both into PostForm.
	err = r.ParseMultipartForm(4096)
	if errors.Is(err, http.ErrNotMultipart) {
		err = nil
	}
	if err != nil || r.PostForm.Get("List-Unsubscribe") != "One-Click" {
		page(w, http.StatusBadRequest, pageData{Title: "Unsubscribe", Text: "The request lacks List-Unsubscribe=One-Click.", Button: true})
		return
	}
	if err := h.optOut(r.Context(), lead); err != nil {
		page(w, http.StatusInternalServerError, pageData{Title: "Please try again", Text: "We could not record your request just now; please try again in a minute."})
		return
	}
	page(w, http.StatusOK, pageData{Title: "Unsubscribed", Text: "You will not receive these emails again."})
}

type pageData struct {
	Title, Text string
	Button      bool
}

var pageTemplate = template.Must(template.New("unsubscribe").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="robots" content="noindex"><title>{{.Title}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32em;margin:4em auto;padding:0 1em;color:#222}
button{font-size:1em;padding:.5em 1.2em}</style></head>
<body><h1>{{.Title}}</h1><p>{{.Text}}</p>
{{if .Button}}<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button></form>{{end}}
</body></html>
`))

func page(w http.ResponseWriter, status int, d pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	_ = pageTemplate.Execute(w, d)
}
