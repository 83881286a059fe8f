// First of all: zod must know it may not use eval before any schema of the contract is built (see zodConfig.ts).
import './zodConfig';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router } from './router';
import { i18n, applyDocumentLocale, currentLocale, loadLocale } from './i18n';
import { onApiError } from './api/client';
import { useSessionStore } from './stores/useSessionStore';
import { useToastStore } from './stores/useToastStore';
import './styles/base.css';
import './components/ui/controls.css';
import './styles/print.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(router);
applyDocumentLocale(currentLocale());

/**
 * Session problems can surface from any call. SESSION_LOCKED opens the lock screen over whatever is on screen
 * (nothing typed is lost); UNAUTHENTICATED means the session is gone: back to sign-in.
 */
onApiError((error) => {
  const session = useSessionStore(pinia);
  if (error.code === 'SESSION_LOCKED') {
    session.markLocked();
  } else if (error.code === 'UNAUTHENTICATED' && (session.signedIn || session.locked)) {
    session.clear();
    useToastStore(pinia).info(i18n.global.t('session.ended'));
    void router.push({ name: 'sign-in' });
  }
});

void Promise.all([loadLocale(currentLocale()), router.isReady()]).then(() => app.mount('#app'));
