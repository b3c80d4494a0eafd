package enrich

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// Status is what is known about one candidate address.
type Status string

// The candidate statuses.
const (
	// StatusValid: the domain's mail server accepted the address and rejects made-up ones.
	StatusValid Status = "valid"
	// StatusRisky: the domain takes mail but the address was not verified (probing is
	// off, or failed, or the domain only has an address record).
	StatusRisky Status = "risky"
	// StatusCatchAll: the server accepts every address, so its yes says nothing.
	StatusCatchAll Status = "catch_all"
	// StatusInvalid: the server refused the address.
	StatusInvalid Status = "invalid"
	// StatusUnknown: DNS or the server did not give an answer (timeout, greylisting).
	StatusUnknown Status = "unknown"
	// StatusNoMX: the domain takes no mail (no such domain, no mail records, null MX).
	StatusNoMX Status = "no_mx"
)

// Candidate is one guessed address with how much to trust it.
type Candidate struct {
	Address string `json:"address"`
	Pattern string `json:"pattern"`
	// Confidence is the chance, 0-1, that mail to the address reaches the person; see
	// docs/enrichment.md for how it is built.
	Confidence float64 `json:"confidence"`
	Status     Status  `json:"status"`
	Reason     string  `json:"reason"`
}

// Finding is the result of one search: what DNS said about the domain, whether the
// server was probed and what it said, and the candidates, most likely first.
type Finding struct {
	Domain     MailDomain   `json:"domain"`
	Probed     bool         `json:"probed"`
	ProbeError string       `json:"probe_error,omitempty"`
	Probe      *ProbeResult `json:"probe,omitempty"`
	Candidates []Candidate  `json:"candidates"`
}

// Best returns the most likely candidate that may be mailed (valid, risky or
// catch-all), and false when there is none.
func (f Finding) Best() (Candidate, bool) {
	for _, c := range f.Candidates {
		if c.Status == StatusValid || c.Status == StatusRisky || c.Status == StatusCatchAll {
			return c, true
		}
	}
	return Candidate{}, false
}

// Finder guesses a person's work address from their name and company domain.
//
// Resolver is required; tests point a DNSResolver at a local server. Prober is nil by
// default, which keeps probing off: the user turns it on knowingly (see Prober).
type Finder struct {
	Resolver Resolver
	Prober   *Prober
	// Patterns are the address patterns to try; DefaultPatterns when nil.
	Patterns []Pattern
}

// How much each piece of evidence moves a candidate's confidence; docs/enrichment.md
// explains the model.
const (
	confidenceVerified    = 0.95 // the server took the address and refuses random ones
	confidenceVerifiedA   = 0.90 // the same, from a host found by the A-record fallback
	confidenceFallbackMul = 0.5  // only an address record: delivery itself is doubtful
	confidenceUnknownMul  = 0.5  // DNS gave no answer: the domain may take no mail
	confidenceDeferredMul = 0.8  // the server said "try later" about this address
)

// Query is one search: a person's name, their company's domain and, when there are
// any, colleagues at that domain whose addresses are known.
type Query struct {
	FirstName string  `json:"first_name"`
	LastName  string  `json:"last_name"`
	Domain    string  `json:"domain"`
	Known     []Known `json:"known,omitempty"`
}

// Find checks the domain and scores each candidate address for the name. Errors are
// for input that cannot be searched (no usable name, a free-mail or malformed domain);
// DNS and SMTP trouble shows in the statuses and reasons instead.
func (f *Finder) Find(ctx context.Context, q Query) (Finding, error) {
	firstName, lastName, domain := q.FirstName, q.LastName, q.Domain
	if f.Resolver == nil {
		return Finding{}, paceline.Errorf(paceline.EINTERNAL, "enrich.Finder needs a Resolver")
	}
	d, ok := DomainFromWebsite(domain)
	if !ok {
		return Finding{}, paceline.FieldErrorf("domain", "%q is not a company domain (write acme.com)", domain)
	}
	if IsFreeMail(d) {
		return Finding{}, paceline.FieldErrorf("domain", "%s is a free mail provider: an address there cannot be guessed from a name; give the company's own domain", d)
	}
	patterns := f.Patterns
	if patterns == nil {
		patterns = DefaultPatterns
	}
	gs := guesses(patterns, firstName, lastName)
	if len(gs) == 0 {
		return Finding{}, paceline.FieldErrorf("first_name", "%q has no letters an address can hold (names in non-Latin scripts need a Latin spelling)", strings.TrimSpace(firstName+" "+lastName))
	}
	learnPatterns(patterns, d, q.Known).apply(gs)
	if f.Prober != nil {
		if err := f.Prober.check(); err != nil {
			return Finding{}, paceline.Errorf(paceline.EINVALID, "%v", err)
		}
	}

	fd := Finding{Domain: CheckMailDomain(ctx, f.Resolver, d)}
	cands := make([]Candidate, len(gs))
	for i, g := range gs {
		cands[i] = Candidate{Address: g.local + "@" + d, Pattern: g.pattern}
	}
	switch fd.Domain.Status {
	case DomainNXDomain, DomainNullMX, DomainNoMail:
		for i := range cands {
			cands[i].Status, cands[i].Reason = StatusNoMX, fd.Domain.Reason
		}
	case DomainUnreachable:
		for i, g := range gs {
			cands[i].Status, cands[i].Reason = StatusUnknown, fd.Domain.Reason
			cands[i].Confidence = g.prior * confidenceUnknownMul
		}
	default:
		f.judge(ctx, &fd, gs, cands)
	}
	for i := range cands {
		cands[i].Confidence = math.Round(cands[i].Confidence*1000) / 1000
	}
	slices.SortStableFunc(cands, func(a, b Candidate) int { return cmp.Compare(b.Confidence, a.Confidence) })
	fd.Candidates = cands
	return fd, nil
}

