package api

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/score"
)

// LeadImporter runs an import inside one transaction that commits only when fn
// returns nil, as package sqlite's Store.ImportLeads does, and keeps the ICP rules in
// force that uploads are scored with.
type LeadImporter interface {
	ImportLeads(ctx context.Context, fn func(sink lead.Sink) error) error
	ICPRuleKeeper
}

// DefaultMaxUpload bounds an uploaded lead file: a million-row export is well under it.
const DefaultMaxUpload = 200 << 20

// keptImports is how many finished imports the server remembers. Imports live in
// memory only: a restart forgets them (the leads they stored stay stored).
const keptImports = 50

// Import states.
const (
	ImportRunning = "running"
	ImportDone    = "done"
	ImportFailed  = "failed"
)

// ImportStatus is an import as GET /api/v1/leads/imports/{id} shows it. Rows counts
// the leads stored so far while it runs (new or updated) and every row of the file
// once done; Report and Error are set when it ends.
type ImportStatus struct {
	ID         string             `json:"id"`
	State      string             `json:"state"`
	Rows       int64              `json:"rows"`
	BytesRead  int64              `json:"bytes_read"`
	TotalBytes int64              `json:"total_bytes"`
	Report     *lead.ImportReport `json:"report,omitempty"`
	Error      string             `json:"error,omitempty"`
}

// importJob is one import: its counters move while it runs, the rest under imports.mu.
type importJob struct {
	id    string
	total int64
	read  atomic.Int64
	rows  atomic.Int64
	state string
	rep   *lead.ImportReport
	err   string
}

// imports holds the server's imports; one runs at a time, since each holds the
// database's write transaction for its whole length.
type imports struct {
	mu      sync.Mutex
	running bool
	// current is the id of the running import once its upload is stored, "" while
	// it is still arriving.
	current string
	jobs    map[string]*importJob
	order   []string // ids, oldest first, to forget the oldest finished ones
}

func (im *imports) status(j *importJob) ImportStatus {
	im.mu.Lock()
	defer im.mu.Unlock()
	st := ImportStatus{ID: j.id, State: j.state, Rows: j.rows.Load(), BytesRead: j.read.Load(),
		TotalBytes: j.total, Report: j.rep, Error: j.err}
	if j.rep != nil {
		st.Rows = int64(j.rep.Rows)
	}
	return st
}

// reserve takes the single import slot, or says an import runs.
func (im *imports) reserve() error {
	im.mu.Lock()
	defer im.mu.Unlock()
	if im.running {
		if im.current == "" {
			return paceline.Errorf(paceline.ECONFLICT, "another upload is arriving: wait for its import to finish (GET /api/v1/leads/imports/{id}) and send this file again")
		}
		return paceline.Errorf(paceline.ECONFLICT, "import %s is running: wait for it to finish (GET /api/v1/leads/imports/%s) and send this file again", im.current, im.current)
	}
	im.running = true
	return nil
}

func (im *imports) release() {
	im.mu.Lock()
	im.running, im.current = false, ""
	im.mu.Unlock()
}

func (im *imports) add(j *importJob) {
	im.mu.Lock()
	defer im.mu.Unlock()
	if im.jobs == nil {
		im.jobs = map[string]*importJob{}
	}
	im.jobs[j.id] = j
	im.current = j.id
	im.order = append(im.order, j.id)
	for len(im.order) > keptImports {
		delete(im.jobs, im.order[0])
		im.order = im.order[1:]
	}
}

func (im *imports) finish(j *importJob, rep *lead.ImportReport, err error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	j.state, j.rep = ImportDone, rep
	if err != nil {
		j.state, j.rep, j.err = ImportFailed, nil, err.Error()
	}
	im.running, im.current = false, ""
}

// importRequest is the options an upload asks for, as sent.
type importRequest struct {
	preset string
	maps   []string
	list   string
}

func (q *importRequest) set(name, value string) {
	switch name {
	case "preset":
		q.preset = strings.TrimSpace(value)
	case "map":
		// A form's Map field left blank maps nothing, as no field would.
		if strings.TrimSpace(value) != "" {
			q.maps = append(q.maps, value)
		}
	case "list":
		q.list = strings.TrimSpace(value)
	}
}

func isImportOption(name string) bool {
	return name == "preset" || name == "map" || name == "list"
}

