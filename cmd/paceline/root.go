package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
	"github.com/spf13/cobra"
)

// app carries what every subcommand shares: the streams and the global flags. Tests
// call run with their own buffers, so nothing here reads a package global.
type app struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	dbPath string
	// getenv reads the environment; nil is os.Getenv (tests give their own).
	getenv func(string) string
}

// Exit codes: 0 success, 1 the command failed (bad input, missing thing, conflict),
// 2 bad usage (unknown flag or command), 3 internal or unavailable.
const (
	exitOK       = 0
	exitFailed   = 1
	exitUsage    = 2
	exitInternal = 3
)

// usageError marks errors in how the command line itself was written.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	var u usageError
	if errors.As(err, &u) {
		// Point at the help of the command that was mistyped, which lists its flags,
		// rather than at the root's list of commands.
		fmt.Fprintf(stderr, "paceline: %v\nRun '%s --help' for usage.\n", u.err, cmd.CommandPath())
		return exitUsage
	}
	fmt.Fprintf(stderr, "paceline: %s\n", paceline.ErrorMessage(err))
	switch paceline.ErrorCode(err) {
	case paceline.EINTERNAL:
		fmt.Fprintf(stderr, "detail: %v\n", err)
		return exitInternal
	case paceline.EUNAVAILABLE:
		return exitInternal
	}
	return exitFailed
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "paceline",
		Short:         "Self-hosted outreach sequencer for LinkedIn and email that paces every account within its limits",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{flagError(c, err)} })
	root.PersistentFlags().StringVar(&a.dbPath, "db", "paceline.db", "database: a SQLite file, or a postgres:// URL (demo defaults to paceline-demo.db)")
	root.AddCommand(
		a.accountsCmd(),
		a.auditCmd(),
		a.backupCmd(),
		a.campaignsCmd(),
		a.forecastCmd(),
		a.leadsCmd(),
		a.limitsCmd(),
		a.migrateCmd(),
		a.serveCmd(),
		a.simulateCmd(),
		a.linkedinCmd(),
		a.tasksCmd(),
		a.demoCmd(),
		a.usersCmd(),
		a.tokensCmd(),
		a.workerCmd(),
		a.webhooksCmd(),
		a.personalizeCmd(),
		a.versionCmd(),
	)
	for _, c := range root.Commands() {
		c.SetFlagErrorFunc(root.FlagErrorFunc())
	}
	refuseUnknownSubcommands(root)
	return root
}

// refuseUnknownSubcommands makes every command that only groups others (paceline,
// accounts, tasks review...) refuse a word that names none of them. Left to cobra, the
// root reported "paceline bogus" as an internal error (exit 3) and the groups printed
// their help and exited 0, so a script's "paceline accounts lst" seemed to work.
func refuseUnknownSubcommands(c *cobra.Command) {
	if c.HasSubCommands() && !c.Runnable() {
		c.SuggestionsMinimumDistance = 2 // cobra's own default, which SuggestionsFor does not apply
		c.Args = func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			msg := fmt.Sprintf("%s has no command %q", cmd.CommandPath(), args[0])
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(s, " or "))
			}
			return usageError{errors.New(msg)}
		}
		c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	}
	for _, sub := range c.Commands() {
		refuseUnknownSubcommands(sub)
	}
}

// flagError rewrites a flag value the parser refused in the user's terms: pflag says
// `invalid argument "abc" for "--limit" flag: strconv.ParseInt: parsing "abc": invalid
// syntax`, which names Go's parser instead of the number the flag wants. pflag's error
// carries the value but not the flag's name, so the name is read from its sentence
// (TestFlagValueErrors notices if that sentence ever changes).
func flagError(cmd *cobra.Command, err error) error {
	var bad interface{ GetValue() string }
	if !errors.As(err, &bad) {
		return err
	}
	msg := err.Error()
	_, rest, ok := strings.Cut(msg, " for \"")
	name, _, ok2 := strings.Cut(rest, "\" flag: ")
	if !ok || !ok2 {
		return err
	}
	if i := strings.LastIndex(name, "--"); i >= 0 {
		name = name[i+2:]
	}
	f := cmd.Flags().Lookup(name)
	if f == nil {
		return err
	}
	var want string
	switch f.Value.Type() {
	case "int", "int8", "int16", "int32", "int64", "count":
		want = "a whole number, such as 10"
	case "uint", "uint8", "uint16", "uint32", "uint64":
		want = "a whole number of 0 or more, such as 10"
	case "float32", "float64":
		want = "a number, such as 0.8"
	case "duration":
		want = "a duration, such as 90s, 2m or 1h30m"
	case "bool":
		want = "true or false (or the flag alone for true)"
	default:
		return err
	}
	return fmt.Errorf("--%s: %q is not %s", f.Name, bad.GetValue(), want)
}

// noArgs rejects positional arguments with a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("%s takes no arguments, got %q", cmd.CommandPath(), args)}
	}
	return nil
}

// exactArgs requires n positional arguments, naming them in the error.
func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) > n:
			// Most often a name with a space typed without quotes: show how the
			// words were split.
			return usageError{fmt.Errorf("%s wants %s, not %s (%s): quote a value that holds a space",
				cmd.CommandPath(), names, plural.Count(len(args), "argument"), quoteList(args))}
		case len(args) != n:
			return usageError{fmt.Errorf("%s wants %s", cmd.CommandPath(), names)}
		}
		return nil
	}
}

// quoteList writes arguments as they were split: "spring" "push".
func quoteList(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = strconv.Quote(a)
	}
	return strings.Join(q, " ")
}
