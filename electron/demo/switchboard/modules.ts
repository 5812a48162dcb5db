/**
 * Which manager actions come from a module the demo can leave out, so that consoles can be tried
 * against a partial PBX: without res_parking or app_voicemail, Asterisk never registers their
 * actions, and manager.c answers them as it answers any unknown action (04o). MailboxCount and
 * MailboxStatus stay: they are manager.c's own (they count zero without a voicemail module). Pure.
 */
import type { DemoModules } from '../api';

const MODULE_ACTIONS: Readonly<Record<keyof DemoModules, readonly string[]>> = {
  parking: ['park', 'parkedcalls', 'parkinglots'],
  voicemail: [
    'voicemailuserslist',
    'voicemailuserstatus',
    'voicemailrefresh',
    'voicemailboxsummary',
    'voicemailmove',
    'voicemailremove',
  ],
};

/** Whether the action (lower-cased) is registered with these modules loaded. */
export function actionLoaded(modules: DemoModules | undefined, action: string): boolean {
  for (const [module, actions] of Object.entries(MODULE_ACTIONS) as Array<
    [keyof DemoModules, readonly string[]]
  >) {
    if (modules?.[module] === false && actions.includes(action)) return false;
  }
  return true;
}
