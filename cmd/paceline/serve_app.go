package main

import (
	"context"
	"net/http"
)

// appHandler is what serve mounts at / besides /healthz, /readyz and /metrics: the
// dashboard and the /api/v1 JSON API plug in here by returning their handler (nil
// serves only the runtime's endpoints).
func (a *app) appHandler(_ context.Context, _ *runtimeDB) http.Handler { return nil }
