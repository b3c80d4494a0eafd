package enrich

import (
	"slices"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// Lead field names as the enricher and provider configs write them. They match the
// names lead imports and templates use; a name "custom.KEY" is the custom field KEY.
const (
	FieldFirstName     = "first_name"
	FieldLastName      = "last_name"
	FieldEmail         = "email"
	FieldCompany       = "company"
	FieldCompanyKey    = "company_key"
	FieldCompanyDomain = "company_domain"
	FieldWebsite       = "website"
	FieldTitle         = "title"
	FieldSeniority     = "seniority"
	FieldDepartment    = "department"
	FieldLocation      = "location"
	FieldTimeZone      = "time_zone"
	FieldIndustry      = "industry"
	FieldCompanySize   = "company_size"
	FieldProfileURL    = "profile_url"
)

// customPrefix marks a custom field in a field name ("custom.favourite_tool").
const customPrefix = "custom."

// Fields lists the lead field names a provider may read in its URL and write through
// its mapping, besides "custom.KEY".
var Fields = []string{
	FieldFirstName, FieldLastName, FieldEmail, FieldCompany, FieldCompanyDomain,
	FieldWebsite, FieldTitle, FieldSeniority, FieldDepartment, FieldLocation, FieldTimeZone,
	FieldIndustry, FieldCompanySize, FieldProfileURL,
}

// The paceline.Lead type has no website or company-domain field, so both live in the
// lead's custom fields; websiteKeys are the custom keys lead imports give a website or
// domain column (Apollo "Website", HubSpot "Company Domain Name" ...), best first.
var websiteKeys = []string{
	"website", "company_website", "website_url", "company_url", "company_domain_name", "domain",
}

// knownField reports whether name is a field name Get and Set understand.
func knownField(name string) bool {
	if key, ok := strings.CutPrefix(name, customPrefix); ok {
		return key != ""
	}
	return slices.Contains(Fields, name)
}

// Get returns the lead's value for a field name, "" when unknown or unset.
func Get(l *paceline.Lead, name string) string {
	switch name {
	case FieldFirstName:
		return l.FirstName
	case FieldLastName:
		return l.LastName
	case FieldEmail:
		return l.Email
	case FieldCompany:
		return l.Company
	case FieldCompanyKey:
		return l.CompanyKey
	case FieldCompanyDomain:
		return l.Custom[FieldCompanyDomain]
	case FieldWebsite:
		for _, k := range websiteKeys {
			if v := l.Custom[k]; v != "" {
				return v
			}
		}
		return ""
	case FieldTitle:
		return l.Title
	case FieldSeniority:
		return string(l.Seniority)
	case FieldDepartment:
		return l.Department
	case FieldLocation:
		return l.Location
	case FieldTimeZone:
		return l.TimeZone
	case FieldIndustry:
		return l.Industry
	case FieldCompanySize:
		if l.EmployeesMin == 0 && l.EmployeesMax == 0 {
			return ""
		}
		return employeesText(l.EmployeesMin, l.EmployeesMax)
	case FieldProfileURL:
		return l.ProfileURL()
	}
	if key, ok := strings.CutPrefix(name, customPrefix); ok {
		return l.Custom[key]
	}
	return ""
}

// set stores a value found for a field when the lead does not know it yet, normalising
// it the way an import would. It reports whether it changed the lead and the value as
// stored; a value that does not normalise (a malformed email, a size that is no size)
// is refused.
func set(l *paceline.Lead, name, v string) (string, bool) {
	v = strings.TrimSpace(v)
	if v == "" || Get(l, name) != "" {
		return "", false
	}
	switch name {
	case FieldFirstName:
		l.FirstName = lead.CleanName(v)
		return l.FirstName, l.FirstName != ""
	case FieldLastName:
		l.LastName = lead.CleanName(v)
		return l.LastName, l.LastName != ""
	case FieldEmail:
		addr, err := lead.CanonicalEmail(v)
		if err != nil {
			return "", false
		}
		l.Email = addr
		return addr, true
	case FieldCompany:
		l.Company = v
		return v, true
	case FieldCompanyKey:
		l.CompanyKey = v
		return v, true
	case FieldCompanyDomain, FieldWebsite:
		d, ok := DomainFromWebsite(v)
		if !ok || IsFreeMail(d) {
			return "", false
		}
		if name == FieldWebsite {
			setCustom(l, websiteKeys[0], v)
			return v, true
		}
		setCustom(l, FieldCompanyDomain, d)
		return d, true
	case FieldTitle:
		l.Title = v
		return v, true
	case FieldSeniority:
		s := paceline.Seniority(strings.ToLower(v))
		if !slices.Contains(paceline.Seniorities, s) {
			return "", false
		}
		l.Seniority = s
		return string(s), true
	case FieldDepartment:
		d := strings.ToLower(v)
		if !slices.Contains(paceline.Departments, d) {
			return "", false
		}
		l.Department = d
		return d, true
	case FieldLocation:
		l.Location = v
		return v, true
	case FieldTimeZone:
		if _, err := paceline.LoadTimeZone(v); err != nil {
			return "", false
		}
		l.TimeZone = v
		return v, true
	case FieldIndustry:
		l.Industry = v
		return v, true
	case FieldCompanySize:
		lo, hi, ok := lead.ParseEmployees(v)
		if !ok {
			return "", false
		}
		l.EmployeesMin, l.EmployeesMax = lo, hi
		return employeesText(lo, hi), true
	case FieldProfileURL:
		k, err := lead.CanonicalProfileKey(v)
		if err != nil {
			return "", false
		}
		switch k.Type {
		case lead.KeyProfile:
			l.ProfileKey = k.Value
		case lead.KeySales:
			l.SalesKey = k.Value
		default:
			return "", false
		}
		return l.ProfileURL(), true
	}
	if key, ok := strings.CutPrefix(name, customPrefix); ok && key != "" {
		setCustom(l, key, v)
		return v, true
	}
	return "", false
}

func setCustom(l *paceline.Lead, key, v string) {
	if l.Custom == nil {
		l.Custom = make(map[string]string)
	}
	l.Custom[key] = v
}
