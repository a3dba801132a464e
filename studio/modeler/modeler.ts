/**
 * The bpmn-js modeler, loaded with steps 4 and 5 only. It reads and writes Camunda's
 * attributes (camunda-bpmn-moddle) and ours (the runtime's `esb` descriptor, imported from
 * the runtime, not copied), so a Camunda Modeler file opens as it is and what the designer
 * sets here is what the runtime reads. bpmn-js needs no eval: the page keeps the strict CSP.
 */
import Modeler from 'bpmn-js/lib/Modeler';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import { esbModdleDescriptor } from '../../runtime/engine/extension.js';
import { L } from '../../ui/i18n.js';
import { checkMessage, type Check } from '../stores/services.js';
import { elementOf } from '../lib/where.js';
import { importRepairsModule, type Repair } from './repair.js';
import { translateModule } from './translate.js';

/** Room (in screen pixels) kept around a fitted diagram, and between it and the palette. */
const FIT_PADDING = 24;

/** `repairs`: what the import repaired for display (see repair.ts); not part of what is saved. */
export interface ImportResult { warnings: string[]; error: string | null; repairs: Repair[] }

export class DiagramEditor {
  readonly modeler: any;
  private problemOverlays: string[] = [];
  private marked: Array<[string, string]> = [];

  constructor(container: HTMLElement, opts: { readOnly?: boolean } = {}) {
    this.modeler = new Modeler({
      container,
      moddleExtensions: { camunda: camundaModdle, esb: esbModdleDescriptor },
      additionalModules: [importRepairsModule, translateModule],
      ...(opts.readOnly ? {} : {}),
    });
    // Tests and support read the modeler through the canvas element.
    (container as any).esbModeler = this.modeler;
  }

  get<T = any>(service: string): T {
    return this.modeler.get(service);
  }

  async importXml(xml: string): Promise<ImportResult> {
    try {
      const { warnings } = await this.modeler.importXML(xml);
      this.fit();
      return { warnings: (warnings ?? []).map((w: { message?: string }) => w.message ?? String(w)), error: null, repairs: this.get('importRepairs').repairs };
    } catch (err: any) {
      return { warnings: (err?.warnings ?? []).map((w: { message?: string }) => w.message ?? String(w)), error: err?.message ?? String(err), repairs: [] };
    }
  }

  async xml(): Promise<string> {
    const { xml } = await this.modeler.saveXML({ format: true });
    return xml;
  }

  /** The BPMNDiagrams of the file (several in some files), and the open one. */
  diagrams(): Array<{ id: string; name: string }> {
    const defs = this.modeler.getDefinitions?.();
    return (defs?.diagrams ?? []).map((d: any) => ({ id: d.id, name: d.name || d.plane?.bpmnElement?.name || d.id }));
  }

  async openDiagram(id: string): Promise<ImportResult> {
    try {
      const { warnings } = await this.modeler.open(id);
      this.fit();
      return { warnings: (warnings ?? []).map((w: { message?: string }) => w.message ?? String(w)), error: null, repairs: [] };
    } catch (err: any) {
      return { warnings: [], error: err?.message ?? String(err), repairs: [] };
    }
  }

  /**
   * Fits the diagram into the part of the canvas the palette leaves free: fit-viewport alone
   * centres it on the whole canvas, so the start event (and a label on the left edge) ends
   * up under the palette. Never zooms in past 100 %, as fit-viewport does not.
   */
  fit() {
    const canvas = this.get('canvas');
    try {
      canvas.zoom('fit-viewport', 'auto');
    } catch {
      /* an empty diagram has nothing to fit */
      return;
    }
    const { inner, outer } = canvas.viewbox() as { inner: { x: number; y: number; width: number; height: number }; outer: { width: number; height: number } };
    if (!inner?.width || !inner?.height || !outer?.width || !outer?.height) return;
    const container = canvas.getContainer() as HTMLElement;
    const palette = container.querySelector('.djs-palette');
    const left = palette ? Math.max(0, palette.getBoundingClientRect().right - container.getBoundingClientRect().left) : 0;
    const free = { width: outer.width - left - 2 * FIT_PADDING, height: outer.height - 2 * FIT_PADDING };
    if (free.width <= 0 || free.height <= 0) return;
    const scale = Math.min(1, free.width / inner.width, free.height / inner.height);
    const offsetX = left + FIT_PADDING + (free.width - inner.width * scale) / 2;
    const offsetY = FIT_PADDING + (free.height - inner.height * scale) / 2;
    canvas.viewbox({ x: inner.x - offsetX / scale, y: inner.y - offsetY / scale, width: outer.width / scale, height: outer.height / scale });
  }

