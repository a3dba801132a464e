/**
 * The executable check: can a diagram run on this runtime, and if not,
 * why, element by element. The publish checks call `checkExecutable`.
 */
export { checkExecutable, type CheckOptions } from './check-executable.js';
export { PROBLEM_MESSAGES, type Text } from './messages.js';
export type { CheckResult, Problem, ProblemCode, Severity } from './problems.js';
