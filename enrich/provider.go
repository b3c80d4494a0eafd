package enrich

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paceline/paceline"
)

// Provider looks leads up in an HTTP JSON enrichment service described by a
// ProviderConfig. It is safe for concurrent use; all callers share its rate limit.
type Provider struct {
	cfg     ProviderConfig
	paths   map[string]jsonPath
	secret  string
	client  *http.Client
	limiter *Limiter
	now     func() time.Time
	sleep   func(context.Context, time.Duration) error
	retries int
	backoff time.Duration
	timeout time.Duration
}

var _ Looker = (*Provider)(nil)

// ProviderOptions are a Provider's dependencies, passed in so that tests run on a fake
// clock and environment. Getenv, Now and Sleep are required; Client may be nil.
type ProviderOptions struct {
	// Client sends the requests; nil means a plain http.Client. The config's timeout
	// applies either way.
	Client *http.Client
	// Getenv reads the key's environment variable (os.Getenv in production).
	Getenv func(string) string
	// Now and Sleep are the clock for the rate limit and the back-off
	// (time.Now and SleepContext in production).
	Now   func() time.Time
	Sleep func(context.Context, time.Duration) error
	// Backoff is the first retry's wait, doubled for each further try; 500ms when zero.
	Backoff time.Duration
}

// maxRetryWait bounds how long a Retry-After header may make a lookup wait.
const maxRetryWait = time.Minute

// NewProvider checks cfg and reads the key from the environment. A missing key is an
// error that names the variable to set; the key's value never appears in any error.
func NewProvider(cfg ProviderConfig, opt ProviderOptions) (*Provider, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	if opt.Getenv == nil || opt.Now == nil || opt.Sleep == nil {
		return nil, paceline.Errorf(paceline.EINTERNAL, "enrich.NewProvider needs Getenv, Now and Sleep")
	}
	p := &Provider{
		cfg:     cfg,
		paths:   make(map[string]jsonPath, len(cfg.Fields)),
		client:  opt.Client,
		now:     opt.Now,
		sleep:   opt.Sleep,
		retries: cfg.retries(),
		backoff: opt.Backoff,
	}
	if p.backoff <= 0 {
		p.backoff = 500 * time.Millisecond
	}
	for name, path := range cfg.Fields {
		p.paths[name], _ = parseJSONPath(path) // Check parsed it already
	}
	if cfg.Auth.Env != "" {
		p.secret = strings.TrimSpace(opt.Getenv(cfg.Auth.Env))
		if p.secret == "" {
			return nil, paceline.FieldErrorf("provider "+cfg.Name+": auth.env", "the environment variable %s is empty: set it to the provider's API key", cfg.Auth.Env)
		}
	}
	p.timeout, _ = cfg.timeout() // Check parsed it already
	if p.client == nil {
		p.client = &http.Client{}
	}
	if rate, _ := ParseRate(cfg.Rate); rate > 0 {
		p.limiter = NewLimiter(rate, cfg.Burst, opt.Now, opt.Sleep)
	}
	return p, nil
}

// Name returns the provider's configured name.
func (p *Provider) Name() string { return p.cfg.Name }

// Fills returns the lead fields the provider's mapping can fill, sorted.
func (p *Provider) Fills() []string { return slices.Sorted(maps.Keys(p.paths)) }

// String names the provider and nothing else, so that printing one (%v, %+v) in a log
// line can never show its key.
func (p *Provider) String() string { return "enrichment provider " + p.cfg.Name }

// GoString is String for %#v, which would otherwise print every field, the key included.
func (p *Provider) GoString() string { return p.String() }

// Lookup asks the provider about l and returns the mapped fields it knows. A 404 means
// the provider does not know the person: no fields and no error. A lead without a
// field the URL needs gives ErrNotEnoughInput. Every other failure is an
// EUNAVAILABLE (or EUNAUTHORIZED) *paceline.Error naming the provider.
func (p *Provider) Lookup(ctx context.Context, l *paceline.Lead) (map[string]string, error) {
	target, err := p.requestURL(l)
	if err != nil {
		return nil, err
	}
	payload, err := p.requestBody(l)
	if err != nil {
		return nil, err
	}
	body, err := p.fetch(ctx, target, payload)
	if err != nil || body == nil {
		return nil, err
	}
	return p.decode(body)
}

