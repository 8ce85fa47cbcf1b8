// The preload: exposes the contract-derived wallet API to the renderer as window.wallet, and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './api';

contextBridge.exposeInMainWorld('wallet', buildApi(ipcRenderer));
