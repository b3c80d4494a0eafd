package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/score"
	"github.com/paceline/paceline/shellword"
	"github.com/spf13/cobra"
)

func (a *app) leadsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "leads",
		Short: "Import, list, score, export, unlist, opt out and erase leads",
		Long: `Leads are the people paceline may contact. Import them from CSV files (LinkedIn's
Connections.csv, Sales Navigator scraper exports, Apollo, HubSpot, paceline's own
export, any spreadsheet); the same person arriving twice is merged, opted-out and erased people are never
imported again, and every lead gets a 0-100 score against your ideal customer profile.

A lead is named on the command line by its id, a LinkedIn profile or Sales Navigator
URL, an email address, or a canonical key such as in:john-doe or email:jo@acme.com.`,
	}
	cmd.AddCommand(a.leadsImportCmd(), a.leadsListCmd(), a.leadsShowCmd(), a.leadsExportCmd(),
		a.leadsUnlistCmd(), a.leadsOptOutCmd(), a.leadsEraseCmd(), a.leadsScoreCmd())
	cmd.AddCommand(a.leadsEnrichCmds()...)
	return cmd
}

// leadRef is what the user typed to name a lead: an id, or a canonical key.
type leadRef struct {
	id  int64
	key lead.Key
}

// parseLeadRef reads an id ("12" or "#12"), a canonical key ("in:john-doe",
// "sales:ACwAAA...", "email:jo@acme.com"), a LinkedIn URL or an email address.
func parseLeadRef(s string) (leadRef, error) {
	s = strings.TrimSpace(s)
	if id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64); err == nil && id > 0 {
		return leadRef{id: id}, nil
	}
	kind, value, hasKind := strings.Cut(s, ":")
	var k lead.Key
	var err error
	switch {
	case hasKind && kind == "in":
		k, err = lead.CanonicalProfileKey("https://www.linkedin.com/in/" + value)
	case hasKind && kind == "sales":
		k, err = lead.CanonicalProfileKey("https://www.linkedin.com/sales/lead/" + value)
	case hasKind && kind == "email":
		k, err = emailKey(value)
	case strings.Contains(s, "@") && !strings.Contains(s, "/"):
		k, err = emailKey(s)
	default:
		k, err = lead.CanonicalProfileKey(s)
	}
	if err != nil {
		return leadRef{}, paceline.Errorf(paceline.EINVALID,
			"%s; name a lead by its id, a LinkedIn URL, an email address or a key such as in:john-doe", paceline.ErrorMessage(err))
	}
	return leadRef{key: k}, nil
}

func emailKey(s string) (lead.Key, error) {
	e, err := lead.CanonicalEmail(s)
	if err != nil {
		return lead.Key{}, err
	}
	return lead.Key{Type: lead.KeyEmail, Value: e}, nil
}

func (r leadRef) String() string {
	if r.id != 0 {
		return "#" + strconv.FormatInt(r.id, 10)
	}
	return r.key.String()
}

// named says which lead a command acted on: "#12", followed by the key the user named
// it by when that was not its id ("#12 (in:john-doe)"), instead of "#12 (#12)".
func (r leadRef) named(id int64) string {
	s := "#" + strconv.FormatInt(id, 10)
	if r.id == 0 {
		s += " (" + r.key.String() + ")"
	}
	return s
}

// find returns the id of the lead the reference names. Errors: ENOTFOUND.
func (r leadRef) find(ctx context.Context, st leadStore) (int64, error) {
	if r.id != 0 {
		if _, err := st.LeadOptedOut(ctx, r.id); err != nil {
			return 0, err
		}
		return r.id, nil
	}
	return st.FindLeadID(ctx, r.key)
}

