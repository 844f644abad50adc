import { routes, type Job } from '@poolwatch/shared';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { applyJobUpdated } from '../realtime/jobSync';
import { callApi } from './http';

/**
 * Mutations for storage actions. Each answers with the Job it started; that copy goes into
 * the jobs list at once (the socket event may come before or after it, seq decides).
 */
export function rememberJob(queryClient: QueryClient, job: Job): Promise<void> {
  return applyJobUpdated(queryClient, job);
}

/** A mutation that starts a job; `request` builds the call from the form's values. */
export function useJobMutation<V>(request: (variables: V) => Promise<Job>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (job) => rememberJob(queryClient, job),
  });
}

export function useCancelJob() {
  return useJobMutation((id: string) => callApi(routes.jobCancel, { params: { id } }));
}

export function usePauseJob() {
  return useJobMutation((id: string) => callApi(routes.jobPause, { params: { id } }));
}

export function useResumeJob() {
  return useJobMutation((id: string) => callApi(routes.jobResume, { params: { id } }));
}

/** bytesPerSecond null = no limit. */
export function useJobLimit() {
  return useJobMutation(({ id, bytesPerSecond }: { id: string; bytesPerSecond: number | null }) =>
    callApi(routes.jobLimits, { params: { id }, body: { bytesPerSecond } }),
  );
}

/** What the jobs panel reads of an upload's variables (features/volumes/actions/uploadResumable.ts). */
export interface UploadVariables {
  hostId: string;
  pool: string;
  /** The volume to overwrite, or the name of the volume to create. */
  volume: string;
  file: File;
  create: boolean;
}

/** Upload mutations share a key, so the jobs panel can say when one failed to start at all. */
export const UPLOAD_MUTATION_KEY = ['upload'] as const;
