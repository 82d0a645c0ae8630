import type { Lang, Text } from './types.js';

/** --lang wins, then LABCHECK_LANG, then the locale variables (LC_ALL, LC_MESSAGES, LANG). */
export function detectLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang {
  for (const value of [flag, env.LABCHECK_LANG, env.LC_ALL, env.LC_MESSAGES, env.LANG]) {
    if (!value) continue;
    if (/^zh/i.test(value)) return 'zh';
    if (/^(en|c|posix)\b/i.test(value) || value === flag || value === env.LABCHECK_LANG) return 'en';
  }
  return 'en';
}

export const t = (en: string, zh: string): Text => ({ en, zh });

export const pick = (text: Text, lang: Lang): string => text[lang];