// withLeadStore runs fn on the existing database at --db. A SQLite file that does not
// exist yet is refused with the step that makes one for leads (an import): the
// general "add an account first" sent a user who had imported nothing yet the wrong way.
func (a *app) withLeadStore(ctx context.Context, fn func(st appStore) error) error {
	if !isPostgres(a.dbPath) {
		if err := checkSQLitePath(a.dbPath); err != nil {
			return err // an empty --db, a directory, another database's URL
		}
		if _, err := os.Stat(a.dbPath); errors.Is(err, fs.ErrNotExist) {
			return a.noDatabase(fmt.Sprintf("import leads first (paceline leads import FILE --db %s)", shellword.Quote(a.dbPath)))
		}
	}
	return a.withAppStore(ctx, true, fn)
}

// withLead runs fn on the lead ref names, read from the existing database at --db with
// its id, and closes the database when fn returns. Errors: ENOTFOUND.
func (a *app) withLead(ctx context.Context, ref leadRef, fn func(st appStore, id int64, l *paceline.Lead) error) error {
	return a.withLeadStore(ctx, func(st appStore) error {
		id, err := ref.find(ctx, st)
		if err != nil {
			return err
		}
		l, err := st.Lead(ctx, id)
		if err != nil {
			return err
		}
		return fn(st, id, l)
	})
}

// leadView is a lead as the CLI prints it in JSON.
type leadView struct {
	ID                int64                        `json:"id"`
	Name              string                       `json:"name"`
	FirstName         string                       `json:"first_name,omitempty"`
	LastName          string                       `json:"last_name,omitempty"`
	ProfileURL        string                       `json:"profile_url,omitempty"`
	ProfileKey        string                       `json:"profile_key,omitempty"`
	SalesKey          string                       `json:"sales_key,omitempty"`
	Email             string                       `json:"email,omitempty"`
	Company           string                       `json:"company,omitempty"`
	CompanyKey        string                       `json:"company_key,omitempty"`
	Title             string                       `json:"title,omitempty"`
	Seniority         string                       `json:"seniority,omitempty"`
	Department        string                       `json:"department,omitempty"`
	Location          string                       `json:"location,omitempty"`
	TimeZone          string                       `json:"time_zone,omitempty"`
	Industry          string                       `json:"industry,omitempty"`
	EmployeesMin      int                          `json:"employees_min,omitempty"`
	EmployeesMax      int                          `json:"employees_max,omitempty"`
	OpenProfile       bool                         `json:"open_profile"`
	Premium           bool                         `json:"premium"`
	MutualConnections int                          `json:"mutual_connections"`
	Score             int                          `json:"score"`
	Explanation       []paceline.ScoreContribution `json:"explanation,omitempty"`
	Custom            map[string]string            `json:"custom,omitempty"`
	Lists             []string                     `json:"lists"`
	OptedOutAt        *time.Time                   `json:"opted_out_at,omitempty"`
	CreatedAt         time.Time                    `json:"created_at"`
	UpdatedAt         time.Time                    `json:"updated_at"`
}

// viewLead builds the JSON view of a lead. rules, when set, says again the sentences
// of the score explanation, which the store keeps as rule names and points only.
func viewLead(l *paceline.Lead, optedOut time.Time, rules *score.Rules) leadView {
	if rules != nil {
		rules.Explain(l, l.Explanation)
	}
	v := leadView{
		ID: l.ID, Name: l.Name(), FirstName: l.FirstName, LastName: l.LastName,
		ProfileURL: l.ProfileURL(), ProfileKey: l.ProfileKey, SalesKey: l.SalesKey, Email: l.Email,
		Company: l.Company, CompanyKey: l.CompanyKey, Title: l.Title, Seniority: string(l.Seniority),
		Department: l.Department, Location: l.Location, TimeZone: l.TimeZone, Industry: l.Industry,
		EmployeesMin: l.EmployeesMin, EmployeesMax: l.EmployeesMax, OpenProfile: l.OpenProfile,
		Premium: l.Premium, MutualConnections: l.MutualConnections, Score: l.Score,
		Explanation: l.Explanation, Custom: l.Custom, Lists: jsonArray(l.Lists),
		CreatedAt: l.CreatedAt.UTC(), UpdatedAt: l.UpdatedAt.UTC(),
	}
	if !optedOut.IsZero() {
		t := optedOut.UTC()
		v.OptedOutAt = &t
	}
	return v
}
