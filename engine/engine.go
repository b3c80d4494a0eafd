package engine

import (
	"fmt"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/sequence"
)

// Options configure an Engine.
type Options struct {
	Executor Executor
	Ledger   Recorder
	// Seed drives the engine's random picks (a delay of 1d..2d); the same seed gives
	// the same picks for the same lead and step.
	Seed uint64
	// WithdrawAfter is the age at which invite hygiene withdraws an invite that is
	// still pending and that no wait_for is holding (a sequence that went on with
	// on_timeout: continue or stop, or never waited); 0 is 21 days, negative never.
	WithdrawAfter time.Duration
	// SplitEvenly deals a step's variants to new leads in turn instead of learning
	// which one works (Thompson sampling): the fixed split the bandit is measured
	// against.
	SplitEvenly bool
	// ExpectLeads sizes the engine's lead tables for that many leads up front (a
	// simulation knows how many it will enroll); 0 lets them grow as needed.
	ExpectLeads int
	// Memory, when not nil, is the tables an engine that is done released (Release):
	// New takes them, if they hold room for ExpectLeads, instead of allocating its own.
	Memory *Memory
}

// DefaultWithdrawAfter is the age at which invite hygiene withdraws a pending invite:
// good practice withdraws invites pending longer than about three weeks.
const DefaultWithdrawAfter = 21 * 24 * time.Hour

// Engine is the decision loop of DESIGN.md §2: due steps → Pacer → Executor → ledger
// → advance. Set it up with AddAccount, AddCampaign and Enroll; then call Step with the
// current instant whenever NextWake comes, and Observe with every event.
type Engine struct {
	opt       Options
	seats     []*seat
	byName    map[string]*seat
	campaigns map[string]*campaign
	// enrolling is the campaign the last Enroll named: leads are enrolled by the
	// thousand into one campaign, and comparing its name (the same string, as a rule)
	// costs less than hashing it.
	enrolling *campaign
	personIDs map[string]int32 // lead key -> its number in people
	people    []person         // what the engine knows of each lead (leads.go)
	all       []*Enrollment
	// detached holds the withdrawals invite hygiene queued apart from any enrollment,
	// for the ready queues to name by number (see byRef); a few bytes each.
	detached []*Enrollment
	gens     []uint32 // each enrollment's gen, by ref (see bump)
	// slab holds enrollments not yet handed out, allocated together for ExpectLeads;
	// slabAll is the whole of it, for Release.
	slab    []Enrollment
	slabAll []Enrollment
	timers  timerQueue
	now     time.Time
	nowN    int64 // now in unix nanoseconds, as the queues keep instants
	running int   // enrollments not yet finished or stopped
	// dirtySeats (by index) must be looked at before the engine sleeps; wakes orders
	// the other seats by their wake-up, so neither Step nor NextWake scans every
	// account. Indexes rather than pointers: the lists change on every action, and
	// writing numbers costs the garbage collector nothing.
	dirtySeats []int
	wakes      seatHeap
	spare      []int // the last batch, reused for the next dirty list
	hygiene    hygieneQueue
	// spareReady holds the ready queues a released engine handed on (Memory.ready);
	// AddAccount gives them out in order from nextReady.
	spareReady []readyQueue
	nextReady  int
	// spareMaps and nextMaps do the same for the seats' maps (Memory.seatMaps).
	spareMaps []seatMaps
	nextMaps  int

	action paceline.Action // the action being carried out
	keys   strings.Builder // holds the latest actions' keys (actionKey)
	texts  textState       // rendering and variants (render.go, variant.go)
}

// New returns an engine with no accounts or campaigns.
func New(opt Options) (*Engine, error) {
	if opt.Executor == nil || opt.Ledger == nil {
		return nil, paceline.Errorf(paceline.EINTERNAL, "engine: an executor and a ledger are required")
	}
	if opt.WithdrawAfter == 0 {
		opt.WithdrawAfter = DefaultWithdrawAfter
	}
	n := max(opt.ExpectLeads, 0)
	m := opt.Memory
	opt.Memory = nil // the engine keeps its options: it must not hold the memory twice
	g := &Engine{
		opt:       opt,
		byName:    map[string]*seat{},
		campaigns: map[string]*campaign{},
		texts:     newTextState(opt.Executor),
	}
	if !g.reuse(m, n) {
		g.personIDs = make(map[string]int32, n)
		g.people = make([]person, 0, n)
		g.slab = make([]Enrollment, n)
		g.slabAll = g.slab
		g.all = make([]*Enrollment, 0, n)
		g.gens = make([]uint32, 0, n)
		g.timers = make(timerQueue, 0, n)
		g.hygiene.w = make([]watch, 0, n) // about one invite a lead
	}
	return g, nil
}