// requestURL fills the URL template. Values are path-escaped before the "?" and
// query-escaped after it, so a name with "&" or "/" cannot change the request.
func (p *Provider) requestURL(l *paceline.Lead) (string, error) {
	var missing string
	query := strings.IndexByte(p.cfg.URL, '?')
	var b strings.Builder
	last := 0
	for _, m := range placeholderRE.FindAllStringSubmatchIndex(p.cfg.URL, -1) {
		b.WriteString(p.cfg.URL[last:m[0]])
		name := p.cfg.URL[m[2]:m[3]]
		v := Get(l, name)
		if v == "" && missing == "" {
			missing = name
		}
		if query >= 0 && m[0] > query {
			b.WriteString(url.QueryEscape(v))
		} else {
			b.WriteString(url.PathEscape(v))
		}
		last = m[1]
	}
	b.WriteString(p.cfg.URL[last:])
	if missing != "" {
		return "", fmt.Errorf("provider %s: the lead has no %s: %w", p.cfg.Name, missing, ErrNotEnoughInput)
	}
	return b.String(), nil
}

// requestBody fills the POST body template with JSON-escaped values; nil for a GET.
func (p *Provider) requestBody(l *paceline.Lead) ([]byte, error) {
	if p.cfg.Body == "" {
		return nil, nil
	}
	var missing string
	out := placeholderRE.ReplaceAllStringFunc(p.cfg.Body, func(ph string) string {
		name := placeholderRE.FindStringSubmatch(ph)[1]
		v := Get(l, name)
		if v == "" && missing == "" {
			missing = name
		}
		quoted, _ := json.Marshal(v) // a string always marshals
		return string(quoted[1 : len(quoted)-1])
	})
	if missing != "" {
		return nil, fmt.Errorf("provider %s: the lead has no %s: %w", p.cfg.Name, missing, ErrNotEnoughInput)
	}
	return []byte(out), nil
}

// fetch sends the request with retries and returns the body, or nil for a 404.
func (p *Provider) fetch(ctx context.Context, target string, payload []byte) ([]byte, error) {
	var lastErr error
	for attempt := 0; attempt <= p.retries; attempt++ {
		if attempt > 0 {
			wait := p.backoff << (attempt - 1)
			var ra *retryAfter
			if errors.As(lastErr, &ra) && ra.wait > wait {
				wait = min(ra.wait, maxRetryWait)
			}
			if err := p.sleep(ctx, wait); err != nil {
				return nil, p.unavailable("was cancelled while waiting to retry (%v)", lastErr)
			}
		}
		if err := p.limiter.Wait(ctx); err != nil {
			return nil, p.unavailable("was cancelled while waiting for its rate limit: %v", err)
		}
		body, retry, err := p.once(ctx, target, payload)
		if err == nil {
			return body, nil
		}
		if !retry {
			return nil, err
		}
		lastErr = err
	}
	// Say how hard we tried in the user's sentence itself, which is what the CLI and
	// API show.
	var pe *paceline.Error
	if errors.As(lastErr, &pe) && p.retries > 0 {
		return nil, &paceline.Error{Code: pe.Code, Message: fmt.Sprintf("%s (after %d tries)", pe.Message, p.retries+1)}
	}
	return nil, lastErr
}

// retryAfter carries a server's Retry-After wait with the error it came with.
type retryAfter struct {
	wait time.Duration
	err  error
}

func (r *retryAfter) Error() string { return r.err.Error() }
func (r *retryAfter) Unwrap() error { return r.err }

