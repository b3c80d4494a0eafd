package audit

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/paceline/paceline"
)

// The files of a ledger directory.
const (
	AccountsFile = "accounts.csv"
	ActionsFile  = "actions.csv"
)

// ReadDir reads the ledger in dir.
//
// accounts.csv has the header
// account,type,time_zone,working_hours,working_days,min_gap,weekly_invite_cap,weekly_message_cap
// (hours like 09:00-18:00, days like mon-fri, gap like 90s; an empty gap means
// paceline.DefaultMinGap) and may add weekly_<kind>_cap and daily_<kind>_cap columns
// for any action kind, note_quota_monthly, inmail_monthly and inmail_rollover_cap. An
// empty or missing cap, quota or credit is the account type's preset: the ledger is
// read with Ledger.HoldToLinkedIn set, so a weekly invite or message cap, a free
// account's note quota and the InMail credits are LinkedIn's figure when not given and
// checked against it when above it; the other kinds' caps and the daily caps have no
// preset, so an empty one means none. A file with no daily_<kind>_cap column at all
// (one written before WriteDir wrote them) leaves Ledger.DailyCapsListed false.
//
// actions.csv has the header at,account,kind,lead,result (at in RFC 3339, result
// done|refused|failed) and may add note (true|false: an invite with a personal note) and
// key, campaign, step. It is read as a stream, so a million actions cost only their
// memory.
//
// Columns are matched by header name; other columns are ignored. Errors are
// *paceline.Error values that name the file and line and say what is wrong.
func ReadDir(dir string) (*Ledger, error) {
	info, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, paceline.Errorf(paceline.ENOTFOUND,
				"ledger directory %s does not exist (give the directory that paceline simulate --ledger wrote)", dir)
		}
		return nil, fmt.Errorf("read ledger %s: %w", dir, err)
	}
	if !info.IsDir() {
		return nil, paceline.Errorf(paceline.EINVALID,
			"%s is not a directory (a ledger is a directory holding %s and %s)", dir, AccountsFile, ActionsFile)
	}
	l := &Ledger{HoldToLinkedIn: true}
	err = readFile(filepath.Join(dir, AccountsFile), func(r io.Reader, name string) error {
		f, err := readAccountsFile(r, name)
		l.Accounts, l.DailyCapsListed, l.InMail = f.accounts, f.dailyListed, f.inmail
		return err
	})
	if err != nil {
		return nil, err
	}
	err = readFile(filepath.Join(dir, ActionsFile), func(r io.Reader, name string) error {
		l.Actions, err = readActions(r, name)
		return err
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

func readFile(path string, read func(io.Reader, string) error) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return paceline.Errorf(paceline.ENOTFOUND,
				"%s does not exist (a ledger directory holds %s and %s)", path, AccountsFile, ActionsFile)
		}
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	return read(f, path)
}
