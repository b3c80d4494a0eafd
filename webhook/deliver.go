package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/secret"
)

// Defaults of a Deliverer's knobs.
const (
	DefaultTimeout = 10 * time.Second
	DefaultBatch   = 50
	DefaultWorkers = 4
	// maxBody bounds what is read of a receiver's answer: it is only logged, and a
	// receiver that streams forever must not hold a sender.
	maxBody = 64 << 10
	// maxErrorText bounds the part of an answer kept as the delivery's last error.
	maxErrorText = 300
	userAgent    = "paceline-webhooks/1"
)

// Deliverer sends due webhook deliveries. One call of DeliverDue sends one batch;
// Run calls it periodically. Several Deliverers (in several processes) may share one
// store: a claim gives each delivery to one of them at a time.
type Deliverer struct {
	Store paceline.WebhookStore
	// Key opens the endpoints' sealed secrets. A delivery whose secret it cannot open
	// (sealed under another key: EUNAUTHORIZED) is not sent and counts no attempt: it
	// is given back, due at once, for a process with the right key (Result.Released),
	// and DeliverDue says why. Check a key with CheckKey before running.
	Key *secret.Key
	// Client sends the requests; nil means a plain http.Client. Its redirect policy is
	// replaced: only 307 and 308 to the same scheme and host are followed.
	Client *http.Client
	// NowFunc gives the wall-clock time written in webhook-timestamp, in the reason
	// an endpoint was switched off, and Run's time; nil means time.Now. It stays the
	// real time even under a sped-up runtime clock, since receivers compare it with
	// their own clock.
	NowFunc func() time.Time
	// Rand draws the retry jitter; nil means a source seeded at random.
	Rand *rand.Rand
	// Timeout bounds one attempt, answer included; 0 means DefaultTimeout.
	Timeout time.Duration
	// Backoff is the wait before each retry; nil means DefaultBackoff. A delivery is
	// given up (failed) after len(Backoff)+1 attempts.
	Backoff []time.Duration
	// Batch is how many deliveries one DeliverDue claims; 0 means DefaultBatch.
	Batch int
	// Workers is how many requests are in flight at once; 0 means DefaultWorkers.
	Workers int
	// ErrorFunc hears the errors Run meets (a store that is down); nil drops them.
	ErrorFunc func(error)

	once    sync.Once
	client  *http.Client
	backoff *backoff
}

// Result counts what one DeliverDue did.
type Result struct {
	Delivered int // answered 2xx
	Retrying  int // failed, another attempt is scheduled
	Failed    int // given up: retries exhausted, or the endpoint answered 410 Gone
	// Released counts the deliveries given back unsent, with no attempt counted, since
	// this Deliverer's Key cannot open their endpoint's secret: due again at once, for
	// a process started with the right key.
	Released int
}

func (d *Deliverer) init() {
	d.once.Do(func() {
		c := http.Client{}
		if d.Client != nil {
			c = *d.Client
		}
		c.CheckRedirect = sameHostRedirect
		d.client = &c
		r := d.Rand
		if r == nil {
			r = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
		}
		delays := d.Backoff
		if delays == nil {
			delays = DefaultBackoff
		}
		d.backoff = &backoff{rnd: r, delay: delays}
	})
}

// sameHostRedirect follows only redirects that keep the method and the body (307,
// 308) to the same scheme and host: a signed event must not be handed to another
// host, and a 301, 302 or 303 would turn the POST into a GET. Anything else comes
// back as the answer, a failed attempt that says where the receiver pointed.
func sameHostRedirect(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	code := 0
	if req.Response != nil {
		code = req.Response.StatusCode
	}
	if len(via) > 3 || (code != http.StatusTemporaryRedirect && code != http.StatusPermanentRedirect) ||
		req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
		return http.ErrUseLastResponse
	}
	return nil
}

func (d *Deliverer) wallNow() time.Time {
	if d.NowFunc != nil {
		return d.NowFunc()
	}
	return time.Now()
}

func (d *Deliverer) timeout() time.Duration {
	if d.Timeout > 0 {
		return d.Timeout
	}
	return DefaultTimeout
}

