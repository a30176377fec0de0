import { Fragment } from 'react';
import { alpha, makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import type {
  BudgetPoint,
  DeployMarker,
} from '@lambda-ops/backstage-plugin-common';
import {
  areaPath,
  burnDownChartModel,
  CHART_SIZE,
  describeBurnDown,
  linePath,
  TimeMark,
} from './burnDownChartModel';

const LABEL_FONT_SIZE = 11;

/** Wide enough to hover a one-pixel line and read its title. */
const HIT_WIDTH = 9;

const useStyles = makeStyles((theme: Theme) => ({
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginTop: theme.spacing(0.5),
    fontSize: theme.typography.caption.fontSize,
    color: theme.palette.text.secondary,
  },
  legendItem: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
}));

/** How each kind of moment is drawn, in the chart and in its legend. */
interface MarkStyle {
  label: string;
  color: string;
  dash?: string;
  width: number;
}

/**
 * A moment as a vertical line across the plot with its title, which the browser shows
 * on hover; an invisible wider stroke makes the line easy to hover.
 */
function MarkLine(props: {
  mark: TimeMark;
  titleId: string;
  top: number;
  bottom: number;
  look: MarkStyle;
}) {
  const { mark, titleId, top, bottom, look } = props;
  return (
    <g>
      <title id={titleId}>{mark.title}</title>
      <line
        x1={mark.x}
        x2={mark.x}
        y1={top}
        y2={bottom}
        stroke={look.color}
        strokeWidth={look.width}
        strokeDasharray={look.dash}
      />
      <line
        x1={mark.x}
        x2={mark.x}
        y1={top}
        y2={bottom}
        stroke="transparent"
        strokeWidth={HIT_WIDTH}
        pointerEvents="stroke"
      />
    </g>
  );
}

function LegendItem(props: { look: MarkStyle }) {
  const { look } = props;
  const classes = useStyles();
  return (
    <span className={classes.legendItem}>
      <svg width={6} height={14} aria-hidden>
        <line
          x1={3}
          x2={3}
          y1={0}
          y2={14}
          stroke={look.color}
          strokeWidth={look.width}
          strokeDasharray={look.dash}
        />
      </svg>
      {look.label}
    </span>
  );
}

/**
 * The error budget left over the SLO window as an inline SVG (no chart library):
 * the remaining budget as a line with the area under it, a dashed zero line, and the
 * part below zero, budget overspent, in the error colour. Screen readers get the
 * figures in words from {@link describeBurnDown}.
 *
 * Deploys and configuration changes inside the window are vertical lines, and so is
 * the start of the burn behind a page (dashed, in the error colour). Each line has a
 * title ("Deploy: <summary> at <time>", "Burn started at <time>") that shows on hover
 * and that screen readers hear as the chart's description; a legend under the chart
 * says which line is which, so the kinds do not rest on colour alone.
 *
 * @param id - unique on the page; names the clip paths that split the chart at zero
 */
export function BudgetBurnDownChart(props: {
  id: string;
  points: BudgetPoint[];
  window: string;
  /** Deploys and configuration changes; those outside the window are left out. */
  deployMarkers?: DeployMarker[];
  /** When the fast burn behind a page began. */
  burningSince?: string | null;
}) {
  const { id, points, window, deployMarkers = [], burningSince = null } = props;
  const theme = useTheme();
  const classes = useStyles();
  const { plot, runs, zeroY, percentTicks, dateTicks, changeMarks, burnStart } =
    burnDownChartModel(points, { deployMarkers, burningSince });
  const aboveZero = `${id}-above-zero`;
  const belowZero = `${id}-below-zero`;

  const looks: Record<'deployment' | 'configuration' | 'burn', MarkStyle> = {
    deployment: {
      label: 'Deploy',
      color: theme.palette.text.primary,
      width: 1.5,
    },
    configuration: {
      label: 'Configuration change',
      color: theme.palette.text.secondary,
      dash: '4 2',
      width: 1.5,
    },
    burn: {
      label: 'Burn started',
      color: theme.palette.error.dark,
      dash: '2 2',
      width: 2,
    },
  };
  const changeTitleId = (index: number) => `${id}-change-${index}`;
  const burnTitleId = `${id}-burn-start`;
  const descriptionIds = [
    ...changeMarks.map((_, index) => changeTitleId(index)),
    ...(burnStart ? [burnTitleId] : []),
  ];
  const legend = [
    ...(['deployment', 'configuration'] as const).filter(kind =>
      changeMarks.some(mark => mark.changeType === kind),
    ),
    ...(burnStart ? (['burn'] as const) : []),
  ];

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
    <>
      <svg
        role="img"
        aria-label={describeBurnDown(points, window)}
        aria-describedby={
          descriptionIds.length > 0 ? descriptionIds.join(' ') : undefined
        }
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

        {changeMarks.map((mark, index) => (
          <MarkLine
            key={`${mark.id}-${index}`}
            mark={mark}
            titleId={changeTitleId(index)}
            top={plot.top}
            bottom={plot.bottom}
            look={looks[mark.changeType] ?? looks.deployment}
          />
        ))}
        {burnStart && (
          <MarkLine
            mark={burnStart}
            titleId={burnTitleId}
            top={plot.top}
            bottom={plot.bottom}
            look={looks.burn}
          />
        )}
      </svg>
      {legend.length > 0 && (
        // The lines' titles already describe the chart to screen readers.
        <div className={classes.legend} aria-hidden>
          {legend.map(kind => (
            <LegendItem key={kind} look={looks[kind]} />
          ))}
        </div>
      )}
    </>
  );
}
