import type { SVGProps } from 'react';
import { alpha, Theme, useTheme } from '@material-ui/core/styles';
import {
  Area,
  ComposedChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import type {
  BudgetPoint,
  DeployMarker,
  ExclusionWindow,
} from '@lambda-ops/backstage-plugin-common';
import {
  AxisTick,
  BudgetRow,
  burnDownChartData,
  describeBurnDown,
} from './burnDownChartModel';

const LABEL_FONT_SIZE = 11;

/** Wide enough to hover a one-pixel line and read its title. */
const HIT_WIDTH = 9;

/** Room left of the plot for the longest percentage, such as "-133.3%". */
const Y_AXIS_WIDTH = 52;

/** How each kind of moment is drawn and labelled. */
interface MarkStyle {
  label: string;
  color: string;
  dash?: string;
  width: number;
  /** Where the label sits: changes at the top, the burn at the bottom. */
  labelPosition: 'insideTopRight' | 'insideBottomRight';
}

function markStyles(
  theme: Theme,
): Record<'deployment' | 'configuration' | 'burn', MarkStyle> {
  return {
    deployment: {
      label: 'Deploy',
      color: theme.palette.text.primary,
      width: 1.5,
      labelPosition: 'insideTopRight',
    },
    configuration: {
      label: 'Configuration change',
      color: theme.palette.text.secondary,
      dash: '4 2',
      width: 1.5,
      labelPosition: 'insideTopRight',
    },
    burn: {
      label: 'Burn started',
      color: theme.palette.error.dark,
      dash: '2 2',
      width: 2,
      labelPosition: 'insideBottomRight',
    },
  };
}

/** The end points recharts hands a reference line's shape. */
interface LineEnds {
  x1?: number;
  x2?: number;
  y1?: number;
  y2?: number;
}

/**
 * A moment as a vertical line with its title, which the browser shows on hover; an
 * invisible wider stroke makes the line easy to hover.
 */
function MarkLine(
  props: LineEnds & { title: string; titleId: string; look: MarkStyle },
) {
  const { x1, x2, y1, y2, title, titleId, look } = props;
  const ends = { x1, x2, y1, y2 };
  return (
    <g>
      <title id={titleId}>{title}</title>
      <line
        {...ends}
        stroke={look.color}
        strokeWidth={look.width}
        strokeDasharray={look.dash}
      />
      <line
        {...ends}
        stroke="transparent"
        strokeWidth={HIT_WIDTH}
        pointerEvents="stroke"
      />
    </g>
  );
}

/** The corners recharts hands a reference area's shape. */
interface AreaBox {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
}

/** Maintenance as a shaded band with its reason as a title, shown on hover. */
function ExclusionBandShape(
  props: AreaBox & { title: string; titleId: string; color: string },
) {
  const { x, y, width, height, title, titleId, color } = props;
  return (
    <g>
      <title id={titleId}>{title}</title>
      <rect
        x={x}
        y={y}
        // A window of minutes on a month's axis is under a pixel wide: keep it visible.
        width={Math.max(width ?? 0, 2)}
        height={height}
        fill={alpha(color, 0.25)}
        pointerEvents="all"
      />
    </g>
  );
}

/** A dot for a value with no known neighbour, which a line cannot show. */
function loneDot(color: string) {
  return (props: { cx?: number; cy?: number; payload?: BudgetRow }) =>
    props.payload?.lone &&
    typeof props.cx === 'number' &&
    typeof props.cy === 'number' ? (
      <circle
        key={`lone-${props.payload.x}`}
        cx={props.cx}
        cy={props.cy}
        r={3}
        fill={color}
      />
    ) : (
      <g key={`none-${props.payload?.x}`} />
    );
}

/** An axis's ticks exactly as the chart's data places and labels them. */
function axisTicks(ticks: AxisTick[], style: SVGProps<SVGTextElement>) {
  const labels = new Map(ticks.map(tick => [tick.value, tick.label]));
  return {
    ticks: ticks.map(tick => tick.value),
    tickFormatter: (value: number) => labels.get(value) ?? '',
    // Every tick: the data already left out those that would collide.
    interval: 0,
    tick: style,
  } as const;
}

/**
 * The error budget left over the SLO window, charted with recharts: the remaining
 * budget as a line with the area under it, a dashed zero line, and the part below
 * zero, budget overspent, in the error colour.
 *
 * Deploys and configuration changes inside the window are labelled vertical lines, and
 * so is the start of the burn behind a page (dashed, in the error colour). Each line
 * has a title ("Deploy: <summary> at <time>", "Burn started at <time>") that shows on
 * hover. Maintenance left out of the budget is a shaded band whose title gives its
 * reason and times. To screen readers the chart is one image: the figures in words from
 * {@link describeBurnDown} as its name, the lines' and bands' titles as its description.
 *
 * @param id - unique on the page; names the lines' titles
 */
export function BudgetBurnDownChart(props: {
  id: string;
  /** In pixels; the chart takes its container's width. */
  height: number;
  points: BudgetPoint[];
  window: string;
  /** Deploys and configuration changes; those outside the window are left out. */
  deployMarkers?: DeployMarker[];
  /** When the fast burn behind a page began. */
  burningSince?: string | null;
  /** Maintenance left out of the budget; drawn where it overlaps the window. */
  exclusionWindows?: ExclusionWindow[];
}) {
  const {
    id,
    height,
    points,
    window,
    deployMarkers = [],
    burningSince = null,
    exclusionWindows = [],
  } = props;
  const theme = useTheme();
  const data = burnDownChartData(points, {
    deployMarkers,
    burningSince,
    exclusionWindows,
  });
  const bands = data.exclusionBands.map((band, index) => ({
    ...band,
    titleId: `${id}-exclusion-${index}`,
  }));
  const looks = markStyles(theme);
  const marks = [
    ...data.changeMarks.map((mark, index) => ({
      ...mark,
      key: `${mark.id}-${index}`,
      titleId: `${id}-change-${index}`,
      look: looks[mark.changeType] ?? looks.deployment,
    })),
    ...(data.burnStart
      ? [
          {
            ...data.burnStart,
            key: 'burn-start',
            titleId: `${id}-burn-start`,
            look: looks.burn,
          },
        ]
      : []),
  ];
  const described = [
    ...bands.map(band => band.titleId),
    ...marks.map(mark => mark.titleId),
  ];
  const axisText = {
    fontSize: LABEL_FONT_SIZE,
    fill: theme.palette.text.secondary,
  };
  const series = (key: 'aboveZero' | 'belowZero', color: string) => (
    <Area
      dataKey={key}
      type="linear"
      baseValue={0}
      stroke={color}
      strokeWidth={2}
      fill={alpha(color, 0.2)}
      fillOpacity={1}
      dot={loneDot(color)}
      activeDot={false}
      isAnimationActive={false}
    />
  );

  return (
    <div
      role="img"
      aria-label={describeBurnDown(points, window)}
      aria-describedby={described.length > 0 ? described.join(' ') : undefined}
    >
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart
          data={data.rows}
          // Room on the right for half of "now", the last date label.
          margin={{ top: 10, right: 12, bottom: 0, left: 0 }}
        >
          <XAxis
            dataKey="x"
            type="number"
            domain={data.xDomain}
            {...axisTicks(data.dateTicks, axisText)}
            stroke={theme.palette.divider}
          />
          <YAxis
            type="number"
            domain={data.yDomain}
            {...axisTicks(data.percentTicks, axisText)}
            width={Y_AXIS_WIDTH}
            axisLine={false}
            tickLine={false}
          />
          {bands.map(band => (
            <ReferenceArea
              key={band.titleId}
              x1={band.x1}
              x2={band.x2}
              ifOverflow="hidden"
              shape={(box: AreaBox) => (
                <ExclusionBandShape
                  {...box}
                  title={band.title}
                  titleId={band.titleId}
                  color={theme.palette.text.secondary}
                />
              )}
            />
          ))}
          {series('aboveZero', theme.palette.primary.main)}
          {series('belowZero', theme.palette.error.main)}
          <ReferenceLine
            y={0}
            stroke={theme.palette.text.secondary}
            strokeDasharray="4 3"
          />
          {marks.map(mark => (
            <ReferenceLine
              key={mark.key}
              x={mark.x}
              shape={(ends: LineEnds) => (
                <MarkLine
                  {...ends}
                  title={mark.title}
                  titleId={mark.titleId}
                  look={mark.look}
                />
              )}
              label={{
                value: mark.look.label,
                position: mark.look.labelPosition,
                fontSize: LABEL_FONT_SIZE,
                fill: mark.look.color,
              }}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