  /** Marks each element a failing check points at, with a badge saying what is wrong. */
  showProblems(checks: Check[]) {
    const overlays = this.get('overlays');
    const canvas = this.get('canvas');
    const registry = this.get('elementRegistry');
    for (const id of this.problemOverlays) overlays.remove(id);
    this.problemOverlays = [];
    this.unmark('esb-problem');
    this.unmark('esb-warning-marker');
    const byElement = new Map<string, Check[]>();
    for (const c of checks) {
      const id = elementOf(c.where);
      if (!c.ok && id) byElement.set(id, [...(byElement.get(id) ?? []), c]);
    }
    for (const [id, list] of byElement) {
      const element = registry.get(id);
      if (!element) continue;
      const hasError = list.some((c) => c.severity === 'error');
      const badge = document.createElement('div');
      badge.className = `esb-problem-badge${hasError ? '' : ' esb-warning'}`;
      badge.dataset.elementId = id;
      badge.title = list.map(checkMessage).join('\n');
      badge.setAttribute('role', 'img');
      badge.setAttribute('aria-label', L(`${list.length} vấn đề ở ${element.businessObject?.name || id}: ${badge.title}`, `${list.length} problem(s) at ${element.businessObject?.name || id}: ${badge.title}`));
      badge.textContent = hasError ? `⚠ ${list.length}` : `! ${list.length}`;
      const isConnection = !!element.waypoints;
      this.problemOverlays.push(overlays.add(id, 'esb-problem', { position: isConnection ? { top: -10, left: -10 } : { top: -12, right: 12 }, html: badge }));
      canvas.addMarker(id, hasError ? 'esb-problem' : 'esb-warning-marker');
      this.marked.push([id, hasError ? 'esb-problem' : 'esb-warning-marker']);
    }
    return byElement;
  }

  /** Highlights a test run's path. */
  showPath(elementIds: string[], taskIds: string[] = []) {
    const canvas = this.get('canvas');
    const registry = this.get('elementRegistry');
    this.unmark('esb-path');
    this.unmark('esb-task-met');
    const seen = new Set(elementIds);
    for (const id of seen) {
      if (!registry.get(id)) continue;
      canvas.addMarker(id, 'esb-path');
      this.marked.push([id, 'esb-path']);
    }
    // A path that names no flow (an older server) gets the flows between its elements.
    const namesFlows = [...seen].some((id) => registry.get(id)?.waypoints);
    if (!namesFlows) {
      registry.filter((e: any) => e.waypoints && seen.has(e.source?.id) && seen.has(e.target?.id)).forEach((e: any) => {
        canvas.addMarker(e.id, 'esb-path');
        this.marked.push([e.id, 'esb-path']);
      });
    }
    for (const id of taskIds) if (registry.get(id)) {
      canvas.addMarker(id, 'esb-task-met');
      this.marked.push([id, 'esb-task-met']);
    }
  }

  select(id: string) {
    const element = this.get('elementRegistry').get(id);
    if (!element) return false;
    this.get('selection').select(element);
    try {
      this.get('canvas').scrollToElement(element);
    } catch {
      /* older canvases cannot scroll to an element */
    }
    return true;
  }

  private unmark(marker: string) {
    const canvas = this.get('canvas');
    this.marked = this.marked.filter(([id, m]) => {
      if (m !== marker) return true;
      try {
        canvas.removeMarker(id, m);
      } catch {
        /* the element is gone */
      }
      return false;
    });
  }

  destroy() {
    this.modeler.destroy();
  }
}
