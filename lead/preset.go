package lead

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paceline/paceline"
)

// Field is a lead attribute a CSV column can feed.
type Field uint8

// The fields. FieldCustom keeps the column as a custom field; FieldIgnore drops it.
const (
	FieldCustom Field = iota
	FieldIgnore
	FieldFirstName
	FieldLastName
	FieldFullName
	FieldProfileURL // any LinkedIn URL: /in/, /pub/ or Sales Navigator, told apart by the URL
	FieldEmail
	FieldCompany
	FieldTitle
	FieldLocation
	FieldCity
	FieldState
	FieldCountry
	FieldIndustry
	FieldCompanySize
	FieldPremium
	FieldOpenProfile
	FieldMutualConnections
	FieldSalesKey     // a bare Sales Navigator member id, as paceline's export writes it
	FieldEmployeesMin // the low end of a head count, as a number
	FieldEmployeesMax // the high end of a head count, as a number (0: no upper bound)
	FieldOptedOutAt   // when the person opted out: the row is not imported, its keys are suppressed
	FieldLists        // the lists the lead belongs to, as paceline's export writes them ("A; B")
	numFields
)

var fieldNames = [numFields]string{
	FieldCustom:            "custom",
	FieldIgnore:            "ignore",
	FieldFirstName:         "first_name",
	FieldLastName:          "last_name",
	FieldFullName:          "full_name",
	FieldProfileURL:        "profile_url",
	FieldEmail:             "email",
	FieldCompany:           "company",
	FieldTitle:             "title",
	FieldLocation:          "location",
	FieldCity:              "city",
	FieldState:             "state",
	FieldCountry:           "country",
	FieldIndustry:          "industry",
	FieldCompanySize:       "company_size",
	FieldPremium:           "premium",
	FieldOpenProfile:       "open_profile",
	FieldMutualConnections: "mutual_connections",
	FieldSalesKey:          "sales_key",
	FieldEmployeesMin:      "employees_min",
	FieldEmployeesMax:      "employees_max",
	FieldOptedOutAt:        "opted_out_at",
	FieldLists:             "lists",
}

// String returns the field's name as --map takes it.
func (f Field) String() string {
	if f < numFields {
		return fieldNames[f]
	}
	return "unknown"
}

// ParseField reads a field name as --map takes it ("profile_url", "sales_url" and
// "linkedin_url" are one field: the URL itself says which key it gives).
func ParseField(s string) (Field, error) {
	n := strings.ToLower(strings.TrimSpace(s))
	switch n {
	case "sales_url", "linkedin_url", "url":
		return FieldProfileURL, nil
	case "-", "skip":
		return FieldIgnore, nil
	}
	for f, name := range fieldNames {
		if name == n {
			return Field(f), nil
		}
	}
	names := make([]string, 0, numFields)
	for _, name := range fieldNames {
		names = append(names, name)
	}
	return 0, paceline.FieldErrorf("map", "%q is not a lead field (use one of %s)", s, strings.Join(names, ", "))
}

// ParseColumnMap reads --map flags written COLUMN=FIELD ("Profile=profile_url") into
// the map Options.Map takes; the field names are checked when the header is mapped.
func ParseColumnMap(pairs []string) (map[string]string, error) {
	m := make(map[string]string, len(pairs))
	for _, p := range pairs {
		col, field, ok := strings.Cut(p, "=")
		col, field = strings.TrimSpace(col), strings.TrimSpace(field)
		if !ok || col == "" || field == "" {
			return nil, paceline.FieldErrorf("map", "%q is not COLUMN=FIELD (for example \"Profile=profile_url\")", p)
		}
		if _, err := ParseField(field); err != nil {
			return nil, err
		}
		if _, dup := m[col]; dup {
			return nil, paceline.FieldErrorf("map", "column %q is mapped twice", col)
		}
		m[col] = field
	}
	return m, nil
}

// The preset names.
const (
	PresetLinkedInConnections = "linkedin-connections"
	PresetSalesNavigator      = "sales-navigator"
	PresetApollo              = "apollo"
	PresetHubSpot             = "hubspot"
	PresetPaceline            = "paceline"
	PresetGeneric             = "generic"
)

// Presets lists the preset names in the order detection tries them, as --preset, the
// API and the upload form offer them.
var Presets = []string{PresetLinkedInConnections, PresetSalesNavigator, PresetApollo, PresetHubSpot, PresetPaceline, PresetGeneric}

