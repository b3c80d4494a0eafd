package main

import (
	"strconv"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// defaultSafety is --safety's default as the help shows it: limits.DefaultSafety, the
// share of each cap a new account uses and the simulator paces at.
var defaultSafety = strconv.FormatFloat(limits.DefaultSafety, 'g', -1, 64)

// parseSafety reads a --safety fraction as accounts add, simulate and forecast take it,
// refusing what an account's Validate refuses, in the same words.
func parseSafety(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, paceline.FieldErrorf("safety", "%q is not a number (write a fraction such as 0.8)", s)
	}
	if !(f > 0 && f <= 1) {
		return 0, paceline.FieldErrorf("safety", "%g is outside (0, 1] (1 uses the whole allowance, 0.8 leaves 20%% spare)", f)
	}
	return f, nil
}
