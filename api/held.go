package api

import (
	"context"
	"net/http"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
)

// HeldSteps are the steps the engine held for a person because their text cannot go
// out as it is (a blank field, a note too long): runtime.HeldSteps lists and resumes
// them.
type HeldSteps interface {
	// List returns the held steps, oldest hold first.
	List(ctx context.Context) ([]runtime.HeldStep, error)
	// Resume refreshes the lead from the leads store and has the next tick render the
	// step again. Errors: ENOTFOUND, ECONFLICT for a step that is not held.
	Resume(ctx context.Context, campaign, lead string) (runtime.HeldStep, error)
}

func (a *API) heldSteps() (HeldSteps, error) {
	if a.deps.Held == nil {
		return nil, paceline.Errorf(paceline.EUNAVAILABLE, "this server runs no campaigns, so no step is held")
	}
	return a.deps.Held, nil
}

func (a *API) listHeld(w http.ResponseWriter, r *http.Request) error {
	h, err := a.heldSteps()
	if err != nil {
		return err
	}
	list, err := h.List(r.Context())
	if err != nil {
		return err
	}
	if list == nil {
		list = []runtime.HeldStep{}
	}
	writeJSON(w, http.StatusOK, struct {
		Held []runtime.HeldStep `json:"held"`
	}{list})
	return nil
}

func (a *API) resumeHeld(w http.ResponseWriter, r *http.Request) error {
	h, err := a.heldSteps()
	if err != nil {
		return err
	}
	var in struct {
		Campaign string `json:"campaign"`
		Lead     string `json:"lead"`
	}
	if err := a.decode(w, r, &in); err != nil {
		return err
	}
	switch {
	case in.Campaign == "":
		return paceline.FieldErrorf("campaign", "is missing (GET /api/v1/held lists the held steps with their campaign and lead)")
	case in.Lead == "":
		return paceline.FieldErrorf("lead", "is missing (GET /api/v1/held lists the held steps with their campaign and lead)")
	}
	out, err := h.Resume(r.Context(), in.Campaign, in.Lead)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
