package linkedinexport

import (
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// owner tells the archive's owner from the others. Given neither a key nor a name,
// it reads the key off the invitations (the inviter of every outgoing one) or, failing
// that, off the messages (the one person in every conversation, when there are two
// conversations or more).
type owner struct {
	key  lead.Key
	name string // normalised with sameName's rules; "" when unknown
}

func findOwner(rows *Rows, key lead.Key, name string) (owner, error) {
	o := owner{key: key, name: normalName(name)}
	if !o.key.IsZero() {
		return o, nil
	}
	seen := map[lead.Key]bool{}
	for _, inv := range rows.Invitations {
		k := inv.Inviter
		if inv.Direction == Incoming {
			k = inv.Invitee
		}
		if !k.IsZero() {
			seen[k] = true
		}
	}
	switch len(seen) {
	case 0:
	case 1:
		for k := range seen {
			o.key = k
		}
		return o, nil
	default:
		return o, paceline.Errorf(paceline.EINVALID, "%s names more than one owner (%s); pass your own profile URL", rows.Files[Invitations], keyList(seen))
	}
	if k, ok := ownerOfMessages(rows.Messages); ok {
		o.key = k
		return o, nil
	}
	if o.name == "" && len(rows.Messages) > 0 {
		return o, paceline.Errorf(paceline.EINVALID, "cannot tell which messages in %s are yours; pass your own profile URL (or your name as LinkedIn shows it)", rows.Files[Messages])
	}
	return o, nil
}

// ownerOfMessages returns the one profile key present in every conversation.
func ownerOfMessages(msgs []Message) (lead.Key, bool) {
	members := map[string]map[lead.Key]bool{}
	for _, m := range msgs {
		set := members[m.Conversation]
		if set == nil {
			set = map[lead.Key]bool{}
			members[m.Conversation] = set
		}
		if !m.Sender.IsZero() {
			set[m.Sender] = true
		}
		for _, r := range m.Recipients {
			set[r] = true
		}
	}
	if len(members) < 2 {
		return lead.Key{}, false
	}
	count := map[lead.Key]int{}
	for _, set := range members {
		for k := range set {
			count[k]++
		}
	}
	var found lead.Key
	n := 0
	for k, c := range count {
		if c == len(members) {
			found, n = k, n+1
		}
	}
	return found, n == 1
}

// ours reports whether the message was written by the archive's owner: by profile
// key, or by name when the row has no sender URL (or no owner key is known).
func (o owner) ours(m *Message) bool {
	if !o.key.IsZero() && m.Sender == o.key {
		return true
	}
	if o.name != "" && (m.Sender.IsZero() || o.key.IsZero()) {
		return normalName(m.From) == o.name
	}
	return false
}

// normalName compares names without case, spacing or Unicode form differences.
func normalName(s string) string {
	return strings.ToLower(norm.NFC.String(strings.Join(strings.FieldsFunc(s, isSpace), " ")))
}

func keyList(set map[lead.Key]bool) string {
	s := make([]string, 0, len(set))
	for k := range set {
		s = append(s, k.String())
	}
	sort.Strings(s)
	return strings.Join(s, ", ")
}
