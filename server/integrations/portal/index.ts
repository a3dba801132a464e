/**
 * National public service portal: status sync of dossiers through an outbox, sent in order
 * per dossier with retries and an idempotency key. The dossier code calls `queuePortalSync`
 * in its transaction; a worker calls `syncPortal` after commit.
 */
export { insertPortalSync, portalOutboxLock, queuePortalSync, type PortalSyncInput, type QueuedPortalSync } from './queue.js';
export { requeueFailedPortalSync, syncPortal, toPortalRecord, type PortalSyncOutcome, type SyncPortalOptions } from './sync.js';
export {
  createHttpPortalSender,
  createPortalRegistry,
  localPortalSender,
  type HttpSenderOptions,
  type PortalRecord,
  type PortalSendContext,
  type PortalSender,
} from './senders.js';
