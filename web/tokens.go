package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

// tokensData is the API tokens page: the live tokens (never their secret), the
// creation form as typed with why it was refused, and, once, a new token's secret.
type tokensData struct {
	Tokens []*paceline.Token
	// Name is the creation form's field as typed, and Problem why it was refused.
	Name, Problem string
	// Created and Secret are the token just created and its value: shown on the answer
	// to the form itself, never in a URL, and never again.
	Created *paceline.Token
	Secret  string
	// Done says what the last button did, or why it could not.
	Done, Undone string
}

// tokensPage lists the live API tokens of every user: the API gives each token all of
// its user's rights, so any user may see and revoke any token, as `paceline tokens`
// does.
func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	return s.renderTokens(w, r, sess, http.StatusOK, tokensData{Done: flash(r, sess, "done"), Undone: flash(r, sess, "problem")})
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, sess *paceline.Session, status int, d tokensData) error {
	list, err := s.deps.API.Users.Tokens(r.Context())
	if err != nil {
		return fmt.Errorf("list API tokens: %w", err)
	}
	slices.SortFunc(list, func(a, b *paceline.Token) int { return cmp.Compare(a.ID, b.ID) })
	d.Tokens = list
	s.render(w, r, status, "tokens", s.page(sess, "API tokens", "tokens", d))
	return nil
}

// createToken is the creation form: a token of the logged-in user, whose secret the
// answer shows once. A refused name answers the page again with why and the name.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	name := r.PostFormValue("name")
	t, token, err := paceline.IssueToken(r.Context(), s.deps.API.Users, sess.User, name)
	if code := paceline.ErrorCode(err); code == paceline.EINVALID || code == paceline.ECONFLICT {
		return s.renderTokens(w, r, sess, api.Status(err), tokensData{Name: name, Problem: "Not created: " + paceline.ErrorMessage(err)})
	} else if err != nil {
		return err
	}
	return s.renderTokens(w, r, sess, http.StatusCreated, tokensData{Created: t, Secret: token})
}

// revokeToken is a token's Revoke button. A token already revoked (in another tab, or
// by the CLI) sends the user back to the list with why, not to an error page.
func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return paceline.FieldErrorf("id", "%q is not a token id (a positive whole number): use the Revoke button of the API tokens page", r.PathValue("id"))
	}
	err = s.deps.API.Users.RevokeToken(r.Context(), id)
	switch paceline.ErrorCode(err) {
	case "":
		http.Redirect(w, r, flashURL("/tokens", "done", fmt.Sprintf("Revoked token %d: a call that sends it is refused from now on.", id), sess), http.StatusSeeOther)
		return nil
	case paceline.ENOTFOUND:
		// The store keeps revoked tokens (ECONFLICT below): this id never existed.
		http.Redirect(w, r, flashURL("/tokens", "problem", fmt.Sprintf("No token has id %d: the list below shows every live token, each with its Revoke button.", id), sess), http.StatusSeeOther)
		return nil
	case paceline.ECONFLICT: // revoked before: the store says when
		http.Redirect(w, r, flashURL("/tokens", "problem", paceline.ErrorMessage(err)+" (the list below is current).", sess), http.StatusSeeOther)
		return nil
	}
	return err
}
