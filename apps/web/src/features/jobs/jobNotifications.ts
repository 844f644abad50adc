import { isActiveJobState, type Job } from '@poolwatch/shared';
import { useEffect, useRef, useState } from 'react';
import { KIND_WORDS, targetText } from './jobLabels';

const STORAGE_KEY = 'poolwatch.notifyJobEnd';

/** Opt-in, remembered in localStorage; off where the browser has no Notification API. */
export function useJobEndNotifications(jobs: readonly Job[], me: string | null) {
  const supported = typeof Notification !== 'undefined';
  const [enabled, setEnabledState] = useState(
    () =>
      supported &&
      localStorage.getItem(STORAGE_KEY) === 'on' &&
      Notification.permission === 'granted',
  );
  const setEnabled = async (on: boolean) => {
    if (on && supported && Notification.permission !== 'granted') {
      if ((await Notification.requestPermission()) !== 'granted') return;
    }
    localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
    setEnabledState(on);
  };

  // The states seen last render: a job that was active then and is finished now just ended.
  const seen = useRef(new Map<string, Job['state']>());
  useEffect(() => {
    for (const job of jobs) {
      const before = seen.current.get(job.id);
      seen.current.set(job.id, job.state);
      if (!enabled || me === null || job.startedBy !== me) continue;
      if (before === undefined || !isActiveJobState(before) || isActiveJobState(job.state))
        continue;
      new Notification(`${KIND_WORDS[job.kind]} ${job.state}`, {
        body: targetText(job),
        tag: `poolwatch-job-${job.id}`,
      });
    }
  }, [jobs, enabled, me]);

  return { supported, enabled, setEnabled };
}
