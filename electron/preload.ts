/**
 * The sandboxed preload: exposes the contract's API as `window.ajam` and nothing else. Bundled into one
 * CommonJS file (out/preload/preload.cjs), since a sandboxed preload cannot load other modules.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createPreloadApi } from './desktop/preload-api';

contextBridge.exposeInMainWorld('ajam', createPreloadApi({ ipcRenderer, webUtils, FileClass: File }));
