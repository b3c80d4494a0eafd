package sim

import (
	"errors"

	"github.com/paceline/paceline"
)

func asError(err error, target **paceline.Error) bool { return errors.As(err, target) }
