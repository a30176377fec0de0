import { Fragment } from 'react';
import { alpha, useTheme } from '@material-ui/core/styles';
import type { BudgetPoint } from '@lambda-ops/backstage-plugin-common';
import {
  areaPath,
  burnDownChartModel,
  CHART_SIZE,
  describeBurnDown,
  linePath,
} from './burnDownChartModel';

const LABEL_FONT_SIZE = 11;

/**
 * The error budget left over the SLO window as an inline SVG (no chart library):
 * the remaining budget as a line with the area under it, a dashed zero line, and the
 * part below zero, budget overspent, in the error colour. Screen readers get the
 * figures in words from {@link describeBurnDown}.
 *
 * @param id - unique on the page; names the clip paths that split the chart at zero
 */
export function BudgetBurnDownChart(props: {
  id: string;
  points: BudgetPoint[];
  window: string;
}) {
  const { id, points, window } = props;
  const theme = useTheme();
  const { plot, runs, zeroY, percentTicks, dateTicks } =
    burnDownChartModel(points);
  const aboveZero = `${id}-above-zero`;
  const belowZero = `${id}-below-zero`;

  // Each run is drawn twice, once clipped above the zero line and once below it,
  // so the overspent part takes the error colour exactly where it crosses zero.
  const series = (clipId: string, color: string) => (
    <g clipPath={`url(#${clipId})`}>
      {runs.map(run =>
        run.length === 1 ? (
          <circle
            key={`${run[0].x}`}
            cx={run[0].x}
            cy={run[0].y}
            r={3}
            fill={color}
          />
        ) : (
          <Fragment key={`${run[0].x}`}>
            <path d={areaPath(run, zeroY)} fill={alpha(color, 0.2)} />
            <path
              d={linePath(run)}
              fill="none"
              stroke={color}
              strokeWidth={2}
            />
          </Fragment>
        ),
      )}
    </g>
  );

  return (
    <svg
      role="img"
      aria-label={describeBurnDown(points, window)}
      viewBox={`0 0 ${CHART_SIZE.width} ${CHART_SIZE.height}`}
      width="100%"
      style={{ display: 'block' }}
    >
      <defs>
        <clipPath id={aboveZero}>
          <rect x={0} y={0} width={CHART_SIZE.width} height={zeroY} />
        </clipPath>
        <clipPath id={belowZero}>
          <rect
            x={0}
            y={zeroY}
            width={CHART_SIZE.width}
            height={CHART_SIZE.height - zeroY}
          />
        </clipPath>
      </defs>

      <g fontSize={LABEL_FONT_SIZE} fill={theme.palette.text.secondary}>
        {percentTicks.map(tick => (
          <text
            key={tick.label}
            x={plot.left - 6}
            y={tick.at}
            textAnchor="end"
            dominantBaseline="middle"
          >
            {tick.label}
          </text>
        ))}
        {dateTicks.map((tick, index) => (
          <text
            key={`${tick.label}-${index}`}
            x={tick.at}
            y={plot.bottom + 18}
            // The last label, "now", sits at the right edge: keep it inside.
            textAnchor={index === dateTicks.length - 1 ? 'end' : 'middle'}
          >
            {tick.label}
          </text>
        ))}
      </g>
      <g stroke={theme.palette.divider}>
        {dateTicks.map((tick, index) => (
          <line
            key={`${tick.label}-${index}`}
            x1={tick.at}
            x2={tick.at}
            y1={plot.bottom}
            y2={plot.bottom + 4}
          />
        ))}
        <line
          x1={plot.left}
          x2={plot.right}
          y1={plot.bottom}
          y2={plot.bottom}
        />
      </g>

      {series(aboveZero, theme.palette.primary.main)}
      {series(belowZero, theme.palette.error.main)}

      <line
        x1={plot.left}
        x2={plot.right}
        y1={zeroY}
        y2={zeroY}
        stroke={theme.palette.text.secondary}
        strokeDasharray="4 3"
      />
    </svg>
  );
}
