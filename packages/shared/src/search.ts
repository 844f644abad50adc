import { z } from 'zod';

/** GET /api/search?q=&limit=: hosts, pools and volumes of every host by name or path. */
export const SearchQuerySchema = z.object({
  q: z.string().trim().min(1, 'Type something to search for').max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

/** Which part of a result the query matched: its name, or (volumes, pools) its path. */
export const SearchMatchSchema = z.enum(['name', 'path']);

export const SearchResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('host'), hostId: z.string(), name: z.string() }),
  z.object({
    kind: z.literal('pool'),
    hostId: z.string(),
    name: z.string(),
    path: z.string().nullable(),
    match: SearchMatchSchema,
  }),
  z.object({
    kind: z.literal('volume'),
    hostId: z.string(),
    pool: z.string(),
    name: z.string(),
    path: z.string(),
    match: SearchMatchSchema,
  }),
]);
export type SearchResult = z.infer<typeof SearchResultSchema>;

/**
 * Best first. `total`: how many matched in all (the list holds at most `limit`). Served from
 * the inventory's last poll of each connected host: an unreachable host's pools are absent.
 */
export const SearchAnswerSchema = z.object({
  results: z.array(SearchResultSchema),
  total: z.number().int().nonnegative(),
});
export type SearchAnswer = z.infer<typeof SearchAnswerSchema>;
