// Command paceline-agent-example is a small reference agent for paceline's agent
// protocol (docs/agent-protocol.md): it leases an account's due actions and carries
// them out against paceline's simulated LinkedIn, reporting each outcome and the
// accepts and replies the simulation shows. A real agent (a browser extension a person
// watches, a vendor's API) has the same loop with a different Execute.
//
//	PACELINE_AGENT_TOKEN=pla_... paceline-agent-example --url http://localhost:8080 --account alice
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/paceline/paceline/executor/agent"
	"github.com/paceline/paceline/sim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "paceline-agent-example: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("paceline-agent-example", flag.ContinueOnError)
	url := fs.String("url", "http://localhost:8080", "paceline server address")
	account := fs.String("account", "", "account to lease actions for (required)")
	tokenEnv := fs.String("token-env", "PACELINE_AGENT_TOKEN", "environment variable holding the agent token")
	interval := fs.Duration("interval", 30*time.Second, "pause when nothing is due")
	once := fs.Bool("once", false, "carry out what is due now, then stop")
	seed := fs.Uint64("seed", 1, "seed of the simulated LinkedIn")
	limitAfter := fs.Int("limit-after", 0, "answer a weekly-limit notice after this many actions of one kind (0: never), to watch the Pacer back off")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *account == "" {
		return errors.New("--account is required")
	}
	token := os.Getenv(*tokenEnv)
	if token == "" {
		return fmt.Errorf("no agent token in $%s (create one with paceline tasks token --name NAME)", *tokenEnv)
	}
	a := &Agent{
		Client:     &agent.Client{BaseURL: *url, Token: token},
		Account:    *account,
		Platform:   sim.NewPlatform(sim.DefaultParams(), *seed, newJournal()),
		LimitAfter: *limitAfter,
		Log:        out,
	}
	for {
		n, err := a.Drain(ctx)
		if err != nil {
			return err
		}
		if *once {
			fmt.Fprintf(out, "%d actions carried out\n", n)
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(*interval):
		}
	}
}
