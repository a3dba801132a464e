/**
 * The calendar scenarios with the server's process in America/Los_Angeles: 14 or 15 hours
 * behind Vietnam and with daylight saving time, so local dates differ from Vietnam's most of
 * the day.
 */
import { useProcessTimeZone } from './process-zone.js';
import { calendarScenarios } from './scenarios.js';

useProcessTimeZone('America/Los_Angeles');
calendarScenarios('America/Los_Angeles');
