/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

/** What the Electron preload exposes (electron/preload): one function, nothing else. */
interface BranchboxBridge {
  call(name: string, input: unknown): Promise<unknown>;
}

interface Window {
  branchbox?: BranchboxBridge;
}
