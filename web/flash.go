package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"

	"github.com/paceline/paceline"
)

// A flash is the sentence a form's redirect carries to the page it lands on (a
// campaign paused, a refused edit). It travels in the URL with a tag, an HMAC of it
// keyed by the session's CSRF secret, and the page shows it only when the tag
// matches: pages used to show whatever the query said, so a link could make the
// dashboard say anything in its own voice ("/campaigns?done=Your password expired:
// log in at evil.example").

// flashURL is path with the message msg under key, tagged for the session.
func flashURL(path, key, msg string, sess *paceline.Session) string {
	return path + "?" + url.Values{key: {msg}, "tag": {flashTag(sess, key, msg)}}.Encode()
}

// flash returns the message under key when its tag is the session's, else "".
func flash(r *http.Request, sess *paceline.Session, key string) string {
	q := r.URL.Query()
	msg := q.Get(key)
	if msg == "" || !hmac.Equal([]byte(q.Get("tag")), []byte(flashTag(sess, key, msg))) {
		return ""
	}
	return msg
}

func flashTag(sess *paceline.Session, key, msg string) string {
	m := hmac.New(sha256.New, []byte(sess.CSRF))
	m.Write([]byte(key))
	m.Write([]byte{0})
	m.Write([]byte(msg))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}
