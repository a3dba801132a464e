/**
 * The five-step wizard around one service: progress with what is missing per step (from the
 * publish checks), the current step, and autosave. Every edit is saved as a draft with the
 * row version read; a 409 means someone else saved meanwhile: the designer is told and
 * offered a reload, and nothing of theirs is overwritten silently.
 */
import { h, mount } from '../../ui/dom.js';
import { ApiError } from '../../ui/api.js';
import { L, formatDateTime } from '../../ui/i18n.js';
import { errorText, type Studio } from '../app.js';
import { checkMessage, type Check, type ServiceView } from '../stores/services.js';
import { serviceStatusLabel } from '../lib/labels.js';
import { linkTo, problemsOf, type StepKey } from '../lib/where.js';

export type { StepKey };
export const STEP_KEYS = ['metadata', 'components', 'form', 'process', 'publish'] as const;

const stepTitle = (k: StepKey) =>
  ({
    metadata: L('Thông tin dịch vụ', 'Service details'),
    components: L('Thành phần hồ sơ', 'Dossier components'),
    form: L('Biểu mẫu điện tử', 'E-form'),
    process: L('Quy trình điện tử', 'Electronic process'),
    publish: L('Kiểm tra và công bố', 'Check and publish'),
  })[k];

type SaveFn = (rowVersion: number) => Promise<ServiceView>;

export interface WizardContext {
  studio: Studio;
  readonly service: ServiceView;
  readonly checks: Check[];
  /** The `where` of a problem the designer followed a link to. */
  where: string | null;
  /** Queues a save of one part (later calls for the same part replace earlier ones). */
  autosave(part: string, fn: SaveFn, delayMs?: number): void;
  /** Saves everything queued now; false if something could not be saved. */
  flush(): Promise<boolean>;
  /** A change made outside autosave (an upload, a template reset): take the new service. */
  replaceService(service: ServiceView): void;
  onChecks(fn: (checks: Check[]) => void): void;
  refreshChecks(): Promise<void>;
}

export type StepRenderer = (ctx: WizardContext, container: HTMLElement) => Promise<(() => void) | void>;

async function loadStep(step: StepKey): Promise<StepRenderer> {
  switch (step) {
    case 'metadata': return (await import('./steps/metadata.js')).renderMetadataStep;
    case 'components': return (await import('./steps/components.js')).renderComponentsStep;
    case 'form': return (await import('./steps/form.js')).renderFormStep;
    case 'process': return (await import('./steps/process.js')).renderProcessStep;
    default: return (await import('./steps/publish.js')).renderPublishStep;
  }
}

