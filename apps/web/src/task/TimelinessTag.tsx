import { Tag } from 'antd';
import type { Timeliness } from '../api/client';
import { TIMELINESS_COLORS, TIMELINESS_LABELS } from '../labels';

/** Timeliness as a coloured tag with its label (WEB.md's words). */
export function TimelinessTag({ value }: { value: Timeliness | null }) {
  return value ? <Tag color={TIMELINESS_COLORS[value]}>{TIMELINESS_LABELS[value]}</Tag> : null;
}
