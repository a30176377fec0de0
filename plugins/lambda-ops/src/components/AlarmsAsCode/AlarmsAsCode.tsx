import { useEffect, useState } from 'react';
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
import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { CodeSnippet, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { AlarmTemplateResponse } from '@lambda-ops/backstage-plugin-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { lambdaOpsApiRef } from '../../api';
import { RetryButton } from '../RetryButton';
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

/** Asks the backend for the entity's template, once the section is opened. */
function useAlarmTemplate(entity: Entity) {
  const api = useApi(lambdaOpsApiRef);
  const { namespace, kind, name } = getCompoundEntityRef(entity);
  return useAsyncRetry(
    () => api.getAlarmTemplate({ namespace, kind, name }),
    [api, namespace, kind, name],
  );
}

function GeneratedAlarms(props: AlarmsAsCodeProps) {
  const request = useAlarmTemplate(props.entity);
  if (request.error) {
    return (
      <Alert severity="error">
        <AlertTitle>Could not generate the alarms</AlertTitle>
        {request.error.message}
        <RetryButton onRetry={request.retry} />
      </Alert>
    );
  }
  if (!request.value) {
    return <Progress />;
  }
  return <TemplateView template={request.value} />;
}

function TemplateView(props: { template: AlarmTemplateResponse }) {
  const { yaml, alarms, warnings, fileName, severityTagKey } = props.template;
  const classes = useStyles();
  const downloadUrl = useBlobUrl(yaml, 'application/yaml');

  return (
    <div>
      <Typography variant="body2" paragraph>
        A CloudFormation / SAM <code>Resources:</code> snippet with the alarms
        this entity should have. Each is tagged <code>{severityTagKey}</code>{' '}
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
            download={fileName}
            className={classes.download}
          >
            Download {fileName}
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
  /** The entity whose alarms the backend generates. */
  entity: Entity;
}

/**
 * "Alarms as code": the alarms the entity should have, as the backend generates
 * them (with the portal's defaults and severity tag key), a CloudFormation / SAM
 * snippet to copy or download, with the list of alarms and their severity.
 * Collapsed at first; the template is asked for when the section is opened. The toggle is a button inside the heading (the WAI-ARIA
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
