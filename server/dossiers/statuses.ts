/** Dossier statuses as exchanged with the national portal, with their names (one source, shared with the studio). */
export { STATUS_NAMES } from '../../schemas/dossier-status.js';

/** Statuses after which nothing more happens to a dossier. */
export const FINAL_STATUSES = new Set([3, 7, 8, 10]);
/** Statuses at which the dossier's processing is over: it is then classed on time or late. */
export const FINISHED_STATUSES = new Set([9, 10]);
