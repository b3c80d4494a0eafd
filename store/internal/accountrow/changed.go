package accountrow

import "github.com/paceline/paceline"

// Changed is the conflict of an update of an account that another command wrote after
// it was read (paused or resumed it, counted its connections, changed its settings):
// writing it whole would undo that change.
func Changed(name string) error {
	return paceline.Errorf(paceline.ECONFLICT,
		"account %s changed while it was being updated (another command paused or resumed it, counted its connections or changed its settings): nothing of it was written; run the command again",
		name)
}
