package audit

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/paceline/paceline"
)

// WriteDir writes the ledger into dir (created if needed) as accounts.csv and
// actions.csv, in the format ReadDir reads. Both files are written in full to
// temporary files in dir and synced before either replaces its old version, so a
// crash never leaves a truncated file behind; a rename that fails between the two
// puts the first file back, so a failed write leaves the old ledger whole
// (replacePair). A process killed between the two renames can still leave the new
// accounts.csv with the old actions.csv. Optional columns are written only when some
// account or action uses them, except daily_invite_cap and daily_message_cap, always
// written (see Ledger.DailyCapsListed). Accounts and actions that ReadDir would
// reject are refused with an EINVALID error instead of being written.
func WriteDir(dir string, l *Ledger) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create ledger directory: %w", err)
	}
	accounts, err := writeTemp(dir, AccountsFile, func(w *csv.Writer) error { return writeAccounts(w, l.Accounts) })
	if err != nil {
		return err
	}
	defer os.Remove(accounts) // a no-op once renamed
	actions, err := writeTemp(dir, ActionsFile, func(w *csv.Writer) error { return writeActions(w, l.Actions) })
	if err != nil {
		return err
	}
	defer os.Remove(actions)
	if err := replacePair(dir, [2]string{accounts, actions}, [2]string{AccountsFile, ActionsFile}); err != nil {
		return err
	}
	return syncDir(dir)
}

// rename is os.Rename; tests make it fail.
var rename = os.Rename

// replacePair renames the written files tmp into place as names, in dir. Two renames
// cannot replace two files at once, so the old versions are first kept as hard links:
// when the second rename fails the first file is put back (or removed when it is new)
// and the ledger in dir is the old one, whole. Only when even that fails does the
// error say which file is the new ledger's and which the old one's.
func replacePair(dir string, tmp, names [2]string) error {
	var backup [2]string
	defer func() {
		for _, b := range backup {
			if b != "" {
				os.Remove(b)
			}
		}
	}()
	for i, name := range names {
		final := filepath.Join(dir, name)
		if _, err := os.Lstat(final); err != nil {
			continue // none to keep
		}
		b := filepath.Join(dir, "."+name+".old.tmp")
		os.Remove(b) // one a killed write left
		if err := os.Link(final, b); err != nil {
			return fmt.Errorf("write ledger: keep the old %s while the new one replaces it: %w; the ledger in %s is unchanged", name, err, dir)
		}
		backup[i] = b
	}
	if err := rename(tmp[0], filepath.Join(dir, names[0])); err != nil {
		return fmt.Errorf("write ledger %s: %w; the ledger in %s is unchanged", names[0], err, dir)
	}
	err := rename(tmp[1], filepath.Join(dir, names[1]))
	if err == nil {
		return nil
	}
	// Put the first file back as it was.
	first := filepath.Join(dir, names[0])
	var undo error
	if backup[0] != "" {
		undo = rename(backup[0], first)
		if undo == nil {
			backup[0] = ""
		}
	} else {
		undo = os.Remove(first)
	}
	if undo == nil {
		return fmt.Errorf("write ledger %s: %w; the ledger in %s is unchanged", names[1], err, dir)
	}
	if backup[1] != "" {
		return fmt.Errorf("write ledger %s: %w; %s in %s is the new ledger's but %s still the old one's, and the old %s could not be put back (%v): the two do not go together, write the ledger again",
			names[1], err, names[0], dir, names[1], names[0], undo)
	}
	return fmt.Errorf("write ledger %s: %w; %s in %s is the new ledger's but there is no %s, and it could not be removed (%v): write the ledger again",
		names[1], err, names[0], dir, names[1], undo)
}

