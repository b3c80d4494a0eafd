package lead

import (
	"strings"

	"github.com/paceline/paceline"
)

// maxCacheEntries bounds each Normalizer cache so that a file of a million distinct
// titles cannot grow it without end; a full cache is simply emptied.
const maxCacheEntries = 1 << 16

// Normalizer remembers the answers of the costlier normalisations (title, location,
// company), which repeat a lot within one file. It is not safe for concurrent use;
// give each goroutine its own.
type Normalizer struct {
	titles    map[string]titleClass
	zones     map[string]string
	companies map[string]string
}

type titleClass struct {
	seniority  paceline.Seniority
	department string
}

// NewNormalizer returns an empty Normalizer.
func NewNormalizer() *Normalizer {
	return &Normalizer{
		titles:    make(map[string]titleClass),
		zones:     make(map[string]string),
		companies: make(map[string]string),
	}
}

// Title is ClassifyTitle, remembered.
func (n *Normalizer) Title(title string) (paceline.Seniority, string) {
	if c, ok := n.titles[title]; ok {
		return c.seniority, c.department
	}
	s, d := ClassifyTitle(title)
	if len(n.titles) >= maxCacheEntries {
		clear(n.titles)
	}
	n.titles[strings.Clone(title)] = titleClass{s, d}
	return s, d
}

// TimeZone is TimeZoneFor, remembered.
func (n *Normalizer) TimeZone(location string) string {
	if z, ok := n.zones[location]; ok {
		return z
	}
	z := TimeZoneFor(location)
	if len(n.zones) >= maxCacheEntries {
		clear(n.zones)
	}
	n.zones[strings.Clone(location)] = z
	return z
}

// Company is CompanyKey, remembered.
func (n *Normalizer) Company(name string) string {
	if k, ok := n.companies[name]; ok {
		return k
	}
	k := CompanyKey(name)
	if len(n.companies) >= maxCacheEntries {
		clear(n.companies)
	}
	n.companies[strings.Clone(name)] = k
	return k
}