export async function wizardScene(studio: Studio, id: string, step: StepKey, query: URLSearchParams) {
  const main = studio.shell.main;
  mount(main, h('p', { role: 'status' }, L('Đang tải…', 'Loading…')));
  let service: ServiceView;
  let checks: Check[] = [];
  try {
    [service, checks] = await Promise.all([studio.services.get(id), studio.services.checks(id).then((r) => r.checks)]);
  } catch (err) {
    mount(main, h('div', { class: 'alert alert-danger', role: 'alert' }, errorText(err)), h('a', { href: '#/services' }, L('← Danh sách dịch vụ', '← Services')));
    return;
  }
  studio.shell.setTitle(`${stepTitle(step)} · ${service.metadata.name}`);

  // Saving.
  const pending = new Map<string, SaveFn>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<boolean> | null = null;
  let state: 'saved' | 'pending' | 'saving' | 'error' | 'conflict' = 'saved';
  let lastError = '';
  let savedAt: string | null = null;
  const saveState = h('div', { class: 'esb-save-state', role: 'status', 'aria-live': 'polite' });
  const conflictSlot = h('div');
  const renderSaveState = () => {
    const text = {
      saved: savedAt ? L(`Đã lưu bản nháp lúc ${formatDateTime(savedAt)}`, `Draft saved at ${formatDateTime(savedAt)}`) : L('Không có thay đổi chưa lưu', 'No unsaved changes'),
      pending: L('Có thay đổi chưa lưu…', 'Unsaved changes…'),
      saving: L('Đang lưu…', 'Saving…'),
      error: L(`Chưa lưu được: ${lastError}`, `Not saved: ${lastError}`),
      conflict: L('Chưa lưu: có người khác đã sửa dịch vụ này', 'Not saved: someone else changed this service'),
    }[state];
    saveState.textContent = text;
    saveState.className = `esb-save-state ${state === 'error' || state === 'conflict' ? 'text-danger fw-semibold' : ''}`;
    saveState.dataset.state = state;
  };

  const run = async (): Promise<boolean> => {
    clearTimeout(timer);
    timer = undefined;
    if (running) await running;
    if (state === 'conflict') return false;
    if (!pending.size) return state !== 'error';
    running = (async () => {
      state = 'saving';
      renderSaveState();
      try {
        for (const [part, fn] of [...pending]) {
          pending.delete(part);
          try {
            service = await fn(service.rowVersion);
          } catch (err) {
            if (!pending.has(part)) pending.set(part, fn);
            throw err;
          }
        }
        state = pending.size ? 'pending' : 'saved';
        savedAt = new Date().toISOString();
        renderSaveState();
        void refreshChecks();
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          state = 'conflict';
          showConflict();
        } else {
          state = 'error';
          lastError = errorText(err);
        }
        renderSaveState();
        return false;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const showConflict = () =>
    mount(
      conflictSlot,
      h(
        'div',
        { class: 'alert alert-warning d-flex align-items-center gap-2', role: 'alert' },
        h('span', { class: 'me-auto' }, L('Dịch vụ này vừa được người khác lưu. Thay đổi của bạn chưa được lưu. Tải lại để xem bản mới nhất (thay đổi chưa lưu sẽ mất), hoặc sao chép lại nội dung trước khi tải lại.', 'Someone else saved this service meanwhile. Your changes are not saved. Reload to see the latest version (unsaved changes will be lost), or copy your work first.')),
        h('button', { type: 'button', class: 'btn btn-warning', onclick: () => { pending.clear(); state = 'saved'; studio.navigate(location.hash); } }, L('Tải lại', 'Reload')),
      ),
    );

  /**
   * What a step's badge says. The checks only find problems, they do not prove a step done:
   * a step without problems says so ("no problems"), an optional step left empty says it is
   * empty, and the publish step says whether the service is published, ready, or not yet.
   */
  const stepState = (k: StepKey, problems: number, errorsCount: number): [string, 'missing' | 'ok' | 'todo'] => {
    if (errorsCount) return [L(`Còn ${errorsCount} lỗi`, `${errorsCount} to fix`), 'missing'];
    if (k === 'publish') {
      const blocking = checks.filter((c) => !c.ok && c.severity === 'error').length;
      if (service.currentVersion && !service.hasUnpublishedChanges) return [L(`Đã công bố v${service.currentVersion.version}`, `Published v${service.currentVersion.version}`), 'ok'];
      if (blocking) return [L('Chưa sẵn sàng công bố', 'Not ready to publish'), 'todo'];
      return [service.currentVersion ? L('Có thay đổi chưa công bố', 'Unpublished changes') : L('Sẵn sàng công bố', 'Ready to publish'), 'todo'];
    }
    if (problems) return [L(`${problems} lưu ý`, `${problems} warnings`), 'ok'];
    if (k === 'components' && !service.components.length) return [L('Chưa có thành phần', 'None yet'), 'todo'];
    if (k === 'form' && !service.form?.components?.length) return [L('Chưa có biểu mẫu', 'No form yet'), 'todo'];
    if (k === 'process' && !service.bpmnXml) return [L('Chưa có quy trình', 'No process yet'), 'todo'];
    return [L('Không có lỗi', 'No problems'), 'ok'];
  };

  // The title line: name, status and version follow saves and publishing.
  const heading = h('h1', { class: 'h4 mb-0 me-auto w-100' });
  const renderHeading = () =>
    mount(
      heading,
      service.metadata.name,
      ' ',
      h('span', { class: 'badge text-bg-secondary align-middle fs-6', id: 'service-status', dataset: { status: service.status } }, serviceStatusLabel(service.status)),
      service.currentVersion ? h('span', { class: 'badge text-bg-success align-middle fs-6 ms-1' }, `v${service.currentVersion.version}`) : null,
      service.currentVersion && service.hasUnpublishedChanges ? h('span', { class: 'badge text-bg-warning align-middle fs-6 ms-1' }, L('Có thay đổi chưa công bố', 'Unpublished changes')) : null,
    );

  // Checks: progress and what is missing.
  const checkListeners = new Set<(c: Check[]) => void>();
  const progress = h('ol', { class: 'esb-steps', 'aria-label': L('Các bước', 'Steps') });
  const missing = h('div');
  const renderChecks = () => {
    renderHeading();
    mount(
      progress,
      ...STEP_KEYS.map((k, i) => {
        const problems = problemsOf(checks, k);
        const errorsCount = problems.filter((p) => p.severity === 'error').length;
        const [stateText, tone] = stepState(k, problems.length, errorsCount);
        return h(
          'li',
          null,
          h(
            'a',
            { href: `#/services/${id}/${k}`, ...(k === step && { 'aria-current': 'step' }) },
            h('span', { class: 'fw-semibold' }, `${i + 1}. ${stepTitle(k)}`),
            h('span', { class: `esb-step-state esb-${tone}`, dataset: { step: k, errors: String(errorsCount) } }, stateText),
          ),
        );
      }),
    );
    const mine = step === 'publish' ? [] : problemsOf(checks, step);
    mount(
      missing,
      mine.length
        ? h(
            'section',
            { class: 'alert alert-light border', 'aria-labelledby': 'missing-title' },
            h('h2', { class: 'h6', id: 'missing-title' }, L('Còn thiếu ở bước này', 'Missing in this step')),
            h('ul', { class: 'esb-problems mb-0 small', id: 'step-problems' }, ...mine.map((c) => h('li', { class: c.severity === 'error' ? 'text-danger' : 'text-warning-emphasis' }, h('a', { href: linkTo(id, c.where), class: 'link-offset-1' }, checkMessage(c)), c.severity === 'warning' ? ` (${L('lưu ý', 'warning')})` : ''))),
          )
        : null,
    );
  };
  const refreshChecks = async () => {
    try {
      checks = (await studio.services.checks(id)).checks;
      renderChecks();
      for (const fn of checkListeners) fn(checks);
    } catch {
      /* the next save tries again */
    }
  };

  const ctx: WizardContext = {
    studio,
    get service() {
      return service;
    },
    get checks() {
      return checks;
    },
    where: query.get('where'),
    autosave(part, fn, delayMs = 1200) {
      pending.set(part, fn);
      if (state !== 'conflict') {
        state = 'pending';
        renderSaveState();
      }
      clearTimeout(timer);
      timer = setTimeout(() => void run(), delayMs);
    },
    flush: run,
    replaceService(next) {
      service = next;
      renderChecks();
      savedAt = new Date().toISOString();
      if (state === 'saved') renderSaveState();
      void refreshChecks();
    },
    onChecks: (fn) => void checkListeners.add(fn),
    refreshChecks,
  };

  studio.leaveGuard = {
    dirty: () => pending.size > 0 || state === 'saving' || state === 'error' || state === 'conflict',
    async confirmLeave() {
      if ((await run()) && !pending.size) return true;
      return confirm(L('Có thay đổi chưa lưu được. Rời trang và bỏ các thay đổi này?', 'Some changes could not be saved. Leave and lose them?'));
    },
  };

  // A tab closed (or hidden, which may be the last chance on mobile) within the autosave delay
  // would lose the edit: save at once, with requests that outlive the page. (beforeunload,
  // in main.ts, still warns when something cannot be saved.)
  const saveOnHide = () => {
    if (document.visibilityState === 'visible' && !hiding) return;
    if (!pending.size || running || state === 'conflict') return;
    // Each part's request goes out with keepalive, the first one before this handler returns
    // (the parts' save functions hold what they send and call the API at once).
    studio.api.keepalive = true;
    void run().finally(() => {
      studio.api.keepalive = false;
    });
  };
  let hiding = false;
  const onPageHide = () => {
    hiding = true;
    saveOnHide();
    hiding = false;
  };
  document.addEventListener('visibilitychange', saveOnHide);
  window.addEventListener('pagehide', onPageHide);

  const stepArea = h('div', { id: 'step-area' });
  mount(
    main,
    h(
      'div',
      { class: 'd-flex flex-wrap align-items-center gap-2 mb-2' },
      h('a', { href: '#/services', class: 'small' }, L('← Danh sách dịch vụ', '← Services')),
      heading,
      saveState,
    ),
    conflictSlot,
    h('nav', { 'aria-label': L('Tiến độ', 'Progress') }, progress),
    missing,
    h('h2', { class: 'h5 mb-3' }, stepTitle(step)),
    stepArea,
  );
  renderSaveState();
  renderChecks();

  let disposeStep: (() => void) | void;
  try {
    const render = await loadStep(step);
    disposeStep = await render(ctx, stepArea);
  } catch (err) {
    mount(stepArea, h('div', { class: 'alert alert-danger', role: 'alert' }, errorText(err)));
  }
  return () => {
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', saveOnHide);
    window.removeEventListener('pagehide', onPageHide);
    disposeStep?.();
  };
}
