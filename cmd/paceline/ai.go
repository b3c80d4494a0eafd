package main

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize/aiwrite"
	"github.com/spf13/cobra"
)

// aiFlags configure optional AI writing (package personalize/aiwrite). Each flag
// defaults to an environment variable, PACELINE_AI_ and the flag's name in capitals
// (PACELINE_AI_BASE_URL, PACELINE_AI_MODEL ...), so a service file can set them once;
// a flag given on the command line wins. AI writing is on only when a base URL is set.
// The API key is never a flag: --ai-key-env names the variable that holds it.
type aiFlags struct {
	baseURL, model, keyEnv       string
	dailyTokens                  int
	dailyCost                    float64
	promptPrice, completionPrice float64
	timeout                      time.Duration
	banned, allowed              []string
	review                       bool
}

// aiEnv is the environment variable that gives a flag its default.
func aiEnv(flag string) string {
	return "PACELINE_AI_" + strings.ToUpper(strings.ReplaceAll(strings.TrimPrefix(flag, "ai-"), "-", "_"))
}

// addAIFlags adds the --ai-* flags to cmd, their defaults read from the environment.
// A malformed number in the environment is reported when the command runs (aiErr).
func addAIFlags(cmd *cobra.Command, f *aiFlags) {
	fs := cmd.Flags()
	env := func(name, def string) string {
		if v, ok := os.LookupEnv(aiEnv(name)); ok {
			return v
		}
		return def
	}
	num := func(name string) float64 {
		v, _ := strconv.ParseFloat(env(name, "0"), 64)
		return v
	}
	timeout, _ := time.ParseDuration(env("ai-timeout", aiwrite.DefaultTimeout.String()))
	fs.StringVar(&f.baseURL, "ai-base-url", env("ai-base-url", ""), "AI writing: the OpenAI-compatible API root, such as https://api.openai.com/v1 or http://localhost:11434/v1 (empty: AI writing off, templates only) [$PACELINE_AI_BASE_URL]")
	fs.StringVar(&f.model, "ai-model", env("ai-model", ""), "AI writing: the model name, such as gpt-4o-mini [$PACELINE_AI_MODEL]")
	fs.StringVar(&f.keyEnv, "ai-key-env", env("ai-key-env", "PACELINE_AI_KEY"), "AI writing: the environment variable that holds the API key (empty for a server without keys) [$PACELINE_AI_KEY_ENV]")
	fs.IntVar(&f.dailyTokens, "ai-daily-tokens", int(num("ai-daily-tokens")), "AI writing: most tokens a day, prompt and completion (0: no cap) [$PACELINE_AI_DAILY_TOKENS]")
	fs.Float64Var(&f.dailyCost, "ai-daily-cost", num("ai-daily-cost"), "AI writing: most spend a day, at the prices below (0: no cap) [$PACELINE_AI_DAILY_COST]")
	fs.Float64Var(&f.promptPrice, "ai-prompt-price", num("ai-prompt-price"), "AI writing: price of a million prompt tokens, for --ai-daily-cost [$PACELINE_AI_PROMPT_PRICE]")
	fs.Float64Var(&f.completionPrice, "ai-completion-price", num("ai-completion-price"), "AI writing: price of a million completion tokens, for --ai-daily-cost [$PACELINE_AI_COMPLETION_PRICE]")
	fs.DurationVar(&f.timeout, "ai-timeout", timeout, "AI writing: how long to wait for the model before sending the template (0: 20s) [$PACELINE_AI_TIMEOUT]")
	fs.StringSliceVar(&f.banned, "ai-ban", nil, "AI writing: a phrase the model's texts may not use, besides the built-in list (repeatable)")
	fs.StringSliceVar(&f.allowed, "ai-allow", nil, "AI writing: a capitalised word never taken for an invented fact, such as your product's name (repeatable)")
	fs.BoolVar(&f.review, "ai-review", env("ai-review", "") == "true", "AI writing: hold every AI text for review, whatever the sequence says [$PACELINE_AI_REVIEW]")
}

// on reports whether the user configured a provider.
func (f *aiFlags) on() bool { return strings.TrimSpace(f.baseURL) != "" }

// check refuses settings that cannot work, naming the flag.
func (f *aiFlags) check() error {
	for _, name := range []string{"ai-daily-tokens", "ai-daily-cost", "ai-prompt-price", "ai-completion-price"} {
		if v, ok := os.LookupEnv(aiEnv(name)); ok {
			if _, err := strconv.ParseFloat(v, 64); err != nil {
				return paceline.FieldErrorf(name, "%s=%q is not a number; fix or unset the variable", aiEnv(name), v)
			}
		}
	}
	if v, ok := os.LookupEnv(aiEnv("ai-timeout")); ok {
		if _, err := time.ParseDuration(v); err != nil {
			return paceline.FieldErrorf("ai-timeout", "%s=%q is not a duration such as 20s; fix or unset the variable", aiEnv("ai-timeout"), v)
		}
	}
	switch {
	case f.dailyTokens < 0:
		return paceline.FieldErrorf("ai-daily-tokens", "is negative; give 0 for no cap or the most tokens a day")
	case f.dailyCost < 0 || f.promptPrice < 0 || f.completionPrice < 0:
		return paceline.FieldErrorf("ai-daily-cost", "a cost or price is negative; give 0 or more")
	case f.dailyCost > 0 && f.promptPrice == 0 && f.completionPrice == 0:
		return paceline.FieldErrorf("ai-daily-cost", "needs the model's prices (--ai-prompt-price and --ai-completion-price, per million tokens) to count the spend")
	case f.timeout < 0:
		return paceline.FieldErrorf("ai-timeout", "must be longer than zero, such as 20s")
	}
	return nil
}

// writer returns the Writer the flags configure over store, or nil when AI writing is
// off. The key is read from the environment here and never printed.
func (f *aiFlags) writer(store aiwrite.Store, budgetStore aiwrite.SpendStore, now func() time.Time) (*aiwrite.Writer, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	if !f.on() {
		return nil, nil
	}
	client, err := aiwrite.NewClient(aiwrite.ClientConfig{BaseURL: f.baseURL, Model: f.model, APIKeyEnv: f.keyEnv}, nil)
	if err != nil {
		return nil, aiFlagError(err)
	}
	cfg := aiwrite.Config{Timeout: f.timeout, Banned: append(aiwrite.DefaultBanned(), f.banned...), Allowed: f.allowed, Review: f.review, Cache: store}
	if f.dailyTokens > 0 || f.dailyCost > 0 {
		cfg.Budget = &aiwrite.Budget{TokensPerDay: f.dailyTokens, CostPerDay: f.dailyCost,
			PromptPrice: f.promptPrice, CompletionPrice: f.completionPrice, Store: budgetStore}
	}
	w := aiwrite.New(client, cfg)
	w.NowFunc = now
	return w, nil
}

// aiFlagError names the flag behind a client configuration error (base_url, model,
// api_key_env).
func aiFlagError(err error) error {
	var pe *paceline.Error
	if !errors.As(err, &pe) {
		return err
	}
	flag := map[string]string{"base_url": "ai-base-url", "model": "ai-model", "api_key_env": "ai-key-env"}[pe.Field]
	if flag == "" {
		return err
	}
	return paceline.FieldErrorf(flag, "%s", pe.Message)
}