// judge scores candidates at a domain that takes mail: from the pattern priors alone,
// or from the mail server's answers when probing is on.
func (f *Finder) judge(ctx context.Context, fd *Finding, gs []guess, cands []Candidate) {
	fallback := fd.Domain.Status == DomainAFallback
	base := func(g guess) float64 {
		if fallback {
			return g.prior * confidenceFallbackMul
		}
		return g.prior
	}
	for i, g := range gs {
		cands[i].Confidence = base(g)
	}
	unverified := "not verified: probing is off"
	if f.Prober != nil {
		unverified = "not verified"
		fd.Probe, fd.ProbeError = f.probe(ctx, fd.Domain, cands)
		fd.Probed = fd.Probe != nil
		if fd.ProbeError != "" {
			unverified = "not verified: " + fd.ProbeError
		}
	}
	for i, g := range gs {
		c := &cands[i]
		c.Status, c.Confidence = StatusRisky, base(g)
		c.Reason = unverified + "; " + g.why()
		if fallback {
			c.Reason += "; " + fd.Domain.Reason
		}
		if fd.Probe == nil {
			continue
		}
		r, asked := fd.Probe.Replies[c.Address]
		switch {
		case !asked:
			c.Reason = fmt.Sprintf("not probed: only the %d likeliest addresses are asked about; %s", f.Prober.maxRecipients(), g.why())
		case r.Rejected():
			c.Status, c.Confidence = StatusInvalid, 0
			c.Reason = fmt.Sprintf("%s refused it: %s", fd.Probe.Host, r)
		case r.Deferred():
			c.Status, c.Confidence = StatusUnknown, base(g)*confidenceDeferredMul
			c.Reason = fmt.Sprintf("%s said to try later (%s): greylisting or rate limiting", fd.Probe.Host, r)
		case fd.Probe.CatchAll:
			c.Status = StatusCatchAll
			c.Reason = fmt.Sprintf("%s accepts any address (a random one was accepted), so its yes says nothing; %s", fd.Probe.Host, g.why())
		case fd.Probe.CatchAllReply.Deferred():
			c.Reason = fmt.Sprintf("%s accepted it but deferred the random address (%s), so a catch-all cannot be ruled out", fd.Probe.Host, fd.Probe.CatchAllReply)
		default:
			c.Status, c.Confidence = StatusValid, confidenceVerified
			if fallback {
				c.Confidence = confidenceVerifiedA
			}
			c.Reason = fmt.Sprintf("%s accepted it and refused a random address (%s)", fd.Probe.Host, fd.Probe.CatchAllReply)
		}
	}
}

// probe asks the domain's mail hosts, best first, until one session works; the
// likeliest candidates are asked about first.
func (f *Finder) probe(ctx context.Context, md MailDomain, cands []Candidate) (*ProbeResult, string) {
	order := slices.Clone(cands)
	slices.SortStableFunc(order, func(a, b Candidate) int { return cmp.Compare(b.Confidence, a.Confidence) })
	addrs := make([]string, len(order))
	for i, c := range order {
		addrs[i] = c.Address
	}
	var errs []string
	for i, host := range md.Hosts {
		if i == 2 {
			break
		}
		res, err := f.Prober.Probe(ctx, host, md.Domain, addrs)
		if err == nil {
			return &res, ""
		}
		errs = append(errs, err.Error())
	}
	return nil, "probing failed (" + strings.Join(errs, "; ") + ")"
}

// FindForLead runs Find with the lead's name and company domain: the company_domain
// field, else the domain of its website or work email. known are colleagues whose
// addresses are known (nil when there are none). A lead without a usable name or
// domain gives an EINVALID error that says which is missing.
func (f *Finder) FindForLead(ctx context.Context, l *paceline.Lead, known []Known) (Finding, error) {
	first, last := l.FirstName, l.LastName
	if first == "" && last == "" {
		first, last = lead.SplitName(l.DisplayName)
	}
	if first == "" {
		return Finding{}, paceline.FieldErrorf("first_name", "the lead has no first name: an address cannot be guessed without one")
	}
	domain := Get(l, FieldCompanyDomain)
	if domain == "" {
		domain, _ = DomainFromWebsite(Get(l, FieldWebsite))
	}
	if domain == "" {
		domain, _ = DomainFromEmail(l.Email)
	}
	if domain == "" {
		return Finding{}, paceline.FieldErrorf("company_domain", "the lead has no company domain, website or work email: add one (or enrich the lead) first")
	}
	return f.Find(ctx, Query{FirstName: first, LastName: last, Domain: domain, Known: known})
}