// Run calls DeliverDue every interval with the wall clock (NowFunc), until ctx
// ends. It takes no clock: deliveries go to real receivers in real time, so their
// attempts, retries and delivered times never follow a sped-up runtime clock (at
// 2000x, the retries meant to span about 28 hours were spent in a minute).
func (d *Deliverer) Run(ctx context.Context, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := d.DeliverDue(ctx, d.wallNow()); err != nil && ctx.Err() == nil && d.ErrorFunc != nil {
			d.ErrorFunc(err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// DeliverDue sends the deliveries due at now (one batch), and records each outcome:
// delivered on 2xx; on 410 Gone the endpoint is switched off and the delivery failed;
// anything else (another status, a timeout, a refused connection) is retried after
// the next back-off delay, or failed when the retries are spent. now is the wall
// clock (time.Now; tests give their own), on which the deliveries fall due, retries
// are scheduled and DeliveredAt is stamped: never a sped-up runtime clock, since the
// receivers answer in real time.
func (d *Deliverer) DeliverDue(ctx context.Context, now time.Time) (Result, error) {
	d.init()
	due, err := d.Store.ClaimWebhookDeliveries(ctx, now, lease(now, d.timeout()), cmp(d.Batch, DefaultBatch))
	if err != nil {
		return Result{}, fmt.Errorf("claim webhook deliveries: %w", err)
	}
	var (
		mu     sync.Mutex
		res    Result
		errs   []error
		keyErr error
		wg     sync.WaitGroup
		sem    = make(chan struct{}, cmp(d.Workers, DefaultWorkers))
		eps    = map[int64]*paceline.WebhookEndpoint{}
		epMu   sync.Mutex
	)
	endpoint := func(id int64) (*paceline.WebhookEndpoint, error) {
		epMu.Lock()
		defer epMu.Unlock()
		if e, ok := eps[id]; ok {
			return e, nil
		}
		e, err := d.Store.WebhookEndpoint(ctx, id)
		if err == nil {
			eps[id] = e
		}
		return e, err
	}
	active := func(e *paceline.WebhookEndpoint) bool {
		epMu.Lock()
		defer epMu.Unlock()
		return e.Active
	}
	for _, del := range due {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			ep, err := endpoint(del.Endpoint)
			if err == nil && !active(ep) {
				return // switched off by a 410 earlier in this batch: left unsent
			}
			if err == nil {
				err = d.attempt(ctx, ep, del, now, true)
			}
			if err == nil && del.LastStatus == http.StatusGone {
				epMu.Lock()
				ep.Active = false
				epMu.Unlock()
			}
			mu.Lock()
			defer mu.Unlock()
			var se *secretError
			if errors.As(err, &se) {
				res.Released++
				keyErr = se.released()
				return
			}
			if err != nil {
				if paceline.ErrorCode(err) != paceline.ENOTFOUND { // removed meanwhile
					errs = append(errs, err)
				}
				return
			}
			switch del.State {
			case paceline.WebhookDelivered:
				res.Delivered++
			case paceline.WebhookFailed:
				res.Failed++
			default:
				res.Retrying++
			}
		}()
	}
	wg.Wait()
	if keyErr != nil {
		// Said once per batch, whatever the number given back.
		errs = append(errs, keyErr)
	}
	return res, errors.Join(errs...)
}

func cmp(n, def int) int {
	if n > 0 {
		return n
	}
	return def
}

// attempt sends del once and stores the outcome in it and in the store. retry says
// whether a failure schedules another attempt (false for a test message).
func (d *Deliverer) attempt(ctx context.Context, ep *paceline.WebhookEndpoint, del *paceline.WebhookDelivery, now time.Time, retry bool) error {
	status, sendErr := d.send(ctx, ep, del)
	if ctx.Err() != nil {
		// Shutting down is not the receiver's fault: the attempt is not counted, and
		// the delivery is sent again when its claim runs out.
		return ctx.Err()
	}
	var se *secretError
	if retry && errors.As(sendErr, &se) && paceline.ErrorCode(se.err) == paceline.EUNAUTHORIZED {
		// Nothing was sent, and it is neither the receiver's fault nor the
		// delivery's: this process runs with another key (a damaged secret, which no
		// key opens, is EINVALID and counts as an attempt, to fail in the end). The delivery is given back,
		// due at once and with no attempt counted, for a process that can sign it
		// (serve refuses to start with such a key; an endpoint added later with
		// another key, or a mixed deployment, still comes here).
		del.LastError, del.NextAttempt = sendErr.Error(), now
		if err := d.Store.UpdateWebhookDelivery(ctx, del); err != nil {
			return fmt.Errorf("give back webhook delivery %s: %w", del.ID, err)
		}
		return se
	}
	del.Attempts++
	del.LastStatus = status
	del.LastError = ""
	if sendErr != nil {
		del.LastError = sendErr.Error()
	}
	switch {
	case sendErr == nil:
		del.State, del.DeliveredAt, del.NextAttempt = paceline.WebhookDelivered, now, now
	case status == http.StatusGone:
		del.State, del.NextAttempt = paceline.WebhookFailed, now
		why := fmt.Sprintf("the receiver answered 410 Gone at %s", d.wallNow().UTC().Format(time.RFC3339))
		if err := d.Store.SetWebhookEndpointActive(ctx, ep.ID, false, why); err != nil {
			return fmt.Errorf("disable webhook endpoint %d: %w", ep.ID, err)
		}
	default:
		wait, ok := d.backoff.next(del.Attempts)
		if !retry || !ok {
			del.State, del.NextAttempt = paceline.WebhookFailed, now
		} else {
			del.State, del.NextAttempt = paceline.WebhookPending, now.Add(wait)
		}
	}
	if err := d.Store.UpdateWebhookDelivery(ctx, del); err != nil {
		return fmt.Errorf("record webhook delivery %s: %w", del.ID, err)
	}
	return nil
}

// send POSTs the delivery, signed now, and returns the answer's status and, unless
// it was 2xx, what went wrong.
func (d *Deliverer) send(ctx context.Context, ep *paceline.WebhookEndpoint, del *paceline.WebhookDelivery) (int, error) {
	sec, err := OpenSecret(d.Key, ep)
	if err != nil {
		return 0, &secretError{endpoint: ep.ID, err: err}
	}
	ts := d.wallNow()
	sig, err := Sign(sec.Reveal(), del.ID, ts, del.Payload)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, d.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(del.Payload))
	if err != nil {
		return 0, fmt.Errorf("build the request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set(HeaderID, del.ID)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	req.Header.Set(HeaderSignature, sig)
	resp, err := d.client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return 0, fmt.Errorf("no answer within %s", d.timeout())
		}
		return 0, err
	}
	defer resp.Body.Close()
	head, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorText))
	io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody)) // let the connection be reused
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp.StatusCode, nil
	}
	msg := fmt.Sprintf("the receiver answered %s", resp.Status)
	if loc := resp.Header.Get("Location"); loc != "" && resp.StatusCode >= 300 && resp.StatusCode < 400 {
		msg += " to " + loc + " (redirects to another host are not followed: update the endpoint's URL)"
	} else if text := strings.TrimSpace(string(head)); text != "" {
		msg += ": " + strings.ToValidUTF8(text, "?")
	}
	return resp.StatusCode, errors.New(msg)
}

