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

describe('an intermediate message catch event', () => {
  it('waits for the citizen\'s supplement; its data become variables and the process goes on', async () => {
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

  it('is found by the message id as well as its name', async () => {
    const s = new Scenario(world, fixture('message-catch'));
    await s.start();
    await s.complete('askSupplement');
    await s.message('Msg_supplement');
    expect(await s.openTaskIds()).toEqual(['recheck']);
  });

  it('refuses a message nobody waits for, changing nothing', async () => {
    const s = new Scenario(world, fixture('message-catch'));
    await s.start();
    const before = await s.instance();
    await expect(s.message('supplement')).rejects.toMatchObject({ code: 'message.not_expected' });
    await expect(s.message('no-such-message')).rejects.toMatchObject({ code: 'message.not_expected' });
    expect((await s.instance()).row_version).toBe(before.row_version);
  });

  it('reaches the running instance of a business key', async () => {
    const s = new Scenario(world, fixture('message-catch'));
    await s.start({}, { businessKey: 'dossier-by-key' });
    await s.complete('askSupplement');
    await s.tx((trx, rt) => rt.deliverMessage(trx, { tenantId: world.tenantId, businessKey: 'dossier-by-key', message: 'supplement' }));
    expect(await s.openTaskIds()).toEqual(['recheck']);
  });
});

describe('a receive task', () => {
  it('waits for its message and reports its status on entering', async () => {
    const s = new Scenario(world, fixture('receive-task'));
    const started = await s.start();
    expect(started.statusChanges).toEqual([{ elementId: 'awaitPayment', elementName: 'Await the payment', status: 6 }]);
    expect(started.createdTasks).toEqual([]);
    await s.message('payment-confirmed', { receipt: 'BL-001' });
    expect(await s.openTaskIds()).toEqual(['issue']);
    expect((await s.instance()).variables).toMatchObject({ receipt: 'BL-001' });
  });
});

describe('a message start event', () => {
  it('starts the process with the message given at start', async () => {
    const s = new Scenario(world, fixture('message-start'));
    await s.start({}, { message: { name: 'dossier-submitted', data: { channel: 'online' } } });
    expect(await s.openTaskIds()).toEqual(['receive']);
    expect((await s.instance()).variables).toMatchObject({ channel: 'online' });
  });

  it('waits for the message when none is given at start', async () => {
    const s = new Scenario(world, fixture('message-start'));
    await s.start();
    expect(await s.openTaskIds()).toEqual([]);
    await s.message('dossier-submitted');
    expect(await s.openTaskIds()).toEqual(['receive']);
  });
});
