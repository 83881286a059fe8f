// The preload runs sandboxed: it may require only 'electron'. It exposes exactly one function,
// window.branchbox.call(name, input), which returns the core's envelope {ok, data} or {ok:false, error}.
import { contextBridge, ipcRenderer } from 'electron';

const CALL_CHANNEL = 'branchbox:call';

contextBridge.exposeInMainWorld('branchbox', {
  call: (name: string, input: unknown): Promise<unknown> => {
    if (typeof name !== 'string') return Promise.reject(new TypeError('operation name must be a string'));
    return ipcRenderer.invoke(CALL_CHANNEL, name, input);
  },
});
