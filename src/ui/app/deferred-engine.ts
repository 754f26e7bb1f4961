/**
 * Engine code the designer needs only after its first paint: the linter (the Problems count and the
 * canvas's problem marks follow the first paint) and the tracer (nothing is traced before the user
 * asks). engine-after-paint.tsx imports this module dynamically, so it is not part of the initial JS.
 */
export { lintCompiled } from '../../state/lint-lab.ts';
export { probeLabel, traceView } from '../../state/playback/trace-view.ts';
export { whatIfNetwork } from '../../state/whatif/whatif-network.ts';
export { diffTrace } from '../../engine/whatif/diff-trace.ts';
