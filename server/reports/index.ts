/** Reports: the public face of the domain. */
export { serviceStatistics, type ServiceStatistics } from './queries.js';
export { reportRoutes } from './routes.js';
