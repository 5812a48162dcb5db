/**
 * A call dragged from the calls list onto an extension (transfer) or a parking lot (park). The
 * channel travels in the DataTransfer under its own type, so a file drop (uploads) never looks
 * like a call and a call never looks like a file.
 */
export const CALL_TYPE = 'application/x-ajam-call';

export interface DraggedCall {
  readonly channel: string;
  readonly who: string;
}

export function carriesCall(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes(CALL_TYPE) ?? false;
}

export function startCallDrag(event: DragEvent, call: DraggedCall): void {
  if (!event.dataTransfer) return;
  event.dataTransfer.setData(CALL_TYPE, JSON.stringify(call));
  event.dataTransfer.setData('text/plain', call.channel);
  event.dataTransfer.effectAllowed = 'move';
}

export function droppedCall(event: DragEvent): DraggedCall | undefined {
  const text = event.dataTransfer?.getData(CALL_TYPE);
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { channel, who } = value as Record<string, unknown>;
    return typeof channel === 'string'
      ? { channel, who: typeof who === 'string' ? who : channel }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An extension dragged from the grid onto a queue (issue 9: it becomes a member). Its own type, so
 * it is never taken for a call or a file.
 */
export const EXTENSION_TYPE = 'application/x-ajam-extension';

export interface DraggedExtension {
  readonly exten: string;
  readonly name: string;
}

export function carriesExtension(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes(EXTENSION_TYPE) ?? false;
}

export function startExtensionDrag(event: DragEvent, ext: DraggedExtension): void {
  if (!event.dataTransfer) return;
  event.dataTransfer.setData(EXTENSION_TYPE, JSON.stringify(ext));
  event.dataTransfer.setData('text/plain', ext.exten);
  event.dataTransfer.effectAllowed = 'copy';
}

export function droppedExtension(event: DragEvent): DraggedExtension | undefined {
  const text = event.dataTransfer?.getData(EXTENSION_TYPE);
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { exten, name } = value as Record<string, unknown>;
    return typeof exten === 'string' && /^[A-Za-z0-9*#+_.-]{1,64}$/.test(exten)
      ? { exten, name: typeof name === 'string' ? name : exten }
      : undefined;
  } catch {
    return undefined;
  }
}
