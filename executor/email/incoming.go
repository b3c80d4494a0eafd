package email

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/encoding/htmlindex"
)

// Incoming is what Parse reads from one message in the mailbox: enough to tell a reply
// from a bounce from an auto-reply, and to find the lead it concerns.
type Incoming struct {
	MessageID string // without brackets; "" when the message has none
	// HeaderHash stands in for a missing Message-ID as a dedupe key.
	HeaderHash string
	From       string // the sender's address, lower-cased
	Subject    string
	Date       time.Time
	// Refs are the Message-IDs of In-Reply-To and References, In-Reply-To first.
	Refs []string
	// Auto says why the message is an automatic answer (out of office, vacation,
	// auto-responder, a delivery report that is no bounce); "" for a message a person wrote.
	Auto string
	// Bounce is set when the message reports a permanent delivery failure.
	Bounce *Bounce
	// Body is the start of the text the message shows (its text/plain part, else its
	// first part), for finding a non-DSN bounce's addresses and IDs.
	Body string
}

// Bounce is a permanent delivery failure a mail server reported.
type Bounce struct {
	// Recipients are the addresses that failed for good, lower-cased.
	Recipients []string
	// Status is the first enhanced status code (5.1.1) and Diagnostic the server's words.
	Status     string
	Diagnostic string
	// OriginalIDs are Message-IDs of the returned message, found in the report's
	// headers part or quoted in the text.
	OriginalIDs []string
	// DSN says the failure came as a standard delivery status notification (RFC 3464);
	// false means it was read from a classic MAILER-DAEMON text.
	DSN bool
}

// maxPartBytes bounds how much of any one MIME part is read: a bounce's facts sit in its
// first few kilobytes, and a hostile message must not exhaust memory.
const maxPartBytes = 256 << 10

// maxParts bounds how many MIME parts are looked at.
const maxParts = 32

// Parse reads a raw message (RFC 5322). It never fails on a body it cannot read: a
// message with readable headers is classified as well as its body allows.
func Parse(raw []byte) (*Incoming, error) {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	h := m.Header
	in := &Incoming{
		MessageID: cleanID(firstID(h.Get("Message-Id"))),
		Subject:   decodeWord(h.Get("Subject")),
	}
	if in.MessageID == "" {
		end := bytes.Index(raw, []byte("\r\n\r\n"))
		if end < 0 {
			end = bytes.Index(raw, []byte("\n\n"))
		}
		if end < 0 {
			end = len(raw)
		}
		sum := sha256.Sum256(raw[:end])
		in.HeaderHash = hex.EncodeToString(sum[:12])
	}
	if from, err := mail.ParseAddress(h.Get("From")); err == nil {
		in.From = strings.ToLower(from.Address)
	} else if a := addrPattern.FindString(h.Get("From")); a != "" {
		in.From = strings.ToLower(a)
	}
	if d, err := h.Date(); err == nil {
		in.Date = d
	}
	in.Refs = append(refIDs(h.Get("In-Reply-To")), refIDs(h.Get("References"))...)
	in.Auto = autoReason(h, in.Subject)

	ct, params, _ := mime.ParseMediaType(h.Get("Content-Type"))
	r := &partReader{}
	r.walk(ct, params, h.Get("Content-Transfer-Encoding"), m.Body, 0)
	in.Body = r.text
	switch {
	case r.report && len(r.status) > 0:
		in.Bounce = dsnBounce(r.status)
		if in.Bounce != nil {
			in.Bounce.OriginalIDs = r.originalIDs
		}
	case looksLikeBounce(in.From, in.Subject):
		in.Bounce = textBounce(in.Body)
	}
	// A report (a delay warning, a relay or read notice) or anything else a mail daemon
	// sends is machine-made even without Auto-Submitted: Exchange and Gmail thread
	// their reports under our email, and they must not count as the lead's reply.
	if in.Auto == "" && in.Bounce == nil && (r.anyReport || fromDaemon(in.From)) {
		in.Auto = "delivery report"
	}
	return in, nil
}

// refIDs reads the Message-IDs of an In-Reply-To or References header: the <id>s, or,
// from a mail program that leaves the angle brackets out, each word that looks like an
// id (local@domain).
func refIDs(v string) []string {
	if ids := headerIDs(v); len(ids) > 0 || strings.Contains(v, "<") {
		return ids
	}
	var ids []string
	for _, w := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' || r == '\r' || r == '\n' }) {
		if local, domain, ok := strings.Cut(w, "@"); ok && local != "" && domain != "" && !strings.ContainsAny(w, "()\"") {
			ids = append(ids, cleanID(w))
		}
	}
	return ids
}

// firstID keeps the first <id> of a header that should hold one, or the trimmed value.
func firstID(v string) string {
	if ids := headerIDs(v); len(ids) > 0 {
		return ids[0]
	}
	return strings.TrimSpace(v)
}

