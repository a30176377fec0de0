import { useEffect, useMemo, useState } from 'react';
import Button from '@material-ui/core/Button';
import ButtonBase from '@material-ui/core/ButtonBase';
import Collapse from '@material-ui/core/Collapse';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import ExpandMore from '@material-ui/icons/ExpandMore';
import GetApp from '@material-ui/icons/GetApp';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CodeSnippet } from '@backstage/core-components';
import {
  AlarmTemplate,
  generateAlarmTemplate,
  LambdaFunctionRef,
  parseLambdaOpsAnnotations,
  SloPattern,
} from '@lambda-ops/backstage-plugin-common';
import { isHttpUrl } from '../../runbook/urls';
import { SeverityChip } from '../StatusChip';

const useStyles = makeStyles((theme: Theme) => ({
  panel: {
    padding: theme.spacing(2),
  },
  toggle: {
    font: 'inherit',
    color: 'inherit',
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(0.5, 1, 0.5, 0),
    '&.Mui-focusVisible': {
      outline: `2px solid ${theme.palette.primary.main}`,
    },
  },
  toggleIcon: {
    transition: theme.transitions.create('transform'),
  },
  open: {
    transform: 'rotate(180deg)',
  },
  details: {
    marginTop: theme.spacing(2),
  },
  section: {
    marginBottom: theme.spacing(2),
  },
  actions: {
    display: 'flex',
    justifyContent: 'flex-end',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  download: {
    // The file name reads as it will be saved, not in capitals.
    textTransform: 'none',
  },
  snippet: {
    maxHeight: '60vh',
    overflow: 'auto',
  },
  name: {
    fontFamily: 'monospace',
    wordBreak: 'break-word',
  },
  table: {
    '& td': {
      verticalAlign: 'top',
    },
  },
}));

/** `orders-api-alarms.yaml`, with nothing in the name a file system would choke on. */
export function alarmsFileName(entity: Entity): string {
  const name = entity.metadata.name.replace(/[^A-Za-z0-9._-]+/g, '-');
  return `${name}-alarms.yaml`;
}

/** A Blob URL for the text, revoked when the text changes or the component goes. */
function useBlobUrl(text: string, type: string): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (typeof URL.createObjectURL !== 'function') {
      return undefined;
    }
    const created = URL.createObjectURL(new Blob([text], { type }));
    setUrl(created);
    return () => {
      URL.revokeObjectURL(created);
      setUrl(undefined);
    };
  }, [text, type]);
  return url;
}

type Generated =
  | { template: AlarmTemplate; error?: undefined }
  | { template?: undefined; error: Error };

function generate(
  entity: Entity,
  functions: LambdaFunctionRef[],
  pattern: SloPattern,
  runbookUrl: string | null,
): Generated {
  try {
    // The backend has resolved the functions and the pattern (with its configured
    // defaults); the objectives come from the entity's annotations.
    const settings = {
      ...parseLambdaOpsAnnotations(entity),
      functions,
      pattern,
    };
    return {
      template: generateAlarmTemplate({
        functions,
        settings,
        runbookUrl: isHttpUrl(runbookUrl) ? runbookUrl : null,
        entityName: stringifyEntityRef(entity),
      }),
    };
  } catch (error) {
    return {
      error: error instanceof Error ? error : new Error(String(error)),
    };
  }
}

