package lead

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// placeIndex is the parsed form of the place tables.
type placeIndex struct {
	countries map[string]string   // single-zone country -> zone
	multi     map[string][]string // multi-zone country -> zone prefixes
	regions   map[string]string
	cities    map[string]string
}

// places is read-only after it is built; it is a table, not state.
var places = buildPlaces()

func buildPlaces() *placeIndex {
	p := &placeIndex{
		countries: parseZoneTable(countryZones),
		regions:   parseZoneTable(regionZones),
		cities:    parseZoneTable(cityZones),
		multi:     map[string][]string{},
	}
	for _, line := range strings.Split(multiZoneCountries, "\n") {
		prefixes, names, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		for _, n := range strings.Split(names, ",") {
			p.multi[strings.TrimSpace(n)] = strings.Fields(prefixes)
		}
	}
	return p
}

func parseZoneTable(table string) map[string]string {
	m := make(map[string]string, 512)
	for _, line := range strings.Split(table, "\n") {
		zone, names, ok := strings.Cut(line, ": ")
		if !ok {
			continue
		}
		for _, n := range strings.Split(names, ",") {
			m[strings.TrimSpace(n)] = strings.TrimSpace(zone)
		}
	}
	return m
}

// TimeZoneFor tells the IANA time zone of a location as LinkedIn and lead vendors
// write it ("Paris, Île-de-France, France", "Greater Chicago Area", "Austin, TX",
// "San Francisco Bay Area", "Berlin Metropolitan Area"), or "" when it cannot tell.
//
// It is a heuristic over a table of countries, states and provinces, and major
// metropolitan areas: the last comma-separated part is tried as a country, and a
// country with one zone decides; in a country with several (United States, Canada,
// Australia) a state or province after the first part decides, then a city, then the
// first part as a state. Without a country a city is tried before a state, so
// "Portland, Maine" needs its country to be told from Portland, Oregon.
func TimeZoneFor(location string) string {
	parts := strings.Split(location, ",")
	for i, p := range parts {
		parts[i] = foldPlace(p)
	}
	for len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	if len(parts) == 0 {
		return ""
	}
	last := parts[len(parts)-1]
	if z, ok := places.lookup(places.countries, last); ok {
		return z
	}
	prefixes, multi := places.multi[last]
	inCountry := func(z string) bool {
		if !multi {
			return true
		}
		for _, p := range prefixes {
			if strings.HasPrefix(z, p) {
				return true
			}
		}
		return false
	}
	body := parts
	if multi {
		body = parts[:len(parts)-1]
		for _, p := range body[min(1, len(body)):] {
			if z, ok := places.lookup(places.regions, p); ok && inCountry(z) {
				return z
			}
		}
	}
	for _, p := range body {
		if z, ok := places.lookup(places.cities, p); ok && inCountry(z) {
			return z
		}
	}
	for i, p := range body {
		if i == 0 && len(p) == 2 {
			continue // "IN", "CA" alone are too ambiguous
		}
		if z, ok := places.lookup(places.regions, p); ok && inCountry(z) {
			return z
		}
	}
	return ""
}

// lookup tries a place name as written, then without LinkedIn's "Greater ... Area"
// wording.
func (p *placeIndex) lookup(table map[string]string, name string) (string, bool) {
	if name == "" {
		return "", false
	}
	if z, ok := table[name]; ok {
		return z, true
	}
	s := name
	for _, pre := range [...]string{"greater ", "the ", "metro "} {
		s = strings.TrimPrefix(s, pre)
	}
	for _, suf := range [...]string{" and surrounding area", " metropolitan area", " metropolitan region",
		" metro area", " bay area", " metroplex", " area", " region", " metro", " city"} {
		if t, ok := strings.CutSuffix(s, suf); ok {
			s = t
			if z, ok := table[s]; ok {
				return z, true
			}
		}
	}
	z, ok := table[s]
	return z, ok
}

// foldPlace lower-cases a place name, removes diacritics and trims it.
func foldPlace(s string) string {
	s = strings.TrimSpace(s)
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return asciiLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.TrimSpace(b.String())
}