// maxListName bounds a list's name, which campaigns name and pages show.
const maxListName = 200

func (q *importRequest) options() (lead.Options, error) {
	switch {
	case len(q.list) > maxListName:
		return lead.Options{}, paceline.FieldErrorf("list", "is %d bytes long; give the list a short name (at most %d bytes)", len(q.list), maxListName)
	case strings.ContainsFunc(q.list, unicode.IsControl):
		return lead.Options{}, paceline.FieldErrorf("list", "%q has a control character (use letters, digits, '-' or '_', such as q1-founders)", q.list)
	}
	if q.preset != "" && !slices.Contains(lead.Presets, q.preset) {
		return lead.Options{}, paceline.FieldErrorf("preset", "%q is not a preset (use one of %s)", q.preset, strings.Join(lead.Presets, ", "))
	}
	m, err := lead.ParseColumnMap(q.maps)
	if err != nil {
		return lead.Options{}, err
	}
	return lead.Options{Preset: q.preset, Map: m, NoIdentityHint: noIdentityHint}, nil
}

// noIdentityHint is what an upload without an identity column is told to do: an
// upload has no --map flag but a map option, the leads page's Map columns field.
const noIdentityHint = "name one in map (the leads page's Map columns field, or the map parameter): COLUMN=profile_url or COLUMN=email"

// RunningImport is the id of the import running now, "" when none runs or the
// running one's upload is still arriving: the dashboard sends a second upload's user
// to it.
func (a *API) RunningImport() string {
	a.imports.mu.Lock()
	defer a.imports.mu.Unlock()
	return a.imports.current
}

// StartImport spools the request's lead file to a temporary file and imports it in
// the background; the status says the new import's id. The body is a multipart form
// with a "file" part or a raw CSV body (text/csv), or the JSON export (application/json); the options preset, map
// (repeatable) and list come from the query or from form fields before the file.
// check, when not nil, is called with the form fields read before the file part (none
// for a raw body) and may refuse the upload before any of it is stored: the dashboard
// checks its CSRF token there. Errors: EUNAVAILABLE without an importer, ECONFLICT
// while another import runs, EINVALID, too large (413), unsupported media type (415).
func (a *API) StartImport(w http.ResponseWriter, r *http.Request, check func(url.Values) error) (ImportStatus, error) {
	if a.deps.Importer == nil {
		return ImportStatus{}, paceline.Errorf(paceline.EUNAVAILABLE, "this server cannot import leads: import with paceline leads import FILE.csv")
	}
	if err := a.imports.reserve(); err != nil {
		return ImportStatus{}, err
	}
	spool, opt, q, err := a.spoolUpload(w, r, check)
	if err != nil {
		a.imports.release()
		return ImportStatus{}, err
	}
	j := &importJob{id: newImportID(), state: ImportRunning}
	if info, err := spool.Stat(); err == nil {
		j.total = info.Size()
	}
	a.imports.add(j)
	go a.runImport(j, spool, opt, q.list)
	return a.imports.status(j), nil
}