// preset maps the folded header names of one export format to fields. A file is taken
// for a preset when it holds one of the preset's signature columns; among several, the
// preset matching most columns wins.
type preset struct {
	name      string
	columns   map[string]Field
	signature []string
}

var presets = []preset{
	{
		name: PresetLinkedInConnections,
		columns: map[string]Field{
			"firstname": FieldFirstName, "lastname": FieldLastName, "url": FieldProfileURL,
			"emailaddress": FieldEmail, "company": FieldCompany, "position": FieldTitle,
		},
		signature: []string{"connectedon"},
	},
	{
		name: PresetSalesNavigator,
		columns: map[string]Field{
			"profileurl": FieldProfileURL, "linkedinprofileurl": FieldProfileURL,
			"defaultprofileurl": FieldProfileURL, "salesnavigatorurl": FieldProfileURL,
			"fullname": FieldFullName, "firstname": FieldFirstName, "lastname": FieldLastName,
			"companyname": FieldCompany, "title": FieldTitle, "location": FieldLocation,
			"industry": FieldIndustry, "ispremium": FieldPremium, "isopenlink": FieldOpenProfile,
			"isopenprofile": FieldOpenProfile, "sharedconnectionscount": FieldMutualConnections,
			"mutualconnections": FieldMutualConnections, "email": FieldEmail,
			"companysize": FieldCompanySize, "employeecount": FieldCompanySize,
		},
		signature: []string{"isopenlink", "isopenprofile", "sharedconnectionscount", "defaultprofileurl", "linkedinprofileurl", "salesnavigatorurl", "profileurl"},
	},
	{
		name: PresetApollo,
		columns: map[string]Field{
			"firstname": FieldFirstName, "lastname": FieldLastName, "title": FieldTitle,
			"company": FieldCompany, "companynameforemails": FieldCustom, "email": FieldEmail,
			"personlinkedinurl": FieldProfileURL, "city": FieldCity, "state": FieldState,
			"country": FieldCountry, "#employees": FieldCompanySize, "industry": FieldIndustry,
		},
		signature: []string{"personlinkedinurl", "#employees", "companynameforemails"},
	},
	{
		name: PresetHubSpot,
		columns: map[string]Field{
			"firstname": FieldFirstName, "lastname": FieldLastName, "email": FieldEmail,
			"companyname": FieldCompany, "jobtitle": FieldTitle, "linkedinurl": FieldProfileURL,
			"linkedinprofile": FieldProfileURL, "linkedinbio": FieldProfileURL, "city": FieldCity,
			"stateregion": FieldState, "countryregion": FieldCountry, "industry": FieldIndustry,
			"numberofemployees": FieldCompanySize,
		},
		signature: []string{"countryregion", "stateregion", "numberofemployees", "jobtitle", "linkedinbio", "recordid", "contactowner"},
	},
	{
		// paceline leads export's own CSV, so that an export imports back as it was
		// (into another database, or after a move to PostgreSQL). Read as any other
		// file, it lost the Sales Navigator key and the head count to custom fields,
		// kept the derived columns (id, score, timestamps ...) as custom fields too,
		// and brought opted-out people back as leads to contact. What the import
		// derives again (keys, seniority, time zone, score) is dropped; the lists are
		// joined again.
		name: PresetPaceline,
		columns: map[string]Field{
			"firstname": FieldFirstName, "lastname": FieldLastName, "name": FieldFullName,
			"profileurl": FieldProfileURL, "saleskey": FieldSalesKey, "email": FieldEmail,
			"company": FieldCompany, "title": FieldTitle, "location": FieldLocation, "industry": FieldIndustry,
			"employeesmin": FieldEmployeesMin, "employeesmax": FieldEmployeesMax,
			"openprofile": FieldOpenProfile, "premium": FieldPremium, "mutualconnections": FieldMutualConnections,
			"optedoutat": FieldOptedOutAt,
			"id":         FieldIgnore, "profilekey": FieldIgnore, "companykey": FieldIgnore, "seniority": FieldIgnore,
			"department": FieldIgnore, "timezone": FieldIgnore, "score": FieldIgnore, "lists": FieldLists,
			"createdat": FieldIgnore, "updatedat": FieldIgnore,
		},
		signature: []string{"profilekey", "companykey", "optedoutat"},
	},
}

