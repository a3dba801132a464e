/** The calendar scenarios with the server's process in UTC. */
import { useProcessTimeZone } from './process-zone.js';
import { calendarScenarios } from './scenarios.js';

useProcessTimeZone('UTC');
calendarScenarios('UTC');