// spoolUpload copies the upload, at most Deps.MaxUpload bytes, to a temporary file
// and returns it rewound, with the import's options.
func (a *API) spoolUpload(w http.ResponseWriter, r *http.Request, check func(url.Values) error) (*os.File, lead.Options, importRequest, error) {
	var q importRequest
	for name, vs := range r.URL.Query() {
		for _, v := range vs {
			q.set(name, v)
		}
	}
	fields := url.Values{}
	rc := http.NewResponseController(w)
	idle := &idleReader{r: r.Body, rc: rc, idle: a.deps.uploadIdle()}
	body := http.MaxBytesReader(w, struct {
		io.Reader
		io.Closer
	}{idle, r.Body}, a.deps.maxUpload())
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var src io.Reader
	var mr *multipart.Reader
	switch mt {
	case "multipart/form-data":
		mr = multipart.NewReader(body, params["boundary"])
		for src == nil {
			part, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return nil, lead.Options{}, q, paceline.FieldErrorf("file", "the form has no file part: send the CSV as the field \"file\"")
			}
			if err != nil {
				return nil, lead.Options{}, q, uploadError(err, a.deps.maxUpload())
			}
			if part.FormName() == "file" {
				src = part
				break
			}
			v, err := io.ReadAll(io.LimitReader(part, 4<<10))
			if err != nil {
				return nil, lead.Options{}, q, uploadError(err, a.deps.maxUpload())
			}
			fields.Add(part.FormName(), string(v))
			q.set(part.FormName(), string(v))
		}
	case "text/csv", "text/plain", "application/csv", "application/octet-stream":
		src = body // the reader tells a JSON export from a CSV file by its first byte
	case "application/json":
		// Only the export's object (its suppression list and leads) or a bare array of
		// leads is a JSON file of leads: anything else is refused now, not after a 202
		// by the import running in the background.
		br := bufio.NewReader(body)
		if first, err := firstNonSpace(br); err != nil || first != '[' && first != '{' {
			return nil, lead.Options{}, q, paceline.Errorf(codeUnsupported,
				"a JSON body must be what paceline leads export --format json writes ({\"suppressions\": [...], \"leads\": [...]}) or an array of its leads ([{\"first_name\": ..., \"profile_url\": ...}, ...]); send other files as CSV")
		}
		src = br
	default:
		return nil, lead.Options{}, q, paceline.Errorf(codeUnsupported, "send the CSV (or the JSON of paceline leads export --format json) as multipart/form-data (field \"file\") or as a text/csv or application/json body, not %q", r.Header.Get("Content-Type"))
	}
	if check != nil {
		if err := check(fields); err != nil {
			return nil, lead.Options{}, q, err
		}
	}
	opt, err := q.options()
	if err != nil {
		return nil, lead.Options{}, q, err
	}
	f, err := os.CreateTemp("", "paceline-import-*.csv")
	if err != nil {
		return nil, lead.Options{}, q, fmt.Errorf("spool upload: %w", err)
	}
	if _, err := io.Copy(f, src); err != nil {
		discard(f)
		return nil, lead.Options{}, q, uploadError(err, a.deps.maxUpload())
	}
	if mr != nil {
		// An option sent after the file would be dropped without a word, and the
		// leads imported without their list: refuse it while nothing is stored.
		if part, err := mr.NextPart(); err == nil && isImportOption(part.FormName()) {
			discard(f)
			return nil, lead.Options{}, q, paceline.FieldErrorf(part.FormName(), "comes after the file in the form: send preset, map and list before the field file (they are read first)")
		}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		discard(f)
		return nil, lead.Options{}, q, fmt.Errorf("spool upload: %w", err)
	}
	// The whole upload is read. A refused one keeps its deadline, so the server's
	// read of what is left before it answers fails at once instead of waiting on a
	// client that stopped sending.
	_ = rc.SetReadDeadline(time.Time{})
	return f, opt, q, nil
}

// idleReader moves the connection's read deadline on before each read, so that an
// upload may take as long as it needs but not stop sending for longer than idle. A
// server that cannot set deadlines (a test recorder) reads without one.
type idleReader struct {
	r    io.Reader
	rc   *http.ResponseController
	idle time.Duration
}

func (i *idleReader) Read(b []byte) (int, error) {
	_ = i.rc.SetReadDeadline(time.Now().Add(i.idle))
	n, err := i.r.Read(b)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		err = errUploadStalled{i.idle}
	}
	return n, err
}

// errUploadStalled is an upload that sent nothing for its idle time.
type errUploadStalled struct{ idle time.Duration }

func (e errUploadStalled) Error() string {
	return fmt.Sprintf("the upload sent nothing for %s", e.idle)
}

// uploadError says what went wrong reading an upload: too large, stalled, or cut short.
func uploadError(err error, limit int64) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return paceline.Errorf(codeTooLarge, "the upload is larger than %d MB: split the file or import it with paceline leads import FILE.csv", limit>>20)
	}
	var stalled errUploadStalled
	if errors.As(err, &stalled) {
		return paceline.Errorf(paceline.EINVALID, "%s, so it was dropped and nothing was imported: send it again", stalled.Error())
	}
	return paceline.Errorf(paceline.EINVALID, "the upload could not be read to its end (%v): send it again", err)
}

func discard(f *os.File) {
	f.Close()
	os.Remove(f.Name())
}