// AddAccount adds a sending account. Errors: EINVALID for a missing name or Pacer,
// ECONFLICT for a name already added.
func (g *Engine) AddAccount(a Account) error {
	switch {
	case a.Name == "":
		return paceline.FieldErrorf("account", "has no name")
	case a.Pacer == nil:
		return paceline.FieldErrorf("account", "%s has no pacer", a.Name)
	case g.byName[a.Name] != nil:
		return paceline.Errorf(paceline.ECONFLICT, "account %s is already added", a.Name)
	}
	maps := g.seatMaps()
	s := &seat{Account: a, index: len(g.seats), pending: maps.pending, connected: maps.connected,
		cal: limits.NewCalendar(a.Schedule)}
	s.recorder, _ = a.Pacer.(ActionRecorder)
	s.decider, _ = a.Pacer.(DecidingInto)
	for k := range s.ready {
		s.ready[k] = g.readyQueue()
	}
	g.seats = append(g.seats, s)
	g.wakes.push(s)
	g.byName[a.Name] = s
	return nil
}

// AddCampaign adds a campaign. Errors: EINVALID for a missing name or sequence, an
// invalid sequence or an unknown account; ECONFLICT for a name already added.
func (g *Engine) AddCampaign(c Campaign) error {
	switch {
	case c.Name == "":
		return paceline.FieldErrorf("campaign", "has no name")
	case c.Sequence == nil || len(c.Sequence.Steps) == 0:
		return paceline.FieldErrorf("sequence", "campaign %s has no sequence steps", c.Name)
	case len(c.Accounts) == 0:
		return paceline.FieldErrorf("accounts", "campaign %s has no sending account (give it at least one)", c.Name)
	case g.campaigns[c.Name] != nil:
		return paceline.Errorf(paceline.ECONFLICT, "campaign %s is already added", c.Name)
	}
	if err := sequence.Validate(c.Sequence, sequence.Options{}); err != nil {
		return fmt.Errorf("campaign %s: %w", c.Name, err)
	}
	cp := &campaign{Campaign: c}
	for _, name := range c.Accounts {
		s := g.byName[name]
		if s == nil {
			return paceline.FieldErrorf("accounts", "campaign %s names unknown account %q", c.Name, name)
		}
		cp.seats = append(cp.seats, s)
	}
	cp.turn = newRotation(cp.seats)
	g.campaigns[c.Name] = cp
	return nil
}

// Enroll starts a lead on a campaign at now, from the campaign account the lead is
// already connected to (or has a pending invite from), else from the account whose
// turn it is. A lead is in at most one active enrollment across every campaign and account:
// enrolling it again while one runs is an ECONFLICT error; once that one has finished,
// another campaign may enroll it. Errors: ENOTFOUND for an unknown campaign, EINVALID
// for a lead without a key.
func (g *Engine) Enroll(campaignName string, l *paceline.Lead, now time.Time) (*Enrollment, error) {
	c := g.enrolling
	if c == nil || c.Name != campaignName {
		if c = g.campaigns[campaignName]; c == nil {
			return nil, paceline.Errorf(paceline.ENOTFOUND, "campaign %q does not exist", campaignName)
		}
		g.enrolling = c
	}
	key := LeadKey(l)
	if key == "" {
		return nil, paceline.FieldErrorf("lead", "%q has no profile URL, Sales Navigator id or email to know it by", l.Name())
	}
	id := g.personID(key)
	p := &g.people[id]
	if other := p.active; other != nil {
		return nil, paceline.Errorf(paceline.ECONFLICT, "lead %s is already in campaign %s from account %s (one active enrollment per lead)",
			key, other.camp.Name, other.Account)
	}
	s := g.known(c, id, p.seen)
	if s == nil {
		s = c.pick()
	}
	s.assigned++
	// Field by field into the zero enrollment rather than a copy of a whole Enrollment:
	// while the collector marks, a copy puts every pointer slot of its 336 bytes through
	// the write barrier, and a simulation enrolls thousands of leads at once.
	e := g.newEnrollment()
	e.ID, e.Lead, e.Key, e.Account, e.Started = int64(len(g.all)+1), l, key, s.Name, now
	e.camp, e.seat, e.queued, e.person, e.ref, e.lead = c, s, -1, id, int32(len(g.all)), factsOf(l)
	if at, ok := s.connected[id]; ok {
		e.Connected, e.AcceptedAt = true, time.Unix(0, at).UTC()
	}
	g.all = append(g.all, e)
	g.gens = append(g.gens, e.gen)
	p.active = e
	g.running++
	g.goTo(e, 0, now)
	return e, nil
}

// Enrollments returns every enrollment, in the order they were made.
func (g *Engine) Enrollments() []*Enrollment { return g.all }

// Running returns how many enrollments have not finished or stopped.
func (g *Engine) Running() int { return g.running }

// Active returns the lead's running enrollment, or nil.
func (g *Engine) Active(leadKey string) *Enrollment { return g.activeFor(leadKey) }

// newEnrollment returns a zero enrollment, from the slab while it lasts (a slab is
// zero when made and cleared by Release).
func (g *Engine) newEnrollment() *Enrollment {
	if len(g.slab) == 0 {
		return new(Enrollment)
	}
	e := &g.slab[0]
	g.slab = g.slab[1:]
	return e
}

// Waiting returns how many due steps of kind k wait for the account's Pacer.
func (g *Engine) Waiting(account string, k paceline.ActionKind) int {
	s := g.byName[account]
	if s == nil || k.Index() < 0 {
		return 0
	}
	return s.waiting[k.Index()]
}
