package main

import (
	"fmt"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
	"github.com/spf13/cobra"
)

func (a *app) limitsPresetsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "presets",
		Short: "Print the default allowance of every account type",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if asJSON {
				b, err := limits.MarshalPresetsJSON()
				if err != nil {
					return fmt.Errorf("encode presets: %w", err)
				}
				_, err = fmt.Fprintf(a.stdout, "%s\n", b)
				return err
			}
			w := newTable(a.stdout)
			fmt.Fprintln(w, "TYPE\tINVITES/WEEK\tMESSAGES/WEEK\tINMAIL/MONTH (ROLLOVER)\tNOTES/MONTH\tNOTE CHARS\tOPEN PROFILE\tINVITES/DAY")
			for _, p := range limits.Presets() {
				notes := "up to the invite cap"
				if p.NoteQuotaMonthly != nil {
					notes = fmt.Sprint(*p.NoteQuotaMonthly)
				}
				fmt.Fprintf(w, "%s\t%d\t%d\t%d (%d)\t%s\t%d\t%s\t%d\n", p.Type,
					p.Weekly[paceline.KindInvite], p.Weekly[paceline.KindMessage],
					p.InMailMonthly, p.InMailRolloverCap, notes, p.NoteMaxChars,
					yesNo(p.OpenProfile), p.DailyTarget[paceline.KindInvite])
			}
			if err := w.Flush(); err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, "\n"+strings.TrimSpace(`
Windows are rolling 7-day spans, not calendar weeks. INVITES/DAY is the pace paceline
aims for on a working day, not a cap LinkedIn publishes. Every figure can be overridden
per account (paceline accounts add --cap invite=80). Sources: docs/limits.md.`))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
