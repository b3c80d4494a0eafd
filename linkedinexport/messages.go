package linkedinexport

import (
	"io"
	"strings"
	"time"

	"github.com/paceline/paceline/lead"
)

// Message is one row of messages.csv, without its text: matching needs who wrote to
// whom and when, and keeping the text would hold a heavy user's whole inbox in memory.
type Message struct {
	Line         int
	Conversation string
	From         string   // the sender's name as LinkedIn shows it
	To           string   // the recipients' names
	SenderURL    string   // as written; "" for some system and deleted senders
	Sender       lead.Key // zero when SenderURL is missing or not a profile
	Recipients   []lead.Key
	At           time.Time // LinkedIn writes these in UTC
	Folder       string
}

const (
	msgConversation = iota
	msgTitle
	msgFrom
	msgSender
	msgTo
	msgRecipients
	msgDate
	msgSubject
	msgContent
	msgFolder
	msgDraft
)

var messageColumns = []column{
	msgConversation: {names: []string{"conversation id"}, required: true},
	msgTitle:        {names: []string{"conversation title"}},
	msgFrom:         {names: []string{"from"}, required: true},
	msgSender:       {names: []string{"sender profile url"}, required: true},
	msgTo:           {names: []string{"to"}},
	msgRecipients:   {names: []string{"recipient profile urls", "recipient profile url"}, required: true},
	msgDate:         {names: []string{"date"}, required: true},
	msgSubject:      {names: []string{"subject"}},
	msgContent:      {names: []string{"content"}},
	msgFolder:       {names: []string{"folder"}},
	msgDraft:        {names: []string{"is message draft"}},
}

// ReadMessages parses messages.csv: CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER
// PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER and any extra
// columns. DATE ("2026-01-29 14:37:12 UTC") is in UTC. Drafts (IS MESSAGE DRAFT) were
// never sent and are returned as Unmatched, as are rows whose date cannot be read.
func ReadMessages(r io.Reader, file string) ([]Message, []Unmatched, error) {
	t, err := newTable(r, file, messageColumns)
	if err != nil {
		return nil, nil, err
	}
	var rows []Message
	var bad []Unmatched
	conv := map[string]string{} // interned conversation ids: many rows share one
	for {
		ok, err := t.next()
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return rows, bad, nil
		}
		if t.blank() {
			continue
		}
		// The fields kept are copied, in one allocation: as substrings of the record
		// they would hold its CONTENT, and so the whole inbox, in memory.
		from, to, url := t.get(msgFrom), t.get(msgTo), t.get(msgSender)
		kept := from + to + url
		m := Message{
			Line: t.line, From: kept[:len(from)], To: kept[len(from) : len(from)+len(to)],
			SenderURL: kept[len(from)+len(to):], Folder: intern(conv, t.get(msgFolder)),
		}
		m.Conversation = intern(conv, t.get(msgConversation))
		if isYes(t.get(msgDraft)) {
			bad = append(bad, Unmatched{file, t.line, CauseDraft, subject(m.From, "a draft, never sent")})
			continue
		}
		at, ok := parseMessageDate(t.get(msgDate))
		if !ok {
			bad = append(bad, Unmatched{file, t.line, CauseBadDate, subject(m.From, "unreadable DATE "+quote(t.get(msgDate)))})
			continue
		}
		m.At = at
		m.Sender, _, _ = profileKey(m.SenderURL)
		for _, u := range splitURLs(t.get(msgRecipients)) {
			if k, _, why := profileKey(u); why == "" {
				m.Recipients = append(m.Recipients, k)
			}
		}
		rows = append(rows, m)
	}
}

func intern(m map[string]string, s string) string {
	if v, ok := m[s]; ok {
		return v
	}
	s = strings.Clone(s)
	m[s] = s
	return s
}

func isYes(s string) bool {
	switch strings.ToLower(s) {
	case "yes", "true", "1", "y":
		return true
	}
	return false
}

// splitURLs splits a RECIPIENT PROFILE URLS cell. LinkedIn separates URLs with commas
// (sometimes with spaces or semicolons), but a Sales Navigator URL holds commas of its
// own, so a piece that does not start a URL is glued back onto the one before.
func splitURLs(s string) []string {
	if s == "" {
		return nil
	}
	if !strings.ContainsAny(s, ",; \t\r\n\u00a0\u202f") {
		return []string{s}
	}
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || isSpace(r) }) {
		if len(out) > 0 && !startsURL(p) {
			out[len(out)-1] += "," + p
			continue
		}
		out = append(out, p)
	}
	return out
}

func startsURL(p string) bool {
	l := strings.ToLower(p)
	return strings.HasPrefix(l, "http") || strings.HasPrefix(l, "www.") || strings.Contains(l, "linkedin.com/")
}
