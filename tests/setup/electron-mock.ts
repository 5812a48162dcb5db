import { vi } from 'vitest';

// The Electron binary cannot be downloaded on our machines, and electron >= 42 downloads it on the
// first require('electron'). Every test therefore gets this mock; tests that assert Electron wiring
// override it with their own vi.mock('electron', ...).
vi.mock('electron', () => {
  const electron = {
    app: {},
    ipcMain: {},
    ipcRenderer: {},
    contextBridge: {},
    safeStorage: {},
    webUtils: {},
    BrowserWindow: class {},
  };
  return { ...electron, default: electron };
});
