package sequence

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/paceline/paceline/personalize"
)

// TestRenderNoteGolden renders invite notes for leads with names and companies outside
// ASCII, at the free (200) and paid (300) note limits, including notes that fit one
// limit and not the other.
func TestRenderNoteGolden(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/notes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	seq, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	leads := []struct {
		key    string
		fields map[string]string
	}{
		{"zoe", map[string]string{"first_name": "Zoë", "company": "Müller & Söhne", "topic": "supply chains", "sender_first_name": "Ana"}},
		{"lukasz", map[string]string{"first_name": "Łukasz", "sender_first_name": "Ana"}},
		{"li", map[string]string{"first_name": "李", "company": "字节跳动", "topic": "大模型"}},
		{"emoji", map[string]string{"first_name": "Sam 🚀", "company": "Rocket 🚀 Labs International Holdings", "topic": "🌱 climate"}},
		{"blank", map[string]string{"first_name": "  ", "company": "Acme"}},
	}
	var b strings.Builder
	for i := range seq.Steps {
		st := &seq.Steps[i]
		fmt.Fprintf(&b, "== %s: %s\n", st.ID, st.Note)
		for _, lead := range leads {
			d := personalize.Data{Fields: lead.fields}
			seed := personalize.Seed(lead.key, st.ID)
			for _, limit := range []int{200, 300} {
				note, err := RenderNote(st, d, seed, limit)
				if err != nil {
					fmt.Fprintf(&b, "%s @%d: error: %v\n", lead.key, limit, err)
					continue
				}
				fmt.Fprintf(&b, "%s @%d (%d chars): %s\n", lead.key, limit, personalize.RuneCount(note), note)
			}
		}
		b.WriteString("\n")
	}
	checkGolden(t, "testdata/notes.golden", b.String())
}
