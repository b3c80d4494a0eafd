package sim

import "github.com/paceline/paceline"

// pending is an answer the simulated platform will give at a later instant. It holds
// no pointer (the event kind is a number, see answers), so the heap moves plain values.
type pending struct {
	at      int64
	seq     int64
	tag     int64 // for an accept, the instant of the invite it answers
	member  int32
	account int32
	typ     answer
}

// answer is the kind of a pending answer, as an index into answers.
type answer uint8

const (
	answerAccepted answer = iota
	answerReplied
	answerOptedOut
	answerBounced
)

// answers are the event kinds of the answers, by answer.
var answers = [...]paceline.EventKind{
	answerAccepted: paceline.EventAccepted,
	answerReplied:  paceline.EventReplied,
	answerOptedOut: paceline.EventOptedOut,
	answerBounced:  paceline.EventBounced,
}

// eventQueue is a binary heap of pending answers, earliest first, then in the order
// they were scheduled. Push and pop move a hole rather than swapping entries (40 bytes
// each); pop walks with unsigned indexes checked against len, which leaves the compiler
// no bounds to check inside its loop.
type eventQueue []pending

func (p *pending) before(o *pending) bool {
	if p.at != o.at {
		return p.at < o.at
	}
	return p.seq < o.seq
}

func (q *eventQueue) push(p pending) {
	*q = append(*q, p)
	h := *q
	i := len(h) - 1
	for i > 0 {
		up := (i - 1) / 2
		if !p.before(&h[up]) {
			break
		}
		h[i] = h[up]
		i = up
	}
	h[i] = p
}

func (q *eventQueue) pop() pending {
	h := *q
	top := h[0]
	n := len(h) - 1
	last := h[n]
	h = h[:n]
	*q = h
	if n == 0 {
		return top
	}
	i, hole := uint(0), &h[0]
	for {
		c := 2*i + 1
		if c >= uint(len(h)) {
			break
		}
		child := &h[c]
		if r := c + 1; r < uint(len(h)) && h[r].before(child) {
			c, child = r, &h[r]
		}
		if !child.before(&last) {
			break
		}
		*hole = *child
		i, hole = c, child
	}
	*hole = last
	return top
}
