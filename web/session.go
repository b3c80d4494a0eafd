package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

// Cookie names. The session cookie holds a random secret whose hash keys the stored
// session; the login cookie is the double-submit CSRF token of the login form, which
// is posted before any session exists.
const (
	sessionCookie = "paceline_session"
	loginCookie   = "paceline_login"
)

// maxFormBytes bounds a dashboard form or fetch body: a sequence is a few kilobytes.
const maxFormBytes = 256 << 10

// tooLargeError says that what (a form, the editor's sequence) is over limit bytes, and
// what to do; it answers 413.
func tooLargeError(what string, limit int64) error {
	return paceline.Errorf(api.CodeTooLarge, "%s is larger than %d KiB, the most the dashboard takes: shorten it (a sequence is a few kilobytes), or do it with the paceline command line", what, limit>>10)
}

// formError is the error of a form that could not be read: too large, or cut short.
func formError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return tooLargeError("the form", tooLarge.Limit)
	}
	return paceline.Errorf(paceline.EINVALID, "the form could not be read (%v): reload the page and try again", err)
}

// pageHandler serves a request of a logged-in user.
type pageHandler func(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error

// session requires a live session, and on POST the session's CSRF token (in the
// X-CSRF-Token header for fetches, in the csrf form field for forms). A page asked for
// without a session redirects to the login; anything else, a fetch asking for JSON
// included, answers 401.
func (s *Server) session(h pageHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, err := s.currentSession(r)
		if err != nil {
			if paceline.ErrorCode(err) == paceline.EUNAUTHORIZED && r.Method == http.MethodGet && r.Header.Get("Accept") != "application/json" {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.fail(w, r, err)
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
			token := r.Header.Get("X-CSRF-Token")
			if token == "" {
				// A form over the limit used to read as one without its token (403,
				// "stale"): the parse error was dropped. ParseForm comes first, as
				// ParseMultipartForm drops its error on a form that is not multipart.
				err := r.ParseForm()
				if err == nil {
					if err = r.ParseMultipartForm(maxFormBytes); errors.Is(err, http.ErrNotMultipart) {
						err = nil
					}
				}
				if err != nil {
					s.fail(w, r, formError(err))
					return
				}
				token = r.PostFormValue("csrf")
			}
			if !sameSecret(token, sess.CSRF) {
				s.fail(w, r, paceline.Errorf(paceline.EFORBIDDEN, "the form's security token is missing or stale: reload the page and try again"))
				return
			}
		}
		if err := h(w, r, sess); err != nil {
			s.fail(w, r, err)
		}
	})
}

func sameSecret(a, b string) bool {
	return a != "" && b != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// currentSession finds the request's session. Errors: EUNAUTHORIZED.
func (s *Server) currentSession(r *http.Request) (*paceline.Session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, paceline.Errorf(paceline.EUNAUTHORIZED, "log in first")
	}
	// Sessions run on the wall clock even when the data runs on a sped-up one.
	return s.deps.API.Users.SessionByHash(r.Context(), paceline.HashSecret(c.Value), time.Now())
}

type loginData struct {
	CSRF, Next, User, Problem string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if _, err := s.currentSession(r); err == nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.renderLogin(w, r, http.StatusOK, loginData{Next: safeNext(r.URL.Query().Get("next"))})
}

