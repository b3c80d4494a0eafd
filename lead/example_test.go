package lead_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/score"
)

// Example_pipeline streams a file through the pure import: read and normalise each
// row, find its lead in the dedupe index, score it, and report rejected rows by line.
func Example_pipeline() {
	csv := "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
		"Marie,\"Curie, PhD\",https://fr.linkedin.com/in/Marie-Curie/?trk=x,,Radium Institute SAS,Head of Research,12 Jan 2026\n" +
		"Pierre,Curie,,,Sorbonne,Professor,03 Dec 2025\n" +
		"Marie,Curie,https://www.linkedin.com/in/marie-curie,marie@radium.fr,Radium Institute,Director,12 Jan 2026\n"
	rd, err := lead.NewReader(strings.NewReader(csv), lead.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("preset:", rd.Preset())
	index, rules := lead.NewIndex(), score.Default()
	var row lead.Row
	for {
		if err := rd.Read(&row); err == io.EOF {
			break
		} else if err != nil {
			fmt.Println(err)
			return
		}
		if row.Err != nil {
			fmt.Println("rejected", row.Err)
			continue
		}
		m := index.Match(row.Keys)
		rules.Apply(&row.Lead)
		l := row.Lead
		fmt.Printf("line %d: lead %d new=%v %s (%s) %s at %s [%s] score %d\n",
			row.Line, m.ID, m.New, l.DisplayName, l.ProfileKey, l.Seniority, l.CompanyKey, l.Custom["connected_on"], l.Score)
	}
	// Output:
	// preset: linkedin-connections
	// line 2: lead 1 new=true Marie Curie (marie-curie) head at radium institute [12 Jan 2026] score 30
	// rejected line 3: has no LinkedIn profile URL and no email address
	// line 4: lead 1 new=false Marie Curie (marie-curie) director at radium institute [12 Jan 2026] score 31
}
