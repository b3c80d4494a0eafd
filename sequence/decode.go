package sequence

// Decode reads a sequence from YAML without checking its rules, so that a caller can
// make every check of its own (the accounts' note limits, the step kinds they carry
// out, the stored leads' fields) alongside Validate's and report every problem at
// once. When the YAML itself cannot be read as a sequence (bad YAML, an unknown key, a
// value of the wrong shape) it returns Parse's error instead: every problem found,
// rules included, each with its line and step, as ValidationErrors.
func Decode(src []byte) (*Sequence, error) {
	d := &decoder{}
	seq := d.document(src)
	if seq == nil || len(d.errs) > 0 {
		if _, err := Parse(src); err != nil {
			return nil, err
		}
		// Parse and document agree; this is a guard, not a path.
		return nil, d.errs.sorted()
	}
	return seq, nil
}
