package sequence

import (
	"fmt"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize"
)

// RenderNote renders an invite step's note for one lead and checks it against the
// sending account's note limit (200 characters on free accounts, 300 otherwise),
// because fields can push a note that validated over the limit. A step without a note
// renders "" (a plain invite). Errors name the step: a *personalize.MissingFieldError
// or a *NoteTooLongError, after which the step's Fallback applies.
func RenderNote(st *Step, d personalize.Data, seed uint64, maxChars int) (string, error) {
	if st.Note == nil {
		return "", nil
	}
	note, err := personalize.Render(st.Note, d, seed)
	if err != nil {
		return "", fmt.Errorf("step %s note: %w", st.ID, err)
	}
	if n := personalize.RuneCount(note); maxChars > 0 && n > maxChars {
		return "", &NoteTooLongError{Step: st.ID, Chars: n, Max: maxChars}
	}
	return note, nil
}

// RenderText renders the subject (if any) and body of a message, inmail,
// open_profile_message or email step for one lead. Errors name the step; a missing
// field is a *personalize.MissingFieldError, and the action should be held for review
// rather than sent.
func RenderText(st *Step, d personalize.Data, seed uint64) (subject, body string, err error) {
	if st.Subject != nil {
		if subject, err = personalize.Render(st.Subject, d, seed); err != nil {
			return "", "", fmt.Errorf("step %s subject: %w", st.ID, err)
		}
	}
	if st.Body != nil {
		if body, err = personalize.Render(st.Body, d, seed); err != nil {
			return "", "", fmt.Errorf("step %s body: %w", st.ID, err)
		}
	}
	return subject, body, nil
}

// NoteFieldRoom is the room, in characters, a note should leave each field it inserts
// under the note limit: a first name or a company rarely takes more, so a note that
// leaves less may be too long for some leads once its fields are filled in.
const NoteFieldRoom = 20

// NoteWarnings returns Warnings(seq, opts): campaign creation and the simulator show a
// sequence's warnings under this name, given when notes had the only ones.
func NoteWarnings(seq *Sequence, opts Options) ValidationErrors {
	return Warnings(seq, opts)
}

// noteWarnings warns of every invite note (each variant's too) whose literal text fits
// opts.NoteMaxChars but leaves its fields under NoteFieldRoom characters each: for a
// lead with longer values the note renders over the limit and RenderNote's check sends
// the invite as its fallback says. Such a note is not refused, since most leads' values
// may fit. A note whose literal text is over the limit is Validate's error, not a
// warning. None when opts.NoteMaxChars is 0.
func (c *checker) noteWarnings(opts Options) {
	if opts.NoteMaxChars <= 0 {
		return
	}
	seq := c.seq
	of := ""
	if opts.NoteAccount != "" {
		of = " of " + opts.NoteAccount
	}
	for i := range seq.Steps {
		st := &seq.Steps[i]
		if st.Kind != paceline.KindInvite {
			continue
		}
		fallback := st.Fallback
		if fallback == "" {
			fallback = FallbackPlain
		}
		for _, ts := range textSets(st) {
			if ts.note == nil {
				continue
			}
			fields, n := ts.note.Fields(), ts.note.LiteralRunes()
			room := opts.NoteMaxChars - n
			if len(fields) == 0 || room < 0 || room >= NoteFieldRoom*len(fields) {
				continue
			}
			key := ts.key
			if ts.label == "" {
				key = "invite.note"
			}
			c.errorf(st, key, "%sthe note has %d characters before {{%s}} %s filled in, which leaves %d for %s under the %d-character limit%s; for a lead whose values are longer the note is not sent (fallback: %s applies): shorten the note to leave more room",
				ts.label, n, strings.Join(fields, "}}, {{"), isAre(len(fields)), room, itThem(len(fields)), opts.NoteMaxChars, of, fallback)
		}
	}
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func itThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}
