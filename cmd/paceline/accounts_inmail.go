package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// inmailCreditsUsage is the help of --inmail-credits, on accounts add and update.
const inmailCreditsUsage = "number `N` of InMail credits the account has now, as LinkedIn shows it; the pacer adds the monthly credits after now and takes off the InMails sent after now (omit: the type's monthly credits)"

// parseInMailCredits reads an InMail balance as typed, refusing what no account has.
func parseInMailCredits(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, paceline.FieldErrorf("inmail-credits", "%q is not a whole number (give the InMail credits LinkedIn shows the account, such as 42)", s)
	}
	if n < 0 || n > paceline.MaxInMailCredits {
		return 0, paceline.FieldErrorf("inmail-credits", "%d is not an InMail balance (give the credits LinkedIn shows the account, 0 to %d)", n, paceline.MaxInMailCredits)
	}
	return n, nil
}

// setInMailCredits sets the account's known InMail balance to the typed one, true at
// now (the database's clock, which the ledger's InMails are in).
func setInMailCredits(acc *paceline.Account, typed string, now time.Time) error {
	if acc.Executor == paceline.ExecutorEmail || acc.Type == paceline.TypeEmail {
		return paceline.FieldErrorf("inmail-credits", "is only for a LinkedIn account: %s is a mailbox, which sends no InMail", cmpOr(acc.Name, "a mailbox"))
	}
	n, err := parseInMailCredits(typed)
	if err != nil {
		return err
	}
	acc.InMailCredits, acc.InMailCreditsAt = n, now.UTC()
	return nil
}

// updateInMailCredits applies accounts update's --inmail-credits to after or, when the
// type changes without it, starts the new type's balance at its monthly credits now:
// LinkedIn grants the new plan's month on an upgrade, not the rollover cap, and the
// credits of a plan given up go with it. Both are dated by the database's clock.
func updateInMailCredits(ctx context.Context, st any, before, after *paceline.Account, typed string, given func(string) bool) error {
	typeChanged := before.Type != after.Type && after.Executor != paceline.ExecutorEmail
	if !given("inmail-credits") && !typeChanged {
		return nil
	}
	now, _, err := databaseNow(ctx, st, time.Now())
	if err != nil {
		return err
	}
	if given("inmail-credits") {
		return setInMailCredits(after, typed, now)
	}
	n, err := limits.StartingInMailCredits(after)
	if err != nil {
		return err
	}
	after.InMailCredits, after.InMailCreditsAt = n, now.UTC()
	return nil
}

// dateInMailCredits dates a balance given to accounts add by the database's clock, as
// dateConnections dates a connection count.
func dateInMailCredits(ctx context.Context, s appStore, acc *paceline.Account) error {
	if acc.InMailCreditsAt.IsZero() {
		return nil
	}
	now, _, err := databaseNow(ctx, s, time.Now())
	if err != nil {
		return err
	}
	acc.InMailCreditsAt = now.UTC()
	return nil
}

// inmailCreditsChange is the change row of the known InMail balance, if it changed.
func inmailCreditsChange(before, after *paceline.Account) []accountChange {
	if before.InMailCredits == after.InMailCredits && before.InMailCreditsAt.Equal(after.InMailCreditsAt) {
		return nil
	}
	return []accountChange{{"InMail credits", inmailCreditsText(before), inmailCreditsText(after)}}
}

// inmailCreditsText says what is known of an account's InMail balance.
func inmailCreditsText(acc *paceline.Account) string {
	if acc.InMailCreditsAt.IsZero() {
		return "not told (the type's monthly credits)"
	}
	return fmt.Sprintf("%d as of %s", acc.InMailCredits, acc.InMailCreditsAt.UTC().Format("2006-01-02 15:04 MST"))
}
