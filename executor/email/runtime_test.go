package email

import "github.com/paceline/paceline/runtime"

// The durable runtime reconciles in-flight actions through Executed.
var _ runtime.Executor = (*Sender)(nil)
