package lead

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

func TestCleanName(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"John", "John"},
		{"  Jane  ", "Jane"},
		{"Smith, MBA", "Smith"},
		{"Smith, PhD, CPA", "Smith"},
		{"Smith MBA", "Smith"},
		{"Smith, Ph.D.", "Smith"},
		{"Dr. Anna", "Anna"},
		{"Prof. Dr. Hans", "Hans"},
		{"Mr John", "John"},
		{"Dr.", "Dr."}, // nothing left but the title: keep what we have
		{"Zoë 🚀", "Zoë"},
		{"🌍 Jürgen ✨", "Jürgen"},
		{"Émilie (she/her)", "Émilie"},
		{"Maria 👩🏽‍💻", "Maria"},
		{"O'BRIEN", "O'Brien"},
		{"anne-marie", "Anne-Marie"},
		{"McDonald", "McDonald"},
		{"de La Tour", "de La Tour"},
		{"Nguyễn", "Nguyễn"},
		{"李", "李"},
		{"Sam | Hiring", "Sam Hiring"},
	}
	for _, tt := range tests {
		if got := CleanName(tt.in); got != tt.want {
			t.Errorf("CleanName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitName(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, first, last string }{
		{"Jane Doe", "Jane", "Doe"},
		{"Anne-Marie de La Tour", "Anne-Marie", "de La Tour"},
		{"Cher", "Cher", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		f, l := SplitName(tt.in)
		if f != tt.first || l != tt.last {
			t.Errorf("SplitName(%q) = %q, %q; want %q, %q", tt.in, f, l, tt.first, tt.last)
		}
	}
}

func TestCompanyKey(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Acme, Inc.", "acme"},
		{"ACME Inc", "acme"},
		{"Acme Corp.", "acme"},
		{"Siemens AG", "siemens"},
		{"Bosch GmbH & Co. KG", "bosch"},
		{"Danone S.A.", "danone"},
		{"Doctolib SAS", "doctolib"},
		{"Philips B.V.", "philips"},
		{"Tesco PLC", "tesco"},
		{"Foxconn Co., Ltd.", "foxconn"},
		{"The Boring Company", "boring"},
		{"Procter & Gamble", "procter and gamble"},
		{"Société Générale", "société générale"},
		{"LLC", "llc"}, // a name that is only a suffix stays
		{"", ""},
	}
	for _, tt := range tests {
		if got := CompanyKey(tt.in); got != tt.want {
			t.Errorf("CompanyKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClassifyTitle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		title string
		level paceline.Seniority
		dept  string
	}{
		{"CEO", paceline.SeniorityCLevel, "executive"},
		{"Co-Founder & CEO", paceline.SeniorityOwner, "executive"},
		{"Co Founder", paceline.SeniorityOwner, "executive"},
		{"Chief Marketing Officer", paceline.SeniorityCLevel, "marketing"},
		{"VP of Sales", paceline.SeniorityVP, "sales"},
		{"Vice President, Engineering", paceline.SeniorityVP, "engineering"},
		{"Senior Vice-President Finance", paceline.SeniorityVP, "finance"},
		{"Head of Talent Acquisition", paceline.SeniorityHead, "hr"},
		{"Director of Product Management", paceline.SeniorityDirector, "product"},
		{"Senior Director, Product Marketing", paceline.SeniorityDirector, "marketing"},
		{"Engineering Manager", paceline.SeniorityManager, "engineering"},
		{"Account Manager", paceline.SeniorityManager, "sales"},
		{"Team Lead", paceline.SeniorityManager, ""},
		{"Lead Engineer", paceline.SenioritySenior, "engineering"},
		{"Senior Software Engineer", paceline.SenioritySenior, "engineering"},
		{"Staff Data Engineer", paceline.SenioritySenior, "data"},
		{"Software Engineer", paceline.SeniorityEntry, "engineering"},
		{"Account Executive", paceline.SeniorityEntry, "sales"},
		{"Sales Engineer", paceline.SeniorityEntry, "sales"},
		{"Junior Product Designer", paceline.SeniorityEntry, "design"},
		{"Marketing Intern", paceline.SeniorityIntern, "marketing"},
		{"Executive Assistant to the CEO", paceline.SeniorityEntry, "executive"},
		{"Managing Director", paceline.SeniorityCLevel, "executive"},
		{"Managing Partner", paceline.SeniorityOwner, ""},
		{"Partner Manager", paceline.SeniorityManager, ""},
		{"Partner", paceline.SeniorityOwner, ""},
		{"HR Business Partner", paceline.SeniorityEntry, "hr"},
		{"Talent Partner", paceline.SeniorityEntry, "hr"},
		{"Product Owner", paceline.SeniorityEntry, "product"},
		{"Owner & Principal Designer", paceline.SeniorityOwner, "design"},
		{"Chief of Staff", paceline.SeniorityDirector, ""},
		// The long forms of C-level titles read as their acronyms.
		{"Chief Executive Officer", paceline.SeniorityCLevel, "executive"},
		{"Chief Technology Officer", paceline.SeniorityCLevel, "engineering"},
		{"Chief Technical Officer", paceline.SeniorityCLevel, "engineering"},
		{"Chief Information Officer", paceline.SeniorityCLevel, "it"},
		{"Chief Information Security Officer", paceline.SeniorityCLevel, "it"},
		{"Chief Financial Officer", paceline.SeniorityCLevel, "finance"},
		{"Chief Revenue Officer", paceline.SeniorityCLevel, "sales"},
		{"Chief Operating Officer", paceline.SeniorityCLevel, "operations"},
		{"Chief Operations Officer", paceline.SeniorityCLevel, "operations"},
		{"Chief People Officer", paceline.SeniorityCLevel, "hr"},
		{"Chief Human Resources Officer", paceline.SeniorityCLevel, "hr"},
		{"Chief Product Officer", paceline.SeniorityCLevel, "product"},
		{"Chief Data Officer", paceline.SeniorityCLevel, "data"},
		{"chief technology officer (CTO)", paceline.SeniorityCLevel, "engineering"},
		{"Co-Founder & Chief Technology Officer", paceline.SeniorityOwner, "executive"},
		{"Deputy Chief Financial Officer", paceline.SeniorityCLevel, "finance"},
		{"Chief Officer", paceline.SeniorityCLevel, ""},
		{"Directeur Commercial", paceline.SeniorityDirector, "sales"},
		{"Leiterin Vertrieb", paceline.SeniorityHead, "sales"},
		{"Responsable RH", paceline.SeniorityManager, "hr"},
		{"General Counsel", paceline.SeniorityEntry, "legal"},
		{"IT Director", paceline.SeniorityDirector, "it"},
		{"Customer Success Manager", paceline.SeniorityManager, "customer-success"},
		{"", "", ""},
	}
	for _, tt := range tests {
		level, dept := ClassifyTitle(tt.title)
		if level != tt.level || dept != tt.dept {
			t.Errorf("ClassifyTitle(%q) = %q, %q; want %q, %q", tt.title, level, dept, tt.level, tt.dept)
		}
	}
}

// TestChiefOfficersReadAsAcronyms checks every long C-level form against its acronym,
// alone and inside a longer title.
func TestChiefOfficersReadAsAcronyms(t *testing.T) {
	t.Parallel()
	for words, acr := range chiefOfficers {
		for _, form := range []string{"%s", "Co-Founder & %s", "%s, EMEA"} {
			long, short := fmt.Sprintf(form, "Chief "+words+" Officer"), fmt.Sprintf(form, strings.ToUpper(acr))
			ll, ld := ClassifyTitle(long)
			sl, sd := ClassifyTitle(short)
			if ll != sl || ld != sd {
				t.Errorf("ClassifyTitle(%q) = %q, %q; %q gives %q, %q", long, ll, ld, short, sl, sd)
			}
		}
	}
}

func TestTimeZoneFor(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Paris, Île-de-France, France", "Europe/Paris"},
		{"Greater Paris Metropolitan Region", "Europe/Paris"},
		{"London Area, United Kingdom", "Europe/London"},
		{"San Francisco Bay Area", "America/Los_Angeles"},
		{"New York City Metropolitan Area", "America/New_York"},
		{"Greater Chicago Area", "America/Chicago"},
		{"Austin, Texas, United States", "America/Chicago"},
		{"Austin, TX", "America/Chicago"},
		{"Paris, Texas, United States", "America/Chicago"},
		{"Portland, Maine, United States", "America/New_York"},
		{"Portland, Oregon, United States", "America/Los_Angeles"},
		{"Washington, DC, United States", "America/New_York"},
		{"Seattle, Washington, United States", "America/Los_Angeles"},
		{"Toronto, Ontario, Canada", "America/New_York"},
		{"Calgary, Alberta, Canada", "America/Denver"},
		{"Sydney, New South Wales, Australia", "Australia/Sydney"},
		{"Perth, Western Australia, Australia", "Australia/Perth"},
		{"München, Bayern, Deutschland", "Europe/Berlin"},
		{"Zürich", "Europe/Zurich"},
		{"São Paulo, Brazil", "America/Sao_Paulo"},
		{"Bengaluru, Karnataka, India", "Asia/Kolkata"},
		{"Berlin Metropolitan Area", "Europe/Berlin"},
		{"Tbilisi, Georgia", "Asia/Tbilisi"},
		{"Atlanta, Georgia, United States", "America/New_York"},
		{"Honolulu, Hawaii, United States", "Pacific/Honolulu"},
		{"France", "Europe/Paris"},
		{"Dallas-Fort Worth Metroplex", "America/Chicago"},
		{"Washington DC-Baltimore Area", "America/New_York"},
		{"Victoria, British Columbia, Canada", "America/Los_Angeles"},
		{"Melbourne, Victoria, Australia", "Australia/Melbourne"},
		{"United States", ""},
		{"Remote", ""},
		{"", ""},
		{"Paris, United States", ""}, // Paris, France is not in the US
	}
	for _, tt := range tests {
		if got := TimeZoneFor(tt.in); got != tt.want {
			t.Errorf("TimeZoneFor(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPlaceTablesLoad checks every zone named in the tables is a real IANA zone.
func TestPlaceTablesLoad(t *testing.T) {
	t.Parallel()
	for _, table := range []map[string]string{places.countries, places.regions, places.cities} {
		seen := map[string]bool{}
		for name, zone := range table {
			if seen[zone] {
				continue
			}
			seen[zone] = true
			if _, err := time.LoadLocation(zone); err != nil {
				t.Errorf("%s -> %s: %v", name, zone, err)
			}
			if name != strings.TrimSpace(name) || name == "" {
				t.Errorf("bad place name %q", name)
			}
		}
	}
}

func TestParseEmployees(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in       string
		min, max int
		ok       bool
	}{
		{"51-200", 51, 200, true},
		{"1,001-5,000", 1001, 5000, true},
		{"10,001+", 10001, 0, true},
		{"201 to 500 employees", 201, 500, true},
		{"120", 120, 120, true},
		{"5K-10K", 5000, 10000, true},
		{"Self-employed", 1, 1, true},
		{"unknown", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tt := range tests {
		lo, hi, ok := ParseEmployees(tt.in)
		if lo != tt.min || hi != tt.max || ok != tt.ok {
			t.Errorf("ParseEmployees(%q) = %d, %d, %v; want %d, %d, %v", tt.in, lo, hi, ok, tt.min, tt.max, tt.ok)
		}
	}
}
