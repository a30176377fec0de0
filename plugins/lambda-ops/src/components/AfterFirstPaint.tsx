import { ReactNode } from 'react';
import { useCommitted } from '../hooks/useCommitted';

/**
 * Shows `children` once what comes before them is on the page. The tab puts its
 * sections under the alarms in it, so the alarms paint first and the rest follows
 * without holding them back.
 */
export function AfterFirstPaint(props: { children: ReactNode }) {
  return useCommitted({ inTransition: true }) ? <>{props.children}</> : null;
}
