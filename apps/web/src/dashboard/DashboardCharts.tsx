/**
 * The dashboard's charts (Apache ECharts): loaded lazily by DashboardPage, so ECharts is in
 * this chunk only. Only the charts and components used are registered. Each chart is an image
 * to assistive technology, named by what it shows; the tables of the page give its figures and
 * their links to keyboard users.
 */
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import { useCallback, useMemo, useState } from 'react';
import { COUNT_LABELS, formatRate, formatShare, taskListUrl, worstFirst, type CountKey, type Rollup } from './figures';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface ChartsProps {
  rollup: Rollup;
  /** Go to the task list (a bar or a slice clicked); null when the figures are not today's. */
  onOpen: ((url: string) => void) | null;
}

/** The segments of a department's bar, adding up to its total. */
const DEPARTMENT_SERIES: { key: CountKey; color: string }[] = [
  { key: 'completedOnTime', color: '#389e0d' },
  { key: 'completedLate', color: '#d48806' },
  { key: 'withinDeadline', color: '#1677ff' },
  { key: 'overdue', color: '#cf1322' },
  { key: 'recurring', color: '#722ed1' },
  { key: 'cancelled', color: '#8c8c8c' },
];

/** The status breakdown: each task in one slice. */
const STATUS_SLICES: { key: CountKey; color: string }[] = [
  { key: 'completed', color: '#389e0d' },
  { key: 'inProgress', color: '#1677ff' },
  { key: 'notStarted', color: '#faad14' },
  { key: 'blocked', color: '#cf1322' },
  { key: 'recurring', color: '#722ed1' },
  { key: 'cancelled', color: '#8c8c8c' },
];

const ROW = 24;
const FONT = { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif' };

/** One ECharts chart with a `data-drawn` mark once it is drawn (for the benchmark and tests). */
function Chart({ option, height, label, onClick }: { option: object; height: number; label: string; onClick?: (params: any) => void }) {
  const [drawn, setDrawn] = useState(false);
  const events = useMemo((): Record<string, Function> => (onClick ? { click: onClick } : {}), [onClick]);
  // ready: the option is set and laid out; zrender paints the canvas on the next frame. (The
  // wrapper's own 'finished' handling means a 'finished' handler of ours may come too late.)
  const ready = useCallback(() => requestAnimationFrame(() => requestAnimationFrame(() => setDrawn(true))), []);
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      style={{ height, width: '100%' }}
      opts={{ renderer: 'canvas' }}
      onEvents={events}
      onChartReady={ready}
      role="img"
      aria-label={label}
      data-drawn={drawn ? 'true' : 'false'}
      className="dash-chart"
    />
  );
}

