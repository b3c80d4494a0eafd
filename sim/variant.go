package sim

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

var _ engine.TextExecutor = (*LinkedIn)(nil)

// variantKey names one variant of one step.
type variantKey struct{ step, variant string }

// ExecuteText carries out an action as Execute does, with the hidden lift of the
// text's variant on the lead's answer (Params.VariantSpread, Params.VariantLift). A
// text without a variant has no lift: the words of a single text are the baseline.
func (li *LinkedIn) ExecuteText(ctx context.Context, act paceline.Action, t engine.Text) (engine.Outcome, error) {
	return li.ExecuteTextByPointer(ctx, &act, &t)
}

// ExecuteTextByPointer is ExecuteText for the engine, which hands over the action and
// text it holds rather than copies (engine.TextExecutorByPointer).
func (li *LinkedIn) ExecuteTextByPointer(_ context.Context, act *paceline.Action, t *engine.Text) (engine.Outcome, error) {
	if t.Variant == "" {
		return li.execute(act, 0, t.Enrollment)
	}
	return li.execute(act, li.VariantLift(act.Step, t.Variant), t.Enrollment)
}

// VariantOnly tells the engine that the simulated LinkedIn reads which variant an
// action carries, never its words, so the engine may skip rendering texts that cannot
// fail.
func (li *LinkedIn) VariantOnly() bool { return true }

// VariantLift returns the hidden log-odds lift of a step's variant: the one
// Params.VariantLift fixes for "step/variant", else a normal draw with standard
// deviation Params.VariantSpread, fixed by the seed, the step and the variant.
func (li *LinkedIn) VariantLift(step, variant string) float64 {
	k := variantKey{step, variant}
	if v, ok := li.lifts[k]; ok {
		return v
	}
	v, ok := li.p.VariantLift[step+"/"+variant]
	if !ok {
		v = li.p.VariantSpread * normal(li.seed, hashKey(step+"/"+variant), saltVariant)
	}
	if li.lifts == nil {
		li.lifts = map[variantKey]float64{}
	}
	li.lifts[k] = v
	return v
}

// bind notes that the engine's enrollment id is for the lead with the given key (the
// member the key names, the last of duplicates as everywhere else).
func (li *LinkedIn) bind(id int64, key string) {
	mi, ok := li.index[key]
	li.bindMember(id, mi, ok)
}

// bindMember is bind for a member found already (ok false: none).
func (li *LinkedIn) bindMember(id int64, mi int32, ok bool) {
	if !ok || id <= 0 || id > int64(len(li.members))*4 {
		return // not a numbering worth a table; member falls back to the key
	}
	for int64(len(li.byEnrollment)) <= id {
		li.byEnrollment = append(li.byEnrollment, 0)
	}
	li.byEnrollment[id] = mi + 1
}

// member finds the lead an action is for: by its enrollment's number when the run bound
// it (checked against the key, so a stale or foreign number cannot mislead), else by
// the lead's key.
func (li *LinkedIn) member(key string, enrollment int64) (int32, bool) {
	if enrollment > 0 && enrollment < int64(len(li.byEnrollment)) {
		if mi := li.byEnrollment[enrollment] - 1; mi >= 0 && li.members[mi].key == key {
			return mi, true
		}
	}
	mi, ok := li.index[key]
	return mi, ok
}

// sender finds the account an action is from: by the enrollment's account when its
// number is bound (checked against the name), else by name, remembering the answer.
func (li *LinkedIn) sender(name string, enrollment int64) *account {
	if enrollment <= 0 || enrollment >= int64(len(li.byEnrollment)) {
		return li.byName[name]
	}
	if len(li.senders) < len(li.byEnrollment) {
		li.senders = append(li.senders, make([]int32, len(li.byEnrollment)-len(li.senders))...)
	}
	if i := li.senders[enrollment] - 1; i >= 0 && li.accounts[i].Name == name {
		return li.accounts[i]
	}
	a := li.account(name)
	if a != nil {
		li.senders[enrollment] = a.index + 1
	}
	return a
}

// account finds an account by name: with a few accounts, by comparing the names in
// turn (the engine's names share their bytes with these, so a match is one length and
// one pointer comparison), which costs less than hashing the name.
func (li *LinkedIn) account(name string) *account {
	if len(li.accounts) > 8 {
		return li.byName[name]
	}
	for _, a := range li.accounts {
		if a.Name == name {
			return a
		}
	}
	return nil
}
