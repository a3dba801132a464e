/** The procedures domain's public face for other domains (dossiers, tasks). */
export { loadVersionDiagram } from './definitions.js';
export { analyzeForm, type FormField } from './form.js';
export { parseGroup } from './checks.js';
export { standardProcessXml, deadlineShares } from './template.js';
