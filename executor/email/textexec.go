package email

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

var _ engine.TextExecutor = (*Sender)(nil)

// ExecuteText sends the subject and body the engine rendered for the action, to the
// address RecipientFunc gives for the lead, with an HTML alternative made by TextToHTML
// (unless PlainText). Everything else is as Execute: idempotent on the key, retried,
// failed with the server's words, bounced on a 5xx to RCPT TO that says the address is bad.
func (s *Sender) ExecuteText(ctx context.Context, a paceline.Action, t engine.Text) (engine.Outcome, error) {
	if s.opt.RecipientFunc == nil {
		return s.Execute(ctx, a) // the mailbox composes its own emails
	}
	return s.send(ctx, a, func(ctx context.Context, a paceline.Action) (Draft, error) {
		to, err := s.opt.RecipientFunc(ctx, a.Lead)
		if err != nil {
			return Draft{}, fmt.Errorf("address of lead %s: %w", a.Lead, err)
		}
		d := Draft{To: to, Subject: t.Subject, Text: t.Body}
		if !s.opt.PlainText {
			d.HTML = TextToHTML(t.Body)
		}
		return d, nil
	})
}
