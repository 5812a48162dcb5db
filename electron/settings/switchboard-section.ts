/**
 * A profile's `switchboardLayout` (format 6: the grid's groups and extension labels) read back from
 * disk or an import file. Pure. A group or label that does not read is dropped with a note, and a
 * section that is not an object at all goes whole: a hand edit must not cost the profile itself, as a
 * strict parse of the profile would.
 */
import * as v from 'valibot';
import { SwitchboardGroupSchema, SwitchboardLayoutSchema } from '../../shared/switchboard';

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function repairSwitchboardLayout(profile: Raw, label: string, notes: string[]): Raw {
  if (!('switchboardLayout' in profile)) return profile;
  const { switchboardLayout: section, ...rest } = profile;
  if (section === undefined) return rest;
  if (!isRecord(section)) {
    notes.push(`profile "${label}": the switchboard groups and labels were dropped: they do not read`);
    return rest;
  }
  const groups: unknown[] = [];
  const ids = new Set<string>();
  const rawGroups = Array.isArray(section['groups']) ? section['groups'] : [];
  if (section['groups'] !== undefined && !Array.isArray(section['groups'])) {
    notes.push(`profile "${label}": the switchboard groups were dropped: they are not a list`);
  }
  for (const group of rawGroups) {
    const one = v.safeParse(SwitchboardGroupSchema, group);
    if (one.success && !ids.has(one.output.id) && groups.length < 200) {
      ids.add(one.output.id);
      groups.push(one.output);
    } else {
      const name = isRecord(group) && typeof group['name'] === 'string' ? group['name'] : '?';
      notes.push(`profile "${label}": the switchboard group "${name}" was dropped: it does not read`);
    }
  }
  const labels: Record<string, string> = {};
  const rawLabels = isRecord(section['labels']) ? section['labels'] : {};
  for (const [exten, text] of Object.entries(rawLabels)) {
    const one = v.safeParse(SwitchboardLayoutSchema, { groups: [], labels: { [exten]: text } });
    if (one.success && Object.keys(labels).length < 5000) labels[exten] = text as string;
    else notes.push(`profile "${label}": the switchboard label of "${exten}" was dropped: it does not read`);
  }
  return { ...rest, switchboardLayout: { groups, labels } };
}