// once sends one request. retry says whether the failure is worth another try.
func (p *Provider) once(ctx context.Context, target string, payload []byte) (body []byte, retry bool, err error) {
	// The timeout is set here rather than on the client so it holds for a client the
	// caller passed in too.
	reqCtx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	method, reqBody := http.MethodGet, io.Reader(nil)
	if payload != nil {
		method, reqBody = http.MethodPost, bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(reqCtx, method, target, reqBody)
	if err != nil {
		return nil, false, p.unavailable("cannot build its request: %v", err)
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if p.cfg.Auth.Header != "" {
		req.Header.Set(p.cfg.Auth.Header, p.cfg.Auth.Prefix+p.secret)
	}
	resp, err := p.client.Do(req)
	switch {
	case err == nil:
	case ctx.Err() != nil:
		return nil, false, p.unavailable("was cancelled: %v", ctx.Err())
	case reqCtx.Err() != nil:
		return nil, true, p.unavailable("cannot be reached: no answer within %v (raise timeout if it is slow)", p.timeout)
	default:
		return nil, true, p.unavailable("cannot be reached: %v", p.redact(unwrapURLError(err)))
	}
	defer resp.Body.Close()
	limit := p.cfg.maxBody()
	body, err = io.ReadAll(io.LimitReader(resp.Body, limit+1))
	switch {
	case err == nil:
	case ctx.Err() != nil:
		return nil, false, p.unavailable("was cancelled: %v", ctx.Err())
	case reqCtx.Err() != nil:
		return nil, true, p.unavailable("sent its answer too slowly: not done within %v (raise timeout if it is slow)", p.timeout)
	default:
		return nil, true, p.unavailable("broke off its answer: %v", p.redact(err))
	}
	switch code := resp.StatusCode; {
	case code == http.StatusNotFound:
		return nil, false, nil
	case code == http.StatusTooManyRequests || code >= 500:
		e := p.unavailable("answered %d %s%s", code, http.StatusText(code), p.snippet(body))
		if wait, ok := parseRetryAfter(resp.Header.Get("Retry-After"), p.now()); ok {
			return nil, true, &retryAfter{wait, e}
		}
		return nil, true, e
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return nil, false, paceline.Errorf(paceline.EUNAUTHORIZED, "enrichment provider %s refused the key (%d %s): check %s", p.cfg.Name, code, http.StatusText(code), p.keyHint())
	case code < 200 || code > 299:
		return nil, false, p.unavailable("answered %d %s%s", code, http.StatusText(code), p.snippet(body))
	}
	if int64(len(body)) > limit {
		return nil, false, p.unavailable("sent more than %d bytes: raise max_body_bytes if that is expected", limit)
	}
	return body, false, nil
}

// decode parses the body and picks the mapped fields out of it.
func (p *Provider) decode(body []byte) (map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, p.unavailable("sent a body that is not JSON%s", p.snippet(body))
	}
	if dec.More() {
		return nil, p.unavailable("sent more than one JSON value%s", p.snippet(body))
	}
	got := make(map[string]string, len(p.paths))
	for _, name := range slices.Sorted(maps.Keys(p.paths)) {
		v, ok, err := p.paths[name].lookup(doc)
		if err != nil {
			return nil, p.unavailable("sent an answer that does not fit the mapping for %s: %v", name, err)
		}
		if ok {
			got[name] = strings.TrimSpace(v)
		}
	}
	return got, nil
}

func (p *Provider) unavailable(format string, args ...any) *paceline.Error {
	return paceline.Errorf(paceline.EUNAVAILABLE, "enrichment provider %s %s", p.cfg.Name, fmt.Sprintf(format, args...))
}

func (p *Provider) keyHint() string {
	if p.cfg.Auth.Env == "" {
		return "whether the provider needs a key (auth in its config)"
	}
	return "the key in " + p.cfg.Auth.Env
}

// snippet quotes the start of a body for an error message, so a user sees what came
// back ("<html>..."), with the key blanked should the provider echo it.
func (p *Provider) snippet(body []byte) string {
	const n = 80
	s := strings.TrimSpace(string(body))
	if s == "" {
		return " (empty body)"
	}
	if len(s) > n {
		cut := n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return fmt.Sprintf(" (body starts %q)", p.redact(errors.New(s)).Error())
}

// redact blanks the key in a text bound for an error message.
func (p *Provider) redact(err error) error {
	if p.secret == "" || !strings.Contains(err.Error(), p.secret) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), p.secret, "[key]"))
}

// unwrapURLError drops the *url.Error wrapper, whose text repeats the whole request
// URL (with the lead's email in it) before the cause.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return errors.New("timed out")
		}
		return ue.Err
	}
	return err
}

// parseRetryAfter reads a Retry-After header in seconds or as an HTTP date.
func parseRetryAfter(h string, now time.Time) (time.Duration, bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(h); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
