/** The operator's memberships: members whose interface or state interface is the operator's phone. Pure. */
import type { QueueMember, QueueView } from '../../../shared/queues';

export interface Membership {
  readonly queue: string;
  readonly member: QueueMember;
}

/** `PJSIP/101`, `Local/101@from-queue/n`, `hint:101@ext-local` all name extension 101. */
function extenOf(device: string): string | undefined {
  return (
    /^(?:PJSIP|SIP|IAX2)\/([^-/@]+)$/i.exec(device)?.[1] ??
    /^Local\/([^@]+)@from-queue(?:\/n)?$/i.exec(device)?.[1] ??
    /^hint:([^@]+)@/i.exec(device)?.[1]
  );
}

export function mine(queues: readonly QueueView[], operatorEndpoint: string | undefined): Membership[] {
  if (!operatorEndpoint) return [];
  const exten = extenOf(operatorEndpoint) ?? operatorEndpoint;
  const out: Membership[] = [];
  for (const q of queues) {
    for (const m of q.members) {
      if (extenOf(m.interface) === exten || extenOf(m.stateInterface) === exten)
        out.push({ queue: q.queue, member: m });
    }
  }
  return out;
}
