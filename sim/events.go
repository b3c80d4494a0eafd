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
// they were scheduled.
type eventQueue []pending

func (q eventQueue) less(i, j int) bool {
	if q[i].at != q[j].at {
		return q[i].at < q[j].at
	}
	return q[i].seq < q[j].seq
}

func (q *eventQueue) push(p pending) {
	*q = append(*q, p)
	h := *q
	for i := len(h) - 1; i > 0; {
		up := (i - 1) / 2
		if !h.less(i, up) {
			break
		}
		h[i], h[up] = h[up], h[i]
		i = up
	}
}

func (q *eventQueue) pop() pending {
	h := *q
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	for i := 0; ; {
		l := 2*i + 1
		if l >= n {
			break
		}
		c := l
		if r := l + 1; r < n && h.less(r, l) {
			c = r
		}
		if !h.less(c, i) {
			break
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
	*q = h
	return top
}
