/** The seeded generator lives in shared/ (the panel's "Play a trajectory" draws from it too); the engine's name for it. */
export { Rng } from '../../shared/rng';
