package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paceline/paceline/lead"
)

// testImportKeepsOnePersonOneLead imports three files of random rows, each with a
// profile or a Sales Navigator id or neither, and an email or not, drawn from a few
// hundred of each kind, so that rows repeat people, bring them new keys and prove two
// leads one person, across files and batches. Afterwards the stored leads must be
// exactly the people the rows describe: the groups of keys that rows link, directly
// or through other rows, each held by one lead of its own. An email does not link a
// row to a group holding another profile or another Sales Navigator id than the row
// or its own group (lead/identity.go): two profiles are two people, whatever address
// they share, and the address stays with the group that had it first.
func testImportKeepsOnePersonOneLead(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db := open(t)
	rng := rand.New(rand.NewPCG(5, 8))
	people := keyGroups{}
	for file := range 3 {
		var b strings.Builder
		b.WriteString("profileUrl,salesNavigatorUrl,fullName,email\n")
		for range 1200 {
			var profile, sales, email string
			switch n := rng.IntN(700); rng.IntN(3) {
			case 0:
				profile = fmt.Sprintf("https://www.linkedin.com/in/p-%d", n)
			case 1:
				sales = fmt.Sprintf("https://www.linkedin.com/sales/lead/ACwAAB%05d", n)
			}
			if profile == "" && sales == "" || rng.IntN(2) == 0 {
				email = fmt.Sprintf("e%d@example.com", rng.IntN(700))
			}
			var keys []string
			for _, k := range [][2]string{{"in", profile}, {"sales", sales}, {"email", email}} {
				if k[1] != "" {
					keys = append(keys, k[0]+":"+keyValue(k[1]))
				}
			}
			people.linkRow(keys)
			fmt.Fprintf(&b, "%s,%s,Person %d,%s\n", profile, sales, rng.IntN(50), email)
		}
		if _, err := ImportCSV(ctx, db.LeadStore, b.String(), lead.ImportOptions{List: fmt.Sprintf("f%d", file)}); err != nil {
			t.Fatalf("import file %d: %v", file, err)
		}
	}
	rows, err := db.Rows(`SELECT kind, value, lead_id FROM lead_keys`)
	if err != nil {
		t.Fatal(err)
	}
	owner := map[string]string{} // key -> lead id
	for _, r := range rows {
		f := strings.Fields(r)
		if len(f) != 3 {
			t.Fatalf("lead_keys row %q", r)
		}
		owner[f[0]+":"+f[1]] = f[2]
	}
	if len(owner) != len(people.parent) {
		t.Fatalf("lead_keys holds %d keys, the files %d", len(owner), len(people.parent))
	}
	leadOf := map[string]string{}  // group root -> lead id
	groupOf := map[string]string{} // lead id -> group root
	for k, id := range owner {
		g := people.find(k)
		if l, ok := leadOf[g]; ok && l != id {
			t.Fatalf("one person's keys are on two leads: %s on %s, another on %s", k, id, l)
		}
		if h, ok := groupOf[id]; ok && h != g {
			t.Fatalf("lead %s holds keys of two people (%s and %s)", id, k, h)
		}
		leadOf[g], groupOf[id] = id, g
	}
	if n, _ := db.CountLeads(ctx); n != len(leadOf) {
		t.Errorf("%d leads stored for %d people", n, len(leadOf))
	}
}

// keyValue is the canonical value of the keys the test writes: the URL's last path
// element, or the email as it is.
func keyValue(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// keyGroups is a union-find of keys: two keys are in one group when a row carried both,
// or each was in a group with a third. linkRow keeps apart what an email may not join.
type keyGroups struct{ parent map[string]string }

// linkRow links the keys of a row of one identity key (in: or sales:) or none and an
// email or none, as the import does: the email joins the row's group unless its own
// group holds another profile or another Sales Navigator id.
func (g *keyGroups) linkRow(keys []string) {
	if len(keys) == 2 {
		id, email := keys[0], keys[1]
		_, known := g.parent[email]
		if known && g.find(email) != g.find(id) && g.twoPeople(g.find(email), id) {
			g.link(keys[:1])
			return
		}
	}
	g.link(keys)
}

// twoPeople reports whether the group of root holds a key of the kind of id (in: or
// sales:) other than id, or, when id is in a group already, whether the two groups
// hold two different keys of one kind.
func (g *keyGroups) twoPeople(root, id string) bool {
	mine := g.identity(root)
	other := map[string]string{id[:strings.IndexByte(id, ':')]: id}
	if _, ok := g.parent[id]; ok {
		for kind, k := range g.identity(g.find(id)) {
			other[kind] = k
		}
	}
	for kind, k := range other {
		if m, ok := mine[kind]; ok && m != k {
			return true
		}
	}
	return false
}

// identity returns the in: and sales: keys of the group of root, by kind.
func (g *keyGroups) identity(root string) map[string]string {
	out := map[string]string{}
	for k := range g.parent {
		if kind := k[:strings.IndexByte(k, ':')]; kind != "email" && g.find(k) == root {
			out[kind] = k
		}
	}
	return out
}

func (g *keyGroups) find(k string) string {
	for g.parent[k] != k {
		k = g.parent[k]
	}
	return k
}

func (g *keyGroups) link(keys []string) {
	if g.parent == nil {
		g.parent = map[string]string{}
	}
	for _, k := range keys {
		if _, ok := g.parent[k]; !ok {
			g.parent[k] = k
		}
	}
	for _, k := range keys[1:] {
		a, b := g.find(keys[0]), g.find(k)
		if a != b {
			g.parent[b] = a
		}
	}
}
