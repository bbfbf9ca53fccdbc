import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { MeetingSummaryService } from '@app/meetings';
import { JOBS, MeetingSummaryJob, QUEUES } from '@app/queue';

/** Computes and freezes a meeting's summary; the rules are in libs/meetings, this only translates the job. */
@Processor(QUEUES.summaries)
export class MeetingSummaryProcessor extends WorkerHost {
  /** The job names this processor handles (checked by test/reminders-scheduler.e2e-spec.ts). */
  static readonly handles = [JOBS.meetingSummary] as const;

  constructor(private readonly summaries: MeetingSummaryService) {
    super();
  }

  async process(job: Job<MeetingSummaryJob>): Promise<{ summaryId: string }> {
    // a stray name is refused for good, not retried
    if (job.name !== JOBS.meetingSummary) throw new UnrecoverableError(`queue ${QUEUES.summaries} has no handler for job ${job.name}`);
    // the job's id and enqueue time name this run: a retry after the commit notifies nobody twice
    const summary = await this.summaries.compute(job.data.meetingId, job.data.asOf, `${job.id}@${job.timestamp}`);
    return { summaryId: summary.id };
  }
}
