import { DOCUMENT } from '@angular/common';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { DEFAULT_LIMITS } from '@chat/protocol';

import { ClientConfigService } from './client-config.service';

describe(ClientConfigService.name, () => {
  let sut: ClientConfigService;
  let http: HttpTestingController;

  function setup(location: Partial<Location>): void {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: DOCUMENT, useValue: { location } },
      ],
    });
    sut = TestBed.inject(ClientConfigService);
    http = TestBed.inject(HttpTestingController);
  }

  afterEach(() => http.verify());

  it.each([
    [{ protocol: 'http:', hostname: 'localhost' }, 'ws://localhost:8081/ws'],
    [{ protocol: 'https:', hostname: 'chat.example.com' }, 'wss://chat.example.com:8081/ws'],
    [{ protocol: 'http:', hostname: '::1' }, 'ws://[::1]:8081/ws'],
  ])('builds the WebSocket URL from the page (%j) and WS_PORT', async (location, expected) => {
    setup(location);
    const url = sut.wsUrl();
    http.expectOne('/api/client-config').flush({ wsPort: 8081, limits: DEFAULT_LIMITS });
    expect(await url).toBe(expected);
  });

  it('uses the server-given wsUrl as is, and asks only once', async () => {
    setup({ protocol: 'http:', hostname: 'localhost' });
    const url = sut.wsUrl();
    http
      .expectOne('/api/client-config')
      .flush({ wsUrl: 'wss://proxy/ws', wsPort: 8081, limits: DEFAULT_LIMITS });
    expect(await url).toBe('wss://proxy/ws');
    expect(await sut.wsUrl()).toBe('wss://proxy/ws');
  });

  it('falls back to the default limits when the api cannot be reached', async () => {
    setup({ protocol: 'http:', hostname: 'localhost' });
    const limits = sut.limits();
    http.expectOne('/api/client-config').error(new ProgressEvent('error'));
    expect(await limits).toEqual(DEFAULT_LIMITS);
  });
});