// SendTest sends a test message to one endpoint now, whatever its event filter, and
// returns the delivery with its outcome. A failed test is not retried.
// Errors: ENOTFOUND for a missing endpoint.
func (d *Deliverer) SendTest(ctx context.Context, endpointID int64, now time.Time) (*paceline.WebhookDelivery, error) {
	d.init()
	ep, err := d.Store.WebhookEndpoint(ctx, endpointID)
	if err != nil {
		return nil, err
	}
	id := NewID()
	m := Message{Key: "test/" + id, Type: TypeTest, At: now, Data: map[string]any{
		"message": "This is a test from paceline: the endpoint receives signed webhooks.", "endpoint": ep.ID,
	}}
	body, err := m.body()
	if err != nil {
		return nil, err
	}
	del := &paceline.WebhookDelivery{ID: id, Endpoint: ep.ID, EventKey: m.Key, Type: m.Type, Payload: body,
		NextAttempt: lease(now, d.timeout()), State: paceline.WebhookPending}
	// Enqueued with its next attempt after the send, so that no DeliverDue running
	// meanwhile takes it too.
	if _, err := d.Store.EnqueueWebhookDelivery(ctx, del); err != nil {
		return nil, err
	}
	if err := d.attempt(ctx, ep, del, now, false); err != nil {
		return nil, err
	}
	return del, nil
}

// lease is how long a claimed delivery is hidden from other senders: past any
// attempt's end, so a delivery is sent twice only when its sender died.
func lease(now time.Time, timeout time.Duration) time.Time { return now.Add(2*timeout + time.Minute) }

// secretError is a send that did not start: the Deliverer's key does not open the
// endpoint's secret.
type secretError struct {
	endpoint int64
	err      error
}

func (e *secretError) Error() string {
	return "open the endpoint's secret: " + paceline.ErrorMessage(e.err)
}

func (e *secretError) Unwrap() error { return e.err }

// released is what DeliverDue says of the deliveries it gave back: the error of
// OpenSecret's code (EUNAUTHORIZED for another key), with its sentence, which says
// what to set.
func (e *secretError) released() error {
	return &paceline.Error{Code: paceline.ErrorCode(e.err), Message: fmt.Sprintf(
		"webhook deliveries to endpoint %d are left unsent to another process, with no attempt counted: this one cannot %s", e.endpoint, e.Error())}
}

// CheckKey reports whether key opens the endpoints' signing secrets, trying the first
// endpoint's: a process started with another key (PACELINE_SECRET_KEY) would sign
// nothing. Without endpoints there is nothing to check. Errors: those of OpenSecret,
// such as EUNAUTHORIZED for a secret sealed under another key, with a sentence that
// names the endpoint and says which key to set.
func CheckKey(ctx context.Context, st paceline.WebhookStore, key *secret.Key) error {
	eps, err := st.WebhookEndpoints(ctx)
	if err != nil || len(eps) == 0 {
		return err
	}
	if _, err := OpenSecret(key, eps[0]); err != nil {
		return &paceline.Error{Code: paceline.ErrorCode(err), Message: fmt.Sprintf(
			"the secret key cannot sign the webhooks of webhook endpoint %d: open the endpoint's secret: %s", eps[0].ID, paceline.ErrorMessage(err))}
	}
	return nil
}
