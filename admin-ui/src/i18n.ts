import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';

/** Every message of the console in one place, even with one language. */
const messages = {
  ...englishMessages,
  kestrel: {
    dashboard: {
      title: 'Kestrel operator console',
      system: 'System status',
      checking: 'Checking…',
      ready: 'All systems ready',
      not_ready: 'Not ready',
      up: 'up',
      down: 'down',
    },
  },
};

export const i18nProvider = polyglotI18nProvider(() => messages, 'en');
