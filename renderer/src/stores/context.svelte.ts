/** Builds every store once per window and hands them to components through Svelte context. */
import { createContext } from 'svelte';
import type { AjamApi } from '../../../shared/ipc';
import { Board } from './board.svelte';
import { Clock } from './clock.svelte';
import { Connection } from './connection.svelte';
import { Controls } from './controls.svelte';
import { I18n } from './i18n.svelte';
import { Preferences } from './preferences.svelte';
import { Profiles } from './profiles.svelte';
import { Theme } from './theme.svelte';
import { Toasts } from './toasts.svelte';
import { Ui } from './ui.svelte';
import { Uploads } from './uploads.svelte';
import { Pipeline } from '../pipeline/pipeline.svelte';
import { Switchboard } from '../switchboard/switchboard.svelte';
import { Queues } from '../queues/queues.svelte';
import { Softphone } from '../softphone/phone.svelte';
import { messageText } from '../softphone/words';
import { tapQueued } from '../softphone/queued';

export interface Stores {
  readonly api: AjamApi;
  readonly clock: Clock;
  readonly i18n: I18n;
  readonly theme: Theme;
  readonly prefs: Preferences;
  readonly toasts: Toasts;
  readonly connection: Connection;
  readonly profiles: Profiles;
  readonly board: Board;
  readonly controls: Controls;
  readonly uploads: Uploads;
  readonly pipeline: Pipeline;
  readonly ui: Ui;
  readonly switchboard: Switchboard;
  readonly queues: Queues;
  /** The WebRTC softphone: other features call `softphone.call(number)`. */
  readonly softphone: Softphone;
}

export interface Environment {
  readonly languages: readonly string[];
  readonly colorScheme: MediaQueryList | null;
}

export function createStores(api: AjamApi, env: Environment): Stores {
  const i18n = new I18n(env.languages);
  const theme = new Theme(env.colorScheme);
  const toasts = new Toasts();
  const softphone = new Softphone(api, {
    message: (message) => {
      const kind =
        message.kind === 'call-failed' ||
        message.kind === 'transfer-failed' ||
        message.kind === 'no-microphone';
      toasts.show(kind ? 'error' : 'info', messageText(i18n.t, message));
    },
  });
  return {
    api,
    clock: new Clock(),
    i18n,
    theme,
    prefs: new Preferences(api, i18n, theme),
    toasts,
    connection: new Connection(api, {
      onProfileConnected: (profile) => {
        // The profile's own choices hold while connected with it; "system" or none leaves the app's.
        if (profile.language && profile.language !== 'system') i18n.choice = profile.language;
        if (profile.theme && profile.theme !== 'system') theme.choice = profile.theme;
      },
      onBoardError: (error) => toasts.show('error', i18n.notice(error.notice, error.message)),
    }),
    profiles: new Profiles(api),
    board: new Board(api),
    // A click-to-dial or spy this window queued rings the softphone, which answers it by itself.
    controls: new Controls(api, toasts, i18n, {
      onQueued: (requestId) => softphone.expectAutoAnswer(requestId),
    }),
    uploads: new Uploads(api, toasts, i18n),
    pipeline: new Pipeline(api, toasts, i18n),
    ui: new Ui(),
    // Calls and pickups from the grid ring the operator's softphone, which answers them by itself.
    switchboard: new Switchboard(
      tapQueued(api, (requestId) => softphone.expectAutoAnswer(requestId)),
      toasts,
      i18n,
      browserStorage(),
    ),
    queues: new Queues(api, toasts, i18n, browserStorage()),
    softphone,
  };
}

/** The browser's localStorage, when the page may use it (it throws in some sandboxes). */
function browserStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export const [getStores, setStores] = createContext<Stores>();
