import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JOBS, MeetingSummaryJob, QUEUES } from '@app/queue';

/** One job per meeting and cut-off: the id says which, so a second ask while it waits or runs adds nothing. */
export const summaryJobId = (meetingId: string, asOf: string) => `meeting-summary-${meetingId}-${asOf}`;

/**
 * Where the computation of a meeting's summary stands: `queued` (waiting, or waiting to try
 * again after a failed attempt), `running`, `failed` (every attempt failed; asking again
 * tries again), or null when no job is kept (never asked, or done: a done job is removed).
 */
export interface SummaryJobState {
  state: 'queued' | 'running' | 'failed';
  /** the error of the latest failed attempt, if any */
  failedReason: string | null;
  attemptsMade: number;
}

/** Produces the summary jobs (the API); the worker's processor consumes them. Job options are decided here. */
@Injectable()
export class MeetingSummaryJobs {
  constructor(@InjectQueue(QUEUES.summaries) private readonly queue: Queue<MeetingSummaryJob>) {}

  async request(meetingId: string, asOf: string): Promise<{ jobId: string }> {
    const jobId = summaryJobId(meetingId, asOf);
    // a failed job is kept for a week to be looked at; asking again means trying again
    const previous = await this.queue.getJob(jobId);
    if (previous && (await previous.isFailed())) await previous.remove();
    const job = await this.queue.add(JOBS.meetingSummary, { meetingId, asOf }, {
      jobId,
      attempts: 3,
      backoff: { type: 'exponential', delay: 5_000 },
      // gone once done, so that asking later computes a new snapshot
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    return { jobId: job.id ?? jobId };
  }

  async state(meetingId: string, asOf: string): Promise<SummaryJobState | null> {
    const job = await this.queue.getJob(summaryJobId(meetingId, asOf));
    if (!job) return null;
    const state = await job.getState();
    const failedReason = job.failedReason || null;
    if (state === 'active') return { state: 'running', failedReason, attemptsMade: job.attemptsMade };
    if (state === 'failed') return { state: 'failed', failedReason, attemptsMade: job.attemptsMade };
    if (state === 'completed' || state === 'unknown') return null;
    return { state: 'queued', failedReason, attemptsMade: job.attemptsMade };
  }
}
