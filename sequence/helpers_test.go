package sequence

import (
	"fmt"

	"github.com/paceline/paceline/personalize"
)

func isNilTemplate(s fmt.Stringer) bool {
	t, ok := s.(*personalize.Template)
	return ok && t == nil
}
