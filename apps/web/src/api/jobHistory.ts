import {
  JOBS_NEXT_CURSOR_HEADER,
  requestFor,
  routes,
  type Job,
  type JobListQuery,
} from '@poolwatch/shared';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { apiFetch, callApi, parseResponse } from './http';

/** The jobs page's filters, as they stand in its URL (strings; empty = not filtered). */
export const JOB_FILTERS = [
  'host',
  'pool',
  'kind',
  'state',
  'origin',
  'user',
  'from',
  'to',
] as const;
export type JobFilters = Partial<Record<(typeof JOB_FILTERS)[number], string>>;

export const JOBS_PAGE_SIZE = 50;

export interface JobsPage {
  jobs: Job[];
  nextCursor: string | null;
}

/** The URL's values as the API's query; a datetime-local value is read as local time. */
export function filtersToQuery(filters: JobFilters): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of JOB_FILTERS) {
    const value = filters[key]?.trim();
    if (!value) continue;
    query[key] = key === 'from' || key === 'to' ? new Date(value).toISOString() : value;
  }
  return query;
}

export const jobHistoryKeys = {
  page: (filters: JobFilters, cursor: string | null) => ['job-history', filters, cursor] as const,
  job: (id: string) => ['jobs', 'one', id] as const,
  timeline: (id: string) => ['jobs', 'one', id, 'timeline'] as const,
};

export const jobsPageQuery = (filters: JobFilters, cursor: string | null) =>
  queryOptions({
    queryKey: jobHistoryKeys.page(filters, cursor),
    queryFn: async ({ signal }): Promise<JobsPage> => {
      const query = {
        ...filtersToQuery(filters),
        limit: JOBS_PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      } as JobListQuery;
      // Not callApi: the next page's cursor is a response header, beside the JSON array.
      const { method, path } = requestFor(routes.jobs, { query });
      const response = await apiFetch(path, { method, signal });
      const jobs = await parseResponse(response, routes.jobs.response, path);
      return { jobs, nextCursor: response.headers.get(JOBS_NEXT_CURSOR_HEADER) };
    },
    placeholderData: keepPreviousData,
  });

/** The export link: the same filters, every match. */
export function jobsCsvHref(filters: JobFilters): string {
  return requestFor(routes.jobsCsv, { query: filtersToQuery(filters) as never }).path;
}

export const jobQuery = (id: string) =>
  queryOptions({
    queryKey: jobHistoryKeys.job(id),
    queryFn: ({ signal }) => callApi(routes.job, { params: { id } }, { signal }),
  });

export const jobTimelineQuery = (id: string, active: boolean) =>
  queryOptions({
    queryKey: jobHistoryKeys.timeline(id),
    queryFn: ({ signal }) => callApi(routes.jobTimeline, { params: { id } }, { signal }),
    // Samples are recorded about once a second while the job runs.
    refetchInterval: active ? 2000 : false,
  });