// genericColumns are the header names a hand-made spreadsheet commonly uses, in
// English, French, German and Spanish. Only names that mean one field: the German
// Titel (an academic title) and Spanish Estado (also "status") stay custom.
var genericColumns = map[string]Field{
	"firstname": FieldFirstName, "first": FieldFirstName, "givenname": FieldFirstName,
	"prenom": FieldFirstName, "prénom": FieldFirstName, "vorname": FieldFirstName, "nombre": FieldFirstName,
	"lastname": FieldLastName, "last": FieldLastName, "surname": FieldLastName, "familyname": FieldLastName,
	"nom": FieldLastName, "nachname": FieldLastName, "apellido": FieldLastName, "apellidos": FieldLastName,
	"name": FieldFullName, "fullname": FieldFullName, "contact": FieldFullName, "contactname": FieldFullName,
	"email": FieldEmail, "emailaddress": FieldEmail, "mail": FieldEmail, "courriel": FieldEmail,
	"workemail": FieldEmail, "businessemail": FieldEmail, "personalemail": FieldEmail,
	"privateemail": FieldEmail, "professionalemail": FieldEmail, "primaryemail": FieldEmail,
	"contactemail": FieldEmail, "emails": FieldEmail, "mailaddress": FieldEmail,
	"adresseemail": FieldEmail, "adressemail": FieldEmail, "adressecourriel": FieldEmail,
	"emailpro": FieldEmail, "emailprofessionnel": FieldEmail, "emailpersonnel": FieldEmail,
	"courrielprofessionnel": FieldEmail, "mailadresse": FieldEmail, "emailadresse": FieldEmail,
	"correo": FieldEmail, "correoelectronico": FieldEmail, "correoelectrónico": FieldEmail,
	"linkedin": FieldProfileURL, "linkedinurl": FieldProfileURL, "linkedinprofile": FieldProfileURL,
	"linkedinprofileurl": FieldProfileURL, "profileurl": FieldProfileURL, "profile": FieldProfileURL,
	"url": FieldProfileURL, "salesnavigatorurl": FieldProfileURL, "personlinkedinurl": FieldProfileURL,
	"profillinkedin": FieldProfileURL, "lienlinkedin": FieldProfileURL, "linkedinprofil": FieldProfileURL,
	"profil": FieldProfileURL, "profilurl": FieldProfileURL, "profilelink": FieldProfileURL,
	"linkedinlink": FieldProfileURL, "linkedinprofilelink": FieldProfileURL, "urllinkedin": FieldProfileURL,
	"linkedinprofilurl": FieldProfileURL, "linkedinpage": FieldProfileURL, "perfil": FieldProfileURL,
	"perfillinkedin": FieldProfileURL, "linkedinperfil": FieldProfileURL,
	"company": FieldCompany, "companyname": FieldCompany, "organization": FieldCompany,
	"organisation": FieldCompany, "account": FieldCompany, "accountname": FieldCompany,
	"entreprise": FieldCompany, "societe": FieldCompany, "société": FieldCompany, "firma": FieldCompany,
	"unternehmen": FieldCompany, "firmenname": FieldCompany, "empresa": FieldCompany, "employer": FieldCompany,
	"title": FieldTitle, "jobtitle": FieldTitle, "position": FieldTitle, "role": FieldTitle,
	"poste": FieldTitle, "fonction": FieldTitle, "titre": FieldTitle, "cargo": FieldTitle,
	"jobtitel": FieldTitle, "berufsbezeichnung": FieldTitle, "funktion": FieldTitle, "puesto": FieldTitle,
	"location": FieldLocation, "address": FieldLocation, "localisation": FieldLocation,
	"standort": FieldLocation, "ubicacion": FieldLocation, "ubicación": FieldLocation,
	"city": FieldCity, "ville": FieldCity, "stadt": FieldCity, "ciudad": FieldCity,
	"ort": FieldCity, "wohnort": FieldCity,
	"state": FieldState, "region": FieldState, "province": FieldState, "stateregion": FieldState,
	"bundesland": FieldState, "région": FieldState, "provincia": FieldState,
	"country": FieldCountry, "pays": FieldCountry, "land": FieldCountry, "pais": FieldCountry,
	"país": FieldCountry, "countryregion": FieldCountry,
	"industry": FieldIndustry, "secteur": FieldIndustry, "branche": FieldIndustry,
	"companysize": FieldCompanySize, "employees": FieldCompanySize, "#employees": FieldCompanySize,
	"headcount": FieldCompanySize, "numberofemployees": FieldCompanySize, "size": FieldCompanySize,
	"premium": FieldPremium, "ispremium": FieldPremium,
	"openprofile": FieldOpenProfile, "isopenprofile": FieldOpenProfile, "isopenlink": FieldOpenProfile,
	"mutualconnections": FieldMutualConnections, "sharedconnections": FieldMutualConnections,
	"sharedconnectionscount": FieldMutualConnections,
}

