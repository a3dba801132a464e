/**
 * Every migration, by name. A static list (not a folder scan) so that tsx, jest and a
 * bundle all load the same set. Names are dated; append new ones, never edit landed ones.
 */
import type { Migration } from 'kysely';
import * as core from './2026_12_03_001_core.js';
import * as calendar from './2026_12_03_002_calendar.js';
import * as runtime from './2026_12_03_003_runtime.js';
import * as procedures from './2026_12_03_004_procedures.js';
import * as dossiers from './2026_12_03_005_dossiers.js';
import * as desk from './2026_12_03_007_desk.js';
import * as certificates from './2026_12_03_008_certificates.js';
import * as integrations from './2026_12_03_006_integrations.js';
import * as reportIndexes from './2026_12_03_009_report_indexes.js';
import * as dossierOutcome from './2026_12_04_001_dossier_outcome.js';
import * as sealedCertificateKeys from './2026_12_04_002_sealed_certificate_keys.js';
import * as immutableServiceVersions from './2026_12_04_021_immutable_service_versions.js';
import * as paymentCancelled from './2026_12_04_031_payment_cancelled.js';
import * as taskDossierDue from './2026_12_04_041_task_dossier_due.js';

export const migrations: Record<string, Migration> = {
  '2026_12_03_001_core': core,
  '2026_12_03_002_calendar': calendar,
  '2026_12_03_003_runtime': runtime,
  '2026_12_03_004_procedures': procedures,
  '2026_12_03_005_dossiers': dossiers,
  '2026_12_03_006_integrations': integrations,
  '2026_12_03_007_desk': desk,
  '2026_12_03_008_certificates': certificates,
  '2026_12_03_009_report_indexes': reportIndexes,
  '2026_12_04_001_dossier_outcome': dossierOutcome,
  '2026_12_04_002_sealed_certificate_keys': sealedCertificateKeys,
  '2026_12_04_021_immutable_service_versions': immutableServiceVersions,
  '2026_12_04_031_payment_cancelled': paymentCancelled,
  '2026_12_04_041_task_dossier_due': taskDossierDue,
};
