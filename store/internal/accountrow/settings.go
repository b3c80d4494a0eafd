package accountrow

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/paceline/paceline"
)

// settingsJSON is the settings column of account_settings_history (migration 0020 of
// each store): one JSON object, so that a setting added later needs no migration and
// the two stores write the same text.
type settingsJSON struct {
	Assumed     bool           `json:"assumed,omitempty"`
	Type        string         `json:"type"`
	TimeZone    string         `json:"time_zone"`
	HoursStart  int            `json:"hours_start"`
	HoursEnd    int            `json:"hours_end"`
	WorkingDays int            `json:"working_days"`
	MinGapNS    int64          `json:"min_gap_ns"`
	Safety      float64        `json:"safety"`
	Opened      *time.Time     `json:"opened,omitempty"`
	Overrides   map[string]int `json:"overrides,omitempty"` // as account_caps holds them
}

// EncodeSettings is the settings column's text for s (its Since is a column of its own).
func EncodeSettings(s *paceline.AccountSettings) (string, error) {
	j := settingsJSON{Assumed: s.Assumed, Type: string(s.Type), TimeZone: s.TimeZone, HoursStart: s.Hours.Start,
		HoursEnd: s.Hours.End, WorkingDays: int(s.Days), MinGapNS: int64(s.MinGap), Safety: s.Safety}
	if !s.Opened.IsZero() {
		o := s.Opened.UTC()
		j.Opened = &o
	}
	for _, o := range paceline.AccountOverrides(&paceline.Account{Caps: s.Caps, Limits: s.Limits}) {
		if j.Overrides == nil {
			j.Overrides = map[string]int{}
		}
		j.Overrides[o.Name] = o.Value
	}
	b, err := json.Marshal(j)
	if err != nil {
		return "", fmt.Errorf("encode account settings: %w", err)
	}
	return string(b), nil
}

// DecodeSettings reads a settings column written by EncodeSettings, in force from since.
func DecodeSettings(since time.Time, text string) (paceline.AccountSettings, error) {
	var j settingsJSON
	if err := json.Unmarshal([]byte(text), &j); err != nil {
		return paceline.AccountSettings{}, fmt.Errorf("decode account settings since %s: %w", since.UTC().Format(time.RFC3339), err)
	}
	a := paceline.Account{Caps: map[paceline.ActionKind]int{}}
	for name, n := range j.Overrides {
		paceline.SetOverride(&a, name, n)
	}
	s := paceline.AccountSettings{Since: since.UTC(), Assumed: j.Assumed, Type: paceline.AccountType(j.Type), TimeZone: j.TimeZone,
		Hours: paceline.WorkingHours{Start: j.HoursStart, End: j.HoursEnd}, Days: paceline.WorkingDays(j.WorkingDays),
		MinGap: time.Duration(j.MinGapNS), Safety: j.Safety, Caps: a.Caps, Limits: a.Limits}
	if j.Opened != nil {
		s.Opened = j.Opened.UTC()
	}
	return s, nil
}

// SettingsChange is what an update of an account writes to its settings history, in
// order: nothing when its pacing settings stay as the latest entry has them; the new
// settings, in force from now, when they change. For an account with no entry yet
// (created before the history was kept), before (the stored account, read in the
// update's transaction) gives the settings it had until now: they go first, assumed
// from its creation, so that its earlier actions are not judged by the new ones. at
// is the store's precision.
func SettingsChange(latest *paceline.AccountSettings, before func() (*paceline.Account, error), after *paceline.Account,
	now time.Time, at func(time.Time) time.Time) ([]paceline.AccountSettings, error) {
	next := paceline.SettingsOf(after, at(now))
	next.Opened = atOrZero(next.Opened, at)
	if latest != nil {
		if latest.SamePacing(&next) {
			return nil, nil
		}
		return []paceline.AccountSettings{next}, nil
	}
	b, err := before()
	if err != nil {
		return nil, err
	}
	old := paceline.SettingsOf(b, at(b.CreatedAt))
	old.Opened = atOrZero(old.Opened, at)
	if old.SamePacing(&next) {
		return nil, nil
	}
	old.Assumed = true
	return []paceline.AccountSettings{old, next}, nil
}

// CreatedSettings is the first entry of a new account's settings history: its settings
// from its creation.
func CreatedSettings(a *paceline.Account, at func(time.Time) time.Time) paceline.AccountSettings {
	s := paceline.SettingsOf(a, at(a.CreatedAt))
	s.Opened = atOrZero(s.Opened, at)
	return s
}

func atOrZero(t time.Time, at func(time.Time) time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return at(t)
}
