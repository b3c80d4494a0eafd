package main

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// bounceStore lists the leads whose email hard-bounced (a bounced event, from a
// refusal at RCPT TO or a delivery report): a campaign start that would email them
// leaves them out unless --include-bounced.
type bounceStore interface {
	BouncedLeads(ctx context.Context) (map[string]bool, error)
}

var (
	_ bounceStore = (*sqlite.Store)(nil)
	_ bounceStore = (*postgres.Store)(nil)
)

// bouncedToLeaveOut returns the leads campaign c's start must leave out for a bounced
// address: none when include is set or when c's sequence has no email step (a bounce
// says nothing of a LinkedIn profile), else every lead with a bounced event. A
// sequence that does not parse counts as emailing, the safe side.
func bouncedToLeaveOut(ctx context.Context, st any, c *paceline.Campaign, include bool) (map[string]bool, error) {
	if include || !sequenceEmails(c.Sequence) {
		return map[string]bool{}, nil
	}
	bs, ok := st.(bounceStore)
	if !ok {
		return nil, fmt.Errorf("start campaign %s: this database cannot list the leads whose email bounced", c.Name)
	}
	bounced, err := bs.BouncedLeads(ctx)
	if err != nil {
		return nil, fmt.Errorf("start campaign %s: %w", c.Name, err)
	}
	return bounced, nil
}

// sequenceEmails reports whether the sequence src has an email step, or does not
// parse (then it is not known not to email).
func sequenceEmails(src string) bool {
	seq, err := sequence.Parse([]byte(src))
	if err != nil {
		return true
	}
	for _, s := range seq.Steps {
		if s.Kind == paceline.KindEmail {
			return true
		}
	}
	return false
}
