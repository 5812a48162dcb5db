/**
 * A queue member that is the operator's registered softphone (PJSIP/101): the queue's call rings it
 * for real over SIP, the operator's answer connects the caller (AgentConnect), and the operator's
 * BYE ends the call as the member (AgentComplete Reason agent); a decline is a ring with no answer.
 */
import { describe, expect, it } from 'vitest';
import { responseTo } from '../../electron/demo/sip/message';
import { action, drainEvents, field } from '../demo/messages';
import type { SipClient } from '../softphone/client';
import { softphoneRig, until } from '../softphone/rig';
import { login } from '../wire/replay';

const rig = softphoneRig();

type Event = Awaited<ReturnType<typeof drainEvents>>[number];

async function queueWithSoftphone(): Promise<{ id: string; phone: SipClient; events: Event[] }> {
  const pbx = await rig.start({ calls: 0, features: 'captures' });
  const id = await login(pbx.port, 'admin', '12345');
  const phone = await rig.registered(pbx);
  await action(
    pbx.port,
    id,
    'action=QueueAdd&Queue=support&Interface=PJSIP/101&MemberName=Operator&StateInterface=PJSIP/101',
  );
  await drainEvents(pbx.port, id);
  await action(
    pbx.port,
    id,
    'action=Originate&Channel=Local/300@demo&Application=Wait&Data=600&CallerID=%22Caller%20One%22%20%3C5551001%3E&Async=true',
  );
  return { id, phone, events: [] };
}

describe('the operator softphone as a queue member', () => {
  it('rings for the caller, connects on answer and ends as the member on BYE', async () => {
    const { id, phone } = await queueWithSoftphone();
    const invite = await phone.request('INVITE');
    let events = await drainEvents(rig.pbx.port, id);
    const called = events.find((e) => field(e, 'Event') === 'AgentCalled') ?? [];
    expect(field(called, 'DestChannel')).toMatch(/^PJSIP\/101-[0-9a-f]{8}$/);
    expect(field(called, 'MemberName')).toBe('Operator');
    const m = rig.newMedia();
    const dialog = phone.answer(invite, await m.answer(invite.body));
    await phone.request('ACK', dialog.callId);
    await until(async () => {
      events = [...events, ...(await drainEvents(rig.pbx.port, id))];
      return events.some((e) => field(e, 'Event') === 'AgentConnect');
    }, 'AgentConnect');
    const connect = events.find((e) => field(e, 'Event') === 'AgentConnect') ?? [];
    expect(field(connect, 'Channel')).toMatch(/^Local\/300@demo-[0-9a-f]{8};2$/);
    expect(field(connect, 'DestChannel')).toBe(field(called, 'DestChannel'));
    expect((await phone.transact(dialog, 'BYE')).status).toBe(200);
    await until(async () => {
      events = [...events, ...(await drainEvents(rig.pbx.port, id))];
      return events.some((e) => field(e, 'Event') === 'AgentComplete');
    }, 'AgentComplete');
    expect(field(events.find((e) => field(e, 'Event') === 'AgentComplete') ?? [], 'Reason')).toBe('agent');
    await until(() => rig.pbx.office.channels().length === 0, 'every channel gone');
  });

  it('a decline is a ring nobody answered: AgentRingNoAnswer, the caller still waits', async () => {
    const { id, phone } = await queueWithSoftphone();
    const invite = await phone.request('INVITE');
    phone.send(responseTo(invite, 486, 'Busy Here', [], '', 'x1'));
    let events: Event[] = [];
    await until(async () => {
      events = [...events, ...(await drainEvents(rig.pbx.port, id))];
      return events.some((e) => field(e, 'Event') === 'AgentRingNoAnswer');
    }, 'AgentRingNoAnswer');
    expect(events.some((e) => field(e, 'Event') === 'QueueCallerAbandon')).toBe(false);
    const status = (await action(rig.pbx.port, id, 'action=QueueStatus&Queue=support')).map((e) =>
      field(e, 'Event'),
    );
    expect(status).toContain('QueueEntry');
  });
});
