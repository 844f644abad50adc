import type { HttpRequest, HttpResponse, HttpStack } from 'tus-js-client';
import { apiFetch } from '../../../api/http';

/**
 * tus-js-client's requests through `apiFetch`, like every other request of the app: the
 * CSRF header is added and a 401 ends the session. Progress comes from the server's job
 * (the bytes virsh took), so fetch's lack of upload progress events costs nothing here.
 * A request that gets no answer (BFF gone, network down) rejects, which tus-js-client
 * retries by `retryDelays` from the offset the server confirms on HEAD.
 */
export class ApiFetchHttpStack implements HttpStack {
  createRequest(method: string, url: string): HttpRequest {
    return new ApiFetchRequest(method, url);
  }

  getName(): string {
    return 'poolwatch-apiFetch';
  }
}

class ApiFetchRequest implements HttpRequest {
  private readonly headers = new Headers();
  private readonly controller = new AbortController();

  constructor(
    private readonly method: string,
    private readonly url: string,
  ) {}

  getMethod(): string {
    return this.method;
  }

  getURL(): string {
    return this.url;
  }

  setHeader(header: string, value: string): void {
    this.headers.set(header, value);
  }

  getHeader(header: string): string | undefined {
    return this.headers.get(header) ?? undefined;
  }

  setProgressHandler(): void {
    // fetch reports no upload progress; the job's progress is the server's measure.
  }

  async send(body: unknown): Promise<HttpResponse> {
    const response = await apiFetch(this.url, {
      method: this.method,
      headers: this.headers,
      body: (body ?? null) as BodyInit | null,
      signal: this.controller.signal,
    });
    return new ApiFetchResponse(response, await response.text());
  }

  abort(): Promise<void> {
    this.controller.abort();
    return Promise.resolve();
  }

  getUnderlyingObject(): unknown {
    return this.controller;
  }
}

class ApiFetchResponse implements HttpResponse {
  constructor(
    private readonly response: Response,
    private readonly body: string,
  ) {}

  getStatus(): number {
    return this.response.status;
  }

  getHeader(header: string): string | undefined {
    return this.response.headers.get(header) ?? undefined;
  }

  getBody(): string {
    return this.body;
  }

  getUnderlyingObject(): unknown {
    return this.response;
  }
}
