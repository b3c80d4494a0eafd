package sim

import (
	"sync"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// presets holds limits.Presets built once: a run asks for a seat's preset for every
// account, kind and week it reports on, and limits.PresetFor builds every preset's
// maps afresh on each call.
var presets = sync.OnceValue(func() map[paceline.AccountType]limits.Preset {
	m := map[paceline.AccountType]limits.Preset{paceline.TypeEmail: limits.EmailPreset()}
	for _, p := range limits.Presets() {
		m[p.Type] = p
	}
	return m
})

// presetFor is limits.PresetFor from the shared table; the caller must not change
// the preset's maps.
func presetFor(t paceline.AccountType) (limits.Preset, error) {
	if p, ok := presets()[t]; ok {
		return p, nil
	}
	return limits.PresetFor(t)
}