// wordDecoder reads RFC 2047 encoded words in any charset a mail program uses, not only
// the UTF-8 and ISO-8859-1 that mime knows by itself: Outlook writes windows-1252 and
// iso-8859-15 subjects, and an out-of-office left encoded would count as a reply.
var wordDecoder = mime.WordDecoder{CharsetReader: charsetReader}

// charsetReader turns text in the named charset into UTF-8.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(charset)
	if err != nil {
		return nil, fmt.Errorf("charset %q: %w", charset, err)
	}
	return enc.NewDecoder().Reader(input), nil
}

func decodeWord(s string) string {
	if d, err := wordDecoder.DecodeHeader(s); err == nil {
		return d
	}
	return s
}

// partReader walks a MIME tree and keeps what classification needs.
type partReader struct {
	text        string   // the first text part
	report      bool     // a multipart/report; report-type=delivery-status was seen
	anyReport   bool     // a multipart/report of any type (delivery, disposition) was seen
	status      []byte   // the message/delivery-status part
	originalIDs []string // Message-IDs in the returned headers
	parts       int
}

func (p *partReader) walk(ct string, params map[string]string, cte string, body io.Reader, depth int) {
	p.parts++
	if p.parts > maxParts || depth > 5 {
		return
	}
	if ct == "" {
		ct = "text/plain"
	}
	if strings.HasPrefix(ct, "multipart/") {
		if ct == "multipart/report" {
			p.anyReport = true
			p.report = p.report || strings.EqualFold(params["report-type"], "delivery-status")
		}
		if params["boundary"] == "" {
			return
		}
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextRawPart()
			if err != nil {
				return
			}
			pct, pparams, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
			p.walk(pct, pparams, part.Header.Get("Content-Transfer-Encoding"), part, depth+1)
		}
	}
	data, _ := io.ReadAll(io.LimitReader(decodeCTE(cte, body), maxPartBytes))
	switch ct {
	case "message/delivery-status", "message/global-delivery-status":
		if p.status == nil {
			p.status = data
		}
	case "text/rfc822-headers", "message/rfc822", "message/global", "message/global-headers":
		if m, err := mail.ReadMessage(bytes.NewReader(append(data, "\r\n\r\n"...))); err == nil {
			if id := cleanID(firstID(m.Header.Get("Message-Id"))); id != "" {
				p.originalIDs = append(p.originalIDs, id)
			}
		}
	default:
		if p.text == "" && strings.HasPrefix(ct, "text/") {
			p.text = string(data)
		}
	}
}

func decodeCTE(cte string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, &stripSpace{r: r})
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

// stripSpace drops the line breaks and blanks of a base64 body, which the decoder
// does not skip by itself except for \r and \n.
type stripSpace struct{ r io.Reader }

func (s *stripSpace) Read(b []byte) (int, error) {
	n, err := s.r.Read(b)
	j := 0
	for _, c := range b[:n] {
		if c != ' ' && c != '\t' {
			b[j] = c
			j++
		}
	}
	return j, err
}

// dsnBounce reads a delivery-status body (RFC 3464): per-message fields, a blank line,
// then one block per recipient. Only recipients with Action: failed and a 5.x.x status
// bounced for good; delayed or 4.x.x is a soft failure and marks nothing.
func dsnBounce(status []byte) *Bounce {
	tr := textproto.NewReader(bufio.NewReader(bytes.NewReader(status)))
	b := &Bounce{DSN: true}
	for i := 0; i < 100; i++ {
		h, err := tr.ReadMIMEHeader()
		if h.Get("Final-Recipient") != "" || h.Get("Original-Recipient") != "" {
			action := strings.ToLower(strings.TrimSpace(h.Get("Action")))
			code := strings.TrimSpace(h.Get("Status"))
			if action == "failed" && strings.HasPrefix(code, "5") {
				// The final address differs from the one we sent to when the lead's
				// server rewrote it (an alias, a forward): keep both, so the bounce
				// matches our email either way.
				if addrs := recipientAddrs(h.Get("Final-Recipient"), h.Get("Original-Recipient")); len(addrs) > 0 {
					for _, a := range addrs {
						if !slices.Contains(b.Recipients, a) {
							b.Recipients = append(b.Recipients, a)
						}
					}
					if b.Status == "" {
						b.Status = code
						b.Diagnostic = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(h.Get("Diagnostic-Code")), "smtp;"))
					}
				}
			}
		}
		if err != nil {
			break
		}
	}
	if len(b.Recipients) == 0 {
		return nil
	}
	return b
}

// recipientAddrs takes "rfc822; someone@example.com" (or utf-8; ...) apart, for the
// final and the original recipient, lower-cased, each once.
func recipientAddrs(final, original string) []string {
	var out []string
	for _, v := range []string{final, original} {
		_, addr, ok := strings.Cut(v, ";")
		if !ok {
			addr = v
		}
		addr = strings.ToLower(strings.Trim(strings.TrimSpace(addr), "<>"))
		if strings.Contains(addr, "@") && !slices.Contains(out, addr) {
			out = append(out, addr)
		}
	}
	return out
}