// renderLogin shows the login form with a fresh double-submit token.
func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, d loginData) {
	token, err := paceline.NewSecret("")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: token, Path: "/login", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: s.deps.SecureCookies, MaxAge: 3600})
	d.CSRF = token
	s.render(w, r, status, "login", page{Title: "Log in", Banner: s.deps.Banner, Now: s.now(), Data: d})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	next := safeNext(r.PostFormValue("next"))
	c, err := r.Cookie(loginCookie)
	if err != nil || !sameSecret(r.PostFormValue("csrf"), c.Value) {
		s.renderLogin(w, r, http.StatusForbidden, loginData{Next: next, Problem: "The form's security token is missing or stale: try again."})
		return
	}
	name, password := strings.TrimSpace(r.PostFormValue("user")), r.PostFormValue("password")
	addr, tried := clientAddr(r), s.throttle.now()
	// The attempt counts as a failure from here until the password proves right, so
	// that concurrent logins cannot all pass this check before any has failed.
	if wait, lock := s.throttle.attempt(addr, name, tried); wait > 0 {
		// In whole seconds, rounded up: a client that waits as told is let in.
		secs := (wait + time.Second - 1) / time.Second
		w.Header().Set("Retry-After", strconv.FormatInt(int64(secs), 10))
		s.renderLogin(w, r, http.StatusTooManyRequests, loginData{Next: next, User: name, Problem: lockedOut(tried, secs*time.Second, lock)})
		return
	}
	u, hash, err := s.deps.API.Users.UserPassword(r.Context(), name)
	if err != nil && paceline.ErrorCode(err) != paceline.ENOTFOUND {
		// A database error (or the client gone) says nothing of the password: a real
		// user under load must not be counted as a guesser.
		s.throttle.takeBack(addr, name, tried)
		s.fail(w, r, err)
		return
	}
	known := err == nil
	if !known {
		hash = s.decoyHash()
	}
	// The hash is checked for an unknown name too, before the answer (see decoyHash).
	ok, err := s.checkPassword(r.Context(), hash, password)
	if err != nil {
		s.throttle.takeBack(addr, name, tried)
		s.fail(w, r, err)
		return
	}
	if !ok || !known {
		s.renderLogin(w, r, http.StatusUnauthorized, loginData{Next: next, User: name,
			Problem: "Wrong user name or password. (paceline users passwd NAME sets a new one.)"})
		return
	}
	s.throttle.succeed(addr, name, tried)
	secret, err1 := paceline.NewSecret("")
	csrf, err2 := paceline.NewSecret("")
	if err := errors.Join(err1, err2); err != nil {
		s.fail(w, r, err)
		return
	}
	sess := &paceline.Session{User: u.Name, CSRF: csrf, ExpiresAt: time.Now().Add(s.deps.SessionTTL)}
	if err := s.deps.API.Users.CreateSession(r.Context(), paceline.HashSecret(secret), sess); err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: "", Path: "/login", MaxAge: -1})
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.deps.SecureCookies, MaxAge: int(s.deps.SessionTTL / time.Second)})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// lockedOut says when a login refused for too many failures may try again: in how long
// and at what time (UTC, as the server cannot know the browser's zone), and whether it
// is this address that waits, so that the real user knows another device still works,
// or every address, the name being guessed at from many.
func lockedOut(now time.Time, wait time.Duration, lock lockout) string {
	who := "from your address"
	switch lock {
	case lockedNetwork:
		who = "from your network (addresses sharing the first 48 bits of yours)"
	case lockedName:
		who = "from many addresses (someone may be guessing its password)"
	}
	return "Too many failed logins for this user " + who + ": try again in " + wait.String() +
		", at " + now.Add(wait).UTC().Format("15:04:05") + " UTC. (Restarting paceline serve lifts the lockout; " +
		"paceline users passwd NAME sets a new password.)"
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, _ *paceline.Session) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.deps.API.Users.DeleteSession(r.Context(), paceline.HashSecret(c.Value)); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// checkPassword checks a password against its hash, at most half the cores' worth at
// once: each check is 100 ms of PBKDF2, and since unknown names are checked too (see
// decoyHash), a client sending logins with made-up names in parallel could otherwise
// keep every core busy. Logins wait their turn while their caller does. Errors:
// EUNAVAILABLE when the caller went away first.
func (s *Server) checkPassword(ctx context.Context, hash, password string) (bool, error) {
	select {
	case s.checking <- struct{}{}:
		defer func() { <-s.checking }()
	case <-ctx.Done():
		return false, paceline.Errorf(paceline.EUNAVAILABLE, "the login was dropped while other logins were checked: try again")
	}
	return paceline.CheckPassword(hash, password), nil
}

// decoyHash is the hash a login with an unknown user name is checked against, so that
// a wrong name costs what a wrong password costs: answering at once (1 ms against
// 100 ms) told a guesser which names exist. It is made on first use, with the work
// factor of new passwords.
func (s *Server) decoyHash() string {
	s.decoyOnce.Do(func() {
		secret, err := paceline.NewSecret("")
		if err == nil {
			s.decoy, err = paceline.HashPassword(secret, paceline.PasswordIterations)
		}
		if err != nil {
			s.log.Error("web: make the decoy password hash", "err", err)
		}
	})
	return s.decoy
}

// safeNext keeps a post-login redirect on this site: a path, never "//host" or a URL.
// Browsers drop tabs and newlines from a Location and read a backslash as a slash, so
// "/\t/evil.example" and "/\\evil.example" lead off the site too: a next with a control
// character or a backslash anywhere is refused.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsRune(next, '\\') || strings.ContainsFunc(next, unicode.IsControl) {
		return "/accounts"
	}
	return next
}
