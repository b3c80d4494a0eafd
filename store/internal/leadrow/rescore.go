package leadrow

import "github.com/paceline/paceline"

// Rescore applies scoreFunc (score.Rules.Apply) to l and reports whether its score or
// its explanation changed, the lead then to be written back with expl, the new
// explanation's JSON.
func Rescore(l *paceline.Lead, scoreFunc func(*paceline.Lead)) (expl string, changed bool, err error) {
	oldScore := l.Score
	oldExpl, err := ExplanationJSON(l.Explanation)
	if err != nil {
		return "", false, err
	}
	scoreFunc(l)
	if expl, err = ExplanationJSON(l.Explanation); err != nil {
		return "", false, err
	}
	return expl, l.Score != oldScore || expl != oldExpl, nil
}
