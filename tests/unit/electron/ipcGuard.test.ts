import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../../electron/main/ipcGuard';

const APP = 'file:///opt/Branchbox/resources/app.asar/out/renderer/index.html';

function event(senderId: number, url: string | null, parent: unknown = null) {
  return { sender: { id: senderId }, senderFrame: url === null ? null : { url, parent } };
}

describe('IPC sender check', () => {
  it("serves the app's own window and page (any route)", () => {
    expect(isTrustedSender(event(7, APP), 7, APP)).toBe(true);
    expect(isTrustedSender(event(7, `${APP}#/clients/3`), 7, APP)).toBe(true);
  });
  it('refuses another webContents', () => {
    expect(isTrustedSender(event(8, APP), 7, APP)).toBe(false);
  });
  it('refuses when no window is open', () => {
    expect(isTrustedSender(event(7, APP), null, APP)).toBe(false);
  });
  it('refuses a sub-frame, even of the right window', () => {
    expect(isTrustedSender(event(7, APP, { url: APP }), 7, APP)).toBe(false);
  });
  it('refuses a frame that navigated to another page', () => {
    expect(isTrustedSender(event(7, 'https://evil.example/'), 7, APP)).toBe(false);
    expect(isTrustedSender(event(7, 'file:///tmp/evil.html'), 7, APP)).toBe(false);
  });
  it('refuses a destroyed frame', () => {
    expect(isTrustedSender(event(7, null), 7, APP)).toBe(false);
  });
});
