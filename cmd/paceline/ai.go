package main

import (
	"errors"
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
// PACELINE_AI_BAN and PACELINE_AI_ALLOW hold lists, comma- or newline-separated.
type aiFlags struct {
	baseURL, model, keyEnv       string
	dailyTokens                  int
	dailyCost                    float64
	promptPrice, completionPrice float64
	timeout                      time.Duration
	banned, allowed              []string
	review                       bool
	// env reads the environment (the app's env hook), set by addAIFlags.
	env func(string) string
}

// aiEnv is the environment variable that gives a flag its default.
func aiEnv(flag string) string {
	return "PACELINE_AI_" + strings.ToUpper(strings.ReplaceAll(strings.TrimPrefix(flag, "ai-"), "-", "_"))
}

// addAIFlags adds the --ai-* flags to cmd, their defaults read from the environment.
// A malformed number in the environment is reported when the command runs (check).
func (a *app) addAIFlags(cmd *cobra.Command, f *aiFlags) {
	fs := cmd.Flags()
	f.env = a.env
	env := func(name, def string) string {
		if v := a.env(aiEnv(name)); v != "" {
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
	a.addAIGuardFlags(cmd, f)
	fs.BoolVar(&f.review, "ai-review", env("ai-review", "") == "true", "AI writing: hold every AI text for review, whatever the sequence says [$PACELINE_AI_REVIEW]")
}

// addAIGuardFlags adds --ai-ban and --ai-allow, the lists every AI text and every
// reviewed edit is judged by, their defaults read from PACELINE_AI_BAN and
// PACELINE_AI_ALLOW.
func (a *app) addAIGuardFlags(cmd *cobra.Command, f *aiFlags) {
	fs := cmd.Flags()
	f.env = a.env
	fs.StringSliceVar(&f.banned, "ai-ban", envList(a.env(aiEnv("ai-ban"))), "AI writing: a phrase the model's texts may not use, besides the built-in list (repeatable) [$PACELINE_AI_BAN, comma- or newline-separated]")
	fs.StringSliceVar(&f.allowed, "ai-allow", envList(a.env(aiEnv("ai-allow"))), "AI writing: a capitalised word never taken for an invented fact, such as your product's name (repeatable) [$PACELINE_AI_ALLOW, comma- or newline-separated]")
}

// envList splits an environment variable's list at commas and newlines, dropping
// blank items; nil for an empty variable.
func envList(v string) []string {
	var list []string
	for _, item := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '\n' }) {
		if item = strings.TrimSpace(item); item != "" {
			list = append(list, item)
		}
	}
	return list
}

// guard is the Writer configuration that judges texts: the built-in and --ai-ban
// phrases, the --ai-allow words.
func (f *aiFlags) guard(cache aiwrite.Store) aiwrite.Config {
	return aiwrite.Config{Banned: append(aiwrite.DefaultBanned(), f.banned...), Allowed: f.allowed, Cache: cache}
}

// getenv reads the environment through the app's hook that addAIFlags gave; flags
// never added to a command (a zero aiFlags) read none.
func (f *aiFlags) getenv(name string) string {
	if f.env == nil {
		return ""
	}
	return f.env(name)
}

// on reports whether the user configured a provider.
func (f *aiFlags) on() bool { return strings.TrimSpace(f.baseURL) != "" }

// check refuses settings that cannot work, naming the flag.
func (f *aiFlags) check() error {
	for _, name := range []string{"ai-daily-tokens", "ai-daily-cost", "ai-prompt-price", "ai-completion-price"} {
		if v := f.getenv(aiEnv(name)); v != "" {
			if _, err := strconv.ParseFloat(v, 64); err != nil {
				return paceline.FieldErrorf(name, "%s=%q is not a number; fix or unset the variable", aiEnv(name), v)
			}
		}
	}
	if v := f.getenv(aiEnv("ai-timeout")); v != "" {
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
	lookup := func(name string) (string, bool) { v := f.getenv(name); return v, v != "" }
	client, err := aiwrite.NewClient(aiwrite.ClientConfig{BaseURL: f.baseURL, Model: f.model, APIKeyEnv: f.keyEnv}, lookup)
	if err != nil {
		return nil, aiFlagError(err)
	}
	cfg := f.guard(store)
	cfg.Timeout, cfg.Review = f.timeout, f.review
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
