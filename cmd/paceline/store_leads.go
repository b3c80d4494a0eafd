package main

import (
	"context"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// leadStore is what the leads commands, campaigns start and AI writing need of the
// database that holds the leads, whichever it is: a SQLite file or PostgreSQL.
type leadStore interface {
	paceline.LeadStore
	CountLeads(ctx context.Context) (int, error)
	EachLead(ctx context.Context, f paceline.LeadFilter, fn func(l *paceline.Lead, optedOutAt time.Time) error) error
	ExportLeads(ctx context.Context, list string, fn func(l *paceline.Lead, optedOutAt time.Time) error) error
	ImportLeads(ctx context.Context, fn func(sink lead.Sink) error) error
	RescoreLeads(ctx context.Context, scoreFunc func(*paceline.Lead)) (seen, changed int, err error)
	SuppressKeys(ctx context.Context, keys []lead.Key, reason string) error
	EraseLead(ctx context.Context, id int64) ([]lead.Key, error)
	FindLeadID(ctx context.Context, k lead.Key) (int64, error)
	UpdateLeadFields(ctx context.Context, leads []*paceline.Lead, rescore func(*paceline.Lead)) (int, error)
	LedgerOutcomes(ctx context.Context) ([]paceline.LeadOutcome, int, error)
	Close() error
}

// leadDB is a database with the runtime's tables and the leads: both stores are.
type leadDB interface {
	runtimeStore
	leadStore
}

var (
	_ leadDB = (*sqlite.Store)(nil)
	_ leadDB = (*postgres.Store)(nil)
)

// leadByEngineKey returns a lead of the store by its engine key (slug, sales:ID,
// email:ADDRESS).
func leadByEngineKey(st paceline.LeadStore) func(ctx context.Context, key string) (*paceline.Lead, error) {
	return func(ctx context.Context, key string) (*paceline.Lead, error) {
		k := leadKeyOf(key)
		return st.LeadByKey(ctx, k.Type.String(), k.Value)
	}
}

// engineLeadKey returns the key the engine knows the lead arg names by, for the flags
// that take "the lead's key, as tasks held shows it" (john-doe). Any name the lead
// commands take is accepted too and looked up: an id, a URL, an email address or
// in:john-doe as leads list shows it, which used to be answered with "no running
// enrollment". An arg that names no stored lead is returned as it is, for the caller's
// own not-found message.
func engineLeadKey(ctx context.Context, st leadStore, arg string) string {
	ref, err := parseLeadRef(arg)
	if err != nil {
		return arg
	}
	id, err := ref.find(ctx, st)
	if err != nil {
		return arg
	}
	l, err := st.Lead(ctx, id)
	if err != nil {
		return arg
	}
	if k := engine.LeadKey(l); k != "" {
		return k
	}
	return arg
}
