package paceline

import (
	"maps"
	"slices"
	"time"
)

// Seniority is how senior a lead's job title is, on LinkedIn Sales Navigator's scale.
// The empty value means the title said nothing we could read.
type Seniority string

// The seniority levels, from the top down. A plain job title with no level word
// ("Software Engineer", "Account Executive") reads as SeniorityEntry.
const (
	SeniorityOwner    Seniority = "owner"    // founder, co-founder, owner, partner
	SeniorityCLevel   Seniority = "c-level"  // CEO, CTO, chief ..., president
	SeniorityVP       Seniority = "vp"       // vice president, SVP, EVP
	SeniorityHead     Seniority = "head"     // head of ...
	SeniorityDirector Seniority = "director" // director, directeur, Leiter
	SeniorityManager  Seniority = "manager"  // manager, team lead, supervisor
	SenioritySenior   Seniority = "senior"   // senior, staff, principal
	SeniorityEntry    Seniority = "entry"    // junior, associate, or no level word
	SeniorityIntern   Seniority = "intern"   // intern, trainee, working student
)

// Seniorities lists the levels from the top down, for help texts and validation.
var Seniorities = []Seniority{
	SeniorityOwner, SeniorityCLevel, SeniorityVP, SeniorityHead, SeniorityDirector,
	SeniorityManager, SenioritySenior, SeniorityEntry, SeniorityIntern,
}

// Departments lists the department names a job title maps to. A title that names no
// department leaves Lead.Department empty.
var Departments = []string{
	"executive", "engineering", "sales", "marketing", "hr", "finance", "operations",
	"product", "design", "legal", "it", "data", "customer-success", "education",
	"healthcare", "consulting",
}

// ScoreContribution is one line of a lead's score explanation: which rule fired, how
// many points it gave (negative points take away) and why, in words.
type ScoreContribution struct {
	Rule   string  `json:"rule"`
	Points float64 `json:"points"`
	Why    string  `json:"why"`
}

// Lead is one person paceline may contact. A lead is known by its canonical keys: the
// LinkedIn profile key (the /in/ slug), the Sales Navigator key and the email address;
// any one of them identifies it and two rows sharing one are the same person.
type Lead struct {
	ID int64

	FirstName   string
	LastName    string
	DisplayName string // the name to show, "First Last" when both are known

	ProfileKey string // canonical /in/ slug, lower-cased and NFC ("" when unknown)
	SalesKey   string // Sales Navigator member id, case kept ("" when unknown)
	Email      string // lower-cased and syntax-checked ("" when unknown)

	Company    string // as the source wrote it, for display and templates
	CompanyKey string // lower-cased, legal suffix removed, for matching
	Title      string
	Seniority  Seniority
	Department string
	Location   string
	TimeZone   string // IANA name told from Location, "" when it cannot be told
	Industry   string

	// EmployeesMin and EmployeesMax bound the company's head count as the source gave
	// it ("51-200" or "120"); zero means unknown, EmployeesMax zero means no upper bound.
	EmployeesMin int
	EmployeesMax int

	OpenProfile       bool // the member accepts free messages from anyone (Open Profile)
	Premium           bool // the member has a Premium subscription
	MutualConnections int

	// Custom holds the source's columns that map to no field, keyed in snake_case, so
	// templates can insert them by that name alone ({{favourite_tool}}).
	Custom map[string]string

	Score       int // 0-100 fit with the ideal customer profile
	Explanation []ScoreContribution
	Lists       []string // the lists (import batches, segments) the lead belongs to

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Clone returns a copy of the lead that shares no map or slice with it.
func (l *Lead) Clone() *Lead {
	c := *l
	c.Custom = maps.Clone(l.Custom)
	c.Explanation = slices.Clone(l.Explanation)
	c.Lists = slices.Clone(l.Lists)
	return &c
}

// Name returns the best name to show for the lead.
func (l *Lead) Name() string {
	switch {
	case l.DisplayName != "":
		return l.DisplayName
	case l.FirstName != "" && l.LastName != "":
		return l.FirstName + " " + l.LastName
	case l.FirstName != "":
		return l.FirstName
	default:
		return l.LastName
	}
}

// RuntimeRef returns the reference the runtime knows the lead by, in enrollments, the
// action ledger and events: the canonical profile key, else "sales:" and the Sales
// Navigator key, else "email:" and the address; "" when the lead has none of them. Two
// leads with one reference are one person, whatever campaign enrolls them.
func (l *Lead) RuntimeRef() string {
	switch {
	case l.ProfileKey != "":
		return l.ProfileKey
	case l.SalesKey != "":
		return "sales:" + l.SalesKey
	case l.Email != "":
		return "email:" + l.Email
	}
	return ""
}

// ProfileURL returns the canonical LinkedIn profile URL built from the profile key, or
// the Sales Navigator URL when only that is known, or "".
func (l *Lead) ProfileURL() string {
	switch {
	case l.ProfileKey != "":
		return "https://www.linkedin.com/in/" + l.ProfileKey + "/"
	case l.SalesKey != "":
		return "https://www.linkedin.com/sales/lead/" + l.SalesKey
	default:
		return ""
	}
}

// Fill copies into l every field that src knows and l does not: a second source fills
// gaps but never blanks what is known. Where both know a field, src wins for the fields
// that change over time (title, company, location, counts) and l keeps its identity
// (keys and names). Flags only ever turn on: a source without the column says nothing.
// Lists are united; custom fields are filled key by key. ID, score and timestamps are
// the store's business and are left alone.
func (l *Lead) Fill(src *Lead) {
	keep := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	update := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	keep(&l.FirstName, src.FirstName)
	keep(&l.LastName, src.LastName)
	keep(&l.DisplayName, src.DisplayName)
	keep(&l.ProfileKey, src.ProfileKey)
	keep(&l.SalesKey, src.SalesKey)
	keep(&l.Email, src.Email)
	if src.Company != "" {
		l.Company, l.CompanyKey = src.Company, src.CompanyKey
	}
	update(&l.Title, src.Title)
	if src.Title != "" {
		l.Seniority, l.Department = src.Seniority, src.Department
	}
	if src.Location != "" {
		l.Location, l.TimeZone = src.Location, src.TimeZone
	}
	update(&l.Industry, src.Industry)
	if src.EmployeesMin != 0 || src.EmployeesMax != 0 {
		l.EmployeesMin, l.EmployeesMax = src.EmployeesMin, src.EmployeesMax
	}
	l.OpenProfile = l.OpenProfile || src.OpenProfile
	l.Premium = l.Premium || src.Premium
	if src.MutualConnections != 0 {
		l.MutualConnections = src.MutualConnections
	}
	for k, v := range src.Custom {
		if v == "" {
			continue
		}
		if l.Custom == nil {
			l.Custom = make(map[string]string, len(src.Custom))
		}
		l.Custom[k] = v
	}
	for _, name := range src.Lists {
		if !slices.Contains(l.Lists, name) {
			l.Lists = append(l.Lists, name)
		}
	}
}
