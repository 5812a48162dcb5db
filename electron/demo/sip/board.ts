/**
 * The AMI events of what the softphone does that the office's own simulation never does: DTMF it
 * sends, and the transfers it asks for with REFER, with the fields Asterisk 22's manager gives
 * them (manager_channels.c, manager_bridges.c). Pure: lines out.
 */
import type { Chan, Lines } from '../office';
import { bridgeSnapshot, snapshot } from '../office';

/** DTMFBegin's lines: a digit the softphone sent (Direction Received, as the PBX hears it). */
export function dtmfBeginLines(c: Chan, digit: string): Lines {
  return [...snapshot(c), ['Digit', digit], ['Direction', 'Received']];
}

/** DTMFEnd's lines, with how long the digit lasted. */
export function dtmfEndLines(c: Chan, digit: string, durationMs: number): Lines {
  return [...snapshot(c), ['Digit', digit], ['DurationMs', String(durationMs)], ['Direction', 'Received']];
}

/** BlindTransfer: `transferer` sends `transferee` (bridged with it) to exten@context. */
export function blindTransferLines(
  transferer: Chan,
  transferee: Chan,
  context: string,
  exten: string,
): Lines {
  const bridge = transferee.bridge;
  return [
    ['Result', 'Success'],
    ...snapshot(transferer, 'Transferer'),
    ...snapshot(transferee, 'Transferee'),
    ...(bridge ? bridgeSnapshot(bridge) : []),
    ['IsExternal', 'No'],
    ['Context', context],
    ['Extension', exten],
  ];
}

/**
 * AttendedTransfer of a bridge merge: the transferer's first call (`transferee` in `origBridge`)
 * and its second (`target` in the second bridge) become one call in the first bridge.
 */
export function attendedTransferLines(
  origTransferer: Chan,
  secondTransferer: Chan,
  transferee: Chan,
  target: Chan,
): Lines {
  const orig = transferee.bridge;
  const second = target.bridge;
  return [
    ['Result', 'Success'],
    ...snapshot(origTransferer, 'OrigTransferer'),
    ...(orig ? bridgeSnapshot(orig, 'Orig') : []),
    ...snapshot(secondTransferer, 'SecondTransferer'),
    ...(second ? bridgeSnapshot(second, 'Second') : []),
    ...snapshot(transferee, 'Transferee'),
    ...snapshot(target, 'TransferTarget'),
    ['IsExternal', 'No'],
    ['DestType', 'Bridge'],
    ['DestBridgeUniqueid', orig?.id ?? ''],
  ];
}
