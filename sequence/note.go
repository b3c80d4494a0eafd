package sequence

import (
	"fmt"

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
