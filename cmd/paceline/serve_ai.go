package main

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/paceline/paceline/runtime"
)

// aiText wraps the accounts' executors with AI writing: the ai: steps of the
// sequences get their texts from the configured provider (or their templates when
// none is configured), kept in the database per lead, campaign and step.
func (a *app) aiText(db *runtimeDB, f *aiFlags, next runtime.Executor, now func() time.Time, logger *slog.Logger) (*runtime.AIText, error) {
	store := db.store.AIWriting()
	w, err := f.writer(store, store, now)
	if err != nil {
		return nil, err
	}
	x := &runtime.AIText{Next: next, Writer: w, Store: store, Campaigns: db.store, Accounts: db.store,
		Rules: f.guard(store), NowFunc: now, Logger: logger}
	x.LeadFunc = leadByEngineKey(db.store)
	if w != nil {
		key := "no key"
		if f.keyEnv != "" {
			key = "key from $" + f.keyEnv
		}
		fmt.Fprintf(a.stdout, "AI writing on: model %s at %s (%s)\n", f.model, f.baseURL, key)
	}
	return x, nil
}