function GeneratedAlarms(props: AlarmsAsCodeProps) {
  const { entity, functions, pattern, runbookUrl } = props;
  const classes = useStyles();
  const generated = useMemo(
    () => generate(entity, functions, pattern, runbookUrl),
    [entity, functions, pattern, runbookUrl],
  );
  const yaml = generated.template?.yaml ?? '';
  const downloadUrl = useBlobUrl(yaml, 'application/yaml');

  if (generated.error) {
    return (
      <Alert severity="error">
        <AlertTitle>Could not generate the alarms</AlertTitle>
        {generated.error.message}
      </Alert>
    );
  }
  const { alarms, warnings = [] } = generated.template;

  return (
    <div>
      <Typography variant="body2" paragraph>
        A CloudFormation / SAM <code>Resources:</code> snippet with the alarms
        this entity should have. Each is tagged <code>severity</code>{' '}
        <code>page</code> or <code>ticket</code> and links to the runbook in its
        description, so this tab classifies and links it once it is deployed.
      </Typography>

      {warnings.length > 0 && (
        <Alert severity="warning" className={classes.section}>
          <AlertTitle>Before you deploy</AlertTitle>
          <ul>
            {warnings.map((warning, index) => (
              <li key={index}>{warning}</li>
            ))}
          </ul>
        </Alert>
      )}

      {alarms.length > 0 && (
        <div className={classes.section}>
          <Typography
            variant="subtitle2"
            component="h3"
            id="lambda-ops-generated-alarms"
          >
            Generated alarms
          </Typography>
          <Table
            size="small"
            aria-labelledby="lambda-ops-generated-alarms"
            className={classes.table}
          >
            <TableHead>
              <TableRow>
                <TableCell>Severity</TableCell>
                <TableCell>Alarm</TableCell>
                <TableCell>Fires when</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {alarms.map(alarm => (
                <TableRow key={alarm.logicalId}>
                  <TableCell>
                    <SeverityChip severity={alarm.severity} />
                  </TableCell>
                  <TableCell>
                    <span className={classes.name}>{alarm.name}</span>
                    {alarm.type === 'composite' && (
                      <Typography
                        variant="caption"
                        color="textSecondary"
                        display="block"
                      >
                        Composite alarm
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    {alarm.summary}
                    {!alarm.notifies && (
                      <Typography
                        variant="caption"
                        color="textSecondary"
                        display="block"
                      >
                        Does not notify on its own: part of a composite alarm
                      </Typography>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}

      <div className={classes.actions}>
        {downloadUrl && (
          <Button
            variant="outlined"
            color="primary"
            startIcon={<GetApp />}
            href={downloadUrl}
            download={alarmsFileName(entity)}
            className={classes.download}
          >
            Download {alarmsFileName(entity)}
          </Button>
        )}
      </div>
      <div className={classes.snippet}>
        <CodeSnippet text={yaml} language="yaml" showCopyCodeButton />
      </div>
    </div>
  );
}

/** Props of {@link AlarmsAsCode}. */
export interface AlarmsAsCodeProps {
  entity: Entity;
  /** The functions the backend resolved for the entity. */
  functions: LambdaFunctionRef[];
  /** The pattern the backend resolved for the entity. */
  pattern: SloPattern;
  /** The entity's runbook (`runbook.url`); the alarms link to its triage section. */
  runbookUrl: string | null;
}

/**
 * "Alarms as code": the alarms the entity should have, generated from its
 * annotations as a CloudFormation / SAM snippet to copy or download, with the list
 * of alarms and their severity. Collapsed at first; the template is generated when
 * the section is opened. The toggle is a button inside the heading (the WAI-ARIA
 * disclosure pattern), so the heading stays a heading for screen readers.
 */
export function AlarmsAsCode(props: AlarmsAsCodeProps) {
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  const contentId = 'lambda-ops-alarms-as-code-content';

  return (
    <Paper variant="outlined" component="section" className={classes.panel}>
      <Typography variant="h5" component="h2">
        <ButtonBase
          className={classes.toggle}
          aria-expanded={open}
          aria-controls={contentId}
          onClick={() => setOpen(wasOpen => !wasOpen)}
        >
          <ExpandMore
            aria-hidden
            className={`${classes.toggleIcon} ${open ? classes.open : ''}`}
          />
          Alarms as code
        </ButtonBase>
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Page and Ticket alarms for these functions, each linked to the runbook,
        as a template to deploy.
      </Typography>
      <Collapse in={open} unmountOnExit>
        <div id={contentId} className={classes.details}>
          <GeneratedAlarms {...props} />
        </div>
      </Collapse>
    </Paper>
  );
}
