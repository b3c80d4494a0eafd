package score

import (
	"testing"

	"github.com/paceline/paceline"
)

// FuzzParse checks that any text either parses into rules that score every lead in
// 0-100 with an explanation adding up to the score, or is refused with an EINVALID
// error.
func FuzzParse(f *testing.F) {
	f.Add(defaultYAML)
	f.Add([]byte("base: 200\n"))
	f.Add([]byte("seniority: {vp: -100}\nsignals: {mutual_connections: {per: 100, max: -5}}\n"))
	f.Add([]byte("company_size: {\"1-\": 3}\n"))
	f.Add([]byte("custom: {x: {\"\": 5}}\n"))
	leads := []*paceline.Lead{
		{},
		{Seniority: paceline.SeniorityVP, Department: "sales", Title: "VP Growth", Industry: "Software",
			EmployeesMin: 51, EmployeesMax: 200, Location: "Paris, France", TimeZone: "Europe/Paris",
			MutualConnections: 300, OpenProfile: true, Premium: true, Email: "a@b.co", Custom: map[string]string{"x": "y"}},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse(data)
		if err != nil {
			if paceline.ErrorCode(err) != paceline.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		for _, l := range leads {
			s, why := r.Score(l)
			if s < 0 || s > 100 {
				t.Fatalf("score %d outside 0-100", s)
			}
			var sum float64
			for _, c := range why {
				sum += c.Points
			}
			if d := sum - float64(s); d > 0.5 || d < -0.5 {
				t.Fatalf("explanation sums to %g, score %d", sum, s)
			}
		}
		if _, err := r.Marshal(); err != nil {
			t.Fatalf("Marshal: %v", err)
		}
	})
}
