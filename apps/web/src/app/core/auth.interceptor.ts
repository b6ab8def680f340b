import { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';

import { SessionService } from './session.service';

/** Adds the session's Bearer token to the api's routes (and to no other host). */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const token = inject(SessionService).session()?.token;
  if (!token || !req.url.startsWith('/api/') || req.url.startsWith('/api/auth/')) return next(req);
  return next(req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }));
};
