import { z } from 'zod';

/**
 * zod probes `new Function` when an object schema is built, to decide whether it may compile fast parsers. The
 * renderer's Content-Security-Policy forbids eval, so the probe would log a CSP violation in every window. Telling
 * zod up front avoids it. main.ts imports this module first, before anything that builds contract schemas.
 */
z.config({ jitless: true });