// runImport imports the spooled file in one transaction and records the outcome; the
// file is removed after.
func (a *API) runImport(j *importJob, spool *os.File, opt lead.Options, list string) {
	defer discard(spool)
	defer func() {
		// A bug in the import must not take the server down nor hold the import slot
		// for good; the transaction was rolled back as the panic left it.
		if p := recover(); p != nil {
			a.deps.logger().Error("api: lead import panicked", "id", j.id, "panic", p)
			a.imports.finish(j, nil, errors.New("internal error: nothing was imported"))
		}
	}()
	start := time.Now()
	rep, err := a.importFile(j, spool, opt, list)
	if rep != nil {
		rep.Seconds = time.Since(start).Seconds()
	}
	if err != nil && paceline.ErrorCode(err) == paceline.EINTERNAL {
		a.deps.logger().Error("api: lead import", "id", j.id, "err", err)
		err = errors.New("internal error: nothing was imported")
	} else if err != nil {
		err = fmt.Errorf("%s; nothing was imported", paceline.ErrorMessage(err))
	}
	a.imports.finish(j, rep, err)
}

func (a *API) importFile(j *importJob, f *os.File, opt lead.Options, list string) (*lead.ImportReport, error) {
	rd, err := lead.NewReader(&progressReader{r: f, n: &j.read}, opt)
	if err != nil {
		return nil, err
	}
	var rep *lead.ImportReport
	err = a.deps.Importer.ImportLeads(context.Background(), func(sink lead.Sink) error {
		rules, err := a.importRules(context.Background(), sink)
		if err != nil {
			return err
		}
		// The sink goes in as the store made it: a wrapper would hide the methods
		// Import looks for (restoring and spreading suppressions, settling merges).
		rep, err = lead.Import(context.Background(), rd, sink,
			lead.ImportOptions{List: list, ScoreFunc: rules.Apply, Stored: &j.rows})
		return err
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// RulesSink is a lead.Sink that reads the ICP rules in force inside the import's
// transaction, as both stores' sinks do. ok is false while the built-in rules apply.
type RulesSink interface {
	lead.Sink
	ICPRules() (r score.Stored, ok bool, err error)
}

// importRules returns the rules an upload is scored with: those the importer keeps in
// force, else Deps.Rules. They are read through the sink, inside the import's
// transaction (RulesSink): read before it began, a save of new rules (paceline leads
// score --icp) that committed meanwhile left the upload's leads scored by the old
// rules under the new ones. A sink that cannot read them has the importer read them.
func (a *API) importRules(ctx context.Context, sink lead.Sink) (*score.Rules, error) {
	var kept score.Stored
	var ok bool
	var err error
	if rs, is := sink.(RulesSink); is {
		kept, ok, err = rs.ICPRules()
	} else {
		kept, ok, err = a.deps.Importer.ICPRules(ctx)
	}
	if err != nil {
		return nil, err
	}
	if !ok {
		return a.deps.Rules, nil
	}
	return kept.Rules()
}

// progressReader counts the bytes read of the spooled file, for bytes_read.
type progressReader struct {
	r io.Reader
	n *atomic.Int64
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n.Add(int64(n))
	return n, err
}

// ImportStatusOf returns an import's status. Errors: ENOTFOUND, also for an import
// this server forgot (it keeps them in memory, the last 50).
func (a *API) ImportStatusOf(id string) (ImportStatus, error) {
	a.imports.mu.Lock()
	j := a.imports.jobs[id]
	a.imports.mu.Unlock()
	if j == nil {
		return ImportStatus{}, paceline.Errorf(paceline.ENOTFOUND, "no import %q on this server (imports are kept in memory and forgotten on restart)", id)
	}
	return a.imports.status(j), nil
}

func newImportID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

func (a *API) postImport(w http.ResponseWriter, r *http.Request) error {
	st, err := a.StartImport(w, r, nil)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/leads/imports/"+st.ID)
	writeJSON(w, http.StatusAccepted, st)
	return nil
}

func (a *API) getImport(w http.ResponseWriter, r *http.Request) error {
	st, err := a.ImportStatusOf(r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

// firstNonSpace peeks at the first byte of br that is not white space, leaving it
// unread; an error when there is none in the first 4 KiB.
func firstNonSpace(br *bufio.Reader) (byte, error) {
	for n := 1; n <= 4<<10; n++ {
		b, err := br.Peek(n)
		if len(b) < n {
			return 0, fmt.Errorf("peek at the body: %w", err)
		}
		if c := b[n-1]; !unicode.IsSpace(rune(c)) {
			return c, nil
		}
	}
	return 0, errors.New("only white space in the first 4 KiB")
}
