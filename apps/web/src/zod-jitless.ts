import { config } from 'zod/v4/core';

// The protocol's frames are checked with zod, whose object schemas probe for `new Function` (to
// compile their parsers) as they are built. The page's Content-Security-Policy has no
// 'unsafe-eval': the probe fails, zod parses without it, but the browser reports a violation.
// jitless skips the probe. It must be set before any schema is built, so this is a polyfill of
// the production build (angular.json), which runs before main and its chunks; an import at the
// top of main.ts would not (the bundler evaluates shared chunks first). `ng serve` and `ng test`
// send no policy and leave it out.
config({ jitless: true });
