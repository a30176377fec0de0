import { ReactNode } from 'react';
import { Header, Page } from '@backstage/core-components';

/**
 * The page frame of the legacy frontend system, which, unlike a `PageBlueprint`,
 * draws no header of its own.
 */
export function LegacyPage(props: {
  title: string;
  subtitle: string;
  children: ReactNode;
}) {
  return (
    <Page themeId="tool">
      <Header title={props.title} subtitle={props.subtitle} />
      {props.children}
    </Page>
  );
}
