// The frame every wizard step shares: heading, which Harbor it acts on, body, and the footer with
// Back and a Next button that says why it is disabled.
import { Badge, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

type Props = {
  title: string;
  /** e.g. "target Harbor · https://harbor.example.com" */
  side?: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  /** Shown while the server works on the step. */
  busy?: string | null;
};

export function StepLayout({ title, side, description, children, footer, busy }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  // A new step is a new page for keyboard and screen-reader users: name it and start reading there.
  useEffect(() => {
    document.title = `${title} · Harbor Replication Wizard`;
    heading.current?.focus({ preventScroll: false });
  }, [title]);
  return (
    <Stack gap="lg" component="section" aria-labelledby="step-title">
      <Stack gap={4}>
        <Group gap="sm">
          <Title order={2} id="step-title" ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
            {title}
          </Title>
          {side && (
            <Badge variant="light" size="lg" tt="none">
              on {side}
            </Badge>
          )}
        </Group>
        {description && (
          <Text c="dimmed" size="sm" maw={760}>
            {description}
          </Text>
        )}
      </Stack>
      {busy && (
        <Group gap="xs" role="status" aria-live="polite">
          <Loader size="sm" />
          <Text size="sm">{busy}</Text>
        </Group>
      )}
      {children}
      {footer}
    </Stack>
  );
}

type NextProps = {
  label?: string;
  /** Why the operator cannot go on yet; null when they can. */
  blockedReason: string | null;
  loading?: boolean;
  onBack?: () => void;
  /** When the button submits a form, leave onClick out. */
  onClick?: () => void;
  /** The id of the form Next submits, when the button sits outside it. */
  formId?: string;
  extra?: ReactNode;
};

export function StepFooter({
  label = 'Next',
  blockedReason,
  loading,
  onBack,
  onClick,
  formId,
  extra,
}: NextProps) {
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        {onBack ? (
          <Button variant="default" onClick={onBack}>
            Back
          </Button>
        ) : (
          <span />
        )}
        <Group>
          {extra}
          <Button
            type={onClick ? 'button' : 'submit'}
            form={onClick ? undefined : formId}
            onClick={onClick}
            disabled={blockedReason !== null}
            loading={loading}
            aria-describedby={blockedReason ? 'next-blocked-reason' : undefined}
          >
            {label}
          </Button>
        </Group>
      </Group>
      {blockedReason && (
        <Text id="next-blocked-reason" size="sm" c="dimmed" ta="right">
          {blockedReason}
        </Text>
      )}
    </Stack>
  );
}