// foldHeader folds a header name for matching: lower case, letters, digits and '#'
// only, so "Person Linkedin Url", "person_linkedin_url" and "PersonLinkedInURL" meet.
func foldHeader(h string) string {
	var b strings.Builder
	b.Grow(len(h))
	for _, r := range h {
		switch {
		case r == '#':
			b.WriteRune(r)
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			b.WriteRune(r)
		case r < utf8.RuneSelf && r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case r >= utf8.RuneSelf && unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// snakeCase turns a header into a custom field key: "Favourite Tool" -> favourite_tool.
func snakeCase(h string) string {
	var b strings.Builder
	b.Grow(len(h))
	pending := false
	for _, r := range h {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if pending && b.Len() > 0 {
				b.WriteByte('_')
			}
			pending = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		pending = true
	}
	if b.Len() == 0 {
		return "column"
	}
	return b.String()
}

// CustomPrefix heads a column that feeds the custom field named by the rest of the
// header, as it is: "custom.seniority" feeds the custom field seniority, which a
// template inserts as {{seniority}}. paceline's CSV
// export heads its custom fields so, so that a custom field named like a lead field
// ("seniority", "city") or not in snake case comes back under its own name.
const CustomPrefix = "custom."

// customName returns the custom field a header names with CustomPrefix (any case).
func customName(h string) (string, bool) {
	h = strings.TrimSpace(h)
	if len(h) <= len(CustomPrefix) || !strings.EqualFold(h[:len(CustomPrefix)], CustomPrefix) {
		return "", false
	}
	key := strings.TrimSpace(h[len(CustomPrefix):])
	return key, key != ""
}

// Column is one header column and what it feeds.
type Column struct {
	Header string // as the file wrote it
	Field  Field
	Custom string // the custom field key when Field is FieldCustom
}

// detectPreset picks the preset whose signature columns the header holds, preferring
// the one that matches most columns; "generic" when none does.
func detectPreset(header []string) string {
	best, bestN := PresetGeneric, 0
	for _, p := range presets {
		signed, n := false, 0
		for _, h := range header {
			f := foldHeader(h)
			if _, ok := p.columns[f]; ok {
				n++
			}
			for _, s := range p.signature {
				if f == s {
					signed = true
				}
			}
		}
		if signed && n > bestN {
			best, bestN = p.name, n
		}
	}
	return best
}

// mapColumns decides what each header column feeds under a preset and a user column
// map (keys are header names, matched exactly or folded; values are field names).
func mapColumns(header []string, presetName string, userMap map[string]string) ([]Column, error) {
	var table map[string]Field
	switch presetName {
	case PresetGeneric:
		table = genericColumns
	default:
		for _, p := range presets {
			if p.name == presetName {
				table = p.columns
			}
		}
		if table == nil {
			return nil, paceline.FieldErrorf("preset", "%q is not a preset (use one of %s)", presetName, strings.Join(Presets, ", "))
		}
	}
	user := make(map[string]Field, len(userMap))
	for col, name := range userMap {
		f, err := ParseField(name)
		if err != nil {
			return nil, err
		}
		user[foldHeader(col)] = f
	}
	used := make(map[string]bool, len(userMap))
	cols := make([]Column, len(header))
	seen := make(map[string]int)
	for i, h := range header {
		fh := foldHeader(h)
		f, ok := user[fh]
		key, named := customName(h)
		switch {
		case ok:
			used[fh] = true
		case named:
			f = FieldCustom
		default:
			if f, ok = table[fh]; !ok {
				f = genericColumns[fh] // a known column added to a preset's export
			}
		}
		cols[i] = Column{Header: h, Field: f}
		if f == FieldCustom {
			if !named {
				key = snakeCase(h)
			}
			seen[key]++
			if n := seen[key]; n > 1 {
				key = fmt.Sprintf("%s_%d", key, n)
			}
			cols[i].Custom = key
		}
	}
	var missing []string
	for col := range userMap {
		if !used[foldHeader(col)] {
			missing = append(missing, col)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, paceline.FieldErrorf("map", "the file has no column %q (its columns are %s)", missing[0], quoteList(header))
	}
	return cols, nil
}

func quoteList(header []string) string {
	q := make([]string, len(header))
	for i, h := range header {
		q[i] = fmt.Sprintf("%q", h)
	}
	return strings.Join(q, ", ")
}
