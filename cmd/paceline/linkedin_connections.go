package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/linkedinexport"
	"github.com/paceline/paceline/plural"
)

// archiveConnections is what an archive's Connections.csv says of the account's
// number of connections, and whether it became the account's known count.
type archiveConnections struct {
	// Count is every row of Connections.csv, known lead or not.
	Count int `json:"count"`
	// At is when Count was true: the end of the newest Connected On day, or the
	// import when no row has a readable date (and never after the import).
	At time.Time `json:"at"`
	// Recorded is false when the account already knew a count from after At.
	Recorded bool `json:"recorded"`
	// Known and KnownAt are the account's count after the import.
	Known   int       `json:"known"`
	KnownAt time.Time `json:"known_at"`
}

// recordArchiveConnections sets the account's known connection count from the
// archive's Connections.csv, unless the account knows a newer one. Every row counts,
// matched or not: LinkedIn's cap is on all of them. The count is true to the end of
// the newest Connected On day (acceptances after it would show a later day), so the
// archive's own acceptances, on or before that day, are not counted again.
func recordArchiveConnections(ctx context.Context, st archiveStore, account string, res *linkedinexport.Result, now time.Time) (*archiveConnections, error) {
	c := &archiveConnections{Count: min(res.Counts.Connections, paceline.MaxConnections), At: now.UTC()}
	if day := res.LastConnectedOn; !day.IsZero() {
		if end := day.AddDate(0, 0, 1); end.Before(now) {
			c.At = end.UTC()
		}
	}
	// Read afresh, and only the count written: the account may have changed (paused,
	// its caps updated) while the archive was read, or while this writes.
	rw, err := asRewriter(st)
	if err != nil {
		return nil, err
	}
	newer := false
	acct, err := rewriteAccount(ctx, rw, account, func(acct *paceline.Account) (bool, error) {
		newer = !acct.ConnectionsAt.IsZero() && acct.ConnectionsAt.After(c.At)
		if newer {
			return false, nil
		}
		acct.Connections, acct.ConnectionsAt = c.Count, c.At
		return true, nil
	})
	if err != nil {
		return nil, fmt.Errorf("record the %d connections of %s: %w", c.Count, account, err)
	}
	if newer {
		c.Known, c.KnownAt = acct.Connections, acct.ConnectionsAt.UTC()
		return c, nil
	}
	c.Recorded, c.Known, c.KnownAt = true, c.Count, c.At
	return c, nil
}

// writeArchiveConnections says what became of the archive's connection count.
func writeArchiveConnections(w io.Writer, account string, c *archiveConnections) {
	if c == nil {
		fmt.Fprintf(w, "No Connections.csv: the connection count of %s is unchanged.\n", account)
		return
	}
	const stamp = "2 Jan 2006 15:04 MST"
	if c.Recorded {
		fmt.Fprintf(w, "%s now has %s as of %s (every row of Connections.csv); the pacer adds the acceptances after that and stops inviting at %d.\n",
			account, plural.Count(c.Count, "connection"), c.At.Format(stamp), paceline.MaxConnections)
		return
	}
	fmt.Fprintf(w, "Kept the count %s already had, %s as of %s: it is newer than the archive's %d as of %s.\n",
		account, plural.Count(c.Known, "connection"), c.KnownAt.Format(stamp), c.Count, c.At.Format(stamp))
}
