import { Button } from 'antd';
import { useState } from 'react';
import { CountLink } from './Figure';
import { COUNT_LABELS, COUNT_SHORT, formatRate, type CountKey, type RollupCounts, type Scope } from './figures';

/** The columns of the tables, in the reports' order. */
const COLUMNS: CountKey[] = [
  'total',
  'completed',
  'completedOnTime',
  'completedLate',
  'recurring',
  'inProgress',
  'notStarted',
  'blocked',
  'cancelled',
  'withinDeadline',
  'overdue',
];

export interface RollupRow {
  key: string;
  name: string;
  scope: Scope;
  counts: RollupCounts;
}

/** Rows shown before "Hiện tất cả": a province with hundreds of plans draws its first ones at once. */
const FIRST_ROWS = 40;

/**
 * A plan's or a department's figures, each a link to its tasks (when today's): what a keyboard
 * user follows instead of the chart's bars, and the charts' figures as text.
 */
export function RollupTable({ caption, nameHeader, rows, linked, id }: { caption: string; nameHeader: string; rows: RollupRow[]; linked: boolean; id: string }) {
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, FIRST_ROWS);
  return (
    <>
    <div className="dash-table-wrap" tabIndex={0} role="group" aria-labelledby={`${id}-caption`}>
      <table className="dash-table" id={id}>
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{nameHeader}</th>
            {COLUMNS.map((key) => (
              <th scope="col" key={key} title={COUNT_LABELS[key]}>
                {COUNT_SHORT[key]}
              </th>
            ))}
            <th scope="col">Tỷ lệ hoàn thành</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.name}</th>
              {COLUMNS.map((key) => (
                <td key={key} className={key === 'overdue' && row.counts.overdue > 0 ? 'dash-overdue' : undefined}>
                  <CountLink counts={row.counts} scope={row.scope} field={key} linked={linked} context={row.name} />
                </td>
              ))}
              <td>{formatRate(row.counts.completionRate)}</td>
            </tr>
          ))}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={COLUMNS.length + 2}>Không có số liệu.</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
    {shown.length < rows.length ? (
      <Button type="link" onClick={() => setAll(true)} className="dash-more">
        Hiện tất cả {rows.length} dòng ({caption.toLowerCase()})
      </Button>
    ) : null}
    </>
  );
}
