package main

import (
	"context"
	"errors"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// accountRewriter reads an account and writes it back only if no other command wrote
// it since it was read; both stores are one.
type accountRewriter interface {
	Account(ctx context.Context, name string) (*paceline.Account, error)
	UpdateAccountUnchanged(ctx context.Context, a *paceline.Account) error
}

var (
	_ accountRewriter = (*sqlite.Store)(nil)
	_ accountRewriter = (*postgres.Store)(nil)
)

// asRewriter is st as an accountRewriter: every store a command opens is one.
func asRewriter(st any) (accountRewriter, error) {
	rw, ok := st.(accountRewriter)
	if !ok {
		return nil, paceline.Errorf(paceline.EINTERNAL, "this store (%T) cannot update an account only if it is unchanged", st)
	}
	return rw, nil
}

// rewriteTries is how many times rewriteAccount reads the account anew when another
// command wrote it between its read and its write.
const rewriteTries = 3

// rewriteAccount changes some fields of the account name and stores it, without
// undoing what another command stored meanwhile. The stores write an account whole: a
// pause that read the row, then wrote it back after an accounts update had stored a
// new safety, would put the old safety back. So the row is written only if unchanged
// since read (UpdateAccountUnchanged); when it changed, it is read again and change
// applied to the fresh row, which is right for a command that sets a few fields of its
// own (a state, a count, a name to sign with) whatever the others hold. change says
// whether to write at all (false: the account is returned as read). After rewriteTries
// reads, the conflict is returned: "changed while it was being updated ... run the
// command again".
func rewriteAccount(ctx context.Context, st accountRewriter, name string, change func(*paceline.Account) (bool, error)) (*paceline.Account, error) {
	var err error
	for range rewriteTries {
		var acct *paceline.Account
		acct, err = st.Account(ctx, name)
		if err != nil {
			return nil, err
		}
		write, cerr := change(acct)
		if cerr != nil || !write {
			return acct, cerr
		}
		err = st.UpdateAccountUnchanged(ctx, acct)
		if !accountChanged(err) {
			return acct, err
		}
	}
	return nil, err
}

// accountChanged reports whether err is the stores' conflict of an account written by
// another command since it was read (not a name taken, which has its Field).
func accountChanged(err error) bool {
	var pe *paceline.Error
	return errors.As(err, &pe) && pe.Code == paceline.ECONFLICT && pe.Field == ""
}
