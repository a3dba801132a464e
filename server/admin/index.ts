/** The admin domain's public face for other domains. */
export { unitSubtree } from './tree.js';
export { assertStaff, assertAdmin } from './policies.js';
export { getUnit, listUnits } from './queries.js';
export { STANDARD_GROUPS } from '../seed/demo.js';