// writeTemp writes one file to a temporary name next to its final one and returns that
// name after syncing it to disk.
func writeTemp(dir, name string, write func(*csv.Writer) error) (path string, err error) {
	f, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("write ledger %s: %w", name, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	// CreateTemp makes the file private; a ledger is as readable as any file the user
	// writes.
	if err := f.Chmod(0o644); err != nil {
		return "", fmt.Errorf("write ledger %s: %w", name, err)
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	cw := csv.NewWriter(bw)
	if err := write(cw); err != nil {
		return "", err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return "", fmt.Errorf("write ledger %s: %w", name, err)
	}
	if err := bw.Flush(); err != nil {
		return "", fmt.Errorf("write ledger %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("write ledger %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("write ledger %s: %w", name, err)
	}
	return f.Name(), nil
}

// syncDir makes the renames durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync ledger directory: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync ledger directory: %w", err)
	}
	return nil
}

func writeAccounts(w *csv.Writer, accounts []Account) error {
	// Extra cap columns in the stable kind order, only for kinds some account caps.
	header := append([]string(nil), accountColumns...)
	var extra []capColumn
	for _, k := range paceline.ActionKinds {
		if k == paceline.KindInvite || k == paceline.KindMessage {
			continue // required columns
		}
		if anyCap(accounts, k, true) {
			extra = append(extra, capColumn{name: capColPrefixW + string(k) + capColSuffix, kind: k, weekly: true})
		}
	}
	// The daily invite and message caps are always written, empty where none is set, so
	// that a reader can tell "no daily cap" from a ledger that does not list them.
	for _, k := range paceline.ActionKinds {
		if k == paceline.KindInvite || k == paceline.KindMessage || anyCap(accounts, k, false) {
			extra = append(extra, capColumn{name: capColPrefixD + string(k) + capColSuffix, kind: k})
		}
	}
	quota := false
	for i := range accounts {
		quota = quota || accounts[i].NoteQuotaMonthly >= 0
	}
	for _, c := range extra {
		header = append(header, c.name)
	}
	if quota {
		header = append(header, colNoteQuota)
	}
	if err := w.Write(header); err != nil {
		return err
	}

	seen := map[string]bool{}
	row := make([]string, 0, len(header))
	for i := range accounts {
		a := &accounts[i]
		if err := validateAccount(a, seen); err != nil {
			return err
		}
		row = append(row[:0], a.Name, string(a.Type), a.location().String(), a.Hours.String(),
			a.Days.String(), a.MinGap.String(),
			capText(a.WeeklyCaps, paceline.KindInvite), capText(a.WeeklyCaps, paceline.KindMessage))
		for _, c := range extra {
			if c.weekly {
				row = append(row, capText(a.WeeklyCaps, c.kind))
			} else {
				row = append(row, capText(a.DailyCaps, c.kind))
			}
		}
		if quota {
			q := ""
			if a.NoteQuotaMonthly >= 0 {
				q = strconv.Itoa(a.NoteQuotaMonthly)
			}
			row = append(row, q)
		}
		if err := w.Write(row); err != nil {
			return err
		}
	}
	return nil
}

// validateAccount refuses what ReadDir could not read back.
func validateAccount(a *Account, seen map[string]bool) error {
	bad := func(format string, args ...any) error {
		return paceline.Errorf(paceline.EINVALID, "account %q: %s", a.Name, fmt.Sprintf(format, args...))
	}
	switch {
	case a.Name == "":
		return paceline.Errorf(paceline.EINVALID, "an account has no name (every account needs one)")
	case seen[a.Name]:
		return bad("appears twice (account names must be unique)")
	case !a.Type.Valid():
		return bad("unknown account type %q", a.Type)
	case a.Hours.Start < 0 || a.Hours.End <= a.Hours.Start || a.Hours.End > 24*60:
		return bad("working hours %s are not a window within one day", a.Hours)
	case a.Days == 0 || a.Days >= 1<<7:
		return bad("working days name no day")
	case a.MinGap < 0:
		return bad("minimum gap %s is negative", a.MinGap)
	}
	for _, caps := range []map[paceline.ActionKind]int{a.WeeklyCaps, a.DailyCaps} {
		for k, n := range caps {
			if !k.Valid() || n < 0 {
				return bad("cap %s=%d names an unknown kind or is negative", k, n)
			}
		}
	}
	seen[a.Name] = true
	return nil
}

func anyCap(accounts []Account, k paceline.ActionKind, weekly bool) bool {
	for i := range accounts {
		caps := accounts[i].DailyCaps
		if weekly {
			caps = accounts[i].WeeklyCaps
		}
		if _, ok := caps[k]; ok {
			return true
		}
	}
	return false
}

func capText(caps map[paceline.ActionKind]int, k paceline.ActionKind) string {
	n, ok := caps[k]
	if !ok {
		return ""
	}
	return strconv.Itoa(n)
}

func writeActions(w *csv.Writer, actions []paceline.Action) error {
	header := append([]string(nil), actionColumns...)
	header = append(header, colNote)
	extra := false
	for i := range actions {
		a := &actions[i]
		extra = extra || a.Key != "" || a.Campaign != "" || a.Step != ""
	}
	if extra {
		header = append(header, colKey, colCampaign, colStep)
	}
	if err := w.Write(header); err != nil {
		return err
	}
	row := make([]string, 0, len(header))
	var buf []byte
	for i := range actions {
		a := &actions[i]
		if err := validateAction(i, a); err != nil {
			return err
		}
		buf = a.At.UTC().AppendFormat(buf[:0], time.RFC3339Nano)
		row = append(row[:0], string(buf), a.Account, string(a.Kind), a.Lead, string(a.Result),
			strconv.FormatBool(a.WithNote))
		if extra {
			row = append(row, a.Key, a.Campaign, a.Step)
		}
		if err := w.Write(row); err != nil {
			return err
		}
	}
	return nil
}

// validateAction refuses what ReadDir could not read back.
func validateAction(i int, a *paceline.Action) error {
	bad := func(format string, args ...any) error {
		return paceline.Errorf(paceline.EINVALID, "action %d (%s at %s): %s", i+1, a.Account, a.At.UTC().Format(time.RFC3339), fmt.Sprintf(format, args...))
	}
	switch {
	case a.Account == "":
		return bad("has no account")
	case !a.Kind.Valid():
		return bad("unknown kind %q", a.Kind)
	case a.Result != paceline.ResultDone && a.Result != paceline.ResultRefused && a.Result != paceline.ResultFailed:
		return bad("unknown result %q (want done, refused or failed)", a.Result)
	case a.At.UTC().Year() < 0 || a.At.UTC().Year() > 9999:
		return bad("time is outside the years RFC 3339 can write")
	}
	return nil
}
