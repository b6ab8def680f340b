import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Lets every error thrown by a guard or a frame handler reach the transport as it is; the
 * transport maps it once to an `error` frame (ChatError.from hides unknown ones behind INTERNAL).
 */
@Catch()
export class PassErrorsToTransportFilter implements RpcExceptionFilter<unknown> {
  public catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
