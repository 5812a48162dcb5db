/**
 * The demo office's people: about forty extensions in the groups an operator would make
 * (Recepción, Ventas, Soporte, Administración, Dirección, Almacén y salas). The first fourteen are
 * the office's original phones, in their original order, so that seeded runs (traffic, README
 * examples) stay what they were; the rest only join the switchboard's life (presence, DND,
 * voicemail). Pure data.
 */

export interface DirectoryEntry {
  readonly id: string;
  readonly name: string;
  readonly group: string;
}

export const GROUPS = [
  'Recepción',
  'Ventas',
  'Soporte',
  'Administración',
  'Dirección',
  'Almacén y salas',
] as const;

export const DIRECTORY: readonly DirectoryEntry[] = [
  { id: '101', name: 'Recepción', group: 'Recepción' },
  { id: '102', name: 'Ana García', group: 'Recepción' },
  { id: '103', name: 'Luis Pérez', group: 'Ventas' },
  { id: '104', name: 'Marta Ruiz', group: 'Ventas' },
  { id: '105', name: 'Jorge Díaz', group: 'Ventas' },
  { id: '106', name: 'Auditoría', group: 'Administración' },
  { id: '107', name: 'Carmen López', group: 'Soporte' },
  { id: '108', name: 'Pablo Sánchez', group: 'Soporte' },
  { id: '109', name: 'Lucía Romero', group: 'Soporte' },
  { id: '110', name: 'Diego Torres', group: 'Administración' },
  { id: '111', name: 'Elena Navarro', group: 'Administración' },
  { id: '112', name: 'Sergio Molina', group: 'Dirección' },
  { id: '113', name: 'Almacén', group: 'Almacén y salas' },
  { id: '114', name: 'Sala de juntas', group: 'Almacén y salas' },
  { id: '115', name: 'Begoña Ibáñez', group: 'Recepción' },
  { id: '116', name: 'Raúl Domínguez', group: 'Ventas' },
  { id: '117', name: 'Sofía Martín', group: 'Ventas' },
  { id: '118', name: 'Íñigo Gutiérrez', group: 'Ventas' },
  { id: '119', name: 'Nuria Castaño', group: 'Ventas' },
  { id: '120', name: 'Óscar Fernández', group: 'Ventas' },
  { id: '121', name: 'Álvaro Muñoz', group: 'Ventas' },
  { id: '122', name: 'Irene Jiménez', group: 'Soporte' },
  { id: '123', name: 'Tomás Herrera', group: 'Soporte' },
  { id: '124', name: 'Rocío Vázquez', group: 'Soporte' },
  { id: '125', name: 'Andrés Peña', group: 'Soporte' },
  { id: '126', name: 'Celia Ortega', group: 'Soporte' },
  { id: '127', name: 'Héctor Cañizares', group: 'Soporte' },
  { id: '128', name: 'Soporte guardia', group: 'Soporte' },
  { id: '129', name: 'Pilar Gómez', group: 'Administración' },
  { id: '130', name: 'Jesús Álvarez', group: 'Administración' },
  { id: '131', name: 'Mónica Serrano', group: 'Administración' },
  { id: '132', name: 'Ramón Núñez', group: 'Administración' },
  { id: '133', name: 'Nóminas', group: 'Administración' },
  { id: '134', name: 'Dirección general', group: 'Dirección' },
  { id: '135', name: 'Concepción Ruiz', group: 'Dirección' },
  { id: '136', name: 'Secretaría de dirección', group: 'Dirección' },
  { id: '137', name: 'Muelle de carga', group: 'Almacén y salas' },
  { id: '138', name: 'Sala Ébano', group: 'Almacén y salas' },
  { id: '139', name: 'Sala Añil', group: 'Almacén y salas' },
  { id: '140', name: 'Portería', group: 'Almacén y salas' },
];
