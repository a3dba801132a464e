/**
 * Messages from outside reach what waits for them: the citizen's supplement (intermediate
 * message catch event), a payment confirmation (receive task), a message start event.
 */
import { createWorld, fixture, Scenario, type World } from './harness.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => world?.close());

describe('Given an intermediate message catch event (message-catch.bpmn)', () => {
  it('When the citizen\'s supplement arrives, then its data become variables and the process goes on', async () => {
    const s = new Scenario(world, fixture('message-catch'));
    await s.start();
    const asked = await s.complete('askSupplement', { data: { missing: ['CCCD'] } });
    expect(asked.statusChanges).toEqual([{ elementId: 'supplementArrives', elementName: 'Supplement arrives', status: 5 }]);
    expect(await s.openTaskIds()).toEqual([]);

    const arrived = await s.message('supplement', { files: ['cccd.pdf'] });
    expect(arrived.statusChanges).toEqual([{ elementId: 'recheck', elementName: 'Check the supplement', status: 4 }]);
    expect(await s.openTaskIds()).toEqual(['recheck']);
    expect((await s.instance()).variables).toMatchObject({ missing: ['CCCD'], files: ['cccd.pdf'] });
  });

  it('When the message is delivered by its id, then it is found as by its name', async () => {
    const s = new Scenario(world, fixture('message-catch'));
    await s.start();
    await s.complete('askSupplement');
    await s.message('Msg_supplement');
    expect(await s.openTaskIds()).toEqual(['recheck']);
  });

  it('When a message nobody waits for is delivered, then it is refused and nothing changes', async () => {
    const s = new Scenario(world, fixture('message-catch'));
    await s.start();
    const before = await s.instance();
    await expect(s.message('supplement')).rejects.toMatchObject({ code: 'message.not_expected' });
    await expect(s.message('no-such-message')).rejects.toMatchObject({ code: 'message.not_expected' });
    expect((await s.instance()).row_version).toBe(before.row_version);
  });

  it('When a message is delivered by business key, then it reaches the running instance', async () => {
    const s = new Scenario(world, fixture('message-catch'));
    await s.start({}, { businessKey: 'dossier-by-key' });
    await s.complete('askSupplement');
    await s.tx((trx, rt) => rt.deliverMessage(trx, { tenantId: world.tenantId, businessKey: 'dossier-by-key', message: 'supplement' }));
    expect(await s.openTaskIds()).toEqual(['recheck']);
  });
});

describe('Given a receive task (receive-task.bpmn)', () => {
  it('When it is entered, then it reports its status and waits; when its message arrives, then the process goes on with its data', async () => {
    const s = new Scenario(world, fixture('receive-task'));
    const started = await s.start();
    expect(started.statusChanges).toEqual([{ elementId: 'awaitPayment', elementName: 'Await the payment', status: 6 }]);
    expect(started.createdTasks).toEqual([]);
    await s.message('payment-confirmed', { receipt: 'BL-001' });
    expect(await s.openTaskIds()).toEqual(['issue']);
    expect((await s.instance()).variables).toMatchObject({ receipt: 'BL-001' });
  });
});

describe('Given a message start event (message-start.bpmn)', () => {
  it('When the message is given at start, then the process starts with it', async () => {
    const s = new Scenario(world, fixture('message-start'));
    await s.start({}, { message: { name: 'dossier-submitted', data: { channel: 'online' } } });
    expect(await s.openTaskIds()).toEqual(['receive']);
    expect((await s.instance()).variables).toMatchObject({ channel: 'online' });
  });

  it('When no message is given at start, then the process waits for it', async () => {
    const s = new Scenario(world, fixture('message-start'));
    await s.start();
    expect(await s.openTaskIds()).toEqual([]);
    await s.message('dossier-submitted');
    expect(await s.openTaskIds()).toEqual(['receive']);
  });
});
