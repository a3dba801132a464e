/** The calendar scenarios with the server's process at UTC+14, a day ahead of Vietnam's evening. */
import { useProcessTimeZone } from './process-zone.js';
import { calendarScenarios } from './scenarios.js';

useProcessTimeZone('Pacific/Kiritimati');
calendarScenarios('Pacific/Kiritimati');
