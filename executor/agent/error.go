package agent

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/paceline/paceline"
)

// statusOf maps error codes to statuses for a Handler served on its own; a server that
// mounts it next to the API passes api.WriteError instead, so one map rules both.
var statusOf = map[string]int{
	paceline.EINVALID:      http.StatusBadRequest,
	paceline.EUNAUTHORIZED: http.StatusUnauthorized,
	paceline.EFORBIDDEN:    http.StatusForbidden,
	paceline.ENOTFOUND:     http.StatusNotFound,
	paceline.ECONFLICT:     http.StatusConflict,
	paceline.EUNAVAILABLE:  http.StatusServiceUnavailable,
}

// ErrorBody is every error answer: {"error": {"code", "message"}}.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// WriteError answers err as an ErrorBody; internal errors are logged and answered
// with a bare "internal error".
func WriteError(w http.ResponseWriter, log *slog.Logger, err error) {
	var b ErrorBody
	b.Error.Code, b.Error.Message = paceline.ErrorCode(err), paceline.ErrorMessage(err)
	status, ok := statusOf[b.Error.Code]
	if !ok {
		log.Error("agent: internal error", "err", err)
		status, b.Error.Code, b.Error.Message = http.StatusInternalServerError, paceline.EINTERNAL, "internal error"
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="paceline"`)
	}
	writeJSON(w, status, b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the status is sent; a client gone away is not our error
}
