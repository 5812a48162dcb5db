/**
 * What the tray shows: which icon, the tooltip and the menu, from the app's state. Pure; tray.ts turns
 * the description into Electron's Tray and Menu and routes clicks back by command.
 */
import type { SessionState } from '../../shared/ipc';
import type { Strings } from './strings';

export type TrayIconKind = 'connected' | 'reconnecting' | 'offline' | 'uploading';

export type TrayCommand =
  | { readonly kind: 'toggle-window' }
  | { readonly kind: 'connect' }
  | { readonly kind: 'disconnect' }
  | { readonly kind: 'select-profile'; readonly profileId: string }
  | { readonly kind: 'toggle-dnd' }
  | { readonly kind: 'quit' };

export type TrayMenuItem =
  | { readonly type: 'separator' }
  | {
      readonly type: 'normal';
      readonly id: string;
      readonly label: string;
      readonly enabled: boolean;
      readonly command: TrayCommand;
    }
  | {
      readonly type: 'checkbox' | 'radio';
      readonly id: string;
      readonly label: string;
      readonly checked: boolean;
      readonly enabled: boolean;
      readonly command: TrayCommand;
    }
  | {
      readonly type: 'submenu';
      readonly id: string;
      readonly label: string;
      readonly items: readonly TrayMenuItem[];
    };

export interface TrayInput {
  readonly session: SessionState;
  readonly retryInSeconds?: number;
  /** Files queued or being sent right now. */
  readonly activeUploads: number;
  /** The recordings journal's counts, when there is a journal with anything in it. */
  readonly recordings?: { readonly waiting: number; readonly failed: number; readonly done: number };
  readonly profiles: readonly { readonly id: string; readonly name: string }[];
  readonly selectedProfileId: string | undefined;
  readonly doNotDisturb: boolean;
  readonly windowVisible: boolean;
  readonly strings: Strings;
}

export interface TrayView {
  readonly icon: TrayIconKind;
  readonly tooltip: string;
  readonly menu: readonly TrayMenuItem[];
}

/** Uploading wins over the connection (it is the state that must not be quit carelessly). */
export function trayIcon(session: SessionState, activeUploads: number): TrayIconKind {
  if (activeUploads > 0 && (session === 'connected' || session === 'back')) return 'uploading';
  switch (session) {
    case 'connected':
    case 'back':
      return 'connected';
    case 'connecting':
    case 'lost':
      return 'reconnecting';
    case 'idle':
    case 'closed':
      return 'offline';
  }
}

export function trayView(input: TrayInput): TrayView {
  const { tray } = input.strings;
  const profileName = input.profiles.find((p) => p.id === input.selectedProfileId)?.name;
  const icon = trayIcon(input.session, input.activeUploads);
  const name = profileName ?? '—';
  let tooltip: string;
  switch (input.session) {
    case 'connected':
    case 'back':
      tooltip = tray.connected(name);
      break;
    case 'connecting':
      tooltip = tray.connecting(name);
      break;
    case 'lost':
      tooltip = tray.reconnecting(name, input.retryInSeconds);
      break;
    default:
      tooltip = tray.offline(profileName);
  }
  if (input.activeUploads > 0) tooltip += ` — ${tray.uploading(input.activeUploads)}`;
  const recordings = input.recordings;
  if (recordings && recordings.waiting + recordings.failed + recordings.done > 0) {
    tooltip += ` — ${tray.recordings(recordings)}`;
  }

  const live =
    input.session === 'connected' ||
    input.session === 'back' ||
    input.session === 'connecting' ||
    input.session === 'lost';
  const profileItems: TrayMenuItem[] =
    input.profiles.length === 0
      ? [
          {
            type: 'normal',
            id: 'profile:none',
            label: tray.noProfiles,
            enabled: false,
            command: { kind: 'toggle-window' },
          },
        ]
      : input.profiles.map((p) => ({
          type: 'radio',
          id: `profile:${p.id}`,
          label: p.name,
          checked: p.id === input.selectedProfileId,
          enabled: true,
          command: { kind: 'select-profile', profileId: p.id },
        }));

  const menu: TrayMenuItem[] = [
    {
      type: 'normal',
      id: 'window',
      label: input.windowVisible ? tray.hideWindow : tray.showWindow,
      enabled: true,
      command: { kind: 'toggle-window' },
    },
    { type: 'separator' },
    live
      ? {
          type: 'normal',
          id: 'disconnect',
          label: tray.disconnect,
          enabled: true,
          command: { kind: 'disconnect' },
        }
      : {
          type: 'normal',
          id: 'connect',
          label: tray.connect,
          enabled: input.selectedProfileId !== undefined,
          command: { kind: 'connect' },
        },
    { type: 'submenu', id: 'profiles', label: tray.switchProfile, items: profileItems },
    { type: 'separator' },
    {
      type: 'checkbox',
      id: 'dnd',
      label: tray.doNotDisturb,
      checked: input.doNotDisturb,
      enabled: true,
      command: { kind: 'toggle-dnd' },
    },
    { type: 'separator' },
    { type: 'normal', id: 'quit', label: tray.quit, enabled: true, command: { kind: 'quit' } },
  ];
  return { icon, tooltip, menu };
}
