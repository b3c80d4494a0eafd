package main

import (
	"encoding/json"
	"slices"
	"testing"
)

// leads list --json gives each lead's lists as leads show does: it gave "lists": []
// for every lead, even for the members of the --list it was asked for.
func TestLeadsListJSONHasLists(t *testing.T) {
	t.Parallel()
	onBothStores(t, testLeadsListJSONHasLists)
}

func testLeadsListJSONHasLists(t *testing.T, db string) {
	dir := t.TempDir()
	importLeadsJSON(t, db, writeFile(t, dir, "in.csv", "profileUrl,firstName,lastName\nhttps://www.linkedin.com/in/ll-ann,Ann,Lee\n"), "--list", "growth")
	importLeadsJSON(t, db, writeFile(t, dir, "more.csv", "profileUrl,firstName,lastName\nhttps://www.linkedin.com/in/ll-ann,Ann,Lee\nhttps://www.linkedin.com/in/ll-bo,Bo,Kim\n"), "--list", "q1")
	type view struct {
		Name  string   `json:"name"`
		Lists []string `json:"lists"`
	}
	var show view
	if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "show", "in:ll-ann", "--json")), &show); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(show.Lists, []string{"growth", "q1"}) {
		t.Fatalf("leads show: lists %v", show.Lists)
	}
	for _, args := range [][]string{{"--list", "growth"}, {}} {
		var got []view
		if err := json.Unmarshal([]byte(mustCLI(t, db, append([]string{"leads", "list", "--json"}, args...)...)), &got); err != nil {
			t.Fatal(err)
		}
		for _, v := range got {
			want := []string{"q1"}
			if v.Name == "Ann Lee" {
				want = show.Lists
			}
			if !slices.Equal(v.Lists, want) {
				t.Errorf("leads list --json %v: %s in lists %v, want %v", args, v.Name, v.Lists, want)
			}
		}
		if len(got) == 0 {
			t.Errorf("leads list --json %v: no lead", args)
		}
	}
}
