// Package sim is a simulated LinkedIn for running whole campaigns in virtual time: the
// model of DESIGN.md §6 as an engine.Executor and an event source, synthetic leads with
// a realistic mix of features, and a harness that runs the engine with the real Pacer or
// with a peer baseline (calendar-day and calendar-week counters, or a fixed daily cap)
// against the same simulated platform, leads and seed.
//
// The model, every parameter and its source (or "assumption") are written down in
// Params and in docs/simulator.md. Everything random comes from the run's seed: the
// leads from a seeded *rand.Rand, and each lead's answers from a hash of the seed, the
// lead and the step, so the same lead answers the same way whatever strategy reaches it
// and whenever. Same seed, same result.
package sim