var (
	addrPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-=']+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	idPattern   = regexp.MustCompile(`(?im)^[ \t>]*message-id:[ \t]*<([^<>\s]+)>`)
	statusCode  = regexp.MustCompile(`\b5\.\d{1,3}\.\d{1,3}\b`)
	bounceFrom  = []string{"mailer-daemon@", "postmaster@", "mail-daemon@", "mailerdaemon@"}
	// Subjects of permanent failures in the classic (non-DSN) form, as Postfix, Exim,
	// qmail, Exchange and the big providers write them. Delay warnings are left out on
	// purpose: they say the server is still trying.
	bounceSubjects = []string{
		"undelivered mail returned to sender", "delivery status notification (failure)",
		"mail delivery failed", "failure notice", "returned mail", "undeliverable",
		"delivery failure", "message not delivered", "could not be delivered",
		"mail delivery subsystem", "non remis", "unzustellbar", "nicht zustellbar",
	}
)

// looksLikeBounce tells a classic bounce by its sender and subject.
func looksLikeBounce(from, subject string) bool {
	s := strings.ToLower(subject)
	if strings.Contains(s, "delay") || strings.Contains(s, "warning") || strings.Contains(s, "will retry") {
		return false
	}
	daemon := fromDaemon(from)
	for _, b := range bounceSubjects {
		if strings.Contains(s, b) {
			return daemon || strings.HasPrefix(s, "undeliverable:") || strings.HasPrefix(s, "undelivered mail")
		}
	}
	return false
}

// fromDaemon tells a mail system's own sender (MAILER-DAEMON, postmaster).
func fromDaemon(from string) bool {
	for _, p := range bounceFrom {
		if strings.HasPrefix(from, p) {
			return true
		}
	}
	return false
}

// textBounce reads the addresses and quoted Message-IDs out of a classic bounce's text;
// the Poller keeps only those it sent to.
func textBounce(body string) *Bounce {
	b := &Bounce{Status: statusCode.FindString(body)}
	seen := map[string]bool{}
	for _, m := range idPattern.FindAllStringSubmatch(body, 20) {
		id := cleanID(m[1])
		b.OriginalIDs = append(b.OriginalIDs, id)
		seen[strings.ToLower(id)] = true
	}
	for _, a := range addrPattern.FindAllString(body, 50) {
		a = strings.ToLower(a)
		if !seen[a] {
			seen[a] = true
			b.Recipients = append(b.Recipients, a)
		}
	}
	if len(b.Recipients) == 0 && len(b.OriginalIDs) == 0 {
		return nil
	}
	return b
}

// autoSubjects start the subjects of out-of-office and auto-responder messages in the
// languages outreach most often meets.
var autoSubjects = []string{
	"out of office", "out of the office", "automatic reply", "auto reply", "autoreply",
	"auto-reply", "auto:", "autosvar", "abwesenheitsnotiz", "automatische antwort",
	"réponse automatique", "reponse automatique", "absence", "fuera de la oficina",
	"respuesta automática", "risposta automatica", "fuori ufficio", "afwezig",
	"automatisch antwoord", "on vacation", "vacation reply", "away from the office",
	"absent du bureau", "resposta automática", "resposta automatica", "ausência",
	"odpowiedź automatyczna", "automatyczna odpowiedź", "frånvaro", "automatiskt svar",
	"automatisk svar", "fraværsmelding", "automaattinen vastaus", "automatická odpověď",
	"automatikus válasz", "otomatik yanıt", "автоматический ответ", "自動応答", "自动回复",
}

// autoReason says why a message is an automatic answer (RFC 3834 Auto-Submitted, the
// headers vacation programs and list software set, or an out-of-office subject).
// X-Auto-Response-Suppress is not a sign: Outlook puts it on mail people write too.
func autoReason(h mail.Header, subject string) string {
	if v := strings.ToLower(strings.TrimSpace(h.Get("Auto-Submitted"))); v != "" && v != "no" {
		return "Auto-Submitted: " + v
	}
	for _, k := range []string{"X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Reply"} {
		if h.Get(k) != "" {
			return k
		}
	}
	switch strings.ToLower(strings.TrimSpace(h.Get("Precedence"))) {
	case "auto_reply", "bulk", "junk", "list":
		return "Precedence: " + h.Get("Precedence")
	}
	s := strings.ToLower(strings.TrimSpace(subject))
	for _, p := range autoSubjects {
		if strings.HasPrefix(s, p) || strings.Contains(s, ": "+p) || strings.HasPrefix(s, "re: "+p) {
			return "subject " + subject
		}
	}
	return ""
}
