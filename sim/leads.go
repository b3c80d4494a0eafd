package sim

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/paceline/paceline"
)

// The synthetic lead mix. Source: assumption, shaped like a B2B prospect list built
// with Sales Navigator filters: mostly managers and directors, a tail of executives,
// few interns.
var seniorityMix = []struct {
	level paceline.Seniority
	share float64
}{
	{paceline.SeniorityOwner, 0.08}, {paceline.SeniorityCLevel, 0.07}, {paceline.SeniorityVP, 0.07},
	{paceline.SeniorityHead, 0.08}, {paceline.SeniorityDirector, 0.15}, {paceline.SeniorityManager, 0.22},
	{paceline.SenioritySenior, 0.15}, {paceline.SeniorityEntry, 0.15}, {paceline.SeniorityIntern, 0.03},
}

var titleFor = map[paceline.Seniority]string{
	paceline.SeniorityOwner: "Founder", paceline.SeniorityCLevel: "Chief Revenue Officer",
	paceline.SeniorityVP: "VP Sales", paceline.SeniorityHead: "Head of Growth",
	paceline.SeniorityDirector: "Director of Marketing", paceline.SeniorityManager: "Sales Manager",
	paceline.SenioritySenior: "Senior Account Executive", paceline.SeniorityEntry: "Account Executive",
	paceline.SeniorityIntern: "Marketing Intern",
}

var (
	firstNames = []string{"Ada", "Ben", "Chloé", "Dev", "Elena", "Femi", "Grace", "Hugo", "Ines", "Jonas", "Kai", "Lena", "Mateo", "Nora", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tara"}
	lastNames  = []string{"Martin", "Okafor", "Schmidt", "Rossi", "Nguyen", "Silva", "Kowalski", "Dubois", "Haddad", "Larsen", "Tanaka", "Moreau", "Fischer", "Costa", "Novak"}
	companies  = []string{"Acme", "Brightline", "Cobalt Labs", "Driftwood", "Evergreen", "Fathom", "Granite", "Helio", "Ironbark", "Juniper"}
)

// Share of leads with each feature. Source: assumption.
const (
	shareOpenProfile = 0.12 // Open Profile members among B2B prospects
	sharePremium     = 0.18
	shareEmail       = 0.45 // an enrichment tool found a work email
	shareNoMutual    = 0.35 // no mutual connection at all
)

// Leads returns n synthetic leads with a realistic mix of seniority, mutual
// connections, Open Profile, Premium, known emails and ICP scores, drawn from rng. The
// profile keys are sim-000001, sim-000002, ...
func Leads(n int, rng *rand.Rand) []*paceline.Lead {
	out := make([]*paceline.Lead, n)
	for i := range out {
		level := pickSeniority(rng.Float64())
		first := firstNames[rng.IntN(len(firstNames))]
		last := lastNames[rng.IntN(len(lastNames))]
		l := &paceline.Lead{
			FirstName: first, LastName: last, DisplayName: first + " " + last,
			ProfileKey:  fmt.Sprintf("sim-%06d", i+1),
			Company:     companies[rng.IntN(len(companies))],
			Title:       titleFor[level],
			Seniority:   level,
			OpenProfile: rng.Float64() < shareOpenProfile,
			Premium:     rng.Float64() < sharePremium,
		}
		if rng.Float64() < shareEmail {
			l.Email = fmt.Sprintf("%s.%s.%d@example.com", asciiLower(first), asciiLower(last), i+1)
		}
		if rng.Float64() >= shareNoMutual {
			// Log-normal, median 6 mutual connections, a few with hundreds.
			l.MutualConnections = 1 + int(math.Exp(math.Log(5)+1.0*rng.NormFloat64()))
		}
		l.Score = min(100, max(0, int(math.Round(55+18*rng.NormFloat64()))))
		out[i] = l
	}
	return out
}

func pickSeniority(u float64) paceline.Seniority {
	for _, m := range seniorityMix {
		if u < m.share {
			return m.level
		}
		u -= m.share
	}
	return paceline.SeniorityManager
}

func asciiLower(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			b = append(b, byte(r-'A'+'a'))
		case r >= 'a' && r <= 'z':
			b = append(b, byte(r))
		case r == 'é':
			b = append(b, 'e')
		}
	}
	return string(b)
}