export default function DashboardCharts({ rollup, onOpen }: ChartsProps) {
  const departments = useMemo(() => [...rollup.byDepartment].filter((d) => d.total > 0).sort(worstFirst), [rollup]);
  const plans = rollup.byPlan;
  const cursor = onOpen ? 'pointer' : 'default';

  const planOption = useMemo(
    () => ({
      animation: false,
      textStyle: FONT,
      grid: { left: 8, right: 64, top: 8, bottom: 24, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (p: any) => `${plans[p.dataIndex].number}<br/>${COUNT_LABELS.completed}: ${formatShare(plans[p.dataIndex].completed, plans[p.dataIndex].total)}`,
      },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: (v: number) => `${v}%` } },
      yAxis: { type: 'category', inverse: true, data: plans.map((p) => p.number), axisLabel: { width: 160, overflow: 'truncate' } },
      series: [
        {
          type: 'bar',
          cursor,
          data: plans.map((p) => p.completionRate),
          itemStyle: { color: '#389e0d' },
          barMaxWidth: 18,
          label: { show: true, position: 'right', formatter: (p: any) => formatRate(p.value) },
        },
      ],
    }),
    [plans, cursor],
  );

  const departmentOption = useMemo(
    () => ({
      animation: false,
      textStyle: FONT,
      legend: { top: 0, data: DEPARTMENT_SERIES.map((s) => COUNT_LABELS[s.key]) },
      grid: { left: 8, right: 24, top: 56, bottom: 24, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: departments.map((d) => d.name), axisLabel: { width: 220, overflow: 'truncate' } },
      series: DEPARTMENT_SERIES.map((s) => ({
        name: COUNT_LABELS[s.key],
        type: 'bar',
        stack: 'tasks',
        cursor,
        barMaxWidth: 18,
        itemStyle: { color: s.color },
        data: departments.map((d) => d[s.key]),
      })),
    }),
    [departments, cursor],
  );

  const slices = STATUS_SLICES.filter((s) => rollup.total[s.key] > 0);
  const statusOption = useMemo(
    () => ({
      animation: false,
      textStyle: FONT,
      tooltip: { trigger: 'item', formatter: (p: any) => `${p.name}: ${formatShare(p.value, rollup.total.total)}` },
      legend: { bottom: 0, type: 'plain' },
      series: [
        {
          type: 'pie',
          radius: ['40%', '68%'],
          center: ['50%', '44%'],
          cursor,
          label: { formatter: (p: any) => `${p.name}: ${p.value}` },
          data: slices.map((s) => ({ name: COUNT_LABELS[s.key], value: rollup.total[s.key], itemStyle: { color: s.color } })),
        },
      ],
    }),
    [rollup, slices.length, cursor],
  );

  const onPlan = onOpen ? (p: any) => onOpen(taskListUrl({ kind: 'plan', planId: plans[p.dataIndex].planId }, 'completed')) : undefined;
  const onDepartment = onOpen
    ? (p: any) => onOpen(taskListUrl({ kind: 'department', departmentId: departments[p.dataIndex].departmentId }, DEPARTMENT_SERIES[p.seriesIndex].key))
    : undefined;
  const onStatus = onOpen ? (p: any) => onOpen(taskListUrl({ kind: 'all' }, slices[p.dataIndex].key)) : undefined;

  const see = 'Số liệu chi tiết ở bảng bên dưới.';
  return (
    <div className="dash-charts">
      <section className="dash-chart-box" aria-labelledby="chart-status-title">
        <h3 id="chart-status-title">Theo trạng thái</h3>
        <Chart
          option={statusOption}
          height={300}
          onClick={onStatus}
          label={`Biểu đồ nhiệm vụ theo trạng thái: ${slices.map((s) => `${COUNT_LABELS[s.key]} ${formatShare(rollup.total[s.key], rollup.total.total)}`).join('; ')}.`}
        />
      </section>
      <section className="dash-chart-box" aria-labelledby="chart-plans-title">
        <h3 id="chart-plans-title">Tỷ lệ hoàn thành theo kế hoạch</h3>
        <div className="dash-chart-scroll" tabIndex={0} role="group" aria-labelledby="chart-plans-title">
          <Chart
            option={planOption}
            height={Math.max(160, plans.length * ROW + 40)}
            onClick={onPlan}
            label={`Biểu đồ tỷ lệ hoàn thành của ${plans.length} kế hoạch. ${see}`}
          />
        </div>
      </section>
      <section className="dash-chart-box dash-chart-wide" aria-labelledby="chart-departments-title">
        <h3 id="chart-departments-title">Theo đơn vị chủ trì (đơn vị có nhiều nhiệm vụ quá hạn nhất ở trên)</h3>
        <div className="dash-chart-scroll dash-chart-scroll-tall" tabIndex={0} role="group" aria-labelledby="chart-departments-title">
          <Chart
            option={departmentOption}
            height={Math.max(200, departments.length * ROW + 90)}
            onClick={onDepartment}
            label={`Biểu đồ nhiệm vụ của ${departments.length} đơn vị chủ trì: hoàn thành đúng hạn, trễ hạn, trong hạn, quá hạn, thường xuyên, không thực hiện. ${see}`}
          />
        </div>
      </section>
    </div>
  );
}
