package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/paceline/paceline"
)

// statusOf is the one map from paceline error codes to HTTP statuses. A code not in it
// is a bug and answers 500.
var statusOf = map[string]int{
	paceline.EINVALID:      http.StatusBadRequest,
	paceline.EUNAUTHORIZED: http.StatusUnauthorized,
	paceline.EFORBIDDEN:    http.StatusForbidden,
	paceline.ENOTFOUND:     http.StatusNotFound,
	paceline.ECONFLICT:     http.StatusConflict,
	paceline.EUNAVAILABLE:  http.StatusServiceUnavailable,
	paceline.EINTERNAL:     http.StatusInternalServerError,
	codeTooLarge:           http.StatusRequestEntityTooLarge,
	codeUnsupported:        http.StatusUnsupportedMediaType,
	codeMethod:             http.StatusMethodNotAllowed,
}

// Codes the API adds for problems of HTTP itself.
const (
	codeTooLarge    = "too_large"
	codeUnsupported = "unsupported_media_type"
	codeMethod      = "method_not_allowed"
)

// Status returns the HTTP status for an error, as every handler answers it.
func Status(err error) int {
	if s, ok := statusOf[paceline.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// errorBody is the JSON of every error answer.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Details carries structured problems, such as a sequence's line-numbered errors.
	Details any `json:"details,omitempty"`
}

// WriteError answers err as {"error": {"code", "message"}}. Internal errors are logged
// with their detail and answered with a bare "internal error".
func WriteError(w http.ResponseWriter, log *slog.Logger, err error) {
	code := paceline.ErrorCode(err)
	if _, ok := statusOf[code]; !ok {
		code = paceline.EINTERNAL
	}
	d := errorDetail{Code: code, Message: paceline.ErrorMessage(err)}
	var pe *paceline.Error
	if errors.As(err, &pe) {
		d.Field = pe.Field
	}
	if code == paceline.EINTERNAL {
		log.Error("api: internal error", "err", err)
		d.Message, d.Field = "internal error", ""
	}
	if code == paceline.EUNAUTHORIZED {
		w.Header().Set("WWW-Authenticate", `Bearer realm="paceline"`)
	}
	writeJSON(w, Status(err), errorBody{Error: d})
}

// writeJSON answers v as JSON with the status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // the status is sent; a client that went away is no error of ours
}
