package sqlite

import (
	"fmt"
	"strings"
)

// encodedLeads is the arguments of one multi-row INSERT of leads.
type encodedLeads struct {
	args []any
	n    int // leads
	err  error
}

// insertLeads writes the buffered leads in INSERTs of leadBatch rows. Another
// goroutine encodes the next batch's values (the explanation and custom JSON, the
// boxing of every value) while this one executes the current batch: the writing
// goroutine is an import's bottleneck, and the encoding was a tenth of its time. The
// buffer does not change while this runs.
func (k *leadSink) insertLeads() error {
	if len(k.pending) == 0 {
		return nil
	}
	free := make(chan []any, len(k.leadArgs))
	for _, b := range k.leadArgs {
		free <- b[:0]
	}
	out := make(chan encodedLeads, 1)
	stop := make(chan struct{})
	go k.encodeLeads(free, out, stop)
	defer func() {
		close(stop)
		for range out { // wait for the encoder, so it no longer reads the buffer
		}
		for i := range k.leadArgs {
			select {
			case b := <-free:
				k.leadArgs[i] = b
			default:
			}
		}
	}()
	for e := range out {
		if e.err != nil {
			return e.err
		}
		err := k.exec(k.leadInsert(e.n), e.args...)
		clear(e.args) // hold no lead's strings past the flush
		free <- e.args[:0]
		if err != nil {
			return fmt.Errorf("insert leads: %w", err)
		}
	}
	return nil
}

// encodeLeads sends the arguments of each batch of the buffer on out, encoded into a
// slice from free, until the buffer is done, an encoding fails or stop is closed; it
// closes out when it returns.
func (k *leadSink) encodeLeads(free chan []any, out chan<- encodedLeads, stop <-chan struct{}) {
	defer close(out)
	for start := 0; start < len(k.pending); start += leadBatch {
		batch := k.pending[start:min(start+leadBatch, len(k.pending))]
		var args []any
		select {
		case args = <-free:
		case <-stop:
			return
		}
		var err error
		for _, l := range batch {
			if args, err = leadArgs(args, l); err != nil {
				break
			}
		}
		select {
		case out <- encodedLeads{args: args, n: len(batch), err: err}:
		case <-stop:
			free <- args // room is certain: the slice came from free
			return
		}
		if err != nil {
			return
		}
	}
}

// leadInsert returns the INSERT of n leads, built once per n.
func (k *leadSink) leadInsert(n int) string {
	if q, ok := k.leadInserts[n]; ok {
		return q
	}
	// The timestamps, the same for every lead of the import, are literals of the
	// statement: two values fewer to bind per lead.
	ts := "'" + k.nowText + "'"
	group := "(" + strings.Repeat("?, ", leadColumnCount-2) + ts + ", " + ts + ")"
	q := multiInsert(`INSERT INTO leads (`+leadColumns+`) VALUES `, group, n)
	if k.leadInserts == nil {
		k.leadInserts = map[int]string{}
	}
	k.leadInserts[n] = q
	return q
}
